package io.hfvram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The SGLang, llama.cpp and transformers generate flags, end to end. */
class EngineCliTest {
  private static final String LLAMA = "fixtures/models/meta-llama--Llama-3.1-8B";

  @Test
  void sglangReportsItsPoolAndSettings() {
    CliRunner.Result r =
        CliRunner.run(LLAMA, "--engine", "sglang", "--gpu", "h100-80gb", "--format", "json");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\"sglang\""), r.out());
    assertTrue(r.out().contains("\"memFractionStatic\": 0.835"), r.out());
    assertTrue(r.out().contains("\"maxRunningRequests\""), r.out());
  }

  @Test
  void sglangNeedsTheGpu() {
    CliRunner.Result r = CliRunner.run(LLAMA, "--engine", "sglang");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--engine sglang needs the GPU"), r.err());
  }

  @Test
  void llamaCppReportsVramAndRam() {
    CliRunner.Result r =
        CliRunner.run(
            LLAMA,
            "--engine",
            "llama.cpp",
            "-c",
            "8192",
            "-ctk",
            "q8_0",
            "-ctv",
            "q8_0",
            "-ngl",
            "16",
            "-fa",
            "on",
            "--format",
            "json");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\"llamaCpp\""), r.out());
    assertTrue(r.out().contains("\"vramBytes\""), r.out());
    assertTrue(r.out().contains("\"ramBytes\""), r.out());
    assertTrue(r.out().contains("\"gpuLayers\": 16"), r.out());
  }

  @Test
  void badCacheTypeIsAUsageError() {
    CliRunner.Result r = CliRunner.run(LLAMA, "--engine", "llama.cpp", "-ctk", "q3_x");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--cache-type-k/-v must be one of"), r.err());
  }

  @Test
  void transformersLegacyCacheCountsTheDecodeCopy() {
    CliRunner.Result dyn =
        CliRunner.run(LLAMA, "-s", "1024", "--new-tokens", "512", "--format", "json");
    CliRunner.Result legacy =
        CliRunner.run(
            LLAMA,
            "-s",
            "1024",
            "--new-tokens",
            "512",
            "--cache-implementation",
            "legacy",
            "--format",
            "json");
    assertEquals(0, dyn.code(), dyn.err());
    assertEquals(0, legacy.code(), legacy.err());
    assertTrue(!dyn.out().equals(legacy.out()));
  }
}
