/* The container's first process, from clone() until execve() of the entrypoint. */
#ifndef SKIFF_INIT_H
#define SKIFF_INIT_H

#include "plan.h"

/*
 * Runs in the cloned child. Waits for one byte on syncfd (the supervisor's go-ahead),
 * builds the root filesystem, drops privileges and execs the plan's command. On any
 * failure writes "CODE MESSAGE" to errfd (close-on-exec, so a successful exec closes it
 * with nothing written) and exits with CODE. Never returns.
 */
void container_init(const struct plan *p, int syncfd, int errfd) __attribute__((noreturn));

#endif
