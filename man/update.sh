#!/usr/bin/env bash
# Regenerates man/man1 from the command model: compiles what the generator needs, writes the
# pages, removes pages of commands that are gone, and checks every page renders without warnings.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}

mvn -B -q -pl man -am process-classes
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    -cp "man/target/classes:$(cat man/target/classpath)" dev.skiff.man.ManPageGenerator man/man1

if command -v groff >/dev/null; then
    status=0
    for page in man/man1/skiff*.1; do
        warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
        if [ -n "$warnings" ]; then
            printf '%s:\n%s\n' "$page" "$warnings" >&2
            status=1
        fi
    done
    exit "$status"
fi
echo "update.sh: groff not found; pages not checked for rendering warnings" >&2
