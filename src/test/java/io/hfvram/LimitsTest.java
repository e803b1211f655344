package io.hfvram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.cli.CliAccess;
import io.hfvram.weights.LocalWeights;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every limit answers with one clear line and exit code 4. */
final class LimitsTest {
  @TempDir Path tmp;

  private CliAccess.Result run(Path p) {
    return CliAccess.run(p.toString());
  }

  private static void assertClean(CliAccess.Result r, String fragment) {
    assertEquals(4, r.code(), r.err());
    assertEquals(1, r.err().strip().split("\n").length, r.err());
    assertTrue(r.err().contains(fragment), r.err());
    assertFalse(r.err().contains("\tat "));
  }

  @Test
  void configOverTenMebibytes() throws Exception {
    Path f = tmp.resolve("config.json");
    Files.write(
        f,
        ("{\"model_type\":\"llama\",\"pad\":\"" + "x".repeat(1000) + "\"}")
            .getBytes(StandardCharsets.UTF_8));
    byte[] big = new byte[(10 << 20) + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    big[0] = '{';
    big[big.length - 1] = '}';
    Files.write(f, big);
    assertClean(run(f), "over the 10 MiB limit");
  }

  @Test
  void nestingAndStringLimits() throws Exception {
    Path deep =
        Files.writeString(
            tmp.resolve("deep.json"), "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}");
    assertClean(run(deep), "nesting depth");
    Path longString =
        Files.writeString(
            tmp.resolve("long.json"), "{\"model_type\":\"" + "y".repeat((1 << 20) + 1) + "\"}");
    assertClean(run(longString), "String value length");
  }

  @Test
  void byteTotalsBeyondTwoToTheSixtyThree() throws Exception {
    Path f =
        Files.writeString(
            tmp.resolve("huge.json"),
            "{\"model_type\":\"llama\","
                + "\"hidden_size\":4194304,\"intermediate_size\":4194304,\"num_hidden_layers\":65536,"
                + "\"num_attention_heads\":65536,\"vocab_size\":67108864}");
    CliAccess.Result r = run(f);
    assertEquals(4, r.code(), r.err());
    assertTrue(r.err().contains("overflow"), r.err());
  }

  @Test
  void shardNamesThatCouldLeaveTheFolderAreRefused() {
    for (String bad :
        List.of(
            "../x.safetensors",
            "/etc/passwd",
            "a/../../b",
            "..\\x",
            "a\0b",
            "%2e%2e%2fx",
            "http://evil/x",
            "",
            ".",
            "a//b")) {
      assertFalse(LocalWeights.safeName(bad), bad);
    }
    assertTrue(LocalWeights.safeName("model-00001-of-00002.safetensors"));
    assertTrue(LocalWeights.safeName("transformer/diffusion_pytorch_model.safetensors"));
  }

  @Test
  void revisionsAndIdsWithSeparatorsOrTraversalAreRejected() {
    for (String bad :
        List.of(
            "org/x@..%2F..%2Fetc",
            "org/x@a\\b",
            "org/x@%2e%2e",
            "org/x@/abs",
            "org/x@a/../b",
            "org/x@a\u0000b",
            "org\\x/y",
            "org/x%2Fy")) {
      CliAccess.Result r = CliAccess.run(bad, "--offline");
      assertTrue(r.code() == 2 || r.code() == 3, bad + " -> " + r.code() + " " + r.err());
      assertFalse(r.err().contains("\tat "));
    }
  }
}
