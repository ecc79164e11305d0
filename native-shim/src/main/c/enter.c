/* `skiff-shim enter JAVA ARGS...`: puts skiff into its user namespace, mapped from the
 * caller's /etc/subuid and /etc/subgid ranges the same way every time, then execs the JVM. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int cmd_enter(int argc, char **argv)
{
    if (argc < 1)
        die(0, "usage: skiff-shim enter PROGRAM [ARGS...]");
    uid_t uid = getuid();
    gid_t gid = getgid();
    /* uid 0 is real root, or skiff again from inside its namespace (a supervisor's cleanup) */
    if (uid != 0) {
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
        if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
            die(errno, "become root in the user namespace");
        char num[24];
        snprintf(num, sizeof num, "%u", uid);
        setenv("SKIFF_HOST_UID", num, 1);
        snprintf(num, sizeof num, "%u", gid);
        setenv("SKIFF_HOST_GID", num, 1);
    }
    execv(argv[0], argv);
    die(errno, "run %s", argv[0]);
}
