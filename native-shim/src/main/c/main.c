/* skiff-shim: the native half of skiff. Java decides, this executes.
 *
 *   skiff-shim enter PROGRAM [ARGS...]   enter skiff's user namespace, exec PROGRAM
 *   skiff-shim supervise [--detach] PLAN run and supervise one container
 *   skiff-shim exec PLAN                 run a process in a running container
 *   skiff-shim pause PIDFILE             hold skiff's user namespace while it is in use
 *   skiff-shim reap PID                  a container's --init (run only from its sealed copy)
 *   skiff-shim mount DIR OPTIONS TARGET  mount a container's overlay here (cp, mount)
 *   skiff-shim forward NSFD READYFD FD:PORT...  relay published loopback ports (from supervise)
 */
#include "util.h"

#include <stdio.h>
#include <string.h>

int cmd_enter(int argc, char **argv);
int cmd_supervise(int argc, char **argv);
int cmd_exec(int argc, char **argv);
int cmd_pause(int argc, char **argv);
int cmd_reap(int argc, char **argv);
int cmd_mount(int argc, char **argv);
int cmd_forward(int argc, char **argv);

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "enter") == 0)
        return cmd_enter(argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "supervise") == 0)
        return cmd_supervise(argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "pause") == 0)
        return cmd_pause(argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "exec") == 0)
        return cmd_exec(argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "reap") == 0)
        return cmd_reap(argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "mount") == 0)
        return cmd_mount(argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "forward") == 0)
        return cmd_forward(argc - 2, argv + 2);
    fprintf(stderr, "usage: skiff-shim enter PROGRAM [ARGS...] | supervise [--detach] PLAN | exec PLAN\n");
    return EXIT_SKIFF;
}
