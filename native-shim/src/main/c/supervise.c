/* The per-container supervisor: clones the container init, forwards signals, writes its
 * output to the log, reaps it, records its exit status and runs skiff's cleanup. One small
 * process per container; with --detach it leaves its caller's session and outlives it. */
#include "init.h"
#include "logging.h"
#include "plan.h"
#include "terminal.h"
#include "forward.h"
#include "nethelper.h"
#include "util.h"
#include "cgroup.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const int forwarded[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT };

/* Writes TEXT to PATH atomically; DURABLE for what must outlive a crash (the exit status). */
static void record(const char *path, const char *text, int durable)
{
    if (path && write_file_atomic(path, text, strlen(text), durable) < 0)
        warnx_("write %s: %s", path, strerror(errno));
}

static void record_exit(const char *path, int code)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    char buf[128];
    snprintf(buf, sizeof buf, "%d %lld.%09ld\n", code, (long long)ts.tv_sec, ts.tv_nsec);
    record(path, buf, 1);
}


/* "CODE message" → prints "Error: message", returns CODE (125 when unreadable). */
static int report_failure(const char *msg)
{
    const char *space = strchr(msg, ' ');
    int code = atoi(msg);
    fprintf(stderr, "Error: %s\n", space ? space + 1 : msg);
    return code > 0 ? code : EXIT_SKIFF;
}

/*
 * The caller's side of a detached start: waits for the supervisor's word on the start, and
 * prints ANNOUNCE (when given: the id that `run -d` prints) once the container runs.
 */
static int await_detached_start(int readyfd, const char *announce)
{
    char msg[1100];
    int n = read_all(readyfd, msg, sizeof msg);
    if (n == 0)
        return EXIT_SKIFF; /* the supervisor died before it could say */
    if (strcmp(msg, "0") != 0)
        return report_failure(msg);
    if (announce && (printf("%s\n", announce) < 0 || fflush(stdout) != 0))
        return EXIT_SKIFF;
    return 0;
}

static void tap_to_clients(const char *data, size_t len, void *arg)
{
    attach_broadcast(arg, 'o', data, len);
}

static void unlink_attach(const char *path)
{
    /* as attach_listen bound it: through the directory, whatever the path's length */
    char copy[PATH_MAX];
    snprintf(copy, sizeof copy, "%s", path);
    char *base = strrchr(copy, '/');
    if (!base)
        return;
    *base++ = '\0';
    int dirfd = open(copy[0] ? copy : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dirfd >= 0) {
        unlinkat(dirfd, base, 0);
        close(dirfd);
    }
}

/* A user namespace's map, written by the supervisor: root in skiff's namespace may map any of its ids. */
static void write_map(pid_t child, const char *file, const char *map)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", (int)child, file);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write_all(fd, map, strlen(map)) < 0) {
        kill(child, SIGKILL);
        die(errno, "write the container's %s", file);
    }
    close(fd);
}

/* "net=PATH", "ipc=PATH" or "uts=PATH": joins that namespace of another container's process. */
static void join_namespace(const char *spec)
{
    static const struct { const char *name; int flag; } kinds[] = {
        { "net", CLONE_NEWNET }, { "ipc", CLONE_NEWIPC }, { "uts", CLONE_NEWUTS },
    };
    const char *eq = strchr(spec, '=');
    for (size_t k = 0; eq && k < sizeof kinds / sizeof kinds[0]; k++) {
        if (strncmp(spec, kinds[k].name, (size_t)(eq - spec)) != 0 || strlen(kinds[k].name) != (size_t)(eq - spec))
            continue;
        int fd = open(eq + 1, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || setns(fd, kinds[k].flag) < 0)
            die(errno, "join the %s namespace %s (is that container still running?)", kinds[k].name, eq + 1);
        close(fd);
        return;
    }
    die(0, "--join %s: give net, ipc or uts=PATH", spec);
}

int cmd_supervise(int argc, char **argv)
{
    int detach = 0, wait_attach = 0, i = 0;
    const char *announce = NULL;
    const char *joins[3]; /* --join NS=PATH: net, ipc or uts of another container */
    int njoins = 0;
    for (; i < argc - 1; i++) {
        if (strcmp(argv[i], "--detach") == 0)
            detach = 1;
        else if (strcmp(argv[i], "--wait-attach") == 0)
            wait_attach = 1;
        else if (strcmp(argv[i], "--announce") == 0 && i + 2 < argc)
            announce = argv[++i];
        else if (strcmp(argv[i], "--join") == 0 && i + 2 < argc && njoins < 3)
            joins[njoins++] = argv[++i];
        else
            break;
    }
    if (i != argc - 1 || ((wait_attach || announce) && !detach))
        die(0, "usage: skiff-shim supervise [--join net|ipc|uts=PATH]... [--detach [--wait-attach] [--announce TEXT]] PLAN");
    struct plan p;
    plan_load(argv[i], &p);
    if (p.terminal && !detach)
        die(0, "plan %s: a terminal is served detached only", argv[i]);
    if (wait_attach && !p.attach)
        die(0, "plan %s: --wait-attach needs an attach socket", argv[i]);
    if (!detach)
        p.cleanup = NULL; /* in the foreground the caller cleans up itself */
    /* first, while this is the scope's one process: the leaves, the supervisor in its own */
    cgroup_setup(&p);
    /* in the foreground the output reaches the caller as well as the log */
    int tee = !detach && p.logfile;

    int readyfd = -1;
    if (detach) {
        int rp[2];
        if (pipe2(rp, O_CLOEXEC) < 0)
            die(errno, "create pipe");
        pid_t pid = fork();
        if (pid < 0)
            die(errno, "fork the supervisor");
        if (pid > 0) {
            close(rp[1]);
            return await_detached_start(rp[0], announce);
        }
        close(rp[0]);
        readyfd = rp[1];
        setsid();
        if (chdir("/") < 0) /* hold no directory of the caller's busy */
            die(errno, "chdir /");
        /* the caller waits for our stdio to close: keep none of it */
        to_devnull(STDIN_FILENO, O_RDONLY);
        if (!p.logfile && !p.logdirect && !p.lognone)
            die(0, "plan %s: a detached container needs logfile, logdirect or lognone", argv[i]);
    }

    struct log_file log = { .fd = -1, .max = p.logmax };
    struct log_stream streams[2] = {
        { .fd = -1, .name = "stdout", .echo = tee ? STDOUT_FILENO : -1 },
        { .fd = -1, .name = "stderr", .echo = tee ? STDERR_FILENO : -1 },
    };
    int outp[2] = { -1, -1 }, errlp[2] = { -1, -1 };
    int consolep[2] = { -1, -1 };
    struct attach_server attach = { .listenfd = -1 };
    for (int c = 0; c < ATTACH_MAX_CLIENTS; c++)
        attach.clients[c].fd = -1; /* not fd 0: that is the caller's stdin */
    int master = -1;
    if (p.terminal) {
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, consolep) < 0)
            die(errno, "create the console socket");
        p.consolefd = consolep[1];
    }
    if (p.attach && attach_listen(&attach, p.attach) < 0)
        die(errno, "listen on %s", p.attach);
    if (p.logfile) {
        log.fd = open(p.logfile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (log.fd < 0)
            die(errno, "open log %s", p.logfile);
        struct stat st;
        if (fstat(log.fd, &st) == 0)
            log.size = (unsigned long long)st.st_size;
    }
    if (p.logfile && !p.terminal) {
        /* with a terminal the output comes from its master instead */
        if (pipe2(outp, O_CLOEXEC) < 0 || pipe2(errlp, O_CLOEXEC) < 0)
            die(errno, "create log pipes");
        streams[0].fd = outp[0];
        streams[1].fd = errlp[0];
    }

    sigset_t set, old;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
        sigaddset(&set, forwarded[i]);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set, &old);
    int sfd = signalfd(-1, &set, SFD_CLOEXEC);
    if (sfd < 0)
        die(errno, "signalfd");

    if (p.shimpidfile) {
        /* so that skiff can tell a container whose supervisor was killed from one still looked after */
        char self[32];
        snprintf(self, sizeof self, "%d\n", (int)getpid());
        record(p.shimpidfile, self, 0);
    }

    /* --network container:ID and pods: the container is cloned into that one's namespaces */
    for (int j = 0; j < njoins; j++)
        join_namespace(joins[j]);

    int syncp[2], errp[2];
    if (pipe2(syncp, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0)
        die(errno, "create pipes");

    pid_t child = (pid_t)syscall(SYS_clone, p.clone_flags | SIGCHLD, 0, 0, 0, 0);
    if (child < 0)
        die(errno, "create the container's namespaces (clone)");
    if (child == 0) {
        /* until the command is exec'd, /proc/1/exe is this binary on the host: keep it out of reach */
        prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
        close(syncp[1]);
        close(errp[0]);
        if (outp[1] >= 0 && (dup2(outp[1], STDOUT_FILENO) < 0 || dup2(errlp[1], STDERR_FILENO) < 0))
            _exit(EXIT_SKIFF);
        if (!p.logfile && p.lognone && detach) {
            to_devnull(STDOUT_FILENO, O_WRONLY);
            to_devnull(STDERR_FILENO, O_WRONLY);
        }
        sigprocmask(SIG_SETMASK, &old, NULL);
        container_init(&p, syncp[0], errp[1]);
    }
    close(syncp[0]);
    close(errp[1]);
    if (p.terminal)
        close(consolep[1]);
    if (tee)
        signal(SIGPIPE, SIG_IGN); /* a caller gone away ends the echo, not the supervisor */
    if (outp[1] >= 0) {
        close(outp[1]);
        close(errlp[1]);
    }
    if (p.pidfile) {
        char pidtext[32];
        snprintf(pidtext, sizeof pidtext, "%d\n", child);
        record(p.pidfile, pidtext, 0);
    }

    unsigned char go[5] = { 'g', 0, 0, 0, 0 }; /* then, for a terminal, its rows and columns */
    if (wait_attach) {
        /* `run -it`: the container starts once its terminal has somebody to show its first words to,
         * at the size of that somebody's window (the client's first frame) */
        struct pollfd pf = { .fd = attach.listenfd, .events = POLLIN };
        if (poll(&pf, 1, 60000) == 1) {
            attach_accept(&attach);
            attach_first_size(&attach, go + 1);
        }
    }

    /* the container is placed (user namespace, cgroup, network) here, before it may go on */
    if (p.clone_flags & CLONE_NEWUSER) {
        write_map(child, "gid_map", p.gid_map);
        write_map(child, "uid_map", p.uid_map);
    }
    cgroup_enter(&p, child);
    char msg[1100];
    int failed = 0;
    pid_t helper = -1, forwarder = -1;
    if (p.nnethelper > 0) {
        helper = nethelper_start(&p, child, &old, msg, sizeof msg);
        failed = helper < 0 ? (int)strlen(msg) : 0;
    }
    if (!failed && p.nforward > 0) {
        forwarder = forward_start(&p, child, msg, sizeof msg);
        failed = forwarder < 0 ? (int)strlen(msg) : 0;
    }
    /* without its "g" the container ends before it began: nothing of it ran */
    if (!failed && write_all(syncp[1], go, p.terminal ? 5 : 1) < 0)
        die(errno, "start the container");
    close(syncp[1]);

    if (!failed)
        failed = read_all(errp[0], msg, sizeof msg);
    close(errp[0]);
    if (p.terminal) {
        master = failed ? -1 : terminal_receive(consolep[0]);
        close(consolep[0]);
        if (master >= 0) {
            streams[0].fd = master; /* the terminal's output: logged as stdout, shown to attached clients */
            streams[0].tap = tap_to_clients;
            streams[0].tap_arg = &attach;
        }
    }
    if (detach) {
        write_all(readyfd, failed ? msg : "0", failed ? strlen(msg) : 1);
        close(readyfd);
        to_devnull(STDOUT_FILENO, O_WRONLY);
        to_devnull(STDERR_FILENO, O_WRONLY);
    }

    int status = 0, exited = 0;
    while (!exited || streams[0].fd >= 0 || streams[1].fd >= 0) {
        struct pollfd fds[4 + ATTACH_MAX_CLIENTS] = {
            { .fd = sfd, .events = POLLIN },
            { .fd = streams[0].fd, .events = POLLIN },
            { .fd = streams[1].fd, .events = POLLIN },
            { .fd = attach.listenfd, .events = POLLIN },
        };
        for (int c = 0; c < ATTACH_MAX_CLIENTS; c++)
            fds[4 + c] = (struct pollfd){ .fd = attach.clients[c].fd, .events = POLLIN };
        if (poll(fds, 4 + ATTACH_MAX_CLIENTS, -1) < 0) {
            if (errno == EINTR)
                continue;
            die(errno, "poll");
        }
        for (int s = 0; s < 2; s++)
            if (fds[s + 1].revents)
                log_pump(&log, &streams[s]);
        if (fds[3].revents & POLLIN)
            attach_accept(&attach);
        for (int c = 0; c < ATTACH_MAX_CLIENTS; c++)
            if (fds[4 + c].revents && attach.clients[c].fd >= 0)
                attach_read(&attach, c, streams[0].fd == master ? master : -1);
        if (fds[0].revents & POLLIN) {
            struct signalfd_siginfo si;
            if (read(sfd, &si, sizeof si) != sizeof si)
                continue;
            if (si.ssi_signo == SIGCHLD) {
                /* the container, and the network helper should it end first */
                int st;
                pid_t pid;
                while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
                    if (pid == child && !exited) {
                        status = st;
                        exited = 1;
                    } else if (pid == helper) {
                        helper = -1;
                    } else if (pid == forwarder) {
                        forwarder = -1;
                    }
                }
            } else if (!exited && si.ssi_code != SI_KERNEL) {
                /* a terminal already signals the whole foreground group: forward only sent ones */
                kill(child, (int)si.ssi_signo);
            }
        }
    }

    /* the helpers live exactly as long as the container */
    nethelper_stop(forwarder);
    nethelper_stop(helper);
    if (p.nethelper_api)
        unlink(p.nethelper_api);
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (failed)
        code = detach ? (atoi(msg) > 0 ? atoi(msg) : EXIT_SKIFF) : report_failure(msg);
    /* before the exit: whoever sees it (wait, inspect) sees the OOM kill too */
    if (p.oomfile && cgroup_oom_killed(&p))
        record(p.oomfile, "1\n", 1);
    if (p.exitfile)
        record_exit(p.exitfile, code);
    if (attach.listenfd >= 0) {
        char text[16];
        int n = snprintf(text, sizeof text, "%d", code);
        attach_broadcast(&attach, 'x', text, (size_t)n);
        close(attach.listenfd);
        for (int c = 0; c < ATTACH_MAX_CLIENTS; c++)
            if (attach.clients[c].fd >= 0)
                close(attach.clients[c].fd);
        unlink_attach(p.attach);
    }
    if (p.cleanup) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        execv(p.cleanup[0], p.cleanup);
        warnx_("run cleanup %s: %s", p.cleanup[0], strerror(errno));
    }
    return code;
}
