#!/usr/bin/env bash
# Network benchmark: TCP throughput from the host into a published port. A container of the same
# image counts what arrives (a small C program reading 1 MiB at a time, so that the endpoints are
# not what is measured) behind `-p 127.0.0.1:PORT:5001`, with skiff (pasta for the network, the
# loopback port relayed by skiff-shim forward) and with podman (--runtime runc; its rootless
# default, slirp4netns and rootlessport), while the host writes SIZE megabytes into the port with
# dd through bash's /dev/tcp. Five rounds, the tools taking turns; prints each tool's median MB/s
# and the ratio of the medians.
#
# Runs as an unprivileged user with a private, temporary HOME. Started as root, it runs itself
# as --user (default skiff-test).
set -euo pipefail

usage() {
    cat <<'USAGE'
usage: bench/net.sh [-n MEGABYTES] [--user NAME] [--skiff PATH] [--podman-driver DRIVER]
  -n, --megabytes N      how much the host sends each time (default 1000)
  --user NAME            the unprivileged user to run as when started as root (default skiff-test)
  --skiff PATH           the skiff launcher to measure (default: ./skiff of this checkout)
  --podman-driver NAME   podman's storage driver (default overlay)
USAGE
}

self=$(readlink -f "$0")
. "$(dirname "$self")/lib.sh"
bench_args net.sh --megabytes 1000 skiff-test "$@"
bench_as_user "$self" "$user" "$skiff" --megabytes "$count" --podman-driver "$driver"

bench_tools net.sh podman runc pasta slirp4netns gcc "$skiff" /bin/busybox

image=localhost/skiff-bench-busybox:latest
# the receiver: one connection's bytes counted, 1 MiB a read
mkdir -p "$bench/rootfs/bin"
cat >"$bench/sink.c" <<'SINK'
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
int main(int argc, char **argv)
{
    int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])) };
    if (argc < 2 || s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) < 0 || listen(s, 1) < 0)
        return 1;
    int c = accept(s, NULL, NULL);
    static char buf[1 << 20];
    long long total = 0;
    ssize_t n;
    while ((n = read(c, buf, sizeof buf)) > 0)
        total += n;
    printf("%lld\n", total);
    return 0;
}
SINK
quietly gcc -O2 -static -o "$bench/rootfs/bin/sink" "$bench/sink.c"
bench_busybox_image "$image" sh true

# A port nothing listens on at 127.0.0.1.
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}

# MB/s of $count MiB sent to a container that TOOL ("$@" up to `run`) started, measured from the
# first byte written until the last is, once the container's count of what arrived is checked.
measure() {
    local port name=bench-net start end received
    port=$(free_port)
    quietly "$@" run -d --name "$name" -p "127.0.0.1:$port:5001" "$image" sink 5001
    sleep 1 # the listener starting
    start=$EPOCHREALTIME
    dd if=/dev/zero bs=1M count="$count" status=none >"/dev/tcp/127.0.0.1/$port"
    end=$EPOCHREALTIME
    "$@" wait "$name" >/dev/null
    received=$("$@" logs "$name" | tail -n 1)
    quietly "$@" rm -f -t 0 "$name"
    if [ "$received" != "$((count * 1048576))" ]; then
        echo "net.sh: $1 received $received bytes of $((count * 1048576))" >&2
        exit 1
    fi
    awk -v s="$start" -v e="$end" -v mb="$count" 'BEGIN { printf "%.1f\n", mb * 1.048576 / (e - s) }'
}

# warm both up: the first run of each pays for caches and pause processes
quietly "$skiff" run --rm "$image" true
quietly "${podman[@]}" --runtime runc run --rm "$image" true

median() {
    printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

skiff_runs=() podman_runs=()
for round in 1 2 3 4 5; do
    skiff_runs+=("$(measure "$skiff")")
    podman_runs+=("$(measure "${podman[@]}" --runtime runc)")
done
skiff_mbs=$(median "${skiff_runs[@]}")
podman_mbs=$(median "${podman_runs[@]}")

echo "$count MiB from the host into a published port (127.0.0.1), five rounds each: dd into /dev/tcp, a C reader in the container"
echo "  skiff (pasta, skiff-shim forward):  median $skiff_mbs MB/s (rounds: ${skiff_runs[*]})"
echo "  podman (slirp4netns, rootlessport): median $podman_mbs MB/s (rounds: ${podman_runs[*]}; runc, $driver)"
awk -v s="$skiff_mbs" -v p="$podman_mbs" 'BEGIN { printf "ratio skiff/podman throughput: %.2f\n", s / p }'
