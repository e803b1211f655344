package io.hfvram.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.core.Json;
import io.hfvram.core.JsonException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Number bombs (issue 12 item 1): a short literal with an enormous exponent must never be expanded
 * into its digits. Before the fix, {@code "hidden_size": 1e-999999999} ran out of memory after ~20
 * s and {@code 1e999999999} took 7 s and 2 GB. Each case runs with the default test heap, so an
 * expansion would end the run in an OutOfMemoryError: that these tests finish is the check; no
 * timing is asserted.
 */
final class NumberBombTest {
  private static final String LLAMA =
      "\"model_type\":\"llama\",\"hidden_size\":4096,"
          + "\"num_hidden_layers\":32,\"num_attention_heads\":32,\"vocab_size\":32000,"
          + "\"intermediate_size\":11008";

  private static final String PHI =
      "\"model_type\":\"phi\",\"hidden_size\":2048,"
          + "\"num_hidden_layers\":24,\"num_attention_heads\":32,\"vocab_size\":51200,"
          + "\"intermediate_size\":8192";

  @TempDir Path tmp;

  private ModelSpec map(String json) throws Exception {
    Path f = tmp.resolve("config.json");
    Files.write(f, json.getBytes(StandardCharsets.UTF_8));
    return ConfigMapper.map(Json.parse(Files.readAllBytes(f)), f.toString());
  }

  /** A config, the key its bomb is in, and a fragment of the expected one-line message. */
  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of(
            "{\"model_type\":\"llama\",\"hidden_size\":1e-999999999}",
            "hidden_size",
            "must be a whole number, got 1E-999999999"),
        Arguments.of(
            "{\"model_type\":\"llama\",\"hidden_size\":1e999999999}",
            "hidden_size",
            "is 1E+999999999, far beyond any sane value"),
        Arguments.of(
            "{\"model_type\":\"llama\",\"hidden_size\":-1e999999999}",
            "hidden_size",
            "far beyond any sane value"),
        Arguments.of(
            "{\"model_type\":\"llama\",\"hidden_size\":4.5e-999999999}",
            "hidden_size",
            "must be a whole number, got 4.5E-999999999"),
        Arguments.of(
            "{\"model_type\":\"llama\",\"hidden_size\":"
                + "1234567890123456789012345678901234567890e999999999}",
            "hidden_size",
            "far beyond any sane value"),
        Arguments.of(
            "{" + LLAMA + ",\"num_key_value_heads\":1e999999999}",
            "num_key_value_heads",
            "far beyond any sane value"),
        Arguments.of(
            "{" + LLAMA + ",\"max_position_embeddings\":1e-999999999}",
            "max_position_embeddings",
            "must be a whole number"),
        Arguments.of(
            "{" + PHI + ",\"partial_rotary_factor\":1e999999999}",
            "partial_rotary_factor",
            "is 1E+999999999 but must lie between 0.0 and 1.0"),
        Arguments.of(
            "{" + PHI + ",\"partial_rotary_factor\":-2e999999999}",
            "partial_rotary_factor",
            "is -2E+999999999 but must lie between"),
        Arguments.of(
            "{" + LLAMA + ",\"layer_types\":[1e999999999]}",
            "layer_types",
            "lists 1 layers but the model has 32"),
        Arguments.of(
            "{\"model_type\":\"llava\",\"text_config\":{\"hidden_size\":1e-999999999}}",
            "text_config.hidden_size",
            "must be a whole number, got 1E-999999999"),
        Arguments.of(
            "{\"model_type\":\"llava\",\"text_config\":{\"vocab_size\":1e999999999}}",
            "text_config.vocab_size",
            "far beyond any sane value"),
        Arguments.of(
            "{\"model_type\":\"something_new\",\"hidden_size\":1e999999999}",
            "hidden_size",
            "far beyond any sane value"),
        Arguments.of(
            "{"
                + LLAMA
                + ",\"quantization_config\":{\"quant_method\":\"gptq\","
                + "\"bits\":1e-999999999}}",
            "quantization_config.bits",
            "must be a whole number"),
        Arguments.of(
            "{"
                + LLAMA
                + ",\"quantization_config\":{\"quant_method\":\"awq\","
                + "\"bits\":10000000000e2147483640}}",
            "quantization_config.bits",
            "is 1.0000000000E+2147483650, far beyond any sane value"),
        Arguments.of(
            "{\"model_type\":\"llama\",\"hidden_size\":1e2147483647}",
            "hidden_size",
            "is 1E+2147483647, far beyond any sane value"),
        Arguments.of(
            "{" + LLAMA + ",\"architectures\":[1e999999999]}",
            "architectures",
            "must list strings"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("rejected")
  void aHugeExponentIsOneLineError(String json, String key, String fragment) {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> map(json));
    assertEquals(key, e.key(), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().length() < 400, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1e9999999999",
        "-1e-9999999999",
        "0.5e-2147483648",
        "123456789012345678901234567890123456789012345678901234567890e2147483648"
      })
  void anExponentBeyondBigDecimalIsOneLineJsonError(String literal) {
    byte[] doc =
        ("{\"model_type\":\"llama\",\n\"hidden_size\": " + literal + "}")
            .getBytes(StandardCharsets.UTF_8);
    JsonException e = assertThrows(JsonException.class, () -> Json.parse(doc));
    assertTrue(
        e.getMessage().contains("has an exponent out of range (line 2, column 16)"),
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().length() < 120, e.getMessage());
  }

  /** Bombs in keys hf-vram does not size from, or in lists it only inspects, change nothing. */
  static Stream<Arguments> ignored() {
    return Stream.of(
        Arguments.of("rope_theta", "{" + LLAMA + ",\"rope_theta\":1e999999999}"),
        Arguments.of("rms_norm_eps", "{" + LLAMA + ",\"rms_norm_eps\":1e-999999999}"),
        Arguments.of("layer_norm_eps", "{" + LLAMA + ",\"layer_norm_eps\":-1e-999999999}"),
        Arguments.of(
            "text_config.rope_theta",
            "{\"model_type\":\"llava\",\"text_config\":{"
                + LLAMA
                + ",\"rope_theta\":1e-999999999}}"),
        Arguments.of(
            "weight_block_size",
            "{"
                + LLAMA
                + ",\"quantization_config\":{"
                + "\"quant_method\":\"fp8\",\"weight_block_size\":[1e999999999,1e-999999999]}}"),
        Arguments.of(
            "partial_rotary_factor", "{" + PHI + ",\"partial_rotary_factor\":1e-999999999}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ignored")
  void aHugeExponentInAnUnreadKeyIsHarmless(String key, String json) throws Exception {
    assertTrue(map(json).parameters() > 0, key);
  }
}
