#!/usr/bin/env bash
# Network benchmark: TCP throughput from the host into a published port. A container of the same
# busybox image counts what arrives (`nc -l | wc -c`) behind `-p 127.0.0.1:PORT:5001`, with skiff
# (pasta) and with podman (--runtime runc; its rootless default, slirp4netns and rootlessport),
# while the host sends SIZE megabytes through busybox nc. Prints each tool's MB/s and the ratio.
#
# Runs as an unprivileged user with a private, temporary HOME. Started as root, it runs itself
# as --user (default skiff-test).
set -euo pipefail

usage() {
    cat <<'USAGE'
usage: bench/net.sh [-n MEGABYTES] [--user NAME] [--skiff PATH] [--podman-driver DRIVER]
  -n, --megabytes N      how much the host sends each time (default 200)
  --user NAME            the unprivileged user to run as when started as root (default skiff-test)
  --skiff PATH           the skiff launcher to measure (default: ./skiff of this checkout)
  --podman-driver NAME   podman's storage driver (default overlay)
USAGE
}

self=$(readlink -f "$0")
. "$(dirname "$self")/lib.sh"
bench_args net.sh --megabytes 200 skiff-test "$@"
bench_as_user "$self" "$user" "$skiff" --megabytes "$count" --podman-driver "$driver"

bench_tools net.sh podman runc pasta slirp4netns "$skiff" /bin/busybox

image=localhost/skiff-bench-busybox:latest
bench_busybox_image "$image" sh nc wc true mkfifo

# A port nothing listens on at 127.0.0.1.
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}

# MB/s of $count MB sent to a container that TOOL ("$@" up to `run`) started, measured from the
# first byte sent until the container's listener closed the connection, once its count of what
# arrived is checked.
measure() {
    local port name=bench-net start end received
    port=$(free_port)
    # the listener's stdin never ends (a FIFO it holds open), or nc would half-close the connection
    quietly "$@" run -d --name "$name" -p "127.0.0.1:$port:5001" "$image" sh -c \
        'mkfifo /tmp/in && exec 3<>/tmp/in && nc -l -p 5001 <&3 | wc -c'
    sleep 1 # the listener starting
    start=$EPOCHREALTIME
    # the sender ends once the listener closed the connection, having read everything
    head -c "$((count * 1000000))" /dev/zero | /bin/busybox nc 127.0.0.1 "$port" >/dev/null 2>&1 || true
    end=$EPOCHREALTIME
    "$@" wait "$name" >/dev/null
    received=$("$@" logs "$name" | tail -n 1)
    quietly "$@" rm -f -t 0 "$name"
    if [ "$received" != "$((count * 1000000))" ]; then
        echo "net.sh: $1 received $received bytes of $((count * 1000000))" >&2
        exit 1
    fi
    awk -v s="$start" -v e="$end" -v mb="$count" 'BEGIN { printf "%.1f\n", mb / (e - s) }'
}

# warm both up: the first run of each pays for caches and pause processes
quietly "$skiff" run --rm "$image" true
quietly "${podman[@]}" --runtime runc run --rm "$image" true

skiff_mbs=$(measure "$skiff")
podman_mbs=$(measure "${podman[@]}" --runtime runc)

echo "$count MB from the host into a published port (127.0.0.1), busybox nc on both ends"
echo "  skiff (pasta):                     $skiff_mbs MB/s"
echo "  podman (slirp4netns, rootlessport): $podman_mbs MB/s (runc, $driver)"
awk -v s="$skiff_mbs" -v p="$podman_mbs" 'BEGIN { printf "ratio skiff/podman throughput: %.2f\n", s / p }'
