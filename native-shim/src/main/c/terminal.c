/* The container's pty and the attach socket. See terminal.h. */
#include "terminal.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

int pty_open(uid_t owner, int *slave, const char **what)
{
    *what = "open /dev/ptmx";
    int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0)
        return -1;
    char name[64];
    *what = "unlock the pty";
    if (unlockpt(master) < 0 || ptsname_r(master, name, sizeof name) != 0)
        return -1;
    *what = "open the pty";
    *slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (*slave < 0)
        return -1;
    *what = "give the pty to the container's user";
    if (fchown(*slave, owner, (gid_t)-1) < 0)
        return -1;
    return master;
}

int terminal_setup(int consolefd, uid_t owner, const unsigned char *rows_cols, const char **what)
{
    int slave;
    int master = pty_open(owner, &slave, what);
    if (master < 0)
        return -1;
    struct winsize ws = { .ws_row = (unsigned short)((rows_cols[0] << 8) | rows_cols[1]),
                          .ws_col = (unsigned short)((rows_cols[2] << 8) | rows_cols[3]) };
    *what = "set the pty's window size";
    if (ws.ws_row && ws.ws_col && ioctl(master, TIOCSWINSZ, &ws) < 0)
        return -1;
    *what = "send the pty to the supervisor";
    char dummy = 't';
    struct iovec iov = { .iov_base = &dummy, .iov_len = 1 };
    union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
    memset(&u, 0, sizeof u);
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf };
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &master, sizeof(int));
    if (sendmsg(consolefd, &msg, 0) < 0)
        return -1;
    close(master);
    close(consolefd);
    *what = "make the pty the controlling terminal";
    if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
        return -1;
    for (int fd = 0; fd < 3; fd++)
        if (dup2(slave, fd) < 0)
            return -1;
    close(slave);
    return 0;
}

int terminal_receive(int consolefd)
{
    char dummy;
    struct iovec iov = { .iov_base = &dummy, .iov_len = 1 };
    union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf };
    ssize_t r;
    do {
        r = recvmsg(consolefd, &msg, MSG_CMSG_CLOEXEC);
    } while (r < 0 && errno == EINTR);
    if (r <= 0)
        return -1;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    if (!c || c->cmsg_type != SCM_RIGHTS)
        return -1;
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof(int));
    return fd;
}

int attach_listen(struct attach_server *s, const char *path)
{
    char copy[PATH_MAX];
    snprintf(copy, sizeof copy, "%s", path);
    char *base = strrchr(copy, '/');
    if (!base)
        return -1;
    *base++ = '\0';
    /* sun_path holds 108 bytes: bind through the directory's fd, whatever its length */
    int dirfd = open(copy[0] ? copy : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0)
        return -1;
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    snprintf(addr.sun_path, sizeof addr.sun_path, "/proc/self/fd/%d/%s", dirfd, base);
    unlink(addr.sun_path);
    s->listenfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    int ok = s->listenfd >= 0 && bind(s->listenfd, (struct sockaddr *)&addr, sizeof addr) == 0
             && listen(s->listenfd, ATTACH_MAX_CLIENTS) == 0;
    close(dirfd);
    if (!ok) {
        if (s->listenfd >= 0)
            close(s->listenfd);
        s->listenfd = -1;
        return -1;
    }
    return 0;
}

void attach_first_size(struct attach_server *s, unsigned char *rows_cols)
{
    struct attach_client *c = &s->clients[0];
    if (c->fd < 0)
        return;
    while (c->len < 7) {
        struct pollfd pf = { .fd = c->fd, .events = POLLIN };
        if (poll(&pf, 1, 5000) != 1)
            return;
        ssize_t r = read(c->fd, c->buf + c->len, sizeof c->buf - c->len);
        if (r <= 0)
            return;
        c->len += (size_t)r;
    }
    if (c->buf[0] != 'w' || c->buf[1] != 0 || c->buf[2] != 4)
        return; /* not a window size: left for the main loop */
    memcpy(rows_cols, c->buf + 3, 4);
    memmove(c->buf, c->buf + 7, c->len - 7);
    c->len -= 7;
}

void attach_accept(struct attach_server *s)
{
    int fd = accept4(s->listenfd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0)
        return;
    for (int i = 0; i < ATTACH_MAX_CLIENTS; i++) {
        if (s->clients[i].fd < 0) {
            s->clients[i].fd = fd;
            s->clients[i].len = 0;
            return;
        }
    }
    close(fd); /* too many */
}

static void drop(struct attach_client *c)
{
    close(c->fd);
    c->fd = -1;
}

void attach_broadcast(struct attach_server *s, char type, const void *data, size_t len)
{
    unsigned char head[5] = { (unsigned char)type, (unsigned char)(len >> 24), (unsigned char)(len >> 16),
                              (unsigned char)(len >> 8), (unsigned char)len };
    for (int i = 0; i < ATTACH_MAX_CLIENTS; i++) {
        struct attach_client *c = &s->clients[i];
        if (c->fd >= 0 && (write_all(c->fd, head, sizeof head) < 0 || write_all(c->fd, data, len) < 0))
            drop(c);
    }
}

void attach_read(struct attach_server *s, int i, int master)
{
    struct attach_client *c = &s->clients[i];
    ssize_t r = read(c->fd, c->buf + c->len, sizeof c->buf - c->len);
    if (r < 0 && errno == EINTR)
        return;
    if (r <= 0) {
        drop(c);
        return;
    }
    c->len += (size_t)r;
    for (;;) {
        if (c->len < 3)
            return;
        size_t n = ((size_t)c->buf[1] << 8) | c->buf[2];
        if (n > sizeof c->buf - 3) {
            drop(c); /* not our protocol */
            return;
        }
        if (c->len < 3 + n)
            return;
        if (c->buf[0] == 'i' && master >= 0) {
            write_all(master, c->buf + 3, n);
        } else if (c->buf[0] == 'w' && n == 4 && master >= 0) {
            struct winsize ws = { .ws_row = (unsigned short)((c->buf[3] << 8) | c->buf[4]),
                                  .ws_col = (unsigned short)((c->buf[5] << 8) | c->buf[6]) };
            ioctl(master, TIOCSWINSZ, &ws);
        }
        memmove(c->buf, c->buf + 3 + n, c->len - 3 - n);
        c->len -= 3 + n;
    }
}
