package io.hfvram.bench;

import io.hfvram.core.Json;
import io.hfvram.estimate.Estimate;
import io.hfvram.estimate.Estimator;
import io.hfvram.estimate.Workload;
import io.hfvram.spec.ConfigMapper;
import io.hfvram.spec.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pure core's throughput: parsing and mapping a config.json, and a full estimate (inference,
 * training, explanations). Run: mvn -Pbench -q test-compile exec:exec (see docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EstimatorBenchmark {
  @Param({"meta-llama--Llama-2-70b-hf", "deepseek-ai--DeepSeek-V2-Lite", "google--gemma-2-9b"})
  public String model;

  private byte[] config;
  private ModelSpec spec;
  private final Workload workload = Workload.defaults().withSequenceLength(8192);

  @Setup
  public void setUp() throws Exception {
    config = Files.readAllBytes(Path.of("fixtures/models", model, "config.json"));
    spec = ConfigMapper.map(Json.parse(config), model);
  }

  @Benchmark
  public ModelSpec parseAndMap() throws Exception {
    return ConfigMapper.map(Json.parse(config), model);
  }

  @Benchmark
  public Estimate estimate() {
    return Estimator.estimate(spec, workload);
  }
}
