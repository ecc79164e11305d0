/* A container's cgroup leaves in its supervisor's delegated scope (see cgroup.c). */
#ifndef SKIFF_CGROUP_H
#define SKIFF_CGROUP_H

#include "plan.h"

#include <sys/types.h>

/* Moves the supervisor into SCOPE/supervisor, enables the plan's controllers for the scope's
 * children and makes SCOPE/container with the plan's limits. Nothing without a cgroup record. */
void cgroup_setup(const struct plan *p);

/* Puts PID (the container's init, before it goes on) into SCOPE/container. */
void cgroup_enter(const struct plan *p, pid_t pid);

/* Whether the kernel's OOM killer struck in SCOPE/container (its memory.events). */
int cgroup_oom_killed(const struct plan *p);

#endif
