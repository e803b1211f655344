package io.hfvram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.core.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hf-vram catalog} and the Hub's legacy short names. */
final class CatalogCliTest {
  @TempDir Path tmp;

  private CliRunner.Result run(Map<String, String> env, String... args) {
    return CliRunner.run(CliRunner.env(env, tmp.resolve("home")), args);
  }

  @Test
  void listsTheCatalogAsATable() {
    CliRunner.Result r = run(Map.of(), "catalog");
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\n");
    assertTrue(lines[0].matches("ID +MODEL_TYPE +PARAMS +SOURCE"), lines[0]);
    assertTrue(r.out().contains("meta-llama/Llama-2-70b-hf"), "lists the entries");
    assertTrue(r.out().contains("68,976,648,192"), "exact counts with separators");
    assertTrue(r.out().contains("~335M"), "rounded figures marked");
    assertTrue(
        lines[lines.length - 1].matches("\\d+ of \\d+ models \\(catalog dated .*\\)"),
        lines[lines.length - 1]);
  }

  @Test
  @SuppressWarnings("unchecked")
  void searchesAndWritesJson() throws Exception {
    CliRunner.Result r =
        run(Map.of(), "catalog", "--search", "WHISPER-LARGE-V3", "--format", "json");
    assertEquals(0, r.code(), r.err());
    Map<String, Object> doc =
        (Map<String, Object>) Json.parse(r.out().getBytes(StandardCharsets.UTF_8));
    List<Map<String, Object>> models = (List<Map<String, Object>>) doc.get("models");
    assertEquals(2, models.size(), r.out());
    Map<String, Object> v3 = models.get(0);
    assertEquals("openai/whisper-large-v3", v3.get("id"));
    assertEquals("whisper", v3.get("modelType"));
    assertEquals(1_543_490_560L, ((Number) v3.get("params")).longValue());
    assertEquals("809M", models.get(1).get("paramsRounded"));
    assertTrue(((Number) doc.get("total")).longValue() >= 300);
  }

  @Test
  void refusesAnUnknownFormat() {
    CliRunner.Result r = run(Map.of(), "catalog", "--format", "csv");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--format must be one of table, json"), r.err());
  }

  @Test
  void aShortNameResolvesWithANote() {
    Map<String, String> env = new HashMap<>();
    env.put("HF_HUB_OFFLINE", "1");
    env.put("HF_VRAM_CACHE", tmp.resolve("cache").toString());
    env.put("HF_HUB_CACHE", tmp.resolve("hf").toString());
    CliRunner.Result r = run(env, "gpt2");
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.err().contains("'gpt2' is the Hub's legacy name of openai-community/gpt2"), r.err());
    assertTrue(r.out().contains("openai-community/gpt2") || r.out().contains("gpt2"), r.out());
  }
}
