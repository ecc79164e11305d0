#!/usr/bin/env bash
# Start-up benchmark: `skiff run --rm IMAGE true` against
# `podman --runtime runc run --rm --network none IMAGE true` on the same busybox image,
# loaded into both stores, run alternately; prints both medians and their ratio.
#
# Runs as an unprivileged user with a private, temporary HOME (so neither tool's own store
# is touched). Started as root, it runs itself as --user (default skiff-test).
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench/startup.sh [-n RUNS] [--user NAME] [--skiff PATH] [--podman-driver DRIVER]
  -n, --runs N           timed runs of each tool (default 20), after 2 untimed ones
  --user NAME            the unprivileged user to run as when started as root (default skiff-test)
  --skiff PATH           the skiff launcher to time (default: ./skiff of this checkout)
  --podman-driver NAME   podman's storage driver (default overlay)
EOF
}

runs=20
user=skiff-test
self=$(readlink -f "$0")
repo=$(dirname "$(dirname "$self")")
skiff=$repo/skiff
driver=overlay
while [ $# -gt 0 ]; do
    case $1 in
        -n|--runs) runs=$2; shift 2 ;;
        --user) user=$2; shift 2 ;;
        --skiff) skiff=$2; shift 2 ;;
        --podman-driver) driver=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "startup.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
    esac
done
case $runs in ''|*[!0-9]*|0) echo "startup.sh: --runs takes a positive number" >&2; exit 2 ;; esac

. "$(dirname "$self")/lib.sh"
bench_as_user "$self" "$user" "$skiff" --runs "$runs" --podman-driver "$driver"

for tool in podman runc "$skiff" /bin/busybox; do
    command -v "$tool" >/dev/null || { echo "startup.sh: $tool not found" >&2; exit 2; }
done

bench=$(mktemp -d /tmp/skiff-bench.XXXXXX)
cd "$bench"
export HOME=$bench/home XDG_RUNTIME_DIR=$bench/run
unset XDG_DATA_HOME XDG_CONFIG_HOME
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 0700 "$XDG_RUNTIME_DIR"
podman=(podman --storage-driver "$driver")

cleanup() {
    # Both stores hold files owned by subordinate ids: remove them from inside the mapping.
    "${podman[@]}" unshare rm -rf "$HOME" >/dev/null 2>&1 || true
    # each tool keeps a pause process holding its user namespace
    for pidfile in "$XDG_RUNTIME_DIR/libpod/tmp/pause.pid" "$XDG_RUNTIME_DIR/skiff/pause.pid"; do
        if [ -f "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; fi
    done
    rm -rf "$bench" 2>/dev/null || true
}
trap cleanup EXIT

# The image: busybox-static with the applets the runs need, imported into podman, saved as a
# docker-archive and loaded from that into skiff, so both run the very same layer.
image=localhost/skiff-bench-busybox:latest
rootfs=$bench/rootfs
mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp"
cp /bin/busybox "$rootfs/bin/busybox"
for applet in sh true echo cat ls; do ln -s busybox "$rootfs/bin/$applet"; done
echo 'root:x:0:0:root:/root:/bin/sh' > "$rootfs/etc/passwd"
echo 'root:x:0:' > "$rootfs/etc/group"
# Runs a preparation step with its output kept aside, shown only if it fails.
quietly() {
    if ! "$@" >"$bench/step.log" 2>&1; then
        echo "startup.sh: failed: $*" >&2
        cat "$bench/step.log" >&2
        exit 1
    fi
}
quietly tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -cf "$bench/rootfs.tar" .
quietly "${podman[@]}" import -q --change 'CMD ["sh"]' "$bench/rootfs.tar" "$image"
quietly "${podman[@]}" save -q -o "$bench/image.tar" "$image"
quietly "$skiff" load -i "$bench/image.tar"

skiff_run() { "$skiff" run --rm "$image" true; }
podman_run() { "${podman[@]}" --runtime runc run --rm --network none "$image" true; }

# Milliseconds that one run of $1 took; stops the benchmark if the run fails.
time_one() {
    local start end
    start=$EPOCHREALTIME
    if ! "$1" >/dev/null 2>"$bench/err"; then
        echo "startup.sh: $1 failed:" >&2
        cat "$bench/err" >&2
        exit 1
    fi
    end=$EPOCHREALTIME
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f\n", (e - s) * 1000 }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
range() { sort -n | awk 'NR == 1 { min = $1 } { max = $1 } END { printf "min %s, max %s", min, max }'; }

for _ in 1 2; do time_one skiff_run >/dev/null; time_one podman_run >/dev/null; done

: >"$bench/skiff.ms"
: >"$bench/podman.ms"
for i in $(seq 1 "$runs"); do
    if [ $((i % 2)) = 1 ]; then
        time_one skiff_run >>"$bench/skiff.ms"
        time_one podman_run >>"$bench/podman.ms"
    else
        time_one podman_run >>"$bench/podman.ms"
        time_one skiff_run >>"$bench/skiff.ms"
    fi
done

skiff_median=$(median <"$bench/skiff.ms")
podman_median=$(median <"$bench/podman.ms")
echo "skiff run --rm $image true"
echo "  median $skiff_median ms ($(range <"$bench/skiff.ms")) over $runs runs"
echo "podman --runtime runc run --rm --network none $image true (storage driver $driver)"
echo "  median $podman_median ms ($(range <"$bench/podman.ms")) over $runs runs"
awk -v s="$skiff_median" -v p="$podman_median" 'BEGIN { printf "ratio skiff/podman: %.2f\n", s / p }'
