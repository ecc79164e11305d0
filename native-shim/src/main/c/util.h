/* Small helpers shared by every skiff-shim mode. Not async-signal-safe unless noted. */
#ifndef SKIFF_UTIL_H
#define SKIFF_UTIL_H

#include <stddef.h>
#include <sys/types.h>

#define EXIT_SKIFF 125      /* skiff's own failure */
#define EXIT_CANNOT_EXEC 126
#define EXIT_NOT_FOUND 127

/* Prints "skiff: MESSAGE" (with ": strerror(errno)" when errnum != 0) and exits 125. */
void die(int errnum, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Reads a whole file (at most max bytes) into a NUL-terminated heap buffer. */
char *read_file(const char *path, size_t max, size_t *len);

/* Writes all of buf; async-signal-safe. Returns 0 or -1. */
int write_all(int fd, const void *buf, size_t len);
/* Reads until EOF or SIZE - 1 bytes into MSG, NUL-terminated; returns the count (nothing at EOF:
 * an init's report that execve succeeded). */
int read_all(int fd, char *msg, size_t size);

/*
 * Writes a file atomically: PATH.tmp, fsync when DURABLE (a pid means nothing after a crash
 * and need not wait for the disk), rename. Returns 0 or -1 with errno.
 */
int write_file_atomic(const char *path, const char *data, size_t len, int durable);

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Points FD at /dev/null, opened with FLAGS. */
void to_devnull(int fd, int flags);

#endif
