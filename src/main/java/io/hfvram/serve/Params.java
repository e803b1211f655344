package io.hfvram.serve;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Query strings: decoding, and the short aliases the page and the examples use. */
final class Params {
  private static final Map<String, String> ALIASES =
      Map.of(
          "seq",
          "seq-len",
          "context",
          "seq-len",
          "batch",
          "batch-size",
          "kv",
          "kv-dtype",
          "checkpointing",
          "grad-checkpointing");

  private Params() {}

  /** The parameters in order; a repeated name is a usage error. */
  static Map<String, String> parse(String rawQuery) {
    Map<String, String> m = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return m;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
      k = ALIASES.getOrDefault(k, k);
      if (m.put(k, v) != null) {
        throw new HttpError(400, "parameter '" + k + "' is given twice");
      }
    }
    return m;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "the query string is not valid percent-encoding");
    }
  }
}
