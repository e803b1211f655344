package io.hfvram.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hfvram.core.JsonWriter;
import org.junit.jupiter.api.Test;

/** Each kind of source keeps the JSON form the loaders wrote as maps before (field order too). */
final class ModelSourceTest {
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  private static String json(ModelSource s) {
    return JsonWriter.compact(s.toMap());
  }

  @Test
  void local() {
    assertEquals(
        "{\"kind\":\"local\",\"path\":\"/m/config.json\"}",
        json(new ModelSource.Local("/m/config.json")));
  }

  @Test
  void hubWithAndWithoutTheNetwork() {
    assertEquals(
        "{\"kind\":\"hub\",\"endpoint\":\"https://huggingface.co\",\"repo\":\"org/m\","
            + "\"revision\":\"main\",\"commit\":\""
            + SHA
            + "\"}",
        json(new ModelSource.Hub("https://huggingface.co", "org/m", "main", SHA, false)));
    assertEquals(
        "{\"kind\":\"cache\",\"cache\":\"hf-vram\",\"endpoint\":\"http://h\","
            + "\"repo\":\"org/m\",\"revision\":\"v1\"}",
        json(new ModelSource.Hub("http://h", "org/m", "v1", null, true)));
  }

  @Test
  void huggingFaceCache() {
    ModelSource s = new ModelSource.HfCache("org/m", "main", SHA, "/c/snapshots/" + SHA);
    assertEquals("cache", s.kind());
    assertEquals(
        "{\"kind\":\"cache\",\"cache\":\"huggingface\",\"repo\":\"org/m\","
            + "\"revision\":\"main\",\"commit\":\""
            + SHA
            + "\",\"path\":\"/c/snapshots/"
            + SHA
            + "\"}",
        json(s));
  }

  @Test
  void catalog() {
    assertEquals(
        "{\"kind\":\"catalog\",\"date\":\"2025-06-01\",\"repo\":\"org/m\"}",
        json(new ModelSource.Embedded("2025-06-01", "org/m")));
  }
}
