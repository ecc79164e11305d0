/* The port forwarder: the TCP ports a container publishes on a host loopback address, relayed by
 * `skiff-shim forward` to the same ports on the loopback of the container's network namespace
 * (where pasta would splice them, at a fraction of the cost per byte). The supervisor binds the
 * ports, so that a taken one fails the start, and starts the forwarder with them. */
#ifndef SKIFF_FORWARD_H
#define SKIFF_FORWARD_H

#include <stddef.h>
#include <sys/types.h>
#include "plan.h"

/* Binds the plan's forwarded ports and starts the forwarder for CHILD's network namespace, as
 * this process's child (ended by SIGTERM when this process ends). Returns its pid, or -1 with
 * MSG set to "125 why" for the caller. */
pid_t forward_start(const struct plan *p, pid_t child, char *msg, size_t size);

#endif
