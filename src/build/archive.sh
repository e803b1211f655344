#!/usr/bin/env bash
# Builds the start-up archive for one JDK from a training run of a local estimate:
# JDK 25+ an AOT cache (-XX:AOTCacheOutput, JEP 514), older JDKs an AppCDS dynamic archive
# (-XX:ArchiveClassesAtExit). Usage: archive.sh JAVA JAR. The archive lands beside the jar as
# hf-vram-<cksum of the JDK's real path>.{jsa,aot}, the name the launcher (hf-vram) looks for;
# the flags must match the launcher's, or the JVM ignores the archive.
set -u
java="$1"; jar="$2"
real="$(readlink -f "$(command -v "$java" 2>/dev/null || echo "$java")")"
out="$(dirname "$jar")/hf-vram-$(printf '%s' "$real" | cksum | cut -d' ' -f1)"
here="$(cd "$(dirname "$0")/../.." && pwd)"
flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xlog:disable -Xlog:all=off)
version="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
major="${version%%.*}"
model="$here/fixtures/models/meta-llama--Llama-2-7b-hf"
if [ "${major:-0}" -ge 25 ] 2>/dev/null; then
  rm -f "$out.aot"
  "$java" "${flags[@]}" -XX:AOTCacheOutput="$out.aot" -jar "$jar" "$model" >/dev/null 2>&1 || true
else
  rm -f "$out.jsa"
  "$java" "${flags[@]}" -XX:ArchiveClassesAtExit="$out.jsa" -jar "$jar" "$model" >/dev/null 2>&1 || true
fi
exit 0
