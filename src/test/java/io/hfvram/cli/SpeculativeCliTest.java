package io.hfvram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** vLLM's MTP speculative decoding flags, end to end. */
class SpeculativeCliTest {
  private static final String V3 = "fixtures/models/deepseek-ai--DeepSeek-V3";

  @Test
  void mtpDraftIsReportedInJson() {
    CliRunner.Result r =
        CliRunner.run(
            V3,
            "--engine",
            "vllm",
            "--gpu",
            "h200",
            "--tp",
            "8",
            "--num-speculative-tokens",
            "1",
            "--format",
            "json");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\"speculative\""), r.out());
    assertTrue(r.out().contains("\"draftLayers\": 1"), r.out());
    assertTrue(r.out().contains("\"draftKvCacheBytesPerToken\": 1152"), r.out());
    assertTrue(r.out().contains("\"kvCacheBytesPerToken\": 71424"), r.out());
  }

  @Test
  void withoutTheFlagsThereIsNoDraft() {
    CliRunner.Result r =
        CliRunner.run(V3, "--engine", "vllm", "--gpu", "h200", "--tp", "8", "--format", "json");
    assertEquals(0, r.code(), r.err());
    assertFalse(r.out().contains("\"speculative\""), r.out());
  }

  @Test
  void aModelWithoutMtpLayersIsAOneLineUsageError() {
    CliRunner.Result r =
        CliRunner.run(
            "fixtures/models/Qwen--Qwen3-8B",
            "--engine",
            "vllm",
            "--gpu",
            "h100-80gb",
            "--speculative-method",
            "mtp");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("multi-token-prediction layers"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void otherMethodsAndEnginesAreUsageErrors() {
    CliRunner.Result eagle =
        CliRunner.run(V3, "--engine", "vllm", "--gpu", "h200", "--speculative-method", "eagle");
    assertEquals(2, eagle.code());
    assertTrue(eagle.err().contains("--speculative-method must be mtp"), eagle.err());
    CliRunner.Result hf = CliRunner.run(V3, "--gpu", "h200", "--num-speculative-tokens", "2");
    assertEquals(2, hf.code());
    assertTrue(hf.err().contains("apply to --engine vllm only"), hf.err());
  }
}
