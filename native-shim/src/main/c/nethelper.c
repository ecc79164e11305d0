/* The network helper, for the container's network namespace. */
#include "nethelper.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/* ARG with "{netns}" replaced by /proc/self/fd/NSFD (the helper opens the namespace through a
 * descriptor this process holds: it drops the capabilities /proc/PID/ns needs) and "{readyfd}"
 * by READYFD, where the helper says it is ready. */
static char *substitute(const char *arg, int nsfd, int readyfd)
{
    char *out = xstrdup(arg);
    for (;;) {
        char *at = strstr(out, "{netns}");
        char with[40];
        size_t skip;
        if (at) {
            snprintf(with, sizeof with, "/proc/self/fd/%d", nsfd);
            skip = strlen("{netns}");
        } else if ((at = strstr(out, "{readyfd}"))) {
            snprintf(with, sizeof with, "%d", readyfd);
            skip = strlen("{readyfd}");
        } else {
            return out;
        }
        char *next = xrealloc(NULL, strlen(out) + strlen(with) + 1);
        sprintf(next, "%.*s%s%s", (int)(at - out), out, with, at + skip);
        free(out);
        out = next;
    }
}

/* Whether the helper says it is ready by writing to a descriptor (else by writing its pid file). */
static int uses_readyfd(const struct plan *p)
{
    for (int i = 0; i < p->nnethelper; i++)
        if (strstr(p->nethelper[i], "{readyfd}"))
            return 1;
    return 0;
}

/* Sends each of the plan's API requests to the helper's socket, one connection each; 0 when every
 * reply is free of "error", else -1 with WHY set. */
static int api_calls(const struct plan *p, char *why, size_t size)
{
    for (int i = 0; i < p->nnethelper_calls; i++) {
        int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        struct sockaddr_un a = { .sun_family = AF_UNIX };
        snprintf(a.sun_path, sizeof a.sun_path, "%s", p->nethelper_api);
        char reply[512] = "";
        ssize_t n = -1;
        if (s >= 0 && connect(s, (struct sockaddr *)&a, sizeof a) == 0
                && write_all(s, p->nethelper_calls[i], strlen(p->nethelper_calls[i])) == 0) {
            shutdown(s, SHUT_WR);
            n = read_all(s, reply, sizeof reply);
        }
        int e = errno;
        if (s >= 0)
            close(s);
        if (n <= 0 || strstr(reply, "\"error\"")) {
            snprintf(why, size, "%s", n > 0 ? reply : strerror(e));
            return -1;
        }
    }
    return 0;
}

/* The first line of the helper's stderr that is not about syslog (whose socket a host may lack). */
static void first_line(int errfd, char *out, size_t size)
{
    char said[512] = "";
    fcntl(errfd, F_SETFL, O_NONBLOCK);
    ssize_t n = read(errfd, said, sizeof said - 1);
    said[n > 0 ? n : 0] = '\0';
    out[0] = '\0';
    for (char *line = said; line && *line; ) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (*line && !strstr(line, "syslog")) {
            snprintf(out, size, ": %s", line);
            return;
        }
        line = nl ? nl + 1 : NULL;
    }
}

pid_t nethelper_start(const struct plan *p, pid_t child, const sigset_t *mask, char *msg, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/ns/net", (int)child);
    int nsfd = open(path, O_RDONLY); /* inherited by the helper */
    int errp[2], readyp[2] = { -1, -1 };
    int readyfd = uses_readyfd(p);
    if (nsfd < 0 || pipe2(errp, O_CLOEXEC) < 0 || (readyfd && pipe(readyp) < 0)) {
        snprintf(msg, size, "%d open the container's network namespace: %s", EXIT_SKIFF, strerror(errno));
        return -1;
    }
    if (readyp[0] >= 0)
        fcntl(readyp[0], F_SETFD, FD_CLOEXEC);
    if (p->nethelper_pid)
        unlink(p->nethelper_pid);
    if (p->nethelper_api)
        unlink(p->nethelper_api); /* a stale one from a killed supervisor */
    pid_t pid = fork();
    if (pid == 0) {
        /* it ends with its supervisor, killed or not */
        prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
        if (getppid() == 1)
            _exit(1);
        char **argv = xrealloc(NULL, sizeof(char *) * ((size_t)p->nnethelper + 1));
        for (int i = 0; i < p->nnethelper; i++)
            argv[i] = substitute(p->nethelper[i], nsfd, readyp[1]);
        argv[p->nnethelper] = NULL;
        to_devnull(STDIN_FILENO, O_RDONLY);
        to_devnull(STDOUT_FILENO, O_WRONLY);
        dup2(errp[1], STDERR_FILENO);
        /* ignored signals stay ignored across exec: the helper starts with the defaults (pasta
         * refuses to run with SIGPIPE already ignored) */
        for (int sig = 1; sig < NSIG; sig++)
            if (sig != SIGKILL && sig != SIGSTOP)
                signal(sig, SIG_DFL);
        sigprocmask(SIG_SETMASK, mask, NULL);
        execvp(argv[0], argv);
        fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(nsfd);
    close(errp[1]);
    if (readyp[1] >= 0)
        close(readyp[1]);
    if (pid < 0) {
        snprintf(msg, size, "%d start network helper %s: %s", EXIT_SKIFF, p->nethelper[0], strerror(errno));
        return -1;
    }
    /* it runs in the foreground and says it is ready (a byte on its ready descriptor, or its pid
     * file), or ends with an error: whichever comes first, within 30 s */
    int status = 0, ended = 0, ready = 0;
    for (int waited = 0; waited < 30000 && !ready; waited += 5) {
        if (waitpid(pid, &status, WNOHANG) == pid) {
            ended = 1;
            break;
        }
        if (readyfd) {
            struct pollfd pf = { .fd = readyp[0], .events = POLLIN };
            char b;
            ready = poll(&pf, 1, 5) == 1 && read(readyp[0], &b, 1) == 1;
        } else {
            char *text = read_file(p->nethelper_pid, 64, NULL);
            ready = text && atoi(text) > 0;
            free(text);
            if (!ready)
                poll(NULL, 0, 5);
        }
    }
    if (readyp[0] >= 0)
        close(readyp[0]);
    char said[600];
    first_line(errp[0], said, sizeof said);
    close(errp[0]);
    char why[520];
    if (ready && api_calls(p, why, sizeof why) == 0)
        return pid;
    if (!ended) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
    }
    if (ready)
        snprintf(msg, size, "%d network helper %s refused %s", EXIT_SKIFF, p->nethelper[0], why);
    else
        snprintf(msg, size, "%d network helper %s %s%s", EXIT_SKIFF, p->nethelper[0],
                 ended ? "failed" : "did not set the network up within 30 s", said);
    return -1;
}

void nethelper_stop(pid_t helper)
{
    if (helper <= 0)
        return;
    kill(helper, SIGTERM);
    while (waitpid(helper, NULL, 0) < 0 && errno == EINTR)
        ;
}
