/* The per-container supervisor: clones the container init, forwards signals, reaps it
 * and records its exit status. One small process per container. */
#include "init.h"
#include "plan.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const int forwarded[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT };

static void record_exit(const char *path, int code)
{
    if (!path)
        return;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    char buf[128];
    int n = snprintf(buf, sizeof buf, "%d %lld.%09ld\n", code, (long long)ts.tv_sec, ts.tv_nsec);
    if (write_file_atomic(path, buf, (size_t)n) < 0)
        warnx_("record exit status in %s: %s", path, strerror(errno));
}

/* Reads the init's report: nothing (EOF) means execve succeeded. */
static int read_init_report(int fd, char *msg, size_t size)
{
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fd, msg + n, size - 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        n += (size_t)r;
        if (n == size - 1)
            break;
    }
    msg[n] = '\0';
    return (int)n;
}

int cmd_supervise(int argc, char **argv)
{
    if (argc != 1)
        die(0, "usage: skiff-shim supervise PLAN");
    struct plan p;
    plan_load(argv[0], &p);

    sigset_t set, old;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
        sigaddset(&set, forwarded[i]);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set, &old);

    int syncp[2], errp[2];
    if (pipe2(syncp, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0)
        die(errno, "create pipes");

    pid_t child = (pid_t)syscall(SYS_clone, p.clone_flags | SIGCHLD, 0, 0, 0, 0);
    if (child < 0)
        die(errno, "create the container's namespaces (clone)");
    if (child == 0) {
        close(syncp[1]);
        close(errp[0]);
        sigprocmask(SIG_SETMASK, &old, NULL);
        container_init(&p, syncp[0], errp[1]);
    }
    close(syncp[0]);
    close(errp[1]);

    /* the container is placed (cgroup, network) here, before it may go on */
    if (write_all(syncp[1], "g", 1) < 0)
        die(errno, "start the container");
    close(syncp[1]);

    char msg[1100];
    int failed = read_init_report(errp[0], msg, sizeof msg);
    close(errp[0]);

    int status = 0;
    for (;;) {
        siginfo_t si;
        int sig = sigwaitinfo(&set, &si);
        if (sig < 0)
            continue;
        if (sig == SIGCHLD) {
            pid_t w = waitpid(child, &status, WNOHANG);
            if (w == child)
                break;
            continue;
        }
        /* a terminal already signals the whole foreground group: forward only sent ones */
        if (si.si_code != SI_KERNEL)
            kill(child, sig);
    }

    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (failed) {
        char *space = strchr(msg, ' ');
        code = atoi(msg);
        fprintf(stderr, "Error: %s\n", space ? space + 1 : msg);
        if (code <= 0)
            code = EXIT_SKIFF;
    }
    record_exit(p.exitfile, code);
    return code;
}
