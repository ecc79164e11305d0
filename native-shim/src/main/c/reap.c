/* `--init`: a tiny PID 1 for the container. It runs from a sealed in-memory copy of skiff-shim,
 * so that /proc/1/exe leads to no host file a process in the container could write
 * (CVE-2019-5736). It forwards signals to the entrypoint, reaps every orphan, and exits with
 * the entrypoint's status when the entrypoint ends. */
#include "reap.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int reaper_image(void)
{
    int self = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (self < 0)
        return -1;
    int mfd = memfd_create("skiff-init", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    struct stat st;
    if (mfd < 0 || fstat(self, &st) < 0) {
        close(self);
        return -1;
    }
    off_t off = 0;
    while (off < st.st_size) {
        ssize_t n = sendfile(mfd, self, &off, (size_t)(st.st_size - off));
        if (n <= 0) {
            close(self);
            close(mfd);
            return -1;
        }
    }
    close(self);
    if (fcntl(mfd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE) < 0) {
        close(mfd);
        return -1;
    }
    return mfd;
}

int cmd_reap(int argc, char **argv)
{
    if (argc != 1)
        die(0, "usage: skiff-shim reap PID");
    pid_t child = (pid_t)atoi(argv[0]);
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, NULL);
    /* the command may have ended before the signals were blocked: look once before waiting */
    int sig = SIGCHLD;
    for (;;) {
        if (sig != SIGCHLD) {
            kill(child, sig);
        } else {
            int status;
            pid_t pid;
            while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
                if (pid == child)
                    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
        }
        siginfo_t si;
        while ((sig = sigwaitinfo(&all, &si)) < 0) {
            /* EINTR: wait again */
        }
    }
}
