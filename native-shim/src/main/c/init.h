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

/*
 * The common end of the container init and of `exec`: identity, capabilities, working
 * directory, only fds 0-2, then execve of the plan's command (failures reported on errfd).
 */
void become_and_exec(const struct plan *p, int errfd, int last_cap) __attribute__((noreturn));

/* The highest capability number this kernel knows. */
int cap_last(void);

#endif
