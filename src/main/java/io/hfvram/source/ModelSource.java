package io.hfvram.source;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a model's facts came from: one record per kind. {@link #toMap()} is the JSON form ({@code
 * "source"} in docs/json-schema.md): the kind first, then the record's facts in a fixed order.
 */
public sealed interface ModelSource {
  /** The kind as the JSON and the outputs name it: local, hub, cache, catalog or upload. */
  String kind();

  /** The kind-specific facts in their JSON order (absent facts left out). */
  Map<String, Object> details();

  /** Kind first, then the details: the JSON form. */
  default Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", kind());
    m.putAll(details());
    return m;
  }

  /**
   * A local folder, config.json or .gguf file.
   *
   * @param path the path as resolved
   */
  record Local(String path) implements ModelSource {
    public Local {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String kind() {
      return "local";
    }

    @Override
    public Map<String, Object> details() {
      return Map.of("path", path);
    }
  }

  /**
   * A Hub repository, fetched over the network ({@code hub}) or answered entirely from hf-vram's
   * own HTTP cache ({@code cache}, with {@code "cache": "hf-vram"}).
   *
   * @param endpoint the Hub's base URL, without a trailing slash
   * @param repo the repository id
   * @param revision the revision asked for
   * @param commit the commit it resolved to, or null when unknown
   * @param cached true when no request reached the network
   */
  record Hub(String endpoint, String repo, String revision, String commit, boolean cached)
      implements ModelSource {
    public Hub {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(repo, "repo");
      Objects.requireNonNull(revision, "revision");
    }

    @Override
    public String kind() {
      return cached ? "cache" : "hub";
    }

    @Override
    public Map<String, Object> details() {
      Map<String, Object> d = new LinkedHashMap<>();
      if (cached) {
        d.put("cache", "hf-vram");
      }
      d.put("endpoint", endpoint);
      d.put("repo", repo);
      d.put("revision", revision);
      if (commit != null) {
        d.put("commit", commit);
      }
      return Collections.unmodifiableMap(d);
    }
  }

  /**
   * A snapshot in the Hugging Face cache (~/.cache/huggingface/hub), kind {@code cache} with {@code
   * "cache": "huggingface"}.
   *
   * @param repo the repository id
   * @param revision the revision asked for
   * @param commit the snapshot's commit
   * @param path the snapshot folder
   */
  record HfCache(String repo, String revision, String commit, String path) implements ModelSource {
    public HfCache {
      Objects.requireNonNull(repo, "repo");
      Objects.requireNonNull(revision, "revision");
      Objects.requireNonNull(commit, "commit");
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String kind() {
      return "cache";
    }

    @Override
    public Map<String, Object> details() {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("cache", "huggingface");
      d.put("repo", repo);
      d.put("revision", revision);
      d.put("commit", commit);
      d.put("path", path);
      return Collections.unmodifiableMap(d);
    }
  }

  /**
   * hf-vram's embedded catalog, used when the Hub cannot answer.
   *
   * @param date the catalog's date (yyyy-mm-dd)
   * @param repo the repository id as the catalog spells it
   */
  record Embedded(String date, String repo) implements ModelSource {
    public Embedded {
      Objects.requireNonNull(date, "date");
      Objects.requireNonNull(repo, "repo");
    }

    @Override
    public String kind() {
      return "catalog";
    }

    @Override
    public Map<String, Object> details() {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("date", date);
      d.put("repo", repo);
      return Collections.unmodifiableMap(d);
    }
  }

  /**
   * A config.json sent in a request's body (the HTTP API's POST), read from no file.
   *
   * @param bytes the body's size
   */
  record Upload(long bytes) implements ModelSource {
    @Override
    public String kind() {
      return "upload";
    }

    @Override
    public Map<String, Object> details() {
      return Map.of("bytes", bytes);
    }
  }
}
