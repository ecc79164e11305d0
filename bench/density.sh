#!/usr/bin/env bash
# Density benchmark: starts N detached `sleep` containers with `skiff run -d --network none` and
# with `podman --runtime runc run -d --network none`, taking turns, on the same busybox image
# loaded into both stores, and prints each tool's total wall time and the summed RSS of its
# per-container supervisors (skiff-shim supervise against conmon), with the ratios.
#
# Runs as an unprivileged user with a private, temporary HOME. Started as root, it runs itself
# as --user (default skiff-test).
set -euo pipefail

usage() {
    cat <<'USAGE'
usage: bench/density.sh [-n CONTAINERS] [--user NAME] [--skiff PATH] [--podman-driver DRIVER]
  -n, --containers N     containers each tool starts (default 50)
  --user NAME            the unprivileged user to run as when started as root (default skiff-test)
  --skiff PATH           the skiff launcher to measure (default: ./skiff of this checkout)
  --podman-driver NAME   podman's storage driver (default overlay)
USAGE
}

self=$(readlink -f "$0")
. "$(dirname "$self")/lib.sh"
bench_args density.sh --containers 50 skiff-test "$@"
bench_as_user "$self" "$user" "$skiff" --containers "$count" --podman-driver "$driver"

bench_tools density.sh podman runc "$skiff" /bin/busybox

image=localhost/skiff-bench-busybox:latest
bench_busybox_image "$image" sh sleep true

# Summed VmRSS (kB) of this user's processes running the program named $1 with first argument $2
# (any, when empty).
rss_of() {
    local total=0 dir argv0 argv1 rss
    for dir in /proc/[0-9]*; do
        [ -O "$dir" ] || continue
        argv0= argv1=
        { IFS= read -r -d '' argv0 && IFS= read -r -d '' argv1; } <"$dir/cmdline" 2>/dev/null || true
        [ "$(basename "${argv0:-/}")" = "$1" ] || continue
        [ -z "$2" ] || [ "$argv1" = "$2" ] || continue
        rss=$(awk '/^VmRSS:/ { print $2 }' "$dir/status" 2>/dev/null) || continue
        total=$((total + ${rss:-0}))
    done
    echo "$total"
}

# Seconds that starting one container with "$@" took; container $1 of the run for the error.
start_one() {
    local n=$1 start end
    shift
    start=$EPOCHREALTIME
    if ! "$@" >/dev/null 2>"$bench/err"; then
        echo "density.sh: container $n failed: $*" >&2
        cat "$bench/err" >&2
        exit 1
    fi
    end=$EPOCHREALTIME
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f\n", e - s }'
}

# warm both up: the first run of each pays for caches and pause processes
quietly "$skiff" run --rm "$image" true
quietly "${podman[@]}" --runtime runc run --rm --network none "$image" true

# The tools take turns, one container each, so that both meet the machine in the same state
# (a busy moment on a small machine would otherwise fall on one of them); each total is the
# sum of that tool's starts.
: >"$bench/skiff.s"
: >"$bench/podman.s"
for i in $(seq 1 "$count"); do
    start_one "$i" "$skiff" run -d --network none "$image" sleep 3600 >>"$bench/skiff.s"
    start_one "$i" "${podman[@]}" --runtime runc run -d --network none "$image" sleep 3600 >>"$bench/podman.s"
done
skiff_s=$(awk '{ t += $1 } END { printf "%.2f\n", t }' "$bench/skiff.s")
podman_s=$(awk '{ t += $1 } END { printf "%.2f\n", t }' "$bench/podman.s")
sleep 1
skiff_kb=$(rss_of skiff-shim supervise)
podman_kb=$(rss_of conmon "")
skiff_n=$("$skiff" ps -q | wc -l)
podman_n=$("${podman[@]}" ps -q | wc -l)
"$skiff" rm -f -t 0 -a >/dev/null
"${podman[@]}" rm -f -t 0 -a >/dev/null

echo "$count detached containers of $image running sleep"
echo "  skiff:  $skiff_s s to start, $skiff_n running, supervisors (skiff-shim) $skiff_kb kB RSS in total"
echo "  podman: $podman_s s to start, $podman_n running, supervisors (conmon) $podman_kb kB RSS in total (runc, $driver)"
awk -v s="$skiff_s" -v p="$podman_s" 'BEGIN { printf "ratio skiff/podman wall time: %.2f\n", s / p }'
awk -v s="$skiff_kb" -v p="$podman_kb" 'BEGIN { if (p > 0) printf "ratio skiff/podman supervisor RSS: %.2f\n", s / p }'
