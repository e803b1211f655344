#!/usr/bin/env bash
# Scan benchmark (issue 6): 500 models through a local mock Hub that adds 50 ms to every
# response, at the default concurrency; then a warm re-run; then 10,000 lines in -Xmx128m.
# Prints one line per measurement; docs/benchmarks.md records a run.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
[ -f target/hf-vram.jar ] || mvn -B -q -DskipTests package
work="$(mktemp -d)"
trap 'kill $hub_pid 2>/dev/null || true; rm -rf "$work"' EXIT
python3 src/bench/scan/mock_hub.py "$work/port" --delay-ms 50 &
hub_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
port="$(cat "$work/port")"
for i in $(seq 1 500); do echo "bench/model-$i"; done > "$work/500.txt"
for i in $(seq 1 10000); do echo "bench/model-$(( (i % 600) + 1 ))"; done > "$work/10k.txt"
export HF_ENDPOINT="http://127.0.0.1:$port" HF_VRAM_CACHE="$work/cache" HF_HUB_CACHE="$work/hf"
count() { curl -s "http://127.0.0.1:$port/__count" | python3 -c 'import json,sys; print(json.load(sys.stdin)["n"])'; }
run() { # label, extra java options, args...
  local label="$1" opts="$2"; shift 2
  local before; before="$(count)"
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/rss" java $opts -jar target/hf-vram.jar scan "$@" -q \
    --format csv > "$work/out.csv"
  end=$(date +%s.%N)
  local rows; rows=$(( $(wc -l < "$work/out.csv") - 1 ))
  printf '%s: %.2f s, %d rows, %d requests, peak RSS %d MiB\n' "$label" \
    "$(echo "$end - $start" | bc)" "$rows" "$(( $(count) - before ))" "$(( $(cat "$work/rss") / 1024 ))"
}
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
run "cold 500 (ideal 1000 requests x 50 ms / 8 = 6.25 s)" "" "$work/500.txt"
run "warm 500" "" "$work/500.txt"
run "10,000 lines (100 new models) in -Xmx128m" "-Xmx128m" "$work/10k.txt"
