#!/usr/bin/env bash
# Pull benchmark: `skiff pull` against `podman pull` and `skopeo copy … containers-storage:`
# of a ~200 MB multi-layer image served by a local docker-registry on 127.0.0.1. Every timed
# pull starts from an empty store; prints the medians, the ratios skiff/podman and
# skiff/skopeo, and the bytes on disk of each store after pulling two images sharing a base.
#
# Runs as an unprivileged user with a private, temporary HOME (so neither tool's own store
# is touched). Started as root, it runs itself as --user (default skiff-dev).
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench/pull.sh [-n ROUNDS] [--user NAME] [--skiff PATH] [--podman-driver DRIVER]
  -n, --rounds N          cold pulls of each tool (default 5)
  --user NAME             the unprivileged user to run as when started as root (default skiff-dev)
  --skiff PATH            the skiff launcher to time (default: ./skiff of this checkout)
  --podman-driver NAME    containers-storage driver of podman and skopeo (default overlay)
EOF
}

self=$(readlink -f "$0")
. "$(dirname "$self")/lib.sh"
bench_args pull.sh --rounds 5 skiff-dev "$@"
rounds=$count
bench_as_user "$self" "$user" "$skiff" --rounds "$rounds" --podman-driver "$driver"

for tool in podman skopeo docker-registry "$skiff" /bin/busybox; do
    command -v "$tool" >/dev/null || { echo "pull.sh: $tool not found" >&2; exit 2; }
done

bench_workspace pull.sh
# podman and skopeo read the same storage.conf: without one a rootless store may fall back to vfs
printf '[storage]\ndriver = "%s"\n' "$driver" >"$HOME/.config/containers/storage.conf"
registry_pid=
stop_registry() { if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null; fi; }
bench_cleanup_hook=stop_registry

# The registry, on a free port.
port=
for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "pull.sh: no free port found" >&2; exit 1; }
cat >"$bench/registry.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $bench/registry
http:
  addr: 127.0.0.1:$port
EOF
docker-registry serve "$bench/registry.yml" >"$bench/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    sleep 0.1
done
registry=127.0.0.1:$port

# Two images sharing three base layers (busybox, /usr/share/locale, /usr/share/perl), each
# with a top layer of its own (32 MB of random bytes), built in a store of their own and
# seeded into the registry with skopeo.
ctx=$bench/context
mkdir -p "$ctx/base/bin" "$ctx/base/etc" "$ctx/base/tmp" "$ctx/locale" "$ctx/perl"
cp /bin/busybox "$ctx/base/bin/busybox"
for applet in sh true echo cat ls; do ln -s busybox "$ctx/base/bin/$applet"; done
echo 'root:x:0:0:root:/root:/bin/sh' >"$ctx/base/etc/passwd"
echo 'root:x:0:' >"$ctx/base/etc/group"
cp -a /usr/share/locale/. "$ctx/locale/"
cp -a /usr/share/perl/. "$ctx/perl/"
head -c 32M /dev/urandom >"$ctx/app1.bin"
head -c 32M /dev/urandom >"$ctx/app2.bin"
build=(podman --root "$bench/build/root" --runroot "$bench/build/runroot" --storage-driver overlay)
for app in app1 app2; do
    cat >"$bench/Containerfile.$app" <<EOF
FROM scratch
COPY base/ /
COPY locale/ /usr/share/locale/
COPY perl/ /usr/share/perl/
COPY $app.bin /opt/$app.bin
CMD ["sh"]
EOF
    quietly "${build[@]}" build -q --timestamp 0 -f "$bench/Containerfile.$app" -t "localhost/bench/$app:latest" "$ctx"
    quietly skopeo copy -q --dest-tls-verify=false \
        "containers-storage:[overlay@$bench/build/root+$bench/build/runroot]localhost/bench/$app:latest" \
        "docker://$registry/bench/$app:latest"
done
image1=$registry/bench/app1:latest
image2=$registry/bench/app2:latest

skiff_store=$HOME/.local/share/skiff
podman_store=$HOME/.local/share/containers/storage
# Empties every tool's store (podman and skopeo share containers-storage's default store).
empty_stores() {
    podman unshare rm -rf "$skiff_store" "$podman_store" >/dev/null 2>&1 || true
}

skiff_pull() { "$skiff" pull -q --tls-verify=false "$1"; }
podman_pull() { podman pull -q --tls-verify=false "$1"; }
skopeo_pull() { skopeo copy -q --src-tls-verify=false "docker://$1" "containers-storage:$1"; }

# Milliseconds that one cold pull of image $2 by $1 took; stops the benchmark if it fails.
time_one() {
    local start end
    empty_stores
    start=$EPOCHREALTIME
    if ! "$1" "$2" >/dev/null 2>"$bench/err"; then
        echo "pull.sh: $1 $2 failed:" >&2
        cat "$bench/err" >&2
        exit 1
    fi
    end=$EPOCHREALTIME
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f\n", (e - s) * 1000 }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
range() { sort -n | awk 'NR == 1 { min = $1 } { max = $1 } END { printf "min %s, max %s", min, max }'; }

# one untimed round, so every tool starts with warm page caches
for tool in skiff_pull podman_pull skopeo_pull; do time_one "$tool" "$image1" >/dev/null; done

tools=(skiff_pull podman_pull skopeo_pull)
for tool in "${tools[@]}"; do : >"$bench/$tool.ms"; done
for i in $(seq 1 "$rounds"); do
    # rotate the order, so no tool always runs first
    for j in 0 1 2; do
        tool=${tools[$(((i + j) % 3))]}
        time_one "$tool" "$image1" >>"$bench/$tool.ms"
    done
done

# Bytes on disk after pulling both images (sharing their three base layers) into one store.
bytes_after() {
    empty_stores
    quietly "$1" "$image1"
    quietly "$1" "$image2"
    podman unshare du -sb "$2" | cut -f1
}
skiff_bytes=$(bytes_after skiff_pull "$skiff_store")
podman_bytes=$(bytes_after podman_pull "$podman_store")
skopeo_bytes=$(bytes_after skopeo_pull "$podman_store")
empty_stores

image_bytes=$(awk -v s="$(podman unshare du -sb "$bench/registry" | cut -f1)" 'BEGIN { printf "%.0f", s / 1048576 }')
echo "image $image1: 4 layers, ${image_bytes} MB compressed in the registry for both images"
skiff_median=$(median <"$bench/skiff_pull.ms")
podman_median=$(median <"$bench/podman_pull.ms")
skopeo_median=$(median <"$bench/skopeo_pull.ms")
report() { printf '%-42s median %s ms (%s) over %s cold pulls\n' "$1" "$2" "$(range <"$bench/$3.ms")" "$rounds"; }
report "skiff pull" "$skiff_median" skiff_pull
report "podman pull (storage driver $driver)" "$podman_median" podman_pull
report "skopeo copy docker:// containers-storage:" "$skopeo_median" skopeo_pull
awk -v s="$skiff_median" -v p="$podman_median" -v k="$skopeo_median" \
    'BEGIN { printf "ratio skiff/podman: %.2f (target ≤ 0.80)\nratio skiff/skopeo: %.2f\n", s / p, s / k }'
echo "bytes on disk after pulling app1 and app2 (three shared base layers):"
echo "  skiff   $skiff_bytes"
echo "  podman  $podman_bytes"
echo "  skopeo  $skopeo_bytes"
awk -v s="$skiff_bytes" -v p="$podman_bytes" 'BEGIN { printf "ratio bytes skiff/podman: %.2f (target ≤ 1.00)\n", s / p }'
