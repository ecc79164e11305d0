#!/usr/bin/env bash
# The whole test suite: builds skiff, runs every module's unit tests, then the integration
# tests, which run the real `skiff` as an unprivileged user.
#
# As root (CI, or `sudo ./test.sh` on a fresh Debian 12 machine) it first installs what the
# tests need, creates the test user with subordinate ids and opens /dev/net/tun to users.
# As an ordinary user it skips that setup, runs skiff as that user and says what is missing.
set -euo pipefail

cd "$(dirname "$(readlink -f "$0")")"
repo=$PWD
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export DEBIAN_FRONTEND=noninteractive
# Maven 3.8 on Java 25 warns about its own use of sun.misc.Unsafe unless this is allowed.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
test_user=${SKIFF_TEST_USER:-skiff-test}
packages=(maven gcc make libc6-dev procps util-linux uidmap busybox-static skopeo podman catatonit runc
          passt slirp4netns fuse-overlayfs docker-registry apache2-utils openssl
          qemu-system-x86 systemd)
log=$(mktemp /tmp/skiff-test.XXXXXX.log)
stamp=
work=

say() { printf 'test.sh: %s\n' "$*"; }

cleanup() { rm -rf "$log" ${stamp:+"$stamp"} ${work:+"$work"}; }
trap cleanup EXIT

# Runs a setup step quietly; on failure shows the end of its log and stops.
quietly() {
    local what=$1; shift
    if ! "$@" </dev/null >>"$log" 2>&1; then
        say "$what failed; the last lines of $log:" >&2
        tail -n 40 "$log" >&2
        exit 1
    fi
}

missing_packages() {
    local p
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
    done
}

# The first free start above every range already handed out in a subordinate-id file.
next_free_range() {
    awk -F: 'BEGIN { end = 100000 } NF >= 3 && $2 + $3 > end { end = $2 + $3 } END { print end }' "$1"
}

ensure_subordinate_ids() {
    local file=$1 uid
    uid=$(id -u "$test_user")
    if grep -q -e "^$test_user:" -e "^$uid:" "$file"; then return 0; fi
    echo "$test_user:$(next_free_range "$file"):65536" >> "$file"
}

setup_as_root() {
    local missing
    missing=$(missing_packages | tr '\n' ' ')
    if [ -n "${missing// }" ]; then
        say "installing $missing"
        quietly "apt-get update" apt-get update -q
        # shellcheck disable=SC2086
        quietly "apt-get install" apt-get install -y -q --no-install-recommends $missing
    fi
    if ! id "$test_user" >/dev/null 2>&1; then
        say "creating the test user $test_user"
        quietly "useradd" useradd --create-home --shell /bin/bash "$test_user"
    fi
    touch /etc/subuid /etc/subgid
    ensure_subordinate_ids /etc/subuid
    ensure_subordinate_ids /etc/subgid
    if [ -e /dev/net/tun ]; then chmod 0666 /dev/net/tun; fi
}

# Prints what an ordinary user lacks for the integration tests, one item a line.
lacks_as_user() {
    local me
    me=$(id -un)
    command -v newuidmap >/dev/null || echo "newuidmap and newgidmap (Debian package uidmap)"
    [ -x /bin/busybox ] || echo "/bin/busybox (Debian package busybox-static)"
    command -v skopeo >/dev/null || echo "skopeo (Debian package skopeo)"
    grep -q -e "^$me:" -e "^$(id -u):" /etc/subuid 2>/dev/null || echo "a line for $me in /etc/subuid"
    grep -q -e "^$me:" -e "^$(id -u):" /etc/subgid 2>/dev/null || echo "a line for $me in /etc/subgid"
    return 0
}

# Adds up the Surefire reports of every module: "passed failed skipped".
count_results() {
    find . -path '*/target/surefire-reports/TEST-*.xml' -print0 2>/dev/null |
        xargs -0 -r awk '
            function attr(name) { return match($0, " " name "=\"[0-9]+\"") ? substr($0, RSTART + length(name) + 3, RLENGTH - length(name) - 4) + 0 : 0 }
            FNR == 1 { seen = 0 }
            !seen && /<testsuite / { seen = 1; t += attr("tests"); f += attr("failures") + attr("errors"); s += attr("skipped") }
            END { printf "%d %d %d\n", t - f - s, f, s }' |
        awk '{ p += $1; f += $2; s += $3 } END { printf "%d %d %d\n", p, f, s }'
}

lacking=
if [ "$(id -u)" = 0 ]; then
    setup_as_root
    it_user=$test_user
else
    it_user=$(id -un)
    lacking=$(lacks_as_user)
fi
if [ ! -x "$JAVA_HOME/bin/java" ]; then
    say "no JDK at JAVA_HOME=$JAVA_HOME; set JAVA_HOME to a Java 25 JDK" >&2
    exit 1
fi

find . -path '*/target/surefire-reports' -type d -prune -exec rm -rf {} + 2>/dev/null || true
stamp=$(mktemp /tmp/skiff-test-stamp.XXXXXX)
status=0

say "building skiff and running the unit tests"
# A hung test must not hold CI for its whole allowance: each Maven run has a deadline.
timeout -k 30 1500 mvn -B -ntp -fae package -Dskiff.it.skip=true || status=1

if [ ! -f cli/target/dist/lib/skiff.jar ] || [ cli/target/dist/lib/skiff.jar -ot "$stamp" ]; then
    say "the build produced no distribution; integration tests not run" >&2
    status=1
elif [ -n "$lacking" ]; then
    say "integration tests not run; $(id -un) needs:" >&2
    printf '%s\n' "$lacking" | sed 's/^/  - /' >&2
    say "run ./test.sh once as root (sudo ./test.sh) to install and set these up" >&2
    status=1
else
    skiff_bin=$repo/skiff
    if [ "$(id -u)" = 0 ] && ! runuser -u "$it_user" -- test -x "$repo/skiff" -a -r "$repo/cli/target/dist/lib/skiff.jar" 2>/dev/null; then
        # The checkout is not reachable by the test user (e.g. under /root): run a copy of the
        # distribution from a root-owned directory that the test user may only read.
        work=$(mktemp -d /tmp/skiff-test-dist.XXXXXX)
        chmod 0755 "$work"
        cp -r cli/target/dist "$work/dist"
        chmod -R go-w,a+rX "$work/dist"
        skiff_bin=$work/dist/bin/skiff
    fi
    echo
    say "running the integration tests as $it_user with $skiff_bin"
    timeout -k 30 1200 mvn -B -ntp -f tests-integration/pom.xml test -Dskiff.bin="$skiff_bin" -Dskiff.it.user="$it_user" || status=1
fi

read -r passed failed skipped < <(count_results)
echo
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then say "FAILED: see the messages above"; fi
echo "Summary: $passed passed, $failed failed, $skipped skipped"
exit "$status"
