package io.hfvram.source;

import io.hfvram.core.HfVramException;
import io.hfvram.core.Json;
import io.hfvram.core.JsonException;
import io.hfvram.spec.ConfigMapper;
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
 * published parameter count, written for this project with each figure's source. Used when the Hub
 * cannot be reached, or a gated model has no token, and by {@code hf-vram catalog}; it is read only
 * then (a local estimate never loads it).
 *
 * <p>Resources: {@code catalog/index} holds {@code # date: YYYY-MM-DD} and the names of the family
 * files, one a line; each family file holds blocks opened by {@code [org/name]} with {@code key =
 * value} lines, where keys are config.json names and values are JSON literals (bare words are
 * strings). Special keys: {@code like} (copy the config of an entry above, then override), {@code
 * params} (the published exact count) or {@code params_rounded} (the published rounded figure, e.g.
 * {@code 7.24B}), and {@code source}. {@code catalog/aliases} maps the Hub's legacy short names
 * ({@code gpt2 = openai-community/gpt2}).
 */
public final class Catalog {
  private static final String DIR = "catalog/";

  private final String date;
  private final Map<String, Entry> entries;

  private Catalog(String date, Map<String, Entry> entries) {
    this.date = date;
    this.entries = entries;
  }

  /**
   * One model's facts.
   *
   * @param repoId the Hub id
   * @param config the config.json keys the mappers read
   * @param params the published exact count, or 0 when only a rounded figure is published
   * @param rounded the published rounded figure ("7.24B"), or null when {@code params} is exact
   * @param source where the figures come from
   * @param file the catalog file holding the entry
   */
  public record Entry(
      String repoId,
      Map<String, Object> config,
      long params,
      String rounded,
      String source,
      String file) {
    /** The entry's {@code model_type}. */
    public String modelType() {
      Object t = config.get("model_type");
      return t == null ? "" : t.toString();
    }

    /** The published figure as written: the exact count, or "~" and the rounded figure. */
    public String published() {
      return rounded == null ? String.format(Locale.ROOT, "%,d", params) : "~" + rounded;
    }
  }

  /** Loads the embedded catalog: every file the index names. */
  public static Catalog embedded() {
    String index = resource(DIR + "index");
    String date = "unknown";
    List<String[]> files = new ArrayList<>();
    for (String raw : index.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("# date:")) {
        date = line.substring(7).strip();
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        files.add(new String[] {line, resource(DIR + line)});
      }
    }
    return parse(date, files);
  }

  /**
   * The Hub id a legacy short name stands for ({@code gpt2} to {@code openai-community/gpt2}), or
   * null. Reads only the small alias table, not the catalog.
   */
  public static String alias(String name) {
    if (name == null || name.contains("/")) {
      return null;
    }
    for (String raw : resource(DIR + "aliases").split("\n")) {
      String line = raw.strip();
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0 && line.substring(0, eq).strip().equalsIgnoreCase(name)) {
        return line.substring(eq + 1).strip();
      }
    }
    return null;
  }

  private static String resource(String name) {
    try (InputStream in = Catalog.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the embedded catalog file " + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the embedded catalog file " + name, e);
    }
  }

  /** Parses catalog text (one file, for tests). */
  static Catalog parse(String text) {
    String date = "unknown";
    for (String line : text.split("\n")) {
      if (line.strip().startsWith("# date:")) {
        date = line.strip().substring(7).strip();
      }
    }
    List<String[]> one = new ArrayList<>();
    one.add(new String[] {"catalog", text});
    return parse(date, one);
  }

  /** Parses files given as {name, text} pairs; an id in two places is an error. */
  static Catalog parse(String date, List<String[]> files) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (String[] f : files) {
      new FileParser(f[0], entries).parse(f[1]);
    }
    return new Catalog(date, Collections.unmodifiableMap(entries));
  }

  /** Parses one file into the shared map. */
  private static final class FileParser {
    private final String file;
    private final Map<String, Entry> entries;
    private String id;
    private Map<String, Object> config;
    private long params;
    private String rounded;
    private String source;

    FileParser(String file, Map<String, Entry> entries) {
      this.file = file;
      this.entries = entries;
    }

    void parse(String text) {
      int lineNo = 0;
      for (String raw : text.split("\n")) {
        lineNo++;
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        if (line.startsWith("[") && line.endsWith("]")) {
          finish();
          open(line.substring(1, line.length() - 1).strip());
          continue;
        }
        int eq = line.indexOf('=');
        if (id == null || eq < 0) {
          throw new IllegalStateException(
              "catalog " + file + " line " + lineNo + " is not 'key = value'");
        }
        put(line.substring(0, eq).strip(), line.substring(eq + 1).strip(), lineNo);
      }
      finish();
    }

    private void open(String newId) {
      Entry seen = entries.get(newId.toLowerCase(Locale.ROOT));
      if (seen != null) {
        throw new IllegalStateException(
            "catalog: " + newId + " is in " + seen.file() + " and again in " + file);
      }
      id = newId;
      config = new LinkedHashMap<>();
      params = 0;
      rounded = null;
      source = "";
    }

    private void put(String key, String value, int lineNo) {
      switch (key) {
        case "params" -> params = Long.parseLong(value.replace("_", "").replace(",", ""));
        case "params_rounded" -> rounded = value;
        case "source" -> source = value;
        case "like" -> {
          Entry base = entries.get(value.toLowerCase(Locale.ROOT));
          if (base == null) {
            throw new IllegalStateException(
                "catalog "
                    + file
                    + " line "
                    + lineNo
                    + ": "
                    + id
                    + " is like "
                    + value
                    + ", which is not above it");
          }
          config.putAll(base.config());
        }
        default -> config.put(key, literal(value));
      }
    }

    private void finish() {
      if (id == null) {
        return;
      }
      if ((params <= 0) == (rounded == null)) {
        throw new IllegalStateException(
            "catalog entry " + id + " needs exactly one of params and params_rounded");
      }
      if (source.isBlank()) {
        throw new IllegalStateException("catalog entry " + id + " names no source");
      }
      entries.put(
          id.toLowerCase(Locale.ROOT),
          new Entry(
              id,
              Collections.unmodifiableMap(new LinkedHashMap<>(config)),
              params,
              rounded,
              source,
              file));
      id = null;
    }
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

  /** Entries whose id, model_type or source contains {@code text} (any case). */
  public List<Entry> search(String text) {
    if (text == null || text.isBlank()) {
      return entries();
    }
    String t = text.toLowerCase(Locale.ROOT);
    List<Entry> found = new ArrayList<>();
    for (Entry e : entries.values()) {
      String hay = (e.repoId() + " " + e.modelType() + " " + e.source()).toLowerCase(Locale.ROOT);
      if (hay.contains(t)) {
        found.add(e);
      }
    }
    return found;
  }

  /**
   * The entry mapped by the same mappers as a config.json, with the published count (the
   * architecture's count where only a rounded figure is published).
   */
  public ModelSpec spec(Entry e) throws HfVramException {
    ModelSpec spec = ConfigMapper.map(e.config(), "catalog entry " + e.repoId());
    List<String> notes = new ArrayList<>();
    notes.add("figures from hf-vram's embedded catalog (" + date + "): " + e.source());
    long count = e.params();
    if (e.rounded() != null) {
      count = spec.parameters();
      notes.add("published as " + e.rounded() + " parameters; the count is the architecture's");
    }
    return spec.withParameters(count, ParameterSource.CATALOG, Map.of()).withAssumptions(notes);
  }
}
