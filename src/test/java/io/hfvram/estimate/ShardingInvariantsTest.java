package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Specs;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Sharding never raises per-GPU memory; more GPUs or stages never add (seeded cases). */
final class ShardingInvariantsTest {
  private static final List<String> MODELS =
      List.of(
          "meta-llama--Llama-2-7b-hf",
          "Qwen--Qwen1.5-MoE-A2.7B",
          "google--gemma-2-9b",
          "deepseek-ai--DeepSeek-V2-Lite");

  static Stream<Arguments> cases() {
    return IntStream.range(0, 100)
        .mapToObj(
            seed -> {
              Random r = new Random(1000 + seed);
              return Arguments.of(
                  seed,
                  MODELS.get(r.nextInt(MODELS.size())),
                  1 << r.nextInt(8),
                  Precision.values()[r.nextInt(Precision.values().length)],
                  Method.values()[r.nextInt(Method.values().length)],
                  Checkpointing.values()[r.nextInt(3)]);
            });
  }

  private static long total(ModelSpec s, TrainingSetup t) {
    return Estimator.estimate(s, Workload.defaults().withSequenceLength(1024).withTraining(t))
        .training()
        .totalBytes();
  }

  @ParameterizedTest(name = "seed {0}: {1} x{2} {3} {4} {5}")
  @MethodSource("cases")
  void shardingNeverRaisesPerGpuMemory(
      int seed, String model, int gpus, Precision p, Method m, Checkpointing ck) {
    ModelSpec s = Specs.fixture(model);
    TrainingSetup base =
        new TrainingSetup(m, Optimizer.ADAMW, p).withMethod(m, 16, List.of()).withCheckpointing(ck);
    long ddp = total(s, base);
    long previous = ddp;
    for (int stage = 1; stage <= 3; stage++) {
      long z = total(s, base.withSharding(gpus, stage, Offload.NONE));
      assertTrue(z <= ddp, "stage " + stage + " above DDP");
      if (stage < 3) {
        assertTrue(z <= previous, "stage " + stage + " above the stage before");
      }
      previous = z;
      long more = total(s, base.withSharding(gpus * 2, stage, Offload.NONE));
      assertTrue(more <= z + Estimator.largestLayer(s) * 4, "more GPUs added memory");
      long offloaded = total(s, base.withSharding(gpus, stage, Offload.OPTIMIZER));
      assertTrue(offloaded <= z, "offload added GPU memory");
    }
    long full = total(s, base.withCheckpointing(Checkpointing.FULL));
    assertTrue(
        full <= total(s, base.withCheckpointing(Checkpointing.NONE)), "checkpointing added memory");
  }
}
