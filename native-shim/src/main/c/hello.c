/* The program of skiff's embedded `hello` image: no libc, two system calls. */
static const char greeting[] =
    "\n"
    "Hello from skiff!\n"
    "\n"
    "This message shows that skiff can run a container rootless:\n"
    " 1. skiff entered a user namespace mapped from your subordinate ids.\n"
    " 2. skiff-shim supervised a container with its own PID, mount, UTS, IPC,\n"
    "    network and cgroup namespaces, on an overlay of the image's layers.\n"
    " 3. This program ran as PID 1 inside it and wrote to your terminal.\n"
    "\n"
    "Try something bigger:\n"
    " $ skiff load -i busybox.tar && skiff run --rm -i busybox sh\n"
    "\n";

static long sys3(long n, long a, long b, long c)
{
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return ret;
}

void _start(void)
{
    long rc = sys3(1 /* write */, 1, (long)greeting, sizeof(greeting) - 1);
    sys3(60 /* exit */, rc == (long)(sizeof(greeting) - 1) ? 0 : 1, 0, 0);
    for (;;) {}
}
