/* Resolves mount targets inside the rootfs with openat2(RESOLVE_IN_ROOT), so that an
 * image whose /dev, /proc or /etc/hosts is a symlink cannot point a mount at the host
 * (CVE-2019-16884, CVE-2021-30465: mounts go onto the opened fd, not a re-walked path). */
#include "rootpath.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int open_resolved(int rootfd, const char *path, int flags, unsigned long long extra)
{
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = (unsigned long long)(flags | O_CLOEXEC);
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | extra;
    const char *rel = path;
    while (*rel == '/')
        rel++;
    if (*rel == '\0')
        rel = ".";
    long fd;
    do {
        fd = syscall(SYS_openat2, rootfd, rel, &how, sizeof how);
    } while (fd < 0 && (errno == EAGAIN || errno == EINTR));
    return (int)fd;
}

static int open_in_root(int rootfd, const char *path, int flags)
{
    return open_resolved(rootfd, path, flags, 0);
}

int root_through_symlink(int rootfd, const char *path)
{
    int fd = open_resolved(rootfd, path, O_PATH, RESOLVE_NO_SYMLINKS);
    if (fd >= 0) {
        close(fd);
        return 0;
    }
    return errno == ELOOP;
}

static int root_open_depth(int rootfd, const char *path, enum root_create create, mode_t mode, int depth);

int root_open(int rootfd, const char *path, enum root_create create, mode_t mode)
{
    return root_open_depth(rootfd, path, create, mode, 0);
}

static int root_open_depth(int rootfd, const char *path, enum root_create create, mode_t mode, int depth)
{
    int fd = open_in_root(rootfd, path, O_PATH);
    if (fd >= 0 || errno != ENOENT || create == ROOT_NONE)
        return fd;

    char *copy = xstrdup(path);
    size_t n = strlen(copy);
    while (n > 1 && copy[n - 1] == '/')
        copy[--n] = '\0';
    char *slash = strrchr(copy, '/');
    const char *base = slash ? slash + 1 : copy;
    if (strcmp(base, "..") == 0 || strcmp(base, ".") == 0 || *base == '\0') {
        free(copy);
        errno = EINVAL;
        return -1;
    }
    const char *parent = "/";
    if (slash && slash != copy) {
        *slash = '\0';
        parent = copy;
    }
    int pfd = root_open_depth(rootfd, parent, ROOT_DIR, 0755, depth);
    if (pfd < 0) {
        free(copy);
        return -1;
    }
    /* O_PATH fds cannot be used with mkdirat/openat for creation: reopen as a directory */
    int dfd = openat(pfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    close(pfd);
    if (dfd < 0) {
        free(copy);
        return -1;
    }
    int rc = 0;
    if (create == ROOT_DIR) {
        if (mkdirat(dfd, base, mode) < 0 && errno != EEXIST)
            rc = -1;
    } else {
        int f = openat(dfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (f >= 0)
            close(f);
        else if (errno != EEXIST)
            rc = -1;
    }
    /* a dangling symlink (an image's /etc/resolv.conf into /run, say): create what it points
     * to, resolved in the root like everything else */
    char link[PATH_MAX];
    ssize_t ln = rc == 0 ? readlinkat(dfd, base, link, sizeof link - 1) : -1;
    if (ln > 0) {
        close(dfd);
        if (depth >= 40) {
            free(copy);
            errno = ELOOP;
            return -1;
        }
        link[ln] = '\0';
        size_t size = strlen(parent) + (size_t)ln + 2;
        char *target = xmalloc(size);
        snprintf(target, size, "%s%s%s", link[0] == '/' ? "" : parent, link[0] == '/' ? "" : "/", link);
        free(copy);
        int r = root_open_depth(rootfd, target, create, mode, depth + 1);
        free(target);
        return r;
    }
    int e = errno;
    close(dfd);
    free(copy);
    if (rc < 0) {
        errno = e;
        return -1;
    }
    return open_in_root(rootfd, path, O_PATH);
}

const char *fd_path(int fd, int slot)
{
    static char buf[2][64];
    snprintf(buf[slot & 1], sizeof buf[0], "/proc/self/fd/%d", fd);
    return buf[slot & 1];
}
