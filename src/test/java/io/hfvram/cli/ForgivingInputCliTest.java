package io.hfvram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.source.LocalLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Inputs as people type them: sizes with units, torch's dtype names, what the engines refuse, "did
 * you mean", MODEL@refs/pr/N, --brief. No network: local fixtures, offline.
 */
final class ForgivingInputCliTest {
  private static final String GEMMA = "fixtures/models/google--gemma-2b";

  private static CliRunner.Result run(String... args) {
    return CliRunner.run(
        CliRunner.env(
            Map.of("HF_HUB_OFFLINE", "1"), io.hfvram.Fixtures.root().resolve("target/test-home")),
        args);
  }

  @Test
  void aSizeWithoutAUnitIsRefusedWithTheUnits() {
    CliRunner.Result r = run(GEMMA, "--gpu-memory", "24");
    assertEquals(2, r.code());
    assertTrue(
        r.err()
            .contains(
                "--gpu-memory '24' has no unit: write e.g. 24GiB; units: B,"
                    + " KiB, MiB, GiB, TiB (powers of 2) or KB, MB, GB, TB (of 10)"),
        r.err());
    assertEquals(2, run(GEMMA, "--overhead", "1").code());
    assertEquals(0, run(GEMMA, "--overhead", "0").code(), "0 needs no unit");
    assertEquals(0, run(GEMMA, "--overhead", "1GiB").code());
    assertEquals(0, run(GEMMA, "--gpu-memory", "25769803776B").code(), "B says bytes");
    CliRunner.Result gib = run(GEMMA, "--gpu-memory", "24GiB", "--format", "json");
    assertTrue(gib.out().matches("(?s).*\"gpuMemoryBytes\"\\s*:\\s*25769803776.*"), gib.out());
  }

  @Test
  void torchAndTransformersDtypeNames() {
    String bf16 = run(GEMMA, "--dtype", "bf16", "--format", "json").out();
    for (String name : List.of("bfloat16", "torch.bfloat16", "BF16", "Torch.BFloat16")) {
      CliRunner.Result r = run(GEMMA, "--dtype", name, "--format", "json");
      assertEquals(0, r.code(), name + ": " + r.err());
      assertEquals(bf16, r.out(), name);
    }
    String fp16 = run(GEMMA, "--dtype", "fp16", "--format", "json").out();
    assertEquals(fp16, run(GEMMA, "--dtype", "float16", "--format", "json").out());
    assertEquals(fp16, run(GEMMA, "--dtype", "half", "--format", "json").out());
    assertEquals(
        run(GEMMA, "--dtype", "fp32", "--format", "json").out(),
        run(GEMMA, "--dtype", "float32", "--format", "json").out());
    assertEquals(
        run(GEMMA, "--format", "json").out(),
        run(GEMMA, "--dtype", "auto", "--format", "json").out());
    assertEquals(0, run(GEMMA, "--kv-dtype", "fp8_e4m3").code());
    assertEquals("bf16", DTypeNames.canonical(" torch.bfloat16 "));
  }

  @Test
  void whatTheEnginesRefuseIsRefused() {
    CliRunner.Result kv = run(GEMMA, "--kv-dtype", "fp4");
    assertEquals(2, kv.code());
    assertTrue(
        kv.err().contains("--kv-dtype must be one of auto, fp32, fp16, bf16, fp8, int8"), kv.err());
    assertEquals(2, run(GEMMA, "--kv-dtype", "int4").code());
    assertEquals(0, run(GEMMA, "--dtype", "fp4").code(), "fp4 weights are documented");
    CliRunner.Result both = run(GEMMA, "--zero", "3", "--fsdp", "full_shard");
    assertEquals(2, both.code());
    assertTrue(both.err().contains("--zero (DeepSpeed) and --fsdp (PyTorch FSDP)"), both.err());
    assertEquals(0, run(GEMMA, "--fsdp", "full_shard").code());
    // gemma-2b: 8 attention heads, 1 KV head (replicated for any --tp that divides 8).
    CliRunner.Result tp3 = run(GEMMA, "--tp", "3");
    assertEquals(2, tp3.code());
    assertTrue(
        tp3.err().contains("--tp 3 does not divide the model's 8 attention heads"), tp3.err());
    assertEquals(0, run(GEMMA, "--tp", "2").code());
    assertEquals(0, run(GEMMA, "--tp", "8").code());
  }

  @Test
  void tpMustDivideOrReplicateTheKvHeads() {
    io.hfvram.spec.ModelSpec spec = io.hfvram.cli.SpecsAccess.gqa(32, 8);
    assertNull(TensorParallel.problem(spec, 4));
    assertNull(TensorParallel.problem(spec, 16), "16 GPUs replicate 8 KV heads twice");
    io.hfvram.spec.ModelSpec odd = io.hfvram.cli.SpecsAccess.gqa(12, 4);
    assertTrue(TensorParallel.problem(odd, 8).contains("12 attention heads"));
    assertTrue(
        TensorParallel.problem(io.hfvram.cli.SpecsAccess.gqa(24, 6), 4).contains("6 KV heads"));
  }

  @Test
  void didYouMean() {
    CliRunner.Result scna = run("scna", "models.txt");
    assertEquals(2, scna.code());
    assertTrue(
        scna.err()
            .contains(
                "'scna' is neither a command nor a model id (org/name); did"
                    + " you mean 'hf-vram scan'?"),
        scna.err());
    CliRunner.Result opt = run(GEMMA, "--dtyp", "bf16");
    assertEquals(2, opt.code());
    assertTrue(opt.err().contains("did you mean '--dtype'?"), opt.err());
    CliRunner.Result prefix = run(GEMMA, "--gpu-mem", "24GiB");
    assertTrue(
        prefix.err().contains("did you mean '--gpu-memory' or" + " '--gpu-memory-utilization'?"),
        prefix.err());
    CliRunner.Result sub = run("cache", "inf");
    assertEquals(2, sub.code());
    assertTrue(sub.err().contains("did you mean 'info'?"), sub.err());
    assertEquals("scan", Suggestions.nearest("sacn", Suggestions.COMMANDS));
    assertNull(Suggestions.nearest("gpt2", Suggestions.COMMANDS), "a legacy id stays a model");
    assertNull(Suggestions.nearest("bert-base-uncased", Suggestions.COMMANDS));
  }

  @Test
  void revisionsWithSlashesAreHubIdsAndConflictsAreRefused() {
    assertFalse(LocalLoader.looksLocal("org/name@refs/pr/1"));
    assertFalse(LocalLoader.looksLocal("Qwen/Qwen3-8B@refs/pr/12"));
    assertTrue(LocalLoader.looksLocal("a/b/c"));
    assertTrue(LocalLoader.looksLocal("./org/name@refs/pr/1"));
    CliRunner.Result conflict = run("Qwen/Qwen3-8B@main", "--revision", "v2");
    assertEquals(2, conflict.code());
    assertTrue(
        conflict
            .err()
            .contains(
                "'Qwen/Qwen3-8B@main' names revision main and --revision"
                    + " says v2: give the revision once"),
        conflict.err());
  }

  @Test
  void briefIsOneScreen() {
    CliRunner.Result r = run(GEMMA, "--brief", "--gpu", "rtx-4090");
    assertEquals(0, r.code(), r.err());
    assertEquals(
        GEMMA
            + " (2.51 B params, bf16, batch 1 x 4096 tokens)\n"
            + "  weights   4.67 GiB\n"
            + "  KV cache  0.07 GiB (bf16)\n"
            + "  total     5.69 GiB to serve\n"
            + "  fit       fits on one rtx-4090\n",
        r.out());
    assertTrue(run(GEMMA, "--brief", "--units", "gb").out().contains("weights   5.01 GB"));
    CliRunner.Result json = run(GEMMA, "--brief", "--format", "json");
    assertEquals(2, json.code());
    assertTrue(json.err().contains("--brief is a short table"), json.err());
  }
}
