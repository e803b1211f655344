package io.hfvram.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class JsonTest {
  private static Object parse(String s) throws JsonException {
    return Json.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsPlainValues() throws Exception {
    Map<?, ?> m = (Map<?, ?>) parse("{\"a\": 1, \"b\": [true, null, \"x\"], \"c\": 1.5}");
    assertEquals(1L, m.get("a"));
    assertEquals(
        List.of(true, "x"),
        ((List<?>) m.get("b")).stream().filter(java.util.Objects::nonNull).toList());
    assertEquals(new BigDecimal("1.5"), m.get("c"));
  }

  @Test
  void acceptsPythonInfinityAsNemotronHasIt() throws Exception {
    Map<?, ?> m = (Map<?, ?>) parse("{\"time_step_limit\": [0.0, Infinity]}");
    assertEquals(Double.POSITIVE_INFINITY, ((List<?>) m.get("time_step_limit")).get(1));
  }

  @Test
  void skipsByteOrderMark() throws Exception {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};
    assertEquals(Map.of(), Json.parse(bom));
  }

  @Test
  void rejectsDeepNesting() {
    String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
    JsonException e = assertThrows(JsonException.class, () -> parse(deep));
    assertTrue(e.getMessage().toLowerCase().contains("depth"), e.getMessage());
  }

  @Test
  void rejectsGiantStrings() {
    String giant = "{\"a\": \"" + "x".repeat(Json.MAX_STRING + 1) + "\"}";
    assertThrows(JsonException.class, () -> parse(giant));
  }

  @Test
  void rejectsTrailingGarbageAndEmptyInput() {
    assertThrows(JsonException.class, () -> parse("{} {}"));
    assertThrows(JsonException.class, () -> parse(""));
    assertThrows(JsonException.class, () -> parse("{\"a\": "));
  }

  @Test
  void writerRoundTrips() throws Exception {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("s", "quote\" and \\ and \n newline \u0001");
    m.put("n", 68_976_648_192L);
    m.put("l", List.of(1L, "two"));
    m.put("e", Map.of());
    assertEquals(m, parse(JsonWriter.pretty(m)));
    assertEquals(m, parse(JsonWriter.compact(m)));
  }
}
