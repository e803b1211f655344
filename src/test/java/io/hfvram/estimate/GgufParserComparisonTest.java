package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Specs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * hf-vram's llama.cpp buffers beside gguf-parser's published estimates (gpustack/gguf-parser-go
 * README.md at 8dc7a622, "ESTIMATE" tables: Qwen2 7B GGUFs at -c 131072, -b 2048 -ub 512, flash
 * attention disabled, all 29 layers offloaded; VRAM 0 NONUMA). The architecture is Qwen2.5-7B's
 * (fixture); the weights are the files' published sizes. docs/accuracy.md lists the rows and why
 * the figures differ.
 */
class GgufParserComparisonTest {
  private static final double GIB = 1L << 30;

  /** One published gguf-parser row. */
  record Row(String file, double sizeGib, double vramGib) {}

  static final List<Row> ROWS =
      List.of(
          new Row("DeepSeek-R1-Distill-Qwen-7B-Q4_K_M.gguf", 4.36, 18.89),
          new Row("qwen2.5-7b-instruct-q8_0 (3 splits)", 7.54, 21.82));

  static EngineFigures.LlamaCpp ours(Row r) {
    ModelSpec spec = Specs.fixture("Qwen--Qwen2.5-7B-Instruct");
    LlamaCppSetup s =
        new LlamaCppSetup(131072, GgmlType.F16, GgmlType.F16, -1, 2048, 512, false, 1, 0);
    return LlamaCppEstimator.buffers(spec, (long) (r.sizeGib() * GIB), s);
  }

  @Test
  void vramWithin5PercentOfGgufParser() {
    for (Row r : ROWS) {
      double ours = ours(r).vramBytes() / GIB;
      assertTrue(Math.abs(ours / r.vramGib() - 1) <= 0.05, r.file() + " " + ours);
    }
  }
}
