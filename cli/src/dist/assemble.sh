#!/bin/bash
# Lays out the skiff distribution: lib/skiff.jar (skiff and its libraries in one jar),
# lib/native, libexec/skiff-shim, bin/skiff, the JDK it was built with, and AOT caches trained
# on the commands.
set -euo pipefail
dist=$1 jar=$2 native=$3 launcher=$4 deps=$5
mkdir -p "$dist/lib" "$dist/libexec" "$dist/bin"
rm -f "$dist"/lib/*.jar "$dist"/lib/*.aot "$dist/lib/classpath"
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
# JNA's native part, unpacked once here instead of into a temp dir at every start
case $(uname -m) in x86_64) jna_arch=linux-x86-64 ;; aarch64) jna_arch=linux-aarch64 ;; *) jna_arch=linux-$(uname -m) ;; esac
rm -rf "$dist/lib/native" && mkdir -p "$dist/lib/native"
(cd "$dist/lib/native" && "$java_home/bin/jar" xf "$(ls "$deps"/jna-*.jar | head -n 1)" "com/sun/jna/$jna_arch/libjnidispatch.so" \
    && mv "com/sun/jna/$jna_arch/libjnidispatch.so" . && rm -rf com)
# zstd-jni's native part likewise; the launcher points ZstdNativePath at it
case $(uname -m) in x86_64) zstd_arch=amd64 ;; *) zstd_arch=$(uname -m) ;; esac
zstd_jar=$(ls "$deps"/zstd-jni-*.jar | head -n 1)
zstd_so=$("$java_home/bin/jar" tf "$zstd_jar" | grep -x "linux/$zstd_arch/libzstd-jni-.*\.so" | head -n 1)
(cd "$dist/lib/native" && "$java_home/bin/jar" xf "$zstd_jar" "$zstd_so" && mv "$zstd_so" libzstd-jni.so && rm -rf linux)
# skiff's jar first, then its libraries' (see DistJar.java)
"$java_home/bin/java" "$(dirname "$0")/DistJar.java" "$dist/lib/skiff.jar" "$jar" $(ls "$deps"/*.jar | sort)
install -m 0755 "$native/skiff-shim" "$dist/libexec/skiff-shim"
install -m 0755 "$launcher" "$dist/bin/skiff"
echo "$java_home" > "$dist/java-home"

# Train the AOT caches with the launcher's JVM flags and the same class path it will use: one
# for the commands that start containers, one for the other short commands, one (with a pull)
# for those that move image data (see AotTraining.java). A stand-in skiff-shim reports each
# container's start as done, and detached starts are handed to a launcher that is not there.
cp=$dist/lib/skiff.jar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/libexec"
printf '#!/bin/sh\nexit 0\n' > "$work/libexec/skiff-shim"
chmod 0755 "$work/libexec/skiff-shim"
jvm() { # JVM-OPTIONS... CLASS [ARGS...]; the launcher's handoff (see Handoff.java) goes nowhere
    SKIFF_ROOT=$work/store SKIFF_HANDOFF_FD=7 "$java_home/bin/java" -XX:+UseSerialGC -XX:-UsePerfData -Xss1m -Xlog:disable -Xlog:all=off \
        --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
        -Djna.boot.library.path="$dist/lib/native" -Djna.nounpack=true \
        -Dskiff.libexec="$work/libexec" -cp "$cp" "$@" 7>/dev/null
}
train() { # CACHE JIT-FLAG [TRAINING-ARGS...]
    local cache=$1 jit=$2
    shift 2
    # the store starts as a user's does after a first run: with the embedded image, and the
    # default seccomp profile compiled
    rm -rf "$work/store"
    if jvm dev.skiff.cli.Main run --rm hello >/dev/null \
            && jvm -XX:AOTCacheOutput="$dist/lib/$cache" $jit dev.skiff.cli.AotTraining "$@" >/dev/null \
            2> >(grep -v "^Picked up JAVA_TOOL_OPTIONS" >&2); then
        :
    else
        echo "assemble: AOT training ($cache) failed; skiff runs without it" >&2
        rm -f "$dist/lib/$cache"
    fi
}
train skiff-run.aot -XX:TieredStopAtLevel=1 run
train skiff.aot -XX:TieredStopAtLevel=1
train skiff-data.aot -XX:+TieredCompilation data
