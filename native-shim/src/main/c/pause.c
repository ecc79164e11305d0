/* The program of skiff's embedded `skiff-pause` image, a pod's infra container: it holds the pod's
 * namespaces, asleep, until SIGTERM or SIGINT. No libc. */
static long sys4(long n, long a, long b, long c, long d)
{
    long ret;
    register long r10 __asm__("r10") = d;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10) : "rcx", "r11", "memory");
    return ret;
}

static void quit(int sig)
{
    (void)sig;
    sys4(60 /* exit */, 0, 0, 0, 0);
}

/* never reached (quit does not return), but x86-64 delivers a handled signal only with one */
static void restorer(void)
{
    sys4(15 /* rt_sigreturn */, 0, 0, 0, 0);
}

struct k_sigaction {
    void (*handler)(int);
    unsigned long flags;
    void (*restorer)(void);
    unsigned long mask;
};

void _start(void)
{
    struct k_sigaction sa = { quit, 0x04000000 /* SA_RESTORER */, restorer, 0 };
    sys4(13 /* rt_sigaction */, 15 /* SIGTERM */, (long)&sa, 0, 8);
    sys4(13 /* rt_sigaction */, 2 /* SIGINT */, (long)&sa, 0, 8);
    for (;;)
        sys4(34 /* pause */, 0, 0, 0, 0);
}
