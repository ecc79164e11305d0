/* `skiff-shim exec PLAN`: runs a process in a running container, joining its namespaces. */
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
#include <sys/wait.h>
#include <unistd.h>

static const int forwarded[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT };

/* The namespaces in the order they are joined: mnt last, as joining it changes the root. */
static const struct { const char *name; int flag; } order[] = {
    { "cgroup", CLONE_NEWCGROUP }, { "ipc", CLONE_NEWIPC }, { "uts", CLONE_NEWUTS },
    { "net", CLONE_NEWNET }, { "pid", CLONE_NEWPID }, { "mnt", CLONE_NEWNS },
};

int cmd_exec(int argc, char **argv)
{
    if (argc != 1)
        die(0, "usage: skiff-shim exec PLAN");
    struct plan p;
    plan_load(argv[0], &p);
    if (p.join_pid <= 0)
        die(0, "plan %s: no container process to join", argv[0]);

    /* open every namespace first: once in the container's mount namespace /proc is its own */
    int fds[sizeof order / sizeof order[0]];
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        fds[i] = -1;
        if (!(p.clone_flags & (unsigned long)order[i].flag))
            continue;
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/ns/%s", p.join_pid, order[i].name);
        fds[i] = open(path, O_RDONLY | O_CLOEXEC);
        if (fds[i] < 0)
            die(errno, "open %s (is the container running?)", path);
    }
    int last_cap = cap_last();
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        if (fds[i] >= 0 && setns(fds[i], order[i].flag) < 0)
            die(errno, "join the container's %s namespace", order[i].name);
        if (fds[i] >= 0)
            close(fds[i]);
    }

    sigset_t set, old;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
        sigaddset(&set, forwarded[i]);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set, &old);

    int errp[2];
    if (pipe2(errp, O_CLOEXEC) < 0)
        die(errno, "create pipe");
    /* the pid namespace applies to children only */
    pid_t child = fork();
    if (child < 0)
        die(errno, "fork into the container");
    if (child == 0) {
        close(errp[0]);
        sigprocmask(SIG_SETMASK, &old, NULL);
        become_and_exec(&p, errp[1], last_cap);
    }
    close(errp[1]);
    char msg[1100];
    size_t n = 0;
    for (;;) {
        ssize_t r = read(errp[0], msg + n, sizeof msg - 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0 || (n += (size_t)r) == sizeof msg - 1)
            break;
    }
    msg[n] = '\0';
    close(errp[0]);

    int status = 0;
    for (;;) {
        siginfo_t si;
        int sig = sigwaitinfo(&set, &si);
        if (sig < 0)
            continue;
        if (sig == SIGCHLD) {
            if (waitpid(child, &status, WNOHANG) == child)
                break;
            continue;
        }
        if (si.si_code != SI_KERNEL)
            kill(child, sig);
    }
    if (n > 0) {
        const char *space = strchr(msg, ' ');
        int code = atoi(msg);
        fprintf(stderr, "Error: %s\n", space ? space + 1 : msg);
        return code > 0 ? code : EXIT_SKIFF;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
