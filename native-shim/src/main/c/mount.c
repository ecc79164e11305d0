/* `skiff-shim mount LAYERDIR OPTIONS TARGET`: mounts a container's overlay on TARGET in the
 * caller's mount namespace. The lower directories in OPTIONS are relative to LAYERDIR, which
 * keeps the options of a many-layer image within the page the kernel copies. */
#include "util.h"

#include <errno.h>
#include <sys/mount.h>
#include <unistd.h>

int cmd_mount(int argc, char **argv)
{
    if (argc != 3)
        die(0, "usage: skiff-shim mount LAYERDIR OPTIONS TARGET");
    if (chdir(argv[0]) < 0)
        die(errno, "chdir to layer store `%s`", argv[0]);
    if (mount("overlay", argv[2], "overlay", 0, argv[1]) < 0)
        die(errno, "mount overlay on `%s`", argv[2]);
    return 0;
}
