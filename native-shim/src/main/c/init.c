/* Container init: mounts, pivot_root, identity, capabilities, exec. */
#include "init.h"
#include "reap.h"
#include "terminal.h"
#include "rootpath.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <linux/capability.h>
#include <sys/ioctl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

static int err_fd = -1;
static int reaper_fd = -1; /* --init: the sealed copy of skiff-shim that becomes PID 1 */

static void fail(int code, int errnum, const char *fmt, ...) __attribute__((noreturn, format(printf, 3, 4)));
static void fail(int code, int errnum, const char *fmt, ...)
{
    char msg[1024];
    int n = snprintf(msg, sizeof msg, "%d ", code);
    va_list ap;
    va_start(ap, fmt);
    n += vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
    va_end(ap);
    if (errnum && n < (int)sizeof msg)
        n += snprintf(msg + n, sizeof msg - (size_t)n, ": %s", strerror(errnum));
    if (n >= (int)sizeof msg)
        n = sizeof msg - 1;
    write_all(err_fd, msg, (size_t)n);
    _exit(code);
}

/* Bind sources opened while the caller's credentials still reach them, by mount index; -1: by path. */
static int *bind_fds;

static void hold_bind_sources(const struct plan *p)
{
    bind_fds = xrealloc(NULL, sizeof(int) * ((size_t)p->nmounts + 1));
    for (int i = 0; i < p->nmounts; i++) {
        bind_fds[i] = -1;
        if ((p->mounts[i].flags & MS_BIND) && (bind_fds[i] = open(p->mounts[i].src, O_PATH | O_CLOEXEC)) < 0)
            fail(EXIT_SKIFF, errno, "bind mount source `%s`", p->mounts[i].src);
    }
}

/* The path a bind source is mounted from: its held descriptor's, or its own. */
static const char *bind_source(const struct plan *p, int i)
{
    return bind_fds && bind_fds[i] >= 0 ? fd_path(bind_fds[i], 1) : p->mounts[i].src;
}

static void mount_overlay(const struct plan *p)
{
    if (!p->overlay_opts)
        return;
    if (chdir(p->overlay_dir) < 0)
        fail(EXIT_SKIFF, errno, "chdir to layer store `%s`", p->overlay_dir);
    /* in its own user namespace the container mounts as its root: overlay copies up with the
     * mounter's credentials, as ids the namespace maps; paths from here on are relative, and the
     * sources of bind mounts (volumes under a home only its owner may enter) opened before */
    if (p->clone_flags & CLONE_NEWUSER) {
        hold_bind_sources(p);
        if (setgroups(0, NULL) < 0 || setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
            fail(EXIT_SKIFF, errno, "become root of the container's user namespace");
    }
    if (mount("overlay", p->rootfs, "overlay", 0, p->overlay_opts) < 0)
        fail(EXIT_SKIFF, errno, "mount overlay rootfs on `%s`", p->rootfs);
}

/* Keeps the flags the kernel locked on a mount; dropping one makes the remount fail with
 * EPERM inside a user namespace. */
static unsigned long locked_flags(int fd)
{
    struct statvfs sv;
    unsigned long f = 0;
    if (fstatvfs(fd, &sv) < 0)
        return 0;
    if (sv.f_flag & ST_NOSUID) f |= MS_NOSUID;
    if (sv.f_flag & ST_NODEV) f |= MS_NODEV;
    if (sv.f_flag & ST_NOEXEC) f |= MS_NOEXEC;
    if (sv.f_flag & ST_NOATIME) f |= MS_NOATIME;
    if (sv.f_flag & ST_NODIRATIME) f |= MS_NODIRATIME;
    if (sv.f_flag & ST_RELATIME) f |= MS_RELATIME;
    return f;
}

static void do_mounts(const struct plan *p, int rootfd)
{
    for (int i = 0; i < p->nmounts; i++) {
        const struct plan_mount *m = &p->mounts[i];
        enum root_create kind = ROOT_DIR;
        const char *src = (m->flags & MS_BIND) ? bind_source(p, i) : m->src;
        if (m->flags & MS_BIND) {
            struct stat st;
            if (stat(src, &st) < 0)
                fail(EXIT_SKIFF, errno, "bind mount source `%s`", m->src);
            if (!S_ISDIR(st.st_mode))
                kind = ROOT_FILE;
        }
        /* proc, sysfs, /dev and the like go on the image's own directories, never through a
         * symlink, which would move them (and the masks over them) elsewhere (CVE-2019-16884) */
        if (!(m->flags & MS_BIND) && root_through_symlink(rootfd, m->dest))
            fail(EXIT_SKIFF, 0, "the image's `%s` is a symlink: refusing to mount %s through it", m->dest, m->type);
        int fd = root_open(rootfd, m->dest, kind, kind == ROOT_FILE ? 0644 : 0755);
        if (fd < 0)
            fail(EXIT_SKIFF, errno, "mount target `%s` in the rootfs", m->dest);
        unsigned long first = m->flags;
        /* a bind mount ignores MS_RDONLY and friends until remounted */
        if (m->flags & MS_BIND)
            first = m->flags & (MS_BIND | MS_REC);
        if (mount(src, fd_path(fd, 0), m->type, first, m->data) < 0)
            fail(EXIT_SKIFF, errno, "mount %s on `%s`", m->type, m->dest);
        if ((m->flags & MS_BIND) && (m->flags & ~(MS_BIND | MS_REC))) {
            close(fd);
            fd = root_open(rootfd, m->dest, ROOT_NONE, 0);
            if (fd < 0 || mount(NULL, fd_path(fd, 0), NULL, m->flags | MS_REMOUNT | locked_flags(fd), NULL) < 0)
                fail(EXIT_SKIFF, errno, "remount `%s`", m->dest);
        }
        close(fd);
    }
}

static void do_dirs_and_links(const struct plan *p, int rootfd)
{
    for (int i = 0; i < p->ndirs; i++) {
        int fd = root_open(rootfd, p->dirs[i].dest, ROOT_DIR, p->dirs[i].mode);
        if (fd < 0)
            fail(EXIT_SKIFF, errno, "create directory `%s` in the rootfs", p->dirs[i].dest);
        close(fd);
    }
    for (int i = 0; i < p->nlinks; i++) {
        const char *dest = p->links[i].dest;
        const char *slash = strrchr(dest, '/');
        char parent[PATH_MAX];
        snprintf(parent, sizeof parent, "%.*s", slash ? (int)(slash - dest) : 0, dest);
        int pfd = root_open(rootfd, parent[0] ? parent : "/", ROOT_DIR, 0755);
        int dfd = pfd < 0 ? -1 : openat(pfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0 || (symlinkat(p->links[i].target, dfd, slash ? slash + 1 : dest) < 0 && errno != EEXIST))
            fail(EXIT_SKIFF, errno, "create symlink `%s`", dest);
        close(dfd);
        close(pfd);
    }
}

/* --sysctl, in the container's own namespaces: /proc is the container's, /proc/sys still writable */
static void write_sysctls(const struct plan *p)
{
    for (int i = 0; i < p->nsysctls; i++) {
        char path[PATH_MAX];
        snprintf(path, sizeof path, "/proc/sys/%s", p->sysctls[i].name);
        int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
        size_t len = strlen(p->sysctls[i].value);
        if (fd < 0 || write(fd, p->sysctls[i].value, len) != (ssize_t)len)
            fail(EXIT_SKIFF, errno, "--sysctl: set %s to `%s`", p->sysctls[i].name, p->sysctls[i].value);
        close(fd);
    }
}

static void pivot(const struct plan *p)
{
    if (chdir(p->rootfs) < 0)
        fail(EXIT_SKIFF, errno, "chdir to rootfs `%s`", p->rootfs);
    if (syscall(SYS_pivot_root, ".", ".") < 0)
        fail(EXIT_SKIFF, errno, "pivot_root to `%s`", p->rootfs);
    if (umount2(".", MNT_DETACH) < 0)
        fail(EXIT_SKIFF, errno, "detach the old root");
    if (chdir("/") < 0)
        fail(EXIT_SKIFF, errno, "chdir /");
}


static void do_masks_and_readonly(const struct plan *p)
{
    int rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0)
        fail(EXIT_SKIFF, errno, "open new root");
    for (int i = 0; i < p->nmasks; i++) {
        int fd = root_open(rootfd, p->masks[i], ROOT_NONE, 0);
        if (fd < 0)
            continue; /* masked only where it exists */
        struct stat st;
        if (fstat(fd, &st) < 0)
            fail(EXIT_SKIFF, errno, "stat `%s`", p->masks[i]);
        int rc = S_ISDIR(st.st_mode)
            ? mount("tmpfs", fd_path(fd, 0), "tmpfs", MS_RDONLY, "size=0")
            : mount("/dev/null", fd_path(fd, 0), NULL, MS_BIND, NULL);
        if (rc < 0)
            fail(EXIT_SKIFF, errno, "mask `%s`", p->masks[i]);
        close(fd);
    }
    for (int i = 0; i < p->nreadonly; i++) {
        int fd = root_open(rootfd, p->readonly[i], ROOT_NONE, 0);
        if (fd < 0)
            continue;
        if (mount(fd_path(fd, 0), fd_path(fd, 0), NULL, MS_BIND | MS_REC, NULL) < 0)
            fail(EXIT_SKIFF, errno, "bind `%s` read-only", p->readonly[i]);
        close(fd);
        fd = root_open(rootfd, p->readonly[i], ROOT_NONE, 0);
        if (fd < 0 || mount(NULL, fd_path(fd, 0), NULL,
                            MS_BIND | MS_REMOUNT | MS_RDONLY | locked_flags(fd), NULL) < 0)
            fail(EXIT_SKIFF, errno, "remount `%s` read-only", p->readonly[i]);
        close(fd);
    }
    /* the root mount alone: /proc, /dev, /tmp and the like stay as they were mounted */
    if (p->readonly_root && mount(NULL, "/", NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | locked_flags(rootfd), NULL) < 0)
        fail(EXIT_SKIFF, errno, "remount the root read-only");
    close(rootfd);
}

static void loopback_up(void)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "lo");
    if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
        fail(EXIT_SKIFF, errno, "read flags of lo");
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
        fail(EXIT_SKIFF, errno, "bring lo up");
    close(s);
}

int cap_last(void)
{
    char *s = read_file("/proc/sys/kernel/cap_last_cap", 64, NULL);
    int last = s ? atoi(s) : CAP_LAST_CAP;
    free(s);
    return last > 0 ? last : CAP_LAST_CAP;
}

static void load_seccomp(const struct plan *p)
{
    struct sock_fprog prog = { (unsigned short)(p->seccomp_len / 8), (struct sock_filter *)p->seccomp };
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0)
        fail(EXIT_SKIFF, errno, "load the seccomp filter");
}

static void set_identity_and_caps(const struct plan *p, int last_cap)
{
    /* without no_new_privs, loading a filter takes CAP_SYS_ADMIN, which goes with the identity change */
    if (p->seccomp && !p->nonewprivs)
        load_seccomp(p);
    if (p->has_caps) {
        for (int c = 0; c <= last_cap; c++)
            if (!(p->capbound & (1ULL << c)) && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0)
                fail(EXIT_SKIFF, errno, "drop capability %d from the bounding set", c);
        if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
            fail(EXIT_SKIFF, errno, "keep capabilities");
    }
    if (p->has_user) {
        if (setgroups((size_t)p->ngroups, p->groups) < 0 && !(errno == EPERM && p->ngroups == 0))
            fail(EXIT_SKIFF, errno, "set supplementary groups");
        if (setresgid(p->gid, p->gid, p->gid) < 0)
            fail(EXIT_SKIFF, errno, "set gid %u (is it inside the user namespace's range?)", p->gid);
        if (setresuid(p->uid, p->uid, p->uid) < 0)
            fail(EXIT_SKIFF, errno, "set uid %u (is it inside the user namespace's range?)", p->uid);
    }
    if (p->has_caps) {
        struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
        struct __user_cap_data_struct data[2];
        memset(data, 0, sizeof data);
        data[0].effective = data[0].permitted = (uint32_t)p->capeff;
        data[1].effective = data[1].permitted = (uint32_t)(p->capeff >> 32);
        if (syscall(SYS_capset, &hdr, data) < 0)
            fail(EXIT_SKIFF, errno, "set capabilities");
        prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    }
    if (p->nonewprivs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        fail(EXIT_SKIFF, errno, "set no_new_privs");
    if (p->seccomp && p->nonewprivs)
        load_seccomp(p);
}

static const char *env_get(char *const *env, const char *key)
{
    size_t n = strlen(key);
    for (; *env; env++)
        if (strncmp(*env, key, n) == 0 && (*env)[n] == '=')
            return *env + n + 1;
    return NULL;
}

/* execve with the container's PATH, looked up inside the new root. */
static void exec_command(const struct plan *p) __attribute__((noreturn));
static void exec_command(const struct plan *p)
{
    const char *file = p->argv[0];
    if (*file == '\0')
        fail(EXIT_NOT_FOUND, 0, "empty command");
    if (strchr(file, '/')) {
        execve(file, p->argv, p->env);
        int e = errno;
        if (e == ENOENT || e == ENOTDIR)
            fail(EXIT_NOT_FOUND, 0, "`%s`: no such file or directory in the container", file);
        fail(EXIT_CANNOT_EXEC, e, "cannot execute `%s`", file);
    }
    const char *path = env_get(p->env, "PATH");
    if (!path)
        path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    int denied = 0, other = 0;
    char full[PATH_MAX];
    for (const char *dir = path; ; ) {
        const char *colon = strchrnul(dir, ':');
        int len = (int)(colon - dir);
        snprintf(full, sizeof full, "%.*s%s%s", len, dir, len ? "/" : "", file);
        execve(full, p->argv, p->env);
        if (errno == EACCES)
            denied = 1;
        else if (errno != ENOENT && errno != ENOTDIR)
            other = errno;
        if (*colon == '\0')
            break;
        dir = colon + 1;
    }
    if (other)
        fail(EXIT_CANNOT_EXEC, other, "cannot execute `%s`", file);
    if (denied)
        fail(EXIT_CANNOT_EXEC, EACCES, "cannot execute `%s`", file);
    fail(EXIT_NOT_FOUND, 0, "executable `%s` not found in the container's $PATH", file);
}

void container_init(const struct plan *p, int syncfd, int errfd)
{
    err_fd = errfd;
    /* the container ends with its supervisor: nobody else would record its exit */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
        fail(EXIT_SKIFF, errno, "set the parent-death signal");
    /* "g", and for a terminal its rows and columns */
    unsigned char go[5] = { 0 };
    size_t want = p->terminal ? 5 : 1, got = 0;
    while (got < want) {
        ssize_t r = read(syncfd, go + got, want - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            _exit(EXIT_SKIFF); /* the supervisor went away before the start */
        got += (size_t)r;
    }
    close(syncfd);

    /* the init's image is copied while the host's binary is still in reach */
    reaper_fd = p->init ? reaper_image() : -1;
    if (p->init && reaper_fd < 0)
        fail(EXIT_SKIFF, errno, "copy skiff-shim for --init");
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
        fail(EXIT_SKIFF, errno, "make the mount namespace private");
    mount_overlay(p);
    int rootfd = open(p->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0)
        fail(EXIT_SKIFF, errno, "open rootfs `%s`", p->rootfs);
    do_mounts(p, rootfd);
    do_dirs_and_links(p, rootfd);
    close(rootfd);
    int last_cap = cap_last();
    pivot(p);
    write_sysctls(p);
    do_masks_and_readonly(p);
    if (p->hostname && sethostname(p->hostname, strlen(p->hostname)) < 0)
        fail(EXIT_SKIFF, errno, "set hostname `%s`", p->hostname);
    if (p->domainname && setdomainname(p->domainname, strlen(p->domainname)) < 0)
        fail(EXIT_SKIFF, errno, "set domain name `%s`", p->domainname);
    if (p->loopback)
        loopback_up();
    if (p->terminal) {
        const char *what;
        if (terminal_setup(p->consolefd, p->has_user ? p->uid : 0, go + 1, &what) < 0)
            fail(EXIT_SKIFF, errno, "%s", what);
    }
    become_and_exec(p, errfd, last_cap);
}

void become_and_exec(const struct plan *p, int errfd, int last_cap)
{
    err_fd = errfd;
    for (int i = 0; i < p->nrlimits; i++) {
        struct rlimit rl = { p->rlimits[i].soft, p->rlimits[i].hard };
        if (setrlimit(p->rlimits[i].resource, &rl) < 0)
            fail(EXIT_SKIFF, errno, "--ulimit: set limit %d to %llu:%llu (a rootless container cannot raise a hard "
                 "limit above skiff's own)", p->rlimits[i].resource, p->rlimits[i].soft, p->rlimits[i].hard);
    }
    set_identity_and_caps(p, last_cap);
    /* a change of identity clears the parent-death signal: set it again */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
        fail(EXIT_SKIFF, errno, "set the parent-death signal");
    if (p->cwd && chdir(p->cwd) < 0)
        fail(EXIT_SKIFF, errno, "working directory `%s`", p->cwd);
    /* a directory reached through a leaked descriptor lies outside the root: getcwd says so */
    char cwd[4096];
    errno = 0;
    if (p->cwd && (!getcwd(cwd, sizeof cwd) || cwd[0] != '/'))
        fail(EXIT_SKIFF, errno ? errno : EXDEV, "working directory `%s` is outside the container", p->cwd);
    /* only fds 0-2 may reach the entrypoint (CVE-2024-21626); errfd closes on exec */
    if (syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
        fail(EXIT_SKIFF, errno, "close inherited file descriptors");
    if (reaper_fd >= 0) {
        pid_t child = fork();
        if (child < 0)
            fail(EXIT_SKIFF, errno, "fork the command under --init");
        if (child > 0) {
            char pid[16];
            snprintf(pid, sizeof pid, "%d", (int)child);
            char *args[] = { "skiff-init", "reap", pid, NULL };
            char *noenv[] = { NULL };
            fexecve(reaper_fd, args, noenv);
            kill(child, SIGKILL);
            fail(EXIT_SKIFF, errno, "start the --init process");
        }
    }
    exec_command(p);
}
