package io.hfvram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.core.Json;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The command line end to end, in-process: streams and exit codes. */
final class CliTest {
  private static final String LLAMA70 = "fixtures/models/meta-llama--Llama-2-70b-hf";

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String text) throws Exception {
    return (Map<String, Object>) Json.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> obj(Map<String, Object> m, String key) {
    return (Map<String, Object>) m.get(key);
  }

  @Test
  void doneCriterionForLlama2_70b() throws Exception {
    CliRunner.Result r =
        CliRunner.run(LLAMA70, "--dtype", "bf16", "-s", "4096", "--format", "json");
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    Map<String, Object> m = json(r.out());
    assertEquals(68_976_648_192L, obj(m, "spec").get("parameters"));
    assertEquals(327_680L, obj(m, "inference").get("kvCacheBytesPerToken"));
    assertEquals(1_342_177_280L, obj(m, "inference").get("kvCacheBytes"));
    assertEquals("local", obj(m, "source").get("kind"));
    assertEquals("bf16", obj(m, "inference").get("dtype"));
  }

  @Test
  void jsonCarriesEveryContractField() throws Exception {
    Map<String, Object> m = json(CliRunner.run(LLAMA70, "--format", "json").out());
    for (String k : List.of("model", "source", "spec", "inference", "training", "assumptions")) {
      assertTrue(m.containsKey(k), k);
    }
    for (String k :
        List.of(
            "modelType",
            "architecture",
            "hiddenSize",
            "numLayers",
            "numAttentionHeads",
            "numKeyValueHeads",
            "headDim",
            "intermediateSize",
            "vocabSize",
            "maxContext",
            "tiedEmbeddings",
            "parameters",
            "parameterSource",
            "weightDtype")) {
      assertTrue(obj(m, "spec").containsKey(k), "spec." + k);
    }
    for (String k :
        List.of(
            "dtype",
            "kvDtype",
            "batchSize",
            "sequenceLength",
            "weightsBytes",
            "kvCacheBytes",
            "kvCacheBytesPerToken",
            "activationBytes",
            "overheadBytes",
            "totalBytes")) {
      assertTrue(obj(m, "inference").containsKey(k), "inference." + k);
    }
    for (String k :
        List.of(
            "method",
            "optimizer",
            "precision",
            "batchSize",
            "sequenceLength",
            "trainableParameters",
            "weightsBytes",
            "gradientBytes",
            "optimizerBytes",
            "activationBytes",
            "overheadBytes",
            "totalBytes")) {
      assertTrue(obj(m, "training").containsKey(k), "training." + k);
    }
  }

  @Test
  void configJsonPathWorksLikeTheFolder() throws Exception {
    Map<String, Object> a = json(CliRunner.run(LLAMA70, "--format", "json").out());
    Map<String, Object> b = json(CliRunner.run(LLAMA70 + "/config.json", "--format", "json").out());
    assertEquals(obj(a, "inference"), obj(b, "inference"));
  }

  @Test
  void severalModelsGiveAJsonArray() throws Exception {
    CliRunner.Result r =
        CliRunner.run(LLAMA70, "fixtures/models/google--gemma-2b", "--format", "json");
    assertEquals(0, r.code());
    List<?> list = (List<?>) Json.parse(r.out().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(2, list.size());
  }

  @Test
  void batchAndKvDtypeOptionsReachTheEstimate() throws Exception {
    Map<String, Object> m =
        json(
            CliRunner.run(LLAMA70, "-b", "4", "-s", "1024", "--kv-dtype", "fp8", "--format", "json")
                .out());
    assertEquals(4L, obj(m, "inference").get("batchSize"));
    assertEquals("fp8", obj(m, "inference").get("kvDtype"));
    assertEquals(163_840L * 1024 * 4, obj(m, "inference").get("kvCacheBytes"));
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of("./fixtures/does-not-exist", 3, "no such file or folder"),
        Arguments.of("fixtures", 4, "has no config.json"),
        Arguments.of("fixtures/bad/truncated.json", 4, "is not valid JSON"),
        Arguments.of("fixtures/bad/empty.json", 4, "is not valid JSON"),
        Arguments.of("fixtures/bad/array.json", 4, "is not a JSON object"),
        Arguments.of("fixtures/bad/missing-layers.json", 4, "'num_hidden_layers' is missing"),
        Arguments.of("fixtures/bad/absurd-layers.json", 4, "'num_hidden_layers' is"),
        Arguments.of("fixtures/bad/absurd-hidden.json", 4, "'hidden_size' is 1099511627776"),
        Arguments.of("fixtures/bad/negative-hidden.json", 4, "must be at least 1"),
        Arguments.of("fixtures/bad/fractional-layers.json", 4, "must be a whole number"),
        Arguments.of("fixtures/bad/zero-heads.json", 4, "'num_attention_heads' is 0"),
        Arguments.of("fixtures/bad/string-hidden.json", 4, "'hidden_size' must be a whole"),
        Arguments.of("fixtures/bad/no-model-type.json", 4, "'model_type' is missing"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputFailsWithOneLineAndACode(String path, int code, String fragment) {
    CliRunner.Result r = CliRunner.run(path);
    assertEquals(code, r.code(), r.err());
    assertEquals("", r.out(), "nothing on stdout");
    String[] lines = r.err().strip().split("\n");
    assertEquals(1, lines.length, "one line: " + r.err());
    assertTrue(lines[0].startsWith("hf-vram: "), lines[0]);
    assertTrue(lines[0].contains(fragment), lines[0]);
    assertFalse(r.err().contains("\tat "), "no stack trace");
    if (path.endsWith(".json")) {
      assertTrue(lines[0].contains(path.substring(path.lastIndexOf('/') + 1)), "names the file");
    }
  }

  @Test
  void verboseShowsTheTrace() {
    CliRunner.Result r = CliRunner.run("fixtures/bad/truncated.json", "--verbose");
    assertEquals(4, r.code());
    assertTrue(r.err().contains("\tat "), r.err());
  }

  @Test
  void bomIsAccepted() {
    assertEquals(0, CliRunner.run("fixtures/bad/bom.json").code());
  }

  @Test
  void overflowIsACleanError() {
    CliRunner.Result r = CliRunner.run(LLAMA70, "-b", "1000000", "-s", "17179869184");
    assertEquals(4, r.code(), r.err());
    assertTrue(r.err().contains("2^63"), r.err());
    assertFalse(r.err().contains("\tat "));
  }

  static Stream<Arguments> usageErrors() {
    return Stream.of(
        Arguments.of(new String[] {}, "Missing MODEL"),
        Arguments.of(new String[] {LLAMA70, "--dtype", "fp64"}, "--dtype must be one of"),
        Arguments.of(new String[] {LLAMA70, "--kv-dtype", "int4"}, "--kv-dtype must be one of"),
        Arguments.of(new String[] {LLAMA70, "-b", "0"}, "--batch-size must be"),
        Arguments.of(new String[] {LLAMA70, "-s", "-5"}, "--seq-len must be"),
        Arguments.of(new String[] {LLAMA70, "--format", "xml"}, "--format must be one of"),
        Arguments.of(new String[] {LLAMA70, "--overhead", "lots"}, "--overhead must be a size"),
        Arguments.of(new String[] {LLAMA70, "--no-such-flag"}, "Unknown option"),
        Arguments.of(new String[] {LLAMA70, "-b", "many"}, "Invalid value"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("usageErrors")
  void usageErrorsExitTwo(String[] args, String fragment) {
    CliRunner.Result r = CliRunner.run(args);
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains(fragment), r.err());
    assertFalse(r.err().contains("\tat "));
  }

  @Test
  void helpListsExitCodesAndExamples() {
    CliRunner.Result r = CliRunner.run("--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("Exit codes:"));
    assertTrue(r.out().matches("(?s).*\\b4 +invalid or unsupported config.*"), r.out());
    assertTrue(r.out().contains("Examples:"));
  }

  @Test
  void versionNamesTheBuild() {
    CliRunner.Result r = CliRunner.run("--version");
    assertEquals(0, r.code());
    assertTrue(r.out().startsWith("hf-vram "), r.out());
  }
}
