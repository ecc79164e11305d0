/* A container's cgroup leaves, inside the delegated scope the supervisor was started in:
 * SCOPE/supervisor for the supervisor (and the cleanup it runs), SCOPE/container for the
 * container, which alone gets the limits. The JVM chose the controllers and every value. */
#include "cgroup.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char scope[4096];

static void write_to(const char *dir, const char *file, const char *text)
{
    char path[4600];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write_all(fd, text, strlen(text)) < 0)
        die(errno, "write `%s` to %s", text, path);
    close(fd);
}

void cgroup_setup(const struct plan *p)
{
    if (!p->cgroup_mount)
        return;
    char *self = read_file("/proc/self/cgroup", 1 << 16, NULL);
    char *line = self ? strstr(self, "0::") : NULL;
    if (!line)
        die(0, "find this process's cgroup v2 in /proc/self/cgroup");
    line += 3;
    line[strcspn(line, "\n")] = '\0';
    snprintf(scope, sizeof scope, "%s%s", p->cgroup_mount, line);
    free(self);
    char dir[4200];
    /* no processes may stay in a cgroup whose children get controllers: the supervisor moves down */
    snprintf(dir, sizeof dir, "%s/supervisor", scope);
    if (mkdir(dir, 0755) < 0 && errno != EEXIST)
        die(errno, "create cgroup %s", dir);
    write_to(dir, "cgroup.procs", "0");
    if (p->cgroup_controllers && *p->cgroup_controllers)
        write_to(scope, "cgroup.subtree_control", p->cgroup_controllers);
    snprintf(dir, sizeof dir, "%s/container", scope);
    if (mkdir(dir, 0755) < 0 && errno != EEXIST)
        die(errno, "create cgroup %s", dir);
    for (int i = 0; i < p->ncgsets; i++)
        write_to(dir, p->cgsets[i].file, p->cgsets[i].value);
}

void cgroup_enter(const struct plan *p, pid_t pid)
{
    if (!p->cgroup_mount)
        return;
    char dir[4200], text[32];
    snprintf(dir, sizeof dir, "%s/container", scope);
    snprintf(text, sizeof text, "%d", (int)pid);
    write_to(dir, "cgroup.procs", text);
}

int cgroup_oom_killed(const struct plan *p)
{
    if (!p->cgroup_mount)
        return 0;
    char path[4300];
    snprintf(path, sizeof path, "%s/container/memory.events", scope);
    char *events = read_file(path, 1 << 16, NULL);
    char *line = events ? strstr(events, "oom_kill ") : NULL;
    int killed = line && strtoul(line + 9, NULL, 10) > 0;
    free(events);
    return killed;
}
