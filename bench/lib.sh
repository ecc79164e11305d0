# Shared by the benchmarks: sourced, not run.

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
