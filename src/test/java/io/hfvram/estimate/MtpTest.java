package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.Fixtures;
import io.hfvram.source.LocalLoader;
import io.hfvram.spec.ModelSpec;
import org.junit.jupiter.api.Test;

/** The multi-token-prediction module is stored but not loaded for serving or fine-tuning. */
final class MtpTest {
  @Test
  void deepseekV3IsEstimatedWithoutItsMtpModule() throws Exception {
    ModelSpec stored = LocalLoader.load("v3", Fixtures.model("deepseek-ai--DeepSeek-V3")).spec();
    Estimate e = Estimator.estimate(stored, Workload.defaults());
    // DeepSeek-V3 report (arXiv:2412.19437): 671B main model; the MTP module (14B with its own
    // embedding and head) is not part of it. Weights are fp8 (1 B) plus block scales and the
    // 16-bit embedding, head and norms: 671B main parameters take between 671e9 and 700e9 bytes.
    long w = e.inference().weightsBytes();
    assertTrue(w > 671e9 && w < 700e9, "" + w);
    assertTrue(
        e.assumptions().stream().anyMatch(a -> a.contains("multi-token-prediction")),
        e.assumptions().toString());
    assertEquals(671, Math.round(stored.withoutMtp().parameters() / 1e9));
  }
}
