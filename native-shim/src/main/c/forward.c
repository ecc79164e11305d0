/* The port forwarder: TCP ports published on a host loopback address, relayed to the same
 * port's loopback in the container's network namespace. */
#include "forward.h"
#include "util.h"

#include <arpa/inet.h>
#include <linux/capability.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <linux/close_range.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define BUF_SIZE (1 << 20) /* per direction of a connection, while it is open */

/* ADDR PORT as a socket address of the right family; 0, or -1 when ADDR is no numeric address. */
static int sockaddr_of(const char *addr, int port, struct sockaddr_storage *sa, socklen_t *len)
{
    memset(sa, 0, sizeof *sa);
    struct sockaddr_in *in = (struct sockaddr_in *)sa;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)sa;
    if (inet_pton(AF_INET, addr, &in->sin_addr) == 1) {
        in->sin_family = AF_INET;
        in->sin_port = htons((uint16_t)port);
        *len = sizeof *in;
        return 0;
    }
    if (inet_pton(AF_INET6, addr, &in6->sin6_addr) == 1) {
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port);
        *len = sizeof *in6;
        return 0;
    }
    errno = EINVAL;
    return -1;
}

pid_t forward_start(const struct plan *p, pid_t child, char *msg, size_t size)
{
    char **argv = xmalloc(sizeof(char *) * ((size_t)p->nforward + 6));
    int *fds = xmalloc(sizeof(int) * (size_t)p->nforward);
    int argc = 0, nfds = 0;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/ns/net", (int)child);
    int nsfd = open(path, O_RDONLY); /* inherited by the forwarder */
    if (nsfd < 0) {
        snprintf(msg, size, "%d open the container's network namespace: %s", EXIT_SKIFF, strerror(errno));
        free(argv);
        free(fds);
        return -1;
    }
    int readyp[2] = { -1, -1 };
    pid_t pid = -1;
    if (pipe2(readyp, O_CLOEXEC) < 0) {
        snprintf(msg, size, "%d start the port forwarder: %s", EXIT_SKIFF, strerror(errno));
        goto out;
    }
    char nsarg[16], readyarg[16];
    snprintf(nsarg, sizeof nsarg, "%d", nsfd);
    snprintf(readyarg, sizeof readyarg, "%d", readyp[1]);
    argv[argc++] = "skiff-shim";
    argv[argc++] = "forward";
    argv[argc++] = nsarg;
    argv[argc++] = readyarg;
    for (int i = 0; i < p->nforward; i++) {
        const struct plan_forward *f = &p->forward[i];
        struct sockaddr_storage sa;
        socklen_t len;
        int one = 1;
        int s = sockaddr_of(f->host_addr, f->host_port, &sa, &len) < 0 ? -1
                : socket(sa.ss_family, SOCK_STREAM, 0); /* not close-on-exec: the forwarder's */
        if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0
                || bind(s, (struct sockaddr *)&sa, len) < 0 || listen(s, 128) < 0) {
            snprintf(msg, size, "%d publish port %s:%d: %s", EXIT_SKIFF, f->host_addr, f->host_port,
                     strerror(errno));
            if (s >= 0)
                close(s);
            goto out;
        }
        fds[nfds++] = s;
        char spec[32];
        snprintf(spec, sizeof spec, "%d:%d", s, f->container_port);
        argv[argc++] = xstrdup(spec);
    }
    argv[argc] = NULL;
    pid = fork();
    if (pid == 0) {
        /* it ends with its supervisor, killed or not */
        prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
        if (getppid() == 1)
            _exit(1);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        /* it holds nothing of the supervisor's but the namespace and the listeners: no stdio of
         * the caller (whose reader would wait for it), no pipe of the container's */
        to_devnull(STDIN_FILENO, O_RDONLY);
        to_devnull(STDOUT_FILENO, O_WRONLY);
        to_devnull(STDERR_FILENO, O_WRONLY);
        close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
        fcntl(nsfd, F_SETFD, 0);
        fcntl(readyp[1], F_SETFD, 0);
        for (int i = 0; i < nfds; i++)
            fcntl(fds[i], F_SETFD, 0);
        execv("/proc/self/exe", argv);
        _exit(EXIT_CANNOT_EXEC);
    }
    if (pid < 0) {
        snprintf(msg, size, "%d start the port forwarder: %s", EXIT_SKIFF, strerror(errno));
    } else {
        /* a byte once it is in the container's namespace and listening; nothing if it failed */
        char b;
        close(readyp[1]);
        readyp[1] = -1;
        struct pollfd pf = { .fd = readyp[0], .events = POLLIN };
        if (poll(&pf, 1, 10000) != 1 || read(readyp[0], &b, 1) != 1) {
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            pid = -1;
            snprintf(msg, size, "%d the port forwarder did not start", EXIT_SKIFF);
        }
    }
out:
    for (int i = 0; i < 2; i++)
        if (readyp[i] >= 0)
            close(readyp[i]);
    close(nsfd);
    for (int i = 0; i < nfds; i++)
        close(fds[i]);
    for (int i = 4; i < argc; i++)
        free(argv[i]);
    free(argv);
    free(fds);
    return pid;
}

enum kind { LISTENER, END };

/* One relayed connection; each side is registered with epoll through its own end. */
struct conn;
struct end {
    enum kind kind;
    struct conn *conn;
    int side; /* 0: the host's client, 1: the container's server */
};
struct conn {
    struct conn *next_dead; /* closed in this round of events, freed after it */
    int dead;
    int fd[2];
    struct end end[2];
    char *buf[2];           /* data read from side i, waiting to go to the other */
    size_t off[2], len[2];
    int eof[2];             /* side i sent its last byte */
    uint32_t watched[2];    /* the events side i is registered for; 0: not in the epoll set */
    int connecting;         /* the container's side is not connected yet */
};
struct listener {
    enum kind kind;
    int fd;
    int port;               /* in the container */
    int family;
};

static int epfd;
static struct conn *dead;

/* Closes C's sockets; C itself is freed once this round's events, which may name it, are handled. */
static void conn_close(struct conn *c)
{
    for (int i = 0; i < 2; i++)
        close(c->fd[i]); /* leaves the epoll set with it */
    c->dead = 1;
    c->next_dead = dead;
    dead = c;
}

static void free_dead(void)
{
    while (dead) {
        struct conn *c = dead;
        dead = c->next_dead;
        free(c->buf[0]);
        free(c->buf[1]);
        free(c);
    }
}

/* Registers both ends for what they wait for now, and takes an end that waits for nothing out
 * of the epoll set (else its hang-up, reported whatever it asks for, would wake this loop again
 * and again); -1 when the connection is done. */
static int conn_watch(struct conn *c)
{
    int done = 1;
    for (int i = 0; i < 2; i++)
        done &= c->eof[i] && c->len[i] == 0;
    if (done)
        return -1;
    for (int i = 0; i < 2; i++) {
        uint32_t ev = 0;
        if (c->connecting) {
            ev = i == 1 ? EPOLLOUT : 0;
        } else {
            if (!c->eof[i] && c->len[i] == 0)
                ev |= EPOLLIN;  /* room to read from side i */
            if (c->len[1 - i] > 0)
                ev |= EPOLLOUT; /* data for side i */
        }
        if (ev == c->watched[i])
            continue;
        struct epoll_event e = { .events = ev, .data.ptr = &c->end[i] };
        int op = ev == 0 ? EPOLL_CTL_DEL : c->watched[i] == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
        if (epoll_ctl(epfd, op, c->fd[i], &e) < 0)
            return -1;
        c->watched[i] = ev;
    }
    return 0;
}

/* Moves what can move from side FROM to the other side; -1 on an error of either. */
static int pump(struct conn *c, int from)
{
    int to = 1 - from;
    if (c->len[from] == 0 && !c->eof[from]) {
        ssize_t n = read(c->fd[from], c->buf[from], BUF_SIZE);
        if (n == 0) {
            c->eof[from] = 1;
            shutdown(c->fd[to], SHUT_WR);
        } else if (n < 0) {
            return errno == EAGAIN ? 0 : -1;
        } else {
            c->off[from] = 0;
            c->len[from] = (size_t)n;
        }
    }
    while (c->len[from] > 0) {
        ssize_t n = send(c->fd[to], c->buf[from] + c->off[from], c->len[from], MSG_NOSIGNAL);
        if (n < 0)
            return errno == EAGAIN ? 0 : -1;
        c->off[from] += (size_t)n;
        c->len[from] -= (size_t)n;
    }
    if (c->eof[from] && c->len[from] == 0)
        shutdown(c->fd[to], SHUT_WR);
    return 0;
}

static void accept_one(struct listener *l)
{
    int client = accept4(l->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (client < 0)
        return;
    int server = socket(l->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    struct sockaddr_storage sa;
    socklen_t len;
    sockaddr_of(l->family == AF_INET ? "127.0.0.1" : "::1", l->port, &sa, &len);
    if (server < 0 || (connect(server, (struct sockaddr *)&sa, len) < 0 && errno != EINPROGRESS)) {
        close(client); /* nobody listens in the container: the client sees the connection end */
        if (server >= 0)
            close(server);
        return;
    }
    struct conn *c = xmalloc(sizeof *c);
    memset(c, 0, sizeof *c);
    c->fd[0] = client;
    c->fd[1] = server;
    c->connecting = 1;
    for (int i = 0; i < 2; i++) {
        c->end[i] = (struct end){ .kind = END, .conn = c, .side = i };
        c->buf[i] = xmalloc(BUF_SIZE);
    }
    if (conn_watch(c) < 0)
        conn_close(c);
}

static void on_event(struct end *end, uint32_t events)
{
    struct conn *c = end->conn;
    if (c->dead)
        return;
    if (c->connecting) {
        int err = 0;
        socklen_t len = sizeof err;
        if (getsockopt(c->fd[1], SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err != 0) {
            conn_close(c);
            return;
        }
        c->connecting = 0;
    } else if (((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) && pump(c, end->side) < 0)
            || ((events & EPOLLOUT) && pump(c, 1 - end->side) < 0)) {
        conn_close(c);
        return;
    }
    if (conn_watch(c) < 0)
        conn_close(c);
}

int cmd_forward(int argc, char **argv)
{
    if (argc < 3)
        die(0, "usage: skiff-shim forward NSFD READYFD LISTENFD:PORT...");
    signal(SIGPIPE, SIG_IGN);
    /* it lives in the container's network namespace: the sockets it makes are there, the
     * listeners it was given stay in the host's, and so do the connections they accept */
    int nsfd = atoi(argv[0]);
    if (setns(nsfd, CLONE_NEWNET) < 0)
        die(errno, "forward: enter the container's network namespace");
    close(nsfd);
    /* what it reads comes from the container: it keeps no capability to misuse */
    struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct none[2];
    memset(none, 0, sizeof none);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || syscall(SYS_capset, &hdr, none) < 0)
        die(errno, "forward: drop capabilities");
    epfd = epoll_create1(EPOLL_CLOEXEC);
    if (epfd < 0)
        die(errno, "forward: epoll");
    for (int i = 2; i < argc; i++) {
        struct listener *l = xmalloc(sizeof *l);
        l->kind = LISTENER;
        struct sockaddr_storage sa;
        socklen_t len = sizeof sa;
        if (sscanf(argv[i], "%d:%d", &l->fd, &l->port) != 2 || getsockname(l->fd, (struct sockaddr *)&sa, &len) < 0)
            die(0, "forward: bad listener %s", argv[i]);
        l->family = sa.ss_family;
        fcntl(l->fd, F_SETFD, FD_CLOEXEC);
        fcntl(l->fd, F_SETFL, O_NONBLOCK);
        struct epoll_event e = { .events = EPOLLIN, .data.ptr = l };
        if (epoll_ctl(epfd, EPOLL_CTL_ADD, l->fd, &e) < 0)
            die(errno, "forward: watch %s", argv[i]);
    }
    int readyfd = atoi(argv[1]);
    if (write_all(readyfd, "r", 1) < 0)
        die(errno, "forward: say it is ready");
    close(readyfd);
    for (;;) {
        struct epoll_event ev[64];
        int n = epoll_wait(epfd, ev, 64, -1);
        if (n < 0 && errno != EINTR)
            die(errno, "forward: epoll_wait");
        for (int i = 0; i < n; i++) {
            enum kind *kind = ev[i].data.ptr;
            if (*kind == LISTENER)
                accept_one((struct listener *)kind);
            else
                on_event((struct end *)kind, ev[i].events);
        }
        free_dead();
    }
}
