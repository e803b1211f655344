package io.hfvram.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.spec.CacheGroup;
import io.hfvram.spec.FromWeights;
import io.hfvram.spec.ParameterSource;
import io.hfvram.weights.SafetensorsFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: a folder whose model_type no mapper knows, sized from its header-only shard. */
class FromWeightsLoaderTest {
  @Test
  void unknownModelTypeIsSizedFromItsWeights(@TempDir Path dir) throws Exception {
    // 6 layers, layer 2 without attention; the config lacks hidden_size, which the generic
    // mapper would refuse.
    Map<String, List<Long>> shapes = SafetensorsFiles.llama(6, 256, 8, 2, 32, 512, 4000, 2);
    Files.writeString(
        dir.resolve("config.json"),
        "{\"model_type\": \"frobnicator9\","
            + " \"num_attention_heads\": 8, \"torch_dtype\": \"bfloat16\","
            + " \"max_position_embeddings\": 32768}",
        StandardCharsets.UTF_8);
    SafetensorsFiles.write(dir.resolve("model.safetensors"), shapes, "BF16");
    assertTrue(Files.size(dir.resolve("model.safetensors")) > 2 * SafetensorsFiles.total(shapes));

    LoadedModel m = LocalLoader.load(dir.toString(), dir);
    assertEquals(ParameterSource.WEIGHTS, m.spec().parameterSource());
    assertEquals("weights", m.spec().parameterSource().id());
    assertEquals(SafetensorsFiles.total(shapes), m.spec().parameters());
    assertEquals(Map.of("BF16", SafetensorsFiles.total(shapes)), m.spec().storedParameters());
    assertEquals(List.of(CacheGroup.attention(5, 2, 32, 32)), m.spec().cache());
    assertEquals(5L * 2 * 2 * 32, m.spec().cacheElementsPerToken());
    assertEquals(256, m.spec().hiddenSize());
    assertEquals(32768, m.spec().maxContext());
    String all = m.spec().assumptions().toString();
    assertTrue(all.contains("read from the weights' tensor names and shapes"), all);
    assertTrue(all.contains("1 without own cache"), all);
  }

  @Test
  void aKnownModelTypeIsCrossCheckedAgainstItsWeights(@TempDir Path dir) throws Exception {
    Map<String, List<Long>> shapes = SafetensorsFiles.llama(4, 256, 8, 2, 32, 512, 4000);
    SafetensorsFiles.write(dir.resolve("model.safetensors"), shapes, "BF16");
    String config =
        "{\"model_type\": \"llama\", \"hidden_size\": 256, \"num_hidden_layers\": 4,"
            + " \"num_attention_heads\": 8, \"num_key_value_heads\": %d, \"intermediate_size\": 512,"
            + " \"vocab_size\": 4000, \"torch_dtype\": \"bfloat16\"}";
    Files.writeString(dir.resolve("config.json"), String.format(config, 2));
    LoadedModel ok = LocalLoader.load(dir.toString(), dir);
    assertEquals(ParameterSource.SAFETENSORS, ok.spec().parameterSource());
    assertTrue(
        ok.spec().assumptions().stream().noneMatch(a -> a.startsWith(FromWeights.CROSS_CHECK)),
        ok.spec().assumptions().toString());

    Files.writeString(dir.resolve("config.json"), String.format(config, 8));
    LoadedModel bad = LocalLoader.load(dir.toString(), dir);
    List<String> checks =
        bad.spec().assumptions().stream()
            .filter(a -> a.startsWith(FromWeights.CROSS_CHECK))
            .toList();
    assertEquals(2, checks.size(), "KV per token and parameters: " + checks);
  }

  @Test
  void withoutWeightsTheGenericMapperIsMarkedApproximate(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("config.json"),
        "{\"model_type\": \"frobnicator9\","
            + " \"hidden_size\": 256, \"num_hidden_layers\": 4, \"num_attention_heads\": 8,"
            + " \"vocab_size\": 4000}");
    LoadedModel m = LocalLoader.load(dir.toString(), dir);
    assertEquals(ParameterSource.GENERIC, m.spec().parameterSource());
    assertEquals("approximate", m.spec().parameterSource().caveat());
  }

  @Test
  void quantizedUnknownTypesKeepTheGenericPath(@TempDir Path dir) throws Exception {
    SafetensorsFiles.write(
        dir.resolve("model.safetensors"),
        SafetensorsFiles.llama(4, 256, 8, 2, 32, 512, 4000),
        "BF16");
    Files.writeString(
        dir.resolve("config.json"),
        "{\"model_type\": \"frobnicator9\", \"hidden_size\": 256, \"num_hidden_layers\": 4,"
            + " \"num_attention_heads\": 8, \"vocab_size\": 4000,"
            + " \"quantization_config\": {\"quant_method\": \"fp8\"}}");
    LoadedModel m = LocalLoader.load(dir.toString(), dir);
    assertEquals(ParameterSource.GENERIC, m.spec().parameterSource());
  }
}
