/*
 * The container plan: everything the JVM decided, as a flat list of NUL-terminated
 * strings. A record is a keyword followed by a fixed number of fields:
 *
 *   namespaces LIST        comma list of user,pid,mnt,uts,ipc,net,cgroup; with user, the
 *                          container's own user namespace, nested in skiff's: the supervisor
 *                          writes its maps, and the init becomes its root before mounting
 *   uidmap IN OUT COUNT    with user: one line of the new namespace's uid_map (OUT in skiff's ids)
 *   gidmap IN OUT COUNT    with user: one line of its gid_map
 *   rootfs PATH            the directory that becomes /: absolute, or relative to the overlay's DIR
 *   overlay DIR OPTIONS    chdir to DIR, mount overlay with OPTIONS on rootfs (with a user
 *                          namespace, as its root: paths in OPTIONS relative to DIR)
 *   mount SRC DEST TYPE FLAGS DATA   DEST inside the rootfs; FLAGS decimal MS_*
 *   symlink TARGET DEST    DEST inside the rootfs
 *   mkdir DEST MODE        DEST inside the rootfs, MODE octal
 *   mask PATH              after pivot_root: hide a file or directory
 *   readonly PATH          after pivot_root: remount read-only
 *   readonlyroot           after pivot_root: the root mount itself read-only (--read-only)
 *   rlimit RES SOFT HARD   setrlimit before the command (decimal; RLIM_INFINITY as is)
 *   sysctl NAME VALUE      after pivot_root, before the read-only remounts: VALUE written to
 *                          /proc/sys/NAME (NAME with slashes, e.g. net/ipv4/ip_forward)
 *   cgroup MOUNT CONTROLLERS  the supervisor, started in a delegated cgroup (a systemd scope),
 *                          makes leaves there (cgroup.c); CONTROLLERS is written to the scope's
 *                          cgroup.subtree_control ("+memory +pids")
 *   cgset FILE VALUE       with cgroup: a limit written to the container's leaf (memory.max ...)
 *   oomfile PATH           with cgroup: written before the exit is recorded when the OOM killer
 *                          struck in the container's leaf
 *   hostname NAME
 *   domainname NAME        the UTS namespace's NIS domain name (--sysctl kernel.domainname)
 *   loopback               bring lo up in the new network namespace
 *   user UID GID
 *   group GID              one supplementary group per record
 *   capbound HEX           bounding set; capeff HEX: effective = permitted
 *   capeff HEX
 *   nonewprivs
 *   seccomp PATH           a classic BPF program (struct sock_filter[]) read when the plan is
 *                          loaded and installed just before the command (after no_new_privs,
 *                          or while still privileged without it)
 *   init                   a tiny init (skiff-shim reap) is PID 1 and the command its child
 *   terminal               the command gets a pty of the container's own (detached only)
 *   attach PATH            the supervisor serves the terminal on a socket at PATH (terminal.h)
 *   cwd PATH
 *   env KEY=VALUE          one per record, in order
 *   arg VALUE              one per record, argv[0] first
 *   exitfile PATH          where the supervisor records the exit status
 *   logfile PATH           container stdout/stderr go to PATH in k8s-file format (in the
 *                          foreground also to the caller's own)
 *   logmax BYTES           with logfile: the log starts over when a line would take it past BYTES
 *   logdirect              stdout/stderr are the caller's own, logged nowhere (passthrough)
 *   lognone                detached: stdout/stderr go to /dev/null; in the foreground, the caller's
 *   pidfile PATH           where the supervisor records the container's pid
 *   shimpidfile PATH       where the supervisor records its own pid
 *   join PID               exec: the container process whose namespaces to join
 *   cleanup ARG            detached: argv (one record per argument) run after the container exits
 *   nethelper ARG          argv of the network helper (one record per argument), "{netns}" in an
 *                          argument standing for the container's network namespace (a path the
 *                          helper opens), "{readyfd}" for a descriptor it writes a byte to once
 *                          ready; without one, it is ready once it wrote its pid file (nethelper.h)
 *   nethelperpid PATH      where the helper writes its pid
 *   nethelperapi PATH      the helper's API socket, where after the start each nethelpercall goes
 *   nethelpercall REQUEST  one request (a JSON line), sent on a connection of its own; a reply
 *                          with "error" in it fails the start
 *   forward ADDR PORT CPORT  TCP port PORT on the host's loopback address ADDR relayed to CPORT on
 *                          the container's loopback (forward.h)
 *
 * The shim holds no policy: it checks only that the plan is well formed.
 */
#ifndef SKIFF_PLAN_H
#define SKIFF_PLAN_H

#include <stdint.h>
#include <sys/types.h>

struct plan_mount {
    const char *src, *dest, *type, *data;
    unsigned long flags;
};

struct plan_link {
    const char *target, *dest;
};

struct plan_rlimit {
    int resource;
    unsigned long long soft, hard;
};

struct plan_sysctl {
    const char *name, *value;
};

struct plan_cgset {
    const char *file, *value;
};

struct plan_forward {
    const char *host_addr;
    int host_port, container_port;
};

struct plan_dir {
    const char *dest;
    mode_t mode;
};

struct plan {
    unsigned long clone_flags;
    char *uid_map, *gid_map; /* with CLONE_NEWUSER: the text written to /proc/PID/uid_map, gid_map */
    const char *rootfs;
    const char *overlay_dir, *overlay_opts;
    struct plan_mount *mounts;
    int nmounts;
    struct plan_link *links;
    int nlinks;
    struct plan_dir *dirs;
    int ndirs;
    const char **masks;
    int nmasks;
    const char **readonly;
    int nreadonly;
    int readonly_root;
    const char *cgroup_mount, *cgroup_controllers;
    struct plan_cgset *cgsets;
    int ncgsets;
    const char *oomfile;
    struct plan_rlimit *rlimits;
    int nrlimits;
    struct plan_sysctl *sysctls;
    int nsysctls;
    const char *hostname, *domainname;
    int loopback;
    int has_user;
    uid_t uid;
    gid_t gid;
    gid_t *groups;
    int ngroups;
    int has_caps;
    uint64_t capbound, capeff;
    int nonewprivs;
    unsigned char *seccomp; /* the program's bytes, or NULL */
    size_t seccomp_len;
    int init;
    int terminal;
    int consolefd;  /* set by the supervisor: where the container sends its pty */
    const char *attach;
    const char *cwd;
    char **env;     /* NULL-terminated */
    int nenv;
    char **argv;    /* NULL-terminated */
    int nargv;
    const char *exitfile;
    const char *logfile;
    unsigned long long logmax; /* 0: no limit */
    int logdirect;
    int lognone;
    const char *pidfile;
    const char *shimpidfile;
    char **cleanup; /* NULL-terminated, or NULL */
    char **nethelper;
    int nnethelper;
    const char *nethelper_pid;
    const char *nethelper_api;
    char **nethelper_calls;
    int nnethelper_calls;
    int ncleanup;
    struct plan_forward *forward;
    int nforward;
    int join_pid;
};

/* Reads and checks a plan file; exits 125 with a clear message when it is malformed. */
void plan_load(const char *path, struct plan *p);

#endif
