/* The container's network helper (pasta, slirp4netns): started by the supervisor for the
 * container's network namespace before the container goes on, stopped and reaped after it. */
#ifndef SKIFF_NETHELPER_H
#define SKIFF_NETHELPER_H

#include <signal.h>
#include <stddef.h>
#include <sys/types.h>
#include "plan.h"

/* Starts the helper for CHILD's network namespace, in the foreground as this process's child
 * (ended by SIGTERM when this process ends, however it ends), and waits until it has set the
 * namespace up: until it wrote its pid file. Returns its pid, or -1 with MSG set to "125 why"
 * for the caller. Signals are MASK in the helper. */
pid_t nethelper_start(const struct plan *p, pid_t child, const sigset_t *mask, char *msg, size_t size);

/* Ends the helper and reaps it. */
void nethelper_stop(pid_t helper);

#endif
