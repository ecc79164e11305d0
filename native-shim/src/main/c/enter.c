/* `skiff-shim enter JAVA ARGS...`: puts skiff into its user namespace, mapped from the
 * caller's /etc/subuid and /etc/subgid ranges the same way every time, then runs the JVM
 * (see run_jvm). */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_RANGES 16

struct range {
    unsigned long start, count;
};

/* The user's name from /etc/passwd (static binaries avoid NSS). */
static char *user_name(uid_t uid)
{
    char *pw = read_file("/etc/passwd", 16u << 20, NULL);
    if (!pw)
        return NULL;
    char *save = NULL, *name = NULL;
    for (char *line = strtok_r(pw, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *f1 = strchr(line, ':');
        char *f2 = f1 ? strchr(f1 + 1, ':') : NULL;
        if (f2 && strtoul(f2 + 1, NULL, 10) == uid && f2[1] != ':') {
            *f1 = '\0';
            name = xstrdup(line);
            break;
        }
    }
    free(pw);
    return name;
}

/* Every range for this user in FILE (matched by name or by numeric id), in file order. */
static int read_ranges(const char *file, const char *name, unsigned long id, struct range *out)
{
    char *text = read_file(file, 16u << 20, NULL);
    if (!text)
        return 0;
    int n = 0;
    char idstr[32];
    snprintf(idstr, sizeof idstr, "%lu", id);
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line && n < MAX_RANGES; line = strtok_r(NULL, "\n", &save)) {
        char *c1 = strchr(line, ':');
        char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c2)
            continue;
        *c1 = '\0';
        if (strcmp(line, idstr) != 0 && (!name || strcmp(line, name) != 0))
            continue;
        char *e1, *e2;
        unsigned long start = strtoul(c1 + 1, &e1, 10), count = strtoul(c2 + 1, &e2, 10);
        if (e1 != c2 || count == 0)
            continue;
        int overlaps = 0;
        for (int i = 0; i < n; i++)
            if (start < out[i].start + out[i].count && out[i].start < start + count)
                overlaps = 1;
        if (overlaps)
            continue; /* a repeated line must not map the same ids twice */
        out[n].start = start;
        out[n].count = count;
        n++;
    }
    free(text);
    return n;
}

/* Runs newuidmap/newgidmap for PID: "0 ID 1" then each range from 1 upwards. */
static int run_map_helper(const char *helper, pid_t pid, unsigned long id, const struct range *r, int n)
{
    char *args[4 + 3 * (MAX_RANGES + 1)];
    char bufs[3 * (MAX_RANGES + 1) + 1][24];
    int a = 0, b = 0;
    args[a++] = (char *)helper;
    snprintf(bufs[b], sizeof bufs[b], "%d", pid);
    args[a++] = bufs[b++];
    args[a++] = "0";
    snprintf(bufs[b], sizeof bufs[b], "%lu", id);
    args[a++] = bufs[b++];
    args[a++] = "1";
    unsigned long inside = 1;
    for (int i = 0; i < n; i++) {
        snprintf(bufs[b], sizeof bufs[b], "%lu", inside);
        args[a++] = bufs[b++];
        snprintf(bufs[b], sizeof bufs[b], "%lu", r[i].start);
        args[a++] = bufs[b++];
        snprintf(bufs[b], sizeof bufs[b], "%lu", r[i].count);
        args[a++] = bufs[b++];
        inside += r[i].count;
    }
    args[a] = NULL;
    pid_t c = fork();
    if (c < 0)
        return -1;
    if (c == 0) {
        char fixed[64];
        snprintf(fixed, sizeof fixed, "/usr/bin/%s", helper);
        execv(fixed, args);
        execvp(helper, args);
        fprintf(stderr, "Error: run %s: %s (install the uidmap package)\n", helper, strerror(errno));
        _exit(127);
    }
    int st;
    while (waitpid(c, &st, 0) < 0 && errno == EINTR) {}
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static void write_proc(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write_all(fd, text, strlen(text)) < 0)
        die(errno, "write %s", path);
    close(fd);
}

/* skiff's runtime directory, as the JVM computes it (StorePaths.runDir). */
static void runtime_dir(char *out, size_t size, uid_t uid)
{
    const char *xdg = getenv("XDG_RUNTIME_DIR");
    const char *tmp = getenv("TMPDIR");
    if (xdg && *xdg)
        snprintf(out, size, "%s/skiff", xdg);
    else
        snprintf(out, size, "%s/skiff-run-%u", tmp && *tmp ? tmp : "/tmp", uid);
}

/*
 * Joins the user namespace held by skiff's pause process, if one runs. Every skiff command
 * must share one namespace: a container's namespaces can be joined (exec) and its processes
 * read (/proc/PID/ns) only from the user namespace that owns them.
 */
static int join_pause(const char *pidfile)
{
    char *text = read_file(pidfile, 64, NULL);
    if (!text)
        return -1;
    int pid = atoi(text);
    free(text);
    if (pid <= 0)
        return -1;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
    size_t len;
    char *cmd = read_file(path, 4096, &len);
    /* "skiff-shim\0pause\0": anything else means the pid was reused */
    int ours = cmd && len > 6 && strcmp(cmd + strlen(cmd) + 1, "pause") == 0;
    free(cmd);
    if (!ours)
        return -1;
    snprintf(path, sizeof path, "/proc/%d/ns/user", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = setns(fd, CLONE_NEWUSER);
    close(fd);
    return rc;
}

/* Forks the pause process that keeps the new user namespace alive between commands. */
static void start_pause(const char *pidfile)
{
    pid_t pid = fork();
    if (pid < 0)
        die(errno, "fork the pause process");
    if (pid == 0) {
        setsid();
        if (chdir("/") < 0)
            _exit(1);
        int dn = open("/dev/null", O_RDWR);
        if (dn < 0)
            _exit(1);
        dup2(dn, 0);
        dup2(dn, 1);
        dup2(dn, 2);
        syscall(SYS_close_range, 3, ~0U, 0);
        char *args[] = { "skiff-shim", "pause", (char *)pidfile, NULL };
        execv("/proc/self/exe", args);
        _exit(1);
    }
    char text[32];
    snprintf(text, sizeof text, "%d\n", pid);
    if (write_file_atomic(pidfile, text, strlen(text), 0) < 0)
        die(errno, "write %s", pidfile);
}

/* Whether any process but this one is in our user namespace (those of other namespaces
 * cannot be read from here and do not count). */
static int namespace_in_use(void)
{
    char self[64], link[64], path[64];
    ssize_t n = readlink("/proc/self/ns/user", self, sizeof self - 1);
    if (n <= 0)
        return 1;
    self[n] = '\0';
    DIR *proc = opendir("/proc");
    if (!proc)
        return 1;
    pid_t me = getpid();
    int used = 0;
    struct dirent *e;
    while (!used && (e = readdir(proc)) != NULL) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end != '\0' || pid <= 0 || pid == me)
            continue;
        snprintf(path, sizeof path, "/proc/%ld/ns/user", pid);
        ssize_t m = readlink(path, link, sizeof link - 1);
        if (m > 0) {
            link[m] = '\0';
            used = strcmp(link, self) == 0;
        }
    }
    closedir(proc);
    return used;
}

/*
 * `skiff-shim pause PIDFILE`: holds skiff's user namespace while anything runs in it (a
 * container, a supervisor, a skiff command), then removes PIDFILE and exits, so that nothing
 * of skiff stays behind once its containers are gone. The check and the exit happen under
 * the same lock `enter` takes to join, so a command never joins a namespace that is going.
 */
int cmd_pause(int argc, char **argv)
{
    if (argc != 1)
        die(0, "usage: skiff-shim pause PIDFILE");
    const char *pidfile = argv[0];
    char lockfile[4200];
    snprintf(lockfile, sizeof lockfile, "%.*s/pause.lock", (int)(strrchr(pidfile, '/') - pidfile), pidfile);
    for (;;) {
        sleep(1);
        if (namespace_in_use())
            continue;
        int fd = open(lockfile, O_RDWR | O_CLOEXEC);
        if (fd < 0 || flock(fd, LOCK_EX) < 0) {
            if (fd >= 0)
                close(fd);
            continue;
        }
        if (!namespace_in_use()) {
            char *text = read_file(pidfile, 64, NULL);
            if (text && atoi(text) == getpid())
                unlink(pidfile);
            free(text);
            return 0;
        }
        close(fd);
    }
}

static pid_t jvm_pid = -1;

static void forward_to_jvm(int sig)
{
    if (jvm_pid > 0)
        kill(jvm_pid, sig);
}

/*
 * Runs the JVM as a child, with a pipe (SKIFF_HANDOFF_FD) on which it may finish the command
 * in its place, in a message of NUL-terminated strings and an empty one: a program's arguments,
 * which this process then execs (a detached start's supervisor), or "exit" and a code, with
 * which it exits at once, the JVM's output being out. Either way the caller need not wait for
 * the JVM to wind down. Without a message the JVM's exit status is passed on. Signals sent to
 * this process reach the JVM, which dies with this process.
 */
static int run_jvm(char **argv)
{
    int hp[2];
    if (pipe2(hp, O_CLOEXEC) < 0)
        die(errno, "create pipe");
    pid_t self = getpid();
    jvm_pid = fork();
    if (jvm_pid < 0)
        die(errno, "fork");
    if (jvm_pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != self)
            _exit(EXIT_SKIFF);
        int fd = fcntl(hp[1], F_DUPFD, 3); /* without O_CLOEXEC, unlike the pipe */
        char num[16];
        snprintf(num, sizeof num, "%d", fd);
        if (fd < 0 || setenv("SKIFF_HANDOFF_FD", num, 1) < 0)
            die(errno, "pass the handoff pipe");
        execv(argv[0], argv);
        die(errno, "run %s", argv[0]);
    }
    close(hp[1]);
    static const int forwarded[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2 };
    struct sigaction sa = { .sa_handler = forward_to_jvm, .sa_flags = SA_RESTART };
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
        sigaction(forwarded[i], &sa, NULL);

    size_t size = 4096, len = 0;
    char *msg = xmalloc(size);
    for (;;) {
        if (len == size)
            msg = xrealloc(msg, size *= 2);
        ssize_t n = read(hp[0], msg + len, size - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* the JVM ended without naming a program */
        len += (size_t)n;
        if (len >= 2 && msg[len - 1] == '\0' && msg[len - 2] == '\0') {
            size_t argc = 0;
            for (size_t i = 0; i + 1 < len; i++)
                argc += msg[i] == '\0';
            char **next = xmalloc((argc + 1) * sizeof *next);
            char *arg = msg;
            for (size_t i = 0; i < argc; i++, arg += strlen(arg) + 1)
                next[i] = arg;
            next[argc] = NULL;
            if (argc == 2 && strcmp(next[0], "exit") == 0)
                return atoi(next[1]); /* the JVM, done, goes with this process */
            close(hp[0]);
            execv(next[0], next); /* the handlers are reset; the JVM, done, exits meanwhile */
            die(errno, "run %s", next[0]);
        }
    }
    int st;
    while (waitpid(jvm_pid, &st, 0) < 0)
        if (errno != EINTR)
            die(errno, "wait for the JVM");
    if (WIFSIGNALED(st)) {
        signal(WTERMSIG(st), SIG_DFL);
        kill(getpid(), WTERMSIG(st));
        return 128 + WTERMSIG(st);
    }
    return WEXITSTATUS(st);
}

int cmd_enter(int argc, char **argv)
{
    if (argc < 1)
        die(0, "usage: skiff-shim enter PROGRAM [ARGS...]");
    uid_t uid = getuid();
    gid_t gid = getgid();
    /* uid 0 is real root, or skiff again from inside its namespace (a supervisor's cleanup) */
    int joined = 0;
    char rundir[4096], pidfile[4200], lockfile[4200];
    int lockfd = -1;
    if (uid != 0) {
        runtime_dir(rundir, sizeof rundir, uid);
        snprintf(pidfile, sizeof pidfile, "%s/pause.pid", rundir);
        snprintf(lockfile, sizeof lockfile, "%s/pause.lock", rundir);
        if (mkdir(rundir, 0700) < 0 && errno != EEXIST)
            die(errno, "create runtime directory %s", rundir);
        lockfd = open(lockfile, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (lockfd < 0 || flock(lockfd, LOCK_EX) < 0)
            die(errno, "lock %s", lockfile);
        joined = join_pause(pidfile) == 0;
    }
    if (uid != 0 && !joined) {
        char *name = user_name(uid);
        struct range ur[MAX_RANGES], gr[MAX_RANGES];
        int nu = read_ranges("/etc/subuid", name, uid, ur);
        int ng = read_ranges("/etc/subgid", name, uid, gr);
        int go[2];
        if (pipe2(go, O_CLOEXEC) < 0)
            die(errno, "create pipe");
        pid_t parent = getpid();
        pid_t helper = -1;
        if (nu > 0 && ng > 0) {
            /* the setuid helpers must run in the parent namespace: fork before unshare */
            helper = fork();
            if (helper < 0)
                die(errno, "fork");
            if (helper == 0) {
                close(go[1]);
                char c;
                if (read(go[0], &c, 1) != 1)
                    _exit(1);
                if (run_map_helper("newuidmap", parent, uid, ur, nu) < 0 ||
                    run_map_helper("newgidmap", parent, gid, gr, ng) < 0)
                    _exit(1);
                _exit(0);
            }
        }
        close(go[0]);
        if (unshare(CLONE_NEWUSER) < 0)
            die(errno, "create a user namespace (are unprivileged user namespaces enabled?)");
        if (helper > 0) {
            if (write_all(go[1], "g", 1) < 0)
                die(errno, "signal the id-mapping helper");
            int st;
            while (waitpid(helper, &st, 0) < 0 && errno == EINTR) {}
            if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
                die(0, "map the subordinate ids of %s with newuidmap/newgidmap "
                       "(check /etc/subuid and /etc/subgid)", name ? name : "this user");
        } else {
            warnx_("no subordinate id range for %s in /etc/subuid and /etc/subgid: only uid 0 "
                   "exists in containers, images with other owners will not unpack",
                   name ? name : "this user");
            char map[64];
            write_proc("/proc/self/setgroups", "deny");
            snprintf(map, sizeof map, "0 %u 1\n", uid);
            write_proc("/proc/self/uid_map", map);
            snprintf(map, sizeof map, "0 %u 1\n", gid);
            write_proc("/proc/self/gid_map", map);
        }
        close(go[1]);
        free(name);
        start_pause(pidfile);
    }
    if (lockfd >= 0)
        close(lockfd);
    if (uid != 0) {
        if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
            die(errno, "become root in the user namespace");
        char num[24];
        snprintf(num, sizeof num, "%u", uid);
        setenv("SKIFF_HOST_UID", num, 1);
        snprintf(num, sizeof num, "%u", gid);
        setenv("SKIFF_HOST_GID", num, 1);
    }
    /*
     * A mount namespace of the command's own: what it mounts (a stopped container's overlay for
     * cp) is gone when it exits, even killed. `skiff unshare` shares its namespace with the
     * commands run inside it, so that `skiff mount` there stays mounted for the shell.
     */
    if (!getenv("SKIFF_IN_UNSHARE") && unshare(CLONE_NEWNS) < 0 && uid != 0)
        die(errno, "create a mount namespace");
    return run_jvm(argv);
}
