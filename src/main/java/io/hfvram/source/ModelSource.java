package io.hfvram.source;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a model's facts came from.
 *
 * @param kind local, hub, cache or catalog
 * @param details kind-specific facts (path, revision, commit, catalog date...), in order
 */
public record ModelSource(String kind, Map<String, Object> details) {
  public ModelSource {
    Objects.requireNonNull(kind, "kind");
    details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** A local folder or file. */
  public static ModelSource local(String path) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("path", path);
    return new ModelSource("local", d);
  }

  /** Kind first, then the details: the JSON form. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", kind);
    m.putAll(details);
    return m;
  }
}
