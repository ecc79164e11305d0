/* `--init`: the container's PID 1 that reaps orphans and forwards signals. */
#ifndef SKIFF_REAP_H
#define SKIFF_REAP_H

/* A sealed, in-memory copy of this binary to exec as the init (close-on-exec); -1 on failure. */
int reaper_image(void);

/* skiff-shim reap PID: waits for signals, forwards them to PID, reaps; exits with PID's status. */
int cmd_reap(int argc, char **argv);

#endif
