#!/usr/bin/env bash
# Start-up benchmark (issue 8): whole-process wall time of a single local-folder estimate
# through the launcher, against `java -version` on the same JDK; median of N runs each.
# Usage: src/bench/startup.sh [N]   (JAVA_HOME picks the JDK; default: the java on PATH)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
n="${1:-21}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
model=fixtures/models/meta-llama--Llama-2-7b-hf
./hf-vram "$model" >/dev/null   # builds the jar and, for this JDK, the start-up archive
sleep 3                         # the archive is written in the background on a first run
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timeit() { for _ in $(seq "$n"); do
  s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); done | median; }
floor=$(timeit "$java" -version)
launcher=$(timeit ./hf-vram "$model")
json=$(timeit ./hf-vram "$model" --format json)
plain=$(timeit "$java" -jar target/hf-vram.jar "$model")
echo "jdk: $("$java" -version 2>&1 | head -1)"
echo "java -version: ${floor} ms (floor)"
echo "hf-vram MODEL (launcher, archive): ${launcher} ms = $(echo "scale=1; $launcher / $floor" | bc)x floor"
echo "hf-vram MODEL --format json: ${json} ms = $(echo "scale=1; $json / $floor" | bc)x floor"
echo "java -jar without launcher flags or archive: ${plain} ms"
