#!/usr/bin/env bash
# hf-vram serve latency from warm caches (docs/benchmarks.md): 1,000 sequential and 16-concurrent
# estimate requests over loopback, offline (catalog id) and with a posted config.json.
# Compiles src/bench/java/io/hfvram/bench/ServeBenchmark.java alone against the test classes,
# so it needs neither the bench profile nor JMH.
set -euo pipefail
cd "$(dirname "$0")/../../.."
mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench.cp \
  -Dmdep.includeScope=test >/dev/null
cp="target/test-classes:target/classes:$(cat target/bench.cp)"
mkdir -p target/serve-bench
javac -nowarn -d target/serve-bench -cp "$cp" src/bench/java/io/hfvram/bench/ServeBenchmark.java
java -cp "target/serve-bench:$cp" io.hfvram.bench.ServeBenchmark
