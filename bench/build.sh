#!/usr/bin/env bash
# Build benchmark: the same small multi-stage project (a build stage that transforms 200 source
# files, a final stage that copies its output and sets the config) built with `skiff build` and
# with `podman build` (buildah, runc), both with --network none on the same busybox base image
# loaded into both stores. Prints the median wall time of N cold builds (--no-cache: every step
# runs) and of N fully cached builds (nothing changed: every step is a cache hit), with ratios.
#
# Runs as an unprivileged user with a private, temporary HOME. Started as root, it runs itself
# as --user (default skiff-test).
set -euo pipefail

usage() {
    cat <<'USAGE'
usage: bench/build.sh [-n RUNS] [--user NAME] [--skiff PATH] [--podman-driver DRIVER]
  -n, --runs N           builds of each kind per tool; the median counts (default 5)
  --user NAME            the unprivileged user to run as when started as root (default skiff-test)
  --skiff PATH           the skiff launcher to measure (default: ./skiff of this checkout)
  --podman-driver NAME   podman's storage driver (default overlay)
USAGE
}

self=$(readlink -f "$0")
. "$(dirname "$self")/lib.sh"
bench_args build.sh --runs 5 skiff-test "$@"
bench_as_user "$self" "$user" "$skiff" --runs "$count" --podman-driver "$driver"

bench_tools build.sh podman runc "$skiff" /bin/busybox

image=localhost/skiff-bench-busybox:latest
bench_busybox_image "$image" sh mkdir tr sha256sum cat echo

project=$bench/project
mkdir -p "$project/src"
for i in $(seq 1 200); do echo "source file $i of the project" >"$project/src/f$i.txt"; done
echo "[app]" >"$project/config.ini"
printf 'notes/\n*.tmp\n' >"$project/.dockerignore"
cat >"$project/Containerfile" <<CONTAINERFILE
FROM $image AS build
WORKDIR /src
COPY src/ ./
RUN mkdir -p /out && for f in *.txt; do tr a-z A-Z < \$f > /out/\$f; done && sha256sum /out/*.txt > /out/SUMS
RUN echo compiled > /out/bin

FROM $image
COPY --from=build /out /app
COPY config.ini /etc/app.ini
ENV APP_MODE=prod
WORKDIR /app
EXPOSE 8080
CMD ["cat", "/app/SUMS"]
CONTAINERFILE

# Median seconds of $count runs of "$@".
median_of() {
    local i start end times=()
    for i in $(seq 1 "$count"); do
        start=$EPOCHREALTIME
        if ! "$@" >"$bench/out" 2>&1; then
            echo "build.sh: failed: $*" >&2
            cat "$bench/out" >&2
            exit 1
        fi
        end=$EPOCHREALTIME
        times+=("$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'
}

skiff_build=("$skiff" build --network none -t bench-app "$project")
podman_build=("${podman[@]}" --runtime runc build --network none -t bench-app "$project")

# one build of each first: both then have the base image's layers ready and the cache filled
quietly "${skiff_build[@]}"
quietly "${podman_build[@]}"

skiff_cold=$(median_of "${skiff_build[@]}" --no-cache)
podman_cold=$(median_of "${podman_build[@]}" --no-cache)
skiff_cached=$(median_of "${skiff_build[@]}")
podman_cached=$(median_of "${podman_build[@]}")

echo "multi-stage build of 200 files, $count runs each, median wall time"
echo "  skiff:  cold $skiff_cold s, cached $skiff_cached s"
echo "  podman: cold $podman_cold s, cached $podman_cached s (runc, $driver)"
awk -v s="$skiff_cold" -v p="$podman_cold" 'BEGIN { printf "ratio skiff/podman cold: %.2f (target <= 1.0)\n", s / p }'
awk -v s="$skiff_cached" -v p="$podman_cached" 'BEGIN { printf "ratio skiff/podman cached: %.2f (target <= 0.5)\n", s / p }'
