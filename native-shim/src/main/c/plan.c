/* Reads the plan file written by the JVM (format in plan.h). */
#include "plan.h"
#include "util.h"

#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define PLAN_MAX (16u << 20)

struct cursor {
    const char *path;
    char *pos, *end;
};

static const char *next(struct cursor *c, const char *keyword)
{
    if (c->pos >= c->end)
        die(0, "plan %s: record `%s` is missing a field", c->path, keyword);
    char *s = c->pos;
    c->pos += strlen(s) + 1;
    return s;
}

static unsigned long parse_num(struct cursor *c, const char *s, int base, const char *what)
{
    char *endp;
    errno = 0;
    unsigned long long v = strtoull(s, &endp, base);
    if (errno || *s == '\0' || *endp != '\0')
        die(0, "plan %s: %s `%s` is not a number", c->path, what, s);
    return (unsigned long)v;
}

static unsigned long parse_namespaces(struct cursor *c, const char *list)
{
    static const struct { const char *name; unsigned long flag; } names[] = {
        { "pid", CLONE_NEWPID }, { "mnt", CLONE_NEWNS }, { "uts", CLONE_NEWUTS },
        { "ipc", CLONE_NEWIPC }, { "net", CLONE_NEWNET }, { "cgroup", CLONE_NEWCGROUP },
        { "user", CLONE_NEWUSER },
    };
    unsigned long flags = 0;
    char *copy = xstrdup(list), *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        size_t i;
        for (i = 0; i < sizeof names / sizeof names[0]; i++)
            if (strcmp(tok, names[i].name) == 0)
                break;
        if (i == sizeof names / sizeof names[0])
            die(0, "plan %s: unknown namespace `%s`", c->path, tok);
        flags |= names[i].flag;
    }
    free(copy);
    return flags;
}

/* Appends "IN OUT COUNT\n" to a map's text. */
static void add_map_line(struct cursor *c, const char *kw, char **map)
{
    unsigned long long f[3];
    for (int i = 0; i < 3; i++)
        f[i] = parse_num(c, next(c, kw), 10, "id map field");
    size_t used = *map ? strlen(*map) : 0;
    *map = xrealloc(*map, used + 3 * 21 + 1);
    snprintf(*map + used, 3 * 21 + 1, "%llu %llu %llu\n", f[0], f[1], f[2]);
}

#define PUSH(arr, n, val) do { (arr) = xrealloc((arr), sizeof(*(arr)) * ((n) + 2)); (arr)[(n)++] = (val); } while (0)

void plan_load(const char *path, struct plan *p)
{
    size_t len;
    char *buf = read_file(path, PLAN_MAX, &len);
    if (!buf)
        die(errno, "read plan %s", path);
    if (len == 0 || buf[len - 1] != '\0')
        die(0, "plan %s: not a list of NUL-terminated records", path);
    memset(p, 0, sizeof *p);
    struct cursor c = { path, buf, buf + len };
    while (c.pos < c.end) {
        const char *kw = next(&c, "");
        if (strcmp(kw, "namespaces") == 0) {
            p->clone_flags = parse_namespaces(&c, next(&c, kw));
        } else if (strcmp(kw, "uidmap") == 0) {
            add_map_line(&c, kw, &p->uid_map);
        } else if (strcmp(kw, "gidmap") == 0) {
            add_map_line(&c, kw, &p->gid_map);
        } else if (strcmp(kw, "rootfs") == 0) {
            p->rootfs = next(&c, kw);
        } else if (strcmp(kw, "overlay") == 0) {
            p->overlay_dir = next(&c, kw);
            p->overlay_opts = next(&c, kw);
        } else if (strcmp(kw, "mount") == 0) {
            struct plan_mount m;
            m.src = next(&c, kw);
            m.dest = next(&c, kw);
            m.type = next(&c, kw);
            m.flags = parse_num(&c, next(&c, kw), 10, "mount flags");
            m.data = next(&c, kw);
            PUSH(p->mounts, p->nmounts, m);
        } else if (strcmp(kw, "symlink") == 0) {
            struct plan_link l;
            l.target = next(&c, kw);
            l.dest = next(&c, kw);
            PUSH(p->links, p->nlinks, l);
        } else if (strcmp(kw, "mkdir") == 0) {
            struct plan_dir d;
            d.dest = next(&c, kw);
            d.mode = (mode_t)parse_num(&c, next(&c, kw), 8, "mode");
            PUSH(p->dirs, p->ndirs, d);
        } else if (strcmp(kw, "mask") == 0) {
            PUSH(p->masks, p->nmasks, next(&c, kw));
        } else if (strcmp(kw, "readonly") == 0) {
            PUSH(p->readonly, p->nreadonly, next(&c, kw));
        } else if (strcmp(kw, "hostname") == 0) {
            p->hostname = next(&c, kw);
        } else if (strcmp(kw, "domainname") == 0) {
            p->domainname = next(&c, kw);
        } else if (strcmp(kw, "loopback") == 0) {
            p->loopback = 1;
        } else if (strcmp(kw, "user") == 0) {
            p->has_user = 1;
            p->uid = (uid_t)parse_num(&c, next(&c, kw), 10, "uid");
            p->gid = (gid_t)parse_num(&c, next(&c, kw), 10, "gid");
        } else if (strcmp(kw, "group") == 0) {
            PUSH(p->groups, p->ngroups, (gid_t)parse_num(&c, next(&c, kw), 10, "gid"));
        } else if (strcmp(kw, "capbound") == 0) {
            p->has_caps = 1;
            p->capbound = parse_num(&c, next(&c, kw), 16, "capability set");
        } else if (strcmp(kw, "capeff") == 0) {
            p->has_caps = 1;
            p->capeff = parse_num(&c, next(&c, kw), 16, "capability set");
        } else if (strcmp(kw, "cgroup") == 0) {
            p->cgroup_mount = next(&c, kw);
            p->cgroup_controllers = next(&c, kw);
        } else if (strcmp(kw, "oomfile") == 0) {
            p->oomfile = next(&c, kw);
        } else if (strcmp(kw, "cgset") == 0) {
            struct plan_cgset g;
            g.file = next(&c, kw);
            g.value = next(&c, kw);
            if (strchr(g.file, '/') || g.file[0] == '.')
                die(0, "plan %s: cgroup file `%s` is not a plain name", c.path, g.file);
            PUSH(p->cgsets, p->ncgsets, g);
        } else if (strcmp(kw, "readonlyroot") == 0) {
            p->readonly_root = 1;
        } else if (strcmp(kw, "rlimit") == 0) {
            struct plan_rlimit r;
            r.resource = (int)parse_num(&c, next(&c, kw), 10, "rlimit resource");
            r.soft = parse_num(&c, next(&c, kw), 10, "rlimit value");
            r.hard = parse_num(&c, next(&c, kw), 10, "rlimit value");
            PUSH(p->rlimits, p->nrlimits, r);
        } else if (strcmp(kw, "sysctl") == 0) {
            struct plan_sysctl y;
            y.name = next(&c, kw);
            y.value = next(&c, kw);
            if (y.name[0] == '/' || strstr(y.name, ".."))
                die(0, "plan %s: sysctl `%s` is not a name under /proc/sys", c.path, y.name);
            PUSH(p->sysctls, p->nsysctls, y);
        } else if (strcmp(kw, "seccomp") == 0) {
            const char *file = next(&c, kw);
            p->seccomp = (unsigned char *)read_file(file, 4096 * 8 + 1, &p->seccomp_len);
            if (!p->seccomp || p->seccomp_len == 0 || p->seccomp_len % 8 != 0 || p->seccomp_len > 4096 * 8)
                die(errno, "plan %s: seccomp program `%s` is missing or malformed", c.path, file);
        } else if (strcmp(kw, "nonewprivs") == 0) {
            p->nonewprivs = 1;
        } else if (strcmp(kw, "init") == 0) {
            p->init = 1;
        } else if (strcmp(kw, "terminal") == 0) {
            p->terminal = 1;
        } else if (strcmp(kw, "attach") == 0) {
            p->attach = next(&c, kw);
        } else if (strcmp(kw, "cwd") == 0) {
            p->cwd = next(&c, kw);
        } else if (strcmp(kw, "env") == 0) {
            PUSH(p->env, p->nenv, (char *)next(&c, kw));
        } else if (strcmp(kw, "arg") == 0) {
            PUSH(p->argv, p->nargv, (char *)next(&c, kw));
        } else if (strcmp(kw, "exitfile") == 0) {
            p->exitfile = next(&c, kw);
        } else if (strcmp(kw, "logfile") == 0) {
            p->logfile = next(&c, kw);
        } else if (strcmp(kw, "logmax") == 0) {
            p->logmax = parse_num(&c, next(&c, kw), 10, "log size");
        } else if (strcmp(kw, "logdirect") == 0) {
            p->logdirect = 1;
        } else if (strcmp(kw, "lognone") == 0) {
            p->lognone = 1;
        } else if (strcmp(kw, "pidfile") == 0) {
            p->pidfile = next(&c, kw);
        } else if (strcmp(kw, "shimpidfile") == 0) {
            p->shimpidfile = next(&c, kw);
        } else if (strcmp(kw, "join") == 0) {
            p->join_pid = (int)parse_num(&c, next(&c, kw), 10, "pid");
        } else if (strcmp(kw, "nethelper") == 0) {
            PUSH(p->nethelper, p->nnethelper, (char *)next(&c, kw));
        } else if (strcmp(kw, "nethelperpid") == 0) {
            p->nethelper_pid = next(&c, kw);
        } else if (strcmp(kw, "nethelperapi") == 0) {
            p->nethelper_api = next(&c, kw);
        } else if (strcmp(kw, "nethelpercall") == 0) {
            PUSH(p->nethelper_calls, p->nnethelper_calls, (char *)next(&c, kw));
        } else if (strcmp(kw, "forward") == 0) {
            struct plan_forward f;
            f.host_addr = next(&c, kw);
            f.host_port = (int)parse_num(&c, next(&c, kw), 10, "port");
            f.container_port = (int)parse_num(&c, next(&c, kw), 10, "port");
            if (f.host_port < 1 || f.host_port > 65535 || f.container_port < 1 || f.container_port > 65535)
                die(0, "plan %s: forward %s %d %d: ports are 1 to 65535", c.path, f.host_addr, f.host_port,
                    f.container_port);
            PUSH(p->forward, p->nforward, f);
        } else if (strcmp(kw, "cleanup") == 0) {
            PUSH(p->cleanup, p->ncleanup, (char *)next(&c, kw));
        } else {
            die(0, "plan %s: unknown record `%s`", path, kw);
        }
    }
    if (!p->join_pid && (!p->rootfs || (p->rootfs[0] != '/' && !p->overlay_dir)))
        die(0, "plan %s: no rootfs, absolute or under the overlay's directory", path);
    if (!p->join_pid && !(p->clone_flags & CLONE_NEWUSER) != !(p->uid_map && p->gid_map))
        die(0, "plan %s: a user namespace needs both a uid and a gid map, and maps need the namespace", path);
    if (p->nargv == 0)
        die(0, "plan %s: no command to run", path);
    if (!p->env)
        p->env = xmalloc(sizeof(char *));
    p->env[p->nenv] = NULL;
    p->argv[p->nargv] = NULL;
    if (p->cleanup)
        p->cleanup[p->ncleanup] = NULL;
    int readyfd = 0;
    for (int i = 0; i < p->nnethelper; i++)
        readyfd |= strstr(p->nethelper[i], "{readyfd}") != NULL;
    if (p->nnethelper > 0 && !p->nethelper_pid && !readyfd)
        die(0, "plan %s: a network helper needs nethelperpid or a {readyfd} argument", path);
    if (p->nnethelper_calls > 0 && !p->nethelper_api)
        die(0, "plan %s: nethelpercall needs nethelperapi", path);
    /* the buffer stays alive for the life of the process: the records point into it */
}
