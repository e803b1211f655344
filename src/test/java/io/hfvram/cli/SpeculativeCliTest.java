package io.hfvram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  private static final String L8 = "fixtures/models/meta-llama--Llama-3.1-8B";
  private static final String L1 = "fixtures/models/meta-llama--Llama-3.2-1B";

  @Test
  void aSeparateDraftModelIsLoadedAndReportedInJson() {
    CliRunner.Result r =
        CliRunner.run(
            L8,
            "--engine",
            "vllm",
            "--gpu",
            "h100-80gb",
            "--vllm-version",
            "0.19",
            "--speculative-model",
            L1,
            "--num-speculative-tokens",
            "4",
            "--format",
            "json");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\"method\": \"draft_model\""), r.out());
    assertTrue(r.out().contains("\"draftLayers\": 16"), r.out());
    assertTrue(r.out().contains("\"draftKvCacheBytesPerToken\": 32768"), r.out());
    assertTrue(r.out().contains("\"kvCacheBytesPerToken\": 163840"), r.out());
    assertTrue(r.out().contains("\"draftWeightsBytes\": 2488406016"), r.out());
  }

  @Test
  void aDraftModelIsRefusedForOtherEnginesWithMtpAndWithoutTokens() {
    String[][] cases = {
      {"--engine", "sglang", "--gpu", "h100-80gb", "--speculative-model", L1},
      {"--gpu", "h100-80gb", "--speculative-model", L1, "--num-speculative-tokens", "2"},
      {
        "--engine",
        "vllm",
        "--gpu",
        "h100-80gb",
        "--speculative-model",
        L1,
        "--speculative-method",
        "mtp",
        "--num-speculative-tokens",
        "2"
      },
      {"--engine", "vllm", "--gpu", "h100-80gb", "--speculative-model", L1},
    };
    for (String[] c : cases) {
      String[] args = new String[c.length + 1];
      args[0] = L8;
      System.arraycopy(c, 0, args, 1, c.length);
      CliRunner.Result r = CliRunner.run(args);
      assertEquals(2, r.code(), String.join(" ", c) + ": " + r.err());
      // One line, and picocli's pointer to --help.
      assertTrue(r.err().lines().findFirst().orElse("").contains("--speculative-model"), r.err());
      assertTrue(r.err().strip().lines().count() <= 2, r.err());
    }
  }

  @Test
  void scanRefusesADraftModel(@TempDir Path tmp) throws Exception {
    Path list = Files.write(tmp.resolve("models.txt"), List.of(L8));
    CliRunner.Result r =
        CliRunner.run(
            "scan",
            list.toString(),
            "--engine",
            "vllm",
            "--gpu",
            "h100-80gb",
            "--speculative-model",
            L1,
            "--num-speculative-tokens",
            "2");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--speculative-model is read by"), r.err());
  }
}
