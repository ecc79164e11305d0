#!/bin/bash
# Lays out the skiff distribution: lib/ (jars in a fixed order), libexec/skiff-shim,
# bin/skiff, the JDK it was built with, and an AOT cache trained on common commands.
set -euo pipefail
dist=$1 jar=$2 native=$3 launcher=$4
mkdir -p "$dist/lib" "$dist/libexec" "$dist/bin"
cp "$jar" "$dist/lib/skiff-cli.jar"
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
# jars as the AOT cache can serve them: picocli's Java 5 classes upgraded, xz's sealed package
# unsealed (see AotJars.java)
"$java_home/bin/java" "$(dirname "$0")/AotJars.java" "$dist"/lib/*.jar
# JNA's native part, unpacked once here instead of into a temp dir at every start
case $(uname -m) in x86_64) jna_arch=linux-x86-64 ;; aarch64) jna_arch=linux-aarch64 ;; *) jna_arch=linux-$(uname -m) ;; esac
rm -rf "$dist/lib/native" && mkdir -p "$dist/lib/native"
(cd "$dist/lib/native" && "$java_home/bin/jar" xf "$(ls "$dist"/lib/jna-*.jar | head -n 1)" "com/sun/jna/$jna_arch/libjnidispatch.so" \
    && mv "com/sun/jna/$jna_arch/libjnidispatch.so" . && rm -rf com)
# zstd-jni's native part likewise; the launcher points ZstdNativePath at it
case $(uname -m) in x86_64) zstd_arch=amd64 ;; *) zstd_arch=$(uname -m) ;; esac
zstd_jar=$(ls "$dist"/lib/zstd-jni-*.jar | head -n 1)
zstd_so=$("$java_home/bin/jar" tf "$zstd_jar" | grep -x "linux/$zstd_arch/libzstd-jni-.*\.so" | head -n 1)
(cd "$dist/lib/native" && "$java_home/bin/jar" xf "$zstd_jar" "$zstd_so" && mv "$zstd_so" libzstd-jni.so && rm -rf linux)
(cd "$dist/lib" && { echo skiff-cli.jar; ls *.jar | grep -vx skiff-cli.jar | sort; } > classpath)
install -m 0755 "$native/skiff-shim" "$dist/libexec/skiff-shim"
install -m 0755 "$launcher" "$dist/bin/skiff"
echo "$java_home" > "$dist/java-home"

# Train the AOT caches with the launcher's JVM flags and the same class path it will use: one
# for the common commands, one (with a pull) for those that move image data.
cp=
while IFS= read -r j; do cp="$cp${cp:+:}$dist/lib/$j"; done < "$dist/lib/classpath"
store=$(mktemp -d)
trap 'rm -rf "$store"' EXIT
train() { # CACHE JIT-FLAG [TRAINING-ARGS...]
    local cache=$1 jit=$2
    shift 2
    rm -rf "${store:?}"/*
    if SKIFF_ROOT=$store "$java_home/bin/java" -XX:AOTCacheOutput="$dist/lib/$cache" \
            -XX:+UseSerialGC $jit -XX:-UsePerfData -Xss1m -Xlog:disable -Xlog:all=off \
            --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
            -Djna.boot.library.path="$dist/lib/native" -Djna.nounpack=true \
            -Dskiff.libexec=/nonexistent -cp "$cp" dev.skiff.cli.AotTraining "$@" >/dev/null \
            2> >(grep -v "^Picked up JAVA_TOOL_OPTIONS" >&2); then
        :
    else
        echo "assemble: AOT training ($cache) failed; skiff runs without it" >&2
        rm -f "$dist/lib/$cache"
    fi
}
train skiff.aot -XX:TieredStopAtLevel=1
train skiff-data.aot -XX:+TieredCompilation data
