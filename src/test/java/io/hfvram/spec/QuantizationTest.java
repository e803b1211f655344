package io.hfvram.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The named factory and withers set exactly the field they name. */
final class QuantizationTest {
  @Test
  void eachWitherSetsItsOwnField() {
    Quantization q =
        Quantization.of("x", 4)
            .withGroupSize(128)
            .withBlockSize(7)
            .withScaleBits(16)
            .withZeroBits(3)
            .withSuperGroup(256, 32)
            .withIndexBytesPerInput(4)
            .withSkipped(List.of("lm_head"));
    assertEquals(new Quantization("x", 4, 128, 7, 16, 3, 256, 32, 4, List.of("lm_head")), q);
  }

  @Test
  void ofIsOneScalePerRowAndNothingElse() {
    assertEquals(
        new Quantization("int8", 8, 0, 0, 0, 0, 0, 0, 0, List.of()), Quantization.of("int8", 8));
  }
}
