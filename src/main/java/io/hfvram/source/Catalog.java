package io.hfvram.source;

import io.hfvram.core.Json;
import io.hfvram.core.JsonException;
import io.hfvram.spec.ConfigMapper;
import io.hfvram.core.HfVramException;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.ParameterSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * hf-vram's embedded catalog of popular models: the architecture facts the mappers need and the
 * published parameter count, written for this project with each figure's source (resource
 * {@code models.catalog}). Used when the Hub cannot be reached, or a gated model has no token.
 *
 * <p>Format: {@code # date: YYYY-MM-DD}, then blocks opened by {@code [org/name]} and holding
 * {@code key = value} lines, where keys are config.json names and values are JSON literals (bare
 * words are strings); {@code params} is the published count and {@code source} its source.
 */
public final class Catalog {
  private static final String RESOURCE = "models.catalog";

  private final String date;
  private final Map<String, Entry> entries;

  private Catalog(String date, Map<String, Entry> entries) {
    this.date = date;
    this.entries = entries;
  }

  /** One model's facts. */
  public record Entry(String repoId, Map<String, Object> config, long params, String source) {}

  /** Loads the embedded catalog. */
  public static Catalog embedded() {
    try (InputStream in = Catalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the embedded catalog is missing from the jar");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the embedded catalog", e);
    }
  }

  /** Parses catalog text. */
  static Catalog parse(String text) {
    String date = "unknown";
    Map<String, Entry> entries = new LinkedHashMap<>();
    String id = null;
    Map<String, Object> config = null;
    long params = 0;
    String source = "";
    int lineNo = 0;
    for (String raw : (text + "\n[]").split("\n")) {
      lineNo++;
      String line = raw.strip();
      if (line.startsWith("# date:")) {
        date = line.substring(7).strip();
        continue;
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        if (id != null) {
          if (params <= 0) {
            throw new IllegalStateException("catalog entry " + id + " has no params");
          }
          entries.put(id.toLowerCase(Locale.ROOT), new Entry(id, config, params, source));
        }
        id = line.substring(1, line.length() - 1).strip();
        config = new LinkedHashMap<>();
        params = 0;
        source = "";
        continue;
      }
      int eq = line.indexOf('=');
      if (id == null || eq < 0) {
        throw new IllegalStateException("catalog line " + lineNo + " is not 'key = value'");
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (key.equals("params")) {
        params = Long.parseLong(value.replace("_", "").replace(",", ""));
      } else if (key.equals("source")) {
        source = value;
      } else {
        config.put(key, literal(value));
      }
    }
    return new Catalog(date, Collections.unmodifiableMap(entries));
  }

  private static Object literal(String v) {
    try {
      return Json.parse(v.getBytes(StandardCharsets.UTF_8));
    } catch (JsonException e) {
      return v;
    }
  }

  /** The date the catalog's figures were compiled. */
  public String date() {
    return date;
  }

  /** The entry for a repo id (case-insensitive), or null. */
  public Entry find(String repoId) {
    return entries.get(repoId.toLowerCase(Locale.ROOT));
  }

  /** Every entry, in file order. */
  public List<Entry> entries() {
    return new ArrayList<>(entries.values());
  }

  /** The entry mapped by the same mappers as a config.json, with the published count. */
  public ModelSpec spec(Entry e) throws HfVramException {
    ModelSpec spec = ConfigMapper.map(e.config(), "catalog entry " + e.repoId());
    List<String> notes = new ArrayList<>();
    notes.add("figures from hf-vram's embedded catalog (" + date + "): " + e.source());
    return spec.withParameters(e.params(), ParameterSource.CATALOG, Map.of())
        .withAssumptions(notes);
  }
}
