/* Container output to a log file in the k8s-file format podman uses:
 * "2006-01-02T15:04:05.999999999+00:00 stdout F text" (P for a partial line). */
#ifndef SKIFF_LOGGING_H
#define SKIFF_LOGGING_H

#include <stddef.h>

struct log_stream {
    int fd;              /* read end of the container's pipe, -1 once closed */
    const char *name;    /* "stdout" or "stderr" */
    size_t len;
    char buf[8192];
};

/* Reads what is available from s->fd and appends complete lines to logfd.
 * Returns 0, or -1 at end of stream (s->fd is then closed and set to -1). */
int log_pump(int logfd, struct log_stream *s);

#endif
