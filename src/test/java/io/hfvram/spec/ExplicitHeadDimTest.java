package io.hfvram.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hfvram.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config's explicit head_dim is used even when hidden_size is not a multiple of the heads. */
final class ExplicitHeadDimTest {
  static ModelSpec withHeads(Path dir, String fixture, int from, int to) throws Exception {
    String text =
        Files.readString(Fixtures.model(fixture).resolve("config.json"))
            .replace(
                "\"num_attention_heads\": " + from + ",", "\"num_attention_heads\": " + to + ",");
    Path p = dir.resolve(fixture + ".json");
    Files.writeString(p, text);
    return Specs.map(p);
  }

  @Test
  void moeMappersReadTheGivenHeadDim(@TempDir Path dir) throws Exception {
    // 4096 / 24 and 2560 / 24 are not whole numbers; head_dim 128 is given in both configs
    assertEquals(128, withHeads(dir, "tencent--Hunyuan-A13B-Instruct", 32, 24).headDim());
    assertEquals(128, withHeads(dir, "baidu--ERNIE-4.5-21B-A3B-PT", 20, 24).headDim());
  }
}
