/* Path resolution beneath a container root that no symlink in the image can escape. */
#ifndef SKIFF_ROOTPATH_H
#define SKIFF_ROOTPATH_H

#include <sys/types.h>

enum root_create { ROOT_NONE, ROOT_DIR, ROOT_FILE };

/*
 * Opens PATH (absolute or relative, always taken from rootfd) as an O_PATH fd, resolving
 * symlinks as if rootfd were "/" (openat2 RESOLVE_IN_ROOT). With ROOT_DIR or ROOT_FILE,
 * missing components are created (directories 0755, the last one with MODE).
 * Returns the fd, or -1 with errno.
 */
int root_open(int rootfd, const char *path, enum root_create create, mode_t mode);

/* Whether resolving PATH under rootfd meets a symlink (in any component that exists). */
int root_through_symlink(int rootfd, const char *path);

/* "/proc/self/fd/N" for an fd, in a static buffer per slot (0 or 1). */
const char *fd_path(int fd, int slot);

#endif
