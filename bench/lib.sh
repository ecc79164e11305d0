# Shared by the benchmarks: sourced, not run.

# bench_args NAME COUNT_OPTION DEFAULT_COUNT DEFAULT_USER ARGS...
# Parses what every benchmark takes: -n/COUNT_OPTION N, --user NAME, --skiff PATH,
# --podman-driver NAME and -h (the script's own usage function). Sets count, user, skiff
# (default: ./skiff of the checkout $self is in) and driver.
bench_args() {
    local name=$1 long=$2
    count=$3 user=$4
    shift 4
    skiff=$(dirname "$(dirname "$self")")/skiff
    driver=overlay
    while [ $# -gt 0 ]; do
        case $1 in
            -n|"$long") count=$2; shift 2 ;;
            --user) user=$2; shift 2 ;;
            --skiff) skiff=$2; shift 2 ;;
            --podman-driver) driver=$2; shift 2 ;;
            -h|--help) usage; exit 0 ;;
            *) echo "$name: unknown argument $1" >&2; usage >&2; exit 2 ;;
        esac
    done
    case $count in ''|*[!0-9]*|0) echo "$name: $long takes a positive number" >&2; exit 2 ;; esac
}

# bench_as_user SCRIPT USER SKIFF ARGS...
# Started as root, re-runs the benchmark SCRIPT as the unprivileged USER (with a private copy of
# the scripts, and of the distribution when USER cannot reach the checkout's SKIFF), passing
# --skiff and ARGS, then exits with its status. As any other user it returns at once.
bench_as_user() {
    local script=$1 user=$2 skiff=$3 name
    shift 3
    [ "$(id -u)" = 0 ] || return 0
    name=$(basename "$script")
    id "$user" >/dev/null 2>&1 || { echo "$name: no user $user (./test.sh as root creates skiff-test)" >&2; exit 2; }
    work=$(mktemp -d /tmp/skiff-bench-dist.XXXXXX)
    trap 'rm -rf "$work"' EXIT
    chmod 0755 "$work"
    cp "$script" "$(dirname "$script")/lib.sh" "$work/"
    if ! runuser -u "$user" -- test -x "$skiff" 2>/dev/null; then
        # The checkout is private to root: time a root-owned copy of the distribution.
        local dist
        dist=$(dirname "$(readlink -f "$skiff")")/cli/target/dist
        [ -d "$dist" ] || dist=$(dirname "$(dirname "$(readlink -f "$skiff")")")
        cp -r "$dist" "$work/dist"
        skiff=$work/dist/bin/skiff
    fi
    chmod -R go-w,a+rX "$work"
    local status=0
    cd /
    runuser -u "$user" -- /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
        bash "$work/$name" --skiff "$skiff" "$@" || status=$?
    exit "$status"
}

# bench_workspace NAME
# Makes a private, temporary HOME and XDG_RUNTIME_DIR under $bench (so neither tool's own store
# is touched) and removes them, and both tools' pause processes, on exit. A benchmark that
# starts more (a registry) sets bench_cleanup_hook to a command run first.
bench_workspace() {
    bench_name=$1
    bench=$(mktemp -d /tmp/skiff-bench.XXXXXX)
    cd "$bench"
    export HOME=$bench/home XDG_RUNTIME_DIR=$bench/run
    unset XDG_DATA_HOME XDG_CONFIG_HOME
    mkdir -p "$HOME/.config/containers" "$XDG_RUNTIME_DIR"
    chmod 0700 "$XDG_RUNTIME_DIR"
    bench_cleanup_hook=
    trap bench_cleanup EXIT
}

bench_cleanup() {
    if [ -n "$bench_cleanup_hook" ]; then $bench_cleanup_hook || true; fi
    # The stores hold files owned by subordinate ids: remove them from inside the mapping.
    podman unshare rm -rf "$HOME" "$bench/build" >/dev/null 2>&1 || true
    # each tool keeps a pause process holding its user namespace
    for pidfile in "$XDG_RUNTIME_DIR/libpod/tmp/pause.pid" "$XDG_RUNTIME_DIR/skiff/pause.pid"; do
        if [ -f "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; fi
    done
    rm -rf "$bench" 2>/dev/null || true
}

# bench_tools NAME TOOL...
# Exits when a TOOL is missing; then makes the workspace (bench_workspace NAME), the podman
# command in the array $podman (with the storage driver $driver), and a cleanup that removes
# every container of both tools on exit.
bench_tools() {
    local name=$1 tool
    shift
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "$name: $tool not found" >&2; exit 2; }
    done
    bench_workspace "$name"
    podman_driver=$driver
    podman=(podman --storage-driver "$driver")
    bench_cleanup_hook=bench_remove_all
}

bench_remove_all() {
    "$skiff" rm -f -t 0 -a >/dev/null 2>&1 || true
    "${podman[@]}" rm -f -t 0 -a >/dev/null 2>&1 || true
}

# Runs a preparation step with its output kept aside, shown only if it fails.
quietly() {
    if ! "$@" >"$bench/step.log" 2>&1; then
        echo "$bench_name: failed: $*" >&2
        cat "$bench/step.log" >&2
        exit 1
    fi
}

# bench_busybox_image IMAGE APPLET...
# busybox-static with the given applets, imported into podman (with its storage driver in
# $podman_driver), saved as a docker-archive and loaded from that into skiff, so both run the
# very same layer.
bench_busybox_image() {
    local image=$1 rootfs=$bench/rootfs applet
    shift
    mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp"
    cp /bin/busybox "$rootfs/bin/busybox"
    for applet in "$@"; do ln -s busybox "$rootfs/bin/$applet"; done
    echo 'root:x:0:0:root:/root:/bin/sh' >"$rootfs/etc/passwd"
    echo 'root:x:0:' >"$rootfs/etc/group"
    quietly tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -cf "$bench/rootfs.tar" .
    quietly podman --storage-driver "$podman_driver" import -q --change 'CMD ["sh"]' "$bench/rootfs.tar" "$image"
    quietly podman --storage-driver "$podman_driver" save -q -o "$bench/image.tar" "$image"
    quietly "$skiff" load -i "$bench/image.tar"
}
