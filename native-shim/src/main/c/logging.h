/* Container output to a log file in the k8s-file format podman uses:
 * "2006-01-02T15:04:05.999999999+00:00 stdout F text" (P for a partial line). */
#ifndef SKIFF_LOGGING_H
#define SKIFF_LOGGING_H

#include <stddef.h>

struct log_file {
    int fd;
    unsigned long long size;
    unsigned long long max;  /* 0: no limit; else the file starts over when a line would pass it */
};

struct log_stream {
    int fd;              /* read end of the container's pipe, -1 once closed */
    const char *name;    /* "stdout" or "stderr" */
    int echo;            /* also copy the bytes here as they come (the caller's stdout or stderr), or -1 */
    void (*tap)(const char *data, size_t len, void *arg); /* also hand the bytes here, or NULL */
    void *tap_arg;
    size_t len;
    char buf[8192];
};

/* Reads what is available from s->fd, copies it to s->echo and appends complete lines to the log.
 * Returns 0, or -1 at end of stream (s->fd is then closed and set to -1). */
int log_pump(struct log_file *log, struct log_stream *s);

#endif
