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
#include <sys/wait.h>
#include <unistd.h>

/* ARG with every "{netns}" replaced by /proc/self/fd/FD: the helper opens the namespace through
 * a descriptor this process holds (it drops the capabilities it would need for /proc/PID/ns). */
static char *substitute(const char *arg, int fd)
{
    const char *at = strstr(arg, "{netns}");
    if (!at)
        return (char *)arg;
    char *out = xrealloc(NULL, strlen(arg) + 32);
    sprintf(out, "%.*s/proc/self/fd/%d%s", (int)(at - arg), arg, fd, at + strlen("{netns}"));
    return out;
}

pid_t nethelper_start(const struct plan *p, pid_t child, const sigset_t *mask, char *msg, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/ns/net", (int)child);
    int nsfd = open(path, O_RDONLY); /* inherited by the helper */
    int errp[2];
    if (nsfd < 0 || pipe2(errp, O_CLOEXEC) < 0) {
        snprintf(msg, size, "%d open the container's network namespace: %s", EXIT_SKIFF, strerror(errno));
        return -1;
    }
    unlink(p->nethelper_pid);
    pid_t pid = fork();
    if (pid == 0) {
        /* it ends with its supervisor, killed or not */
        prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
        if (getppid() == 1)
            _exit(1);
        char **argv = xrealloc(NULL, sizeof(char *) * ((size_t)p->nnethelper + 1));
        for (int i = 0; i < p->nnethelper; i++)
            argv[i] = substitute(p->nethelper[i], nsfd);
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
    if (pid < 0) {
        close(errp[0]);
        snprintf(msg, size, "%d start network helper %s: %s", EXIT_SKIFF, p->nethelper[0], strerror(errno));
        return -1;
    }
    /* it runs in the foreground and writes its pid file once the namespace is set up, or ends
     * with an error: whichever comes first, within 30 s */
    int status = 0, ended = 0;
    for (int waited = 0; waited < 30000; waited += 5) {
        if (waitpid(pid, &status, WNOHANG) == pid) {
            ended = 1;
            break;
        }
        char *text = read_file(p->nethelper_pid, 64, NULL);
        int ready = text && atoi(text) > 0;
        free(text);
        if (ready) {
            close(errp[0]);
            return pid;
        }
        struct pollfd pf = { .fd = errp[0], .events = 0 };
        poll(&pf, 1, 5);
    }
    /* what it said: its first line that is not about syslog, whose socket a host may lack */
    char said[512] = "";
    fcntl(errp[0], F_SETFL, O_NONBLOCK);
    ssize_t n = read(errp[0], said, sizeof said - 1);
    close(errp[0]);
    said[n > 0 ? n : 0] = '\0';
    char *line = said, *first = NULL;
    while (line && *line) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (!strstr(line, "syslog") && *line && !first)
            first = line;
        line = nl ? nl + 1 : NULL;
    }
    if (!ended) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
    }
    snprintf(msg, size, "%d network helper %s %s%s%s", EXIT_SKIFF, p->nethelper[0],
             ended ? "failed" : "did not set the network up within 30 s", first ? ": " : "", first ? first : "");
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
