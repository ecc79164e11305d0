#!/usr/bin/env bash
# Start-up benchmark: `skiff run --rm --network none IMAGE true` against
# `podman --runtime runc run --rm --network none IMAGE true` on the same busybox image,
# loaded into both stores, run alternately; prints both medians and their ratio. Neither
# starts a network helper (pasta, slirp4netns), whose start-up is its own.
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

self=$(readlink -f "$0")
. "$(dirname "$self")/lib.sh"
bench_args startup.sh --runs 20 skiff-test "$@"
runs=$count
bench_as_user "$self" "$user" "$skiff" --runs "$runs" --podman-driver "$driver"

for tool in podman runc "$skiff" /bin/busybox; do
    command -v "$tool" >/dev/null || { echo "startup.sh: $tool not found" >&2; exit 2; }
done

bench_workspace startup.sh
podman_driver=$driver
podman=(podman --storage-driver "$driver")

image=localhost/skiff-bench-busybox:latest
bench_busybox_image "$image" sh true echo cat ls

skiff_run() { "$skiff" run --rm --network none "$image" true; }
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
echo "skiff run --rm --network none $image true"
echo "  median $skiff_median ms ($(range <"$bench/skiff.ms")) over $runs runs"
echo "podman --runtime runc run --rm --network none $image true (storage driver $driver)"
echo "  median $podman_median ms ($(range <"$bench/podman.ms")) over $runs runs"
awk -v s="$skiff_median" -v p="$podman_median" 'BEGIN { printf "ratio skiff/podman: %.2f\n", s / p }'
