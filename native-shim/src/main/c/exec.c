/* `skiff-shim exec PLAN`: runs a process in a running container, joining its namespaces. */
#include "init.h"
#include "plan.h"
#include "terminal.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static const int forwarded[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT };

/* The namespaces in the order they are joined: mnt last, as joining it changes the root. */
static const struct { const char *name; int flag; } order[] = {
    { "user", CLONE_NEWUSER }, { "cgroup", CLONE_NEWCGROUP }, { "ipc", CLONE_NEWIPC }, { "uts", CLONE_NEWUTS },
    { "net", CLONE_NEWNET }, { "pid", CLONE_NEWPID }, { "mnt", CLONE_NEWNS },
};

/* Waits for the command, passing on signals sent to this process; returns its wait status. */
static int wait_forwarding(pid_t child, sigset_t *set)
{
    int status = 0;
    for (;;) {
        siginfo_t si;
        int sig = sigwaitinfo(set, &si);
        if (sig < 0)
            continue;
        if (sig == SIGCHLD) {
            if (waitpid(child, &status, WNOHANG) == child)
                return status;
            continue;
        }
        if (si.si_code != SI_KERNEL)
            kill(child, sig);
    }
}

/* Window size of the caller's terminal (stdin, else stdout) onto the pty. */
static void copy_winsize(int master)
{
    struct winsize ws;
    if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
        ioctl(master, TIOCSWINSZ, &ws);
}

/* -t: the caller's terminal in raw mode, passed through to the pty until the command has ended
 * and its terminal closed; returns the command's wait status. */
static int relay_terminal(int master, pid_t child, sigset_t *set)
{
    struct termios saved;
    int raw_fd = isatty(STDIN_FILENO) ? STDIN_FILENO : isatty(STDOUT_FILENO) ? STDOUT_FILENO : -1;
    int have_saved = raw_fd >= 0 && tcgetattr(raw_fd, &saved) == 0;
    if (have_saved) {
        struct termios raw = saved;
        if (raw_fd == STDIN_FILENO)
            cfmakeraw(&raw);
        else
            raw.c_oflag &= ~(tcflag_t)OPOST; /* the pty already translated newlines */
        tcsetattr(raw_fd, TCSANOW, &raw);
    }
    copy_winsize(master);
    int sfd = signalfd(-1, set, SFD_CLOEXEC);
    if (sfd < 0)
        die(errno, "signalfd");
    int in = STDIN_FILENO, status = 0, exited = 0;
    char buf[8192];
    while (!exited || master >= 0) {
        struct pollfd fds[3] = {
            { .fd = sfd, .events = POLLIN }, { .fd = master, .events = POLLIN }, { .fd = in, .events = POLLIN },
        };
        if (poll(fds, 3, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (fds[1].revents) {
            ssize_t n = read(master, buf, sizeof buf);
            if (n > 0) {
                write_all(STDOUT_FILENO, buf, (size_t)n);
            } else if (!(n < 0 && errno == EINTR)) {
                close(master); /* EIO: every process of the terminal is gone */
                master = -1;
            }
        }
        if (fds[2].revents) {
            ssize_t n = read(in, buf, sizeof buf);
            if (n > 0 && master >= 0)
                write_all(master, buf, (size_t)n);
            else if (n <= 0 && !(n < 0 && errno == EINTR))
                in = -1;
        }
        if (fds[0].revents & POLLIN) {
            struct signalfd_siginfo si;
            if (read(sfd, &si, sizeof si) != sizeof si)
                continue;
            if (si.ssi_signo == SIGCHLD) {
                if (!exited && waitpid(child, &status, WNOHANG) == child)
                    exited = 1;
            } else if (si.ssi_signo == SIGWINCH) {
                if (master >= 0)
                    copy_winsize(master);
            } else if (!exited) {
                kill(child, (int)si.ssi_signo);
            }
        }
    }
    if (have_saved)
        tcsetattr(raw_fd, TCSANOW, &saved);
    close(sfd);
    return status;
}

int cmd_exec(int argc, char **argv)
{
    if (argc != 1)
        die(0, "usage: skiff-shim exec PLAN");
    struct plan p;
    plan_load(argv[0], &p);
    if (p.join_pid <= 0)
        die(0, "plan %s: no container process to join", argv[0]);
    /*
     * Not dumpable, and so the child forked into the container: until it execs the command,
     * the container's processes cannot open its /proc/PID/exe (this binary on the host) or
     * its fds (CVE-2019-5736). execve makes the command dumpable again.
     */
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
        die(errno, "make skiff-shim exec undumpable");

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

    /* -t: a pty of the container's devpts, its slave the command's terminal */
    int master = -1, slave = -1;
    if (p.terminal) {
        const char *what;
        master = pty_open(p.has_user ? p.uid : 0, &slave, &what);
        if (master < 0)
            die(errno, "%s in the container", what);
    }

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
        if (slave >= 0 && (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0 || dup2(slave, 0) < 0
                           || dup2(slave, 1) < 0 || dup2(slave, 2) < 0))
            _exit(EXIT_SKIFF);
        become_and_exec(&p, errp[1], last_cap);
    }
    close(errp[1]);
    if (slave >= 0)
        close(slave);
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

    int status = master >= 0 ? relay_terminal(master, child, &set) : wait_forwarding(child, &set);
    if (n > 0) {
        const char *space = strchr(msg, ' ');
        int code = atoi(msg);
        fprintf(stderr, "Error: %s\n", space ? space + 1 : msg);
        return code > 0 ? code : EXIT_SKIFF;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
