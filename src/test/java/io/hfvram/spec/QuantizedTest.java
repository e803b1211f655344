package io.hfvram.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.estimate.Estimator;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** Quantized checkpoints: logical parameter counts, bytes that follow the checkpoint. */
final class QuantizedTest {
  private static long bytes(ModelSpec s) {
    return Estimator.weightsBytes(s, null, new ArrayList<>());
  }

  @Test
  void gptqFourBitGroup128() {
    ModelSpec s = Specs.fixture("TheBloke--Llama-2-7B-GPTQ");
    assertEquals(6_738_415_616L, s.parameters(), "counts stay logical");
    assertEquals(DType.INT4, s.weightDtype());
    // By hand: 6,476,005,376 linear weights x 0.5 B; 50,593,792 groups (out x in/128) x (2 B
    // fp16 scale + 0.5 B zero); g_idx 142,336 B per layer x 32; embeddings, lm_head and norms
    // 262,410,240 x 2 B.
    long expected =
        6_476_005_376L / 2 + 50_593_792L * 2 + 50_593_792L / 2 + 142_336L * 32 + 262_410_240L * 2;
    assertEquals(expected, bytes(s));
  }

  @Test
  void awqFourBitIsAboutAQuarterOfFp16() {
    ModelSpec s = Specs.fixture("TheBloke--Llama-2-7B-AWQ");
    double ratio = bytes(s) / (6_738_415_616.0 * 2);
    assertTrue(ratio > 0.28 && ratio < 0.30, "ratio " + ratio);
  }

  @Test
  void bitsandbytesNf4WithDoubleQuant() {
    // Llama-3.1-8B bnb nf4 (fixtures/models/aiplanet--LuxLlama): the linear layers are
    // 6,979,321,856 weights (huggingface.js spec: U8 6,979,321,856 unpacked), stored at 4 bits
    // plus one 8-bit absmax per 64 weights and an fp32 per 256 blocks; the BF16 tensors are
    // 1,050,939,392 (same spec).
    ModelSpec s = Specs.fixture("aiplanet--LuxLlama");
    assertEquals(8_030_261_248L, s.parameters());
    long linear = 6_979_321_856L;
    long blocks = 32L * (2 * 4096L * 4096 / 64 + 2 * 4096L * 1024 / 64 + 3 * 4096L * 14336 / 64);
    // Second-level fp32 scales per matrix: q, o 1024 each; k, v 256 each; gate, up, down 3584.
    long supers = 32L * (2 * 1024 + 2 * 256 + 3 * 3584);
    long expected = linear / 2 + blocks + supers * 4 + 1_050_939_392L * 2;
    assertEquals(expected, bytes(s));
  }

  @Test
  void blockwiseFp8KeepsItsSkippedModulesAt16Bits() {
    ModelSpec fp8 = Specs.fixture("Qwen--Qwen3-30B-A3B-FP8");
    ModelSpec bf16 = Specs.fixture("Qwen--Qwen3-30B-A3B");
    assertEquals(bf16.parameters(), fp8.parameters());
    assertEquals(DType.FP8, fp8.weightDtype());
    double ratio = bytes(fp8) / (double) bytes(bf16);
    assertTrue(ratio > 0.5 && ratio < 0.53, "fp8/bf16 = " + ratio);
  }

  @Test
  void mxfp4QuantizesOnlyTheExperts() {
    // gpt-oss-20b: 19,110,297,600 MXFP4 expert weights at 4.25 bits (huggingface.js spec), the
    // other 1,804,459,584 parameters in BF16.
    ModelSpec s = Specs.fixture("openai--gpt-oss-20b");
    assertEquals(20_914_757_184L, s.parameters());
    long expected = 19_110_297_600L / 2 + 19_110_297_600L / 32 + 1_804_459_584L * 2;
    assertEquals(expected, bytes(s));
  }

  @Test
  void compressedTensorsFp8PerChannel() {
    ModelSpec s = Specs.fixture("neuralmagic--Llama-3.1-8B-FP8-compressed");
    assertEquals(DType.FP8, s.weightDtype());
    // Linear weights 6,979,321,856 at 1 B, a 16-bit scale per output row, the rest 16-bit.
    long rows = 32L * (4096 * 2 + 1024 * 2 + 14336 * 2 + 4096);
    assertEquals(6_979_321_856L + rows * 2 + 1_050_939_392L * 2, bytes(s));
  }

  @Test
  void whatIfDtypeOverridesTheCheckpoint() {
    ModelSpec s = Specs.fixture("TheBloke--Llama-2-7B-GPTQ");
    assertEquals(6_738_415_616L * 2, Estimator.weightsBytes(s, DType.FP16, new ArrayList<>()));
  }
}
