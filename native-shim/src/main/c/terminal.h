/* Terminals: the container's pty, and the attach socket through which skiff reaches it.
 *
 * Attach protocol (a stream socket): a client sends frames of 1 type byte, a 2-byte big-endian
 * length and data: 'i' bytes for the terminal's input, 'w' a window size (rows, cols as 2-byte
 * big-endian numbers). The supervisor sends frames of 1 type byte, a 4-byte big-endian length
 * and data: 'o' the terminal's output, 'x' the container's exit code in decimal, last. */
#ifndef SKIFF_TERMINAL_H
#define SKIFF_TERMINAL_H

#include <stddef.h>
#include <sys/types.h>

#define ATTACH_MAX_CLIENTS 8

/* Opens a pty of the devpts at /dev/pts, its slave (in *slave) owned by OWNER; returns the master,
 * or -1 with errno set and *what naming the step that failed. */
int pty_open(uid_t owner, int *slave, const char **what);

/* In the container, after pivot_root: opens a pty of the container's devpts, sends its master to
 * the supervisor over consolefd, sets its window size (ROWS_COLS, 4 bytes big-endian; zero: none),
 * and makes the slave the controlling terminal and fds 0-2.
 * Returns 0, or -1 with errno set and *what naming the step that failed. */
int terminal_setup(int consolefd, uid_t owner, const unsigned char *rows_cols, const char **what);

/* The supervisor's side: receives the master fd the container sent; -1 when none came. */
int terminal_receive(int consolefd);

struct attach_client {
    int fd;          /* -1: free slot */
    size_t len;
    unsigned char buf[3 + 4096];
};

struct attach_server {
    int listenfd;
    struct attach_client clients[ATTACH_MAX_CLIENTS];
};

/* Listens on PATH (any length: bound through its directory's fd); -1 on failure. The caller
 * has set every client's fd to -1. */
int attach_listen(struct attach_server *s, const char *path);

/* Reads the first client's first frame, a window size, into ROWS_COLS (4 bytes, big-endian),
 * waiting a few seconds at most; leaves it zero otherwise. */
void attach_first_size(struct attach_server *s, unsigned char *rows_cols);

/* Accepts a waiting client. */
void attach_accept(struct attach_server *s);

/* Sends a frame to every client; a client that cannot take it is dropped. */
void attach_broadcast(struct attach_server *s, char type, const void *data, size_t len);

/* Reads what client I sent: input goes to MASTER, window sizes are applied to it. */
void attach_read(struct attach_server *s, int i, int master);

#endif
