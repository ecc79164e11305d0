/* Writes the container's stdout and stderr as k8s-file log lines. */
#include "logging.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void write_line(struct log_file *log, const char *stream, const char *text, size_t len, int partial)
{
    struct timespec ts;
    struct tm tm;
    char head[96];
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    int n = (int)strftime(head, sizeof head, "%Y-%m-%dT%H:%M:%S", &tm);
    n += snprintf(head + n, sizeof head - (size_t)n, ".%09ld+00:00 %s %c ", ts.tv_nsec, stream, partial ? 'P' : 'F');
    /* one write per line keeps lines whole when `skiff logs -f` reads concurrently */
    char line[sizeof head + sizeof ((struct log_stream *)0)->buf + 1];
    memcpy(line, head, (size_t)n);
    memcpy(line + n, text, len);
    line[(size_t)n + len] = '\n';
    size_t total = (size_t)n + len + 1;
    if (log->max && log->size + total > log->max && log->size > 0) {
        /* as conmon: past its size limit the log starts over (O_APPEND writes follow the new end) */
        if (ftruncate(log->fd, 0) == 0)
            log->size = 0;
    }
    if (write_all(log->fd, line, total) == 0)
        log->size += total;
}

int log_pump(struct log_file *log, struct log_stream *s)
{
    ssize_t r;
    do {
        r = read(s->fd, s->buf + s->len, sizeof s->buf - s->len);
    } while (r < 0 && errno == EINTR);
    if (r < 0 && errno == EAGAIN)
        return 0;
    if (r <= 0) {
        if (s->len > 0)
            write_line(log, s->name, s->buf, s->len, 1);
        s->len = 0;
        close(s->fd);
        s->fd = -1;
        return -1;
    }
    if (s->echo >= 0 && write_all(s->echo, s->buf + s->len, (size_t)r) < 0)
        s->echo = -1; /* the caller went away: keep logging */
    if (s->tap)
        s->tap(s->buf + s->len, (size_t)r, s->tap_arg);
    s->len += (size_t)r;
    size_t start = 0;
    for (size_t i = 0; i < s->len; i++) {
        if (s->buf[i] == '\n') {
            write_line(log, s->name, s->buf + start, i - start, 0);
            start = i + 1;
        }
    }
    if (start == 0 && s->len == sizeof s->buf) {
        write_line(log, s->name, s->buf, s->len, 1); /* a line longer than the buffer */
        start = s->len;
    }
    memmove(s->buf, s->buf + start, s->len - start);
    s->len -= start;
    return 0;
}
