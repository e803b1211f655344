package io.hfvram.source;

import io.hfvram.core.HfVramException;
import io.hfvram.core.Json;
import io.hfvram.core.JsonException;
import io.hfvram.hub.CacheEntry;
import io.hfvram.hub.FetchTrace;
import io.hfvram.hub.Hub;
import io.hfvram.hub.HubAccessException;
import io.hfvram.hub.HubUnavailableException;
import io.hfvram.hub.RepoRef;
import io.hfvram.hub.Snapshot;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.ParameterSource;
import io.hfvram.weights.LocalWeights;
import io.hfvram.weights.SafetensorsHeader;
import io.hfvram.weights.WeightsException;
import io.hfvram.weights.WeightsLayout;
import io.hfvram.weights.WeightsMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/**
 * Loads a model from the Hub: the user's Hugging Face cache first, then hf-vram's cache, then the
 * network (model info for the commit and the parameter count, config.json at that commit,
 * safetensors headers when the API lacks the count), and the embedded catalog when the Hub cannot
 * be reached or a gated model has no token.
 */
public final class HubLoader {
  /** Largest config.json accepted from the Hub. */
  static final long MAX_CONFIG = LocalLoader.MAX_CONFIG_BYTES;

  /** Largest model-info or index document accepted. */
  static final long MAX_DOCUMENT = 64L << 20;

  /** First range read of a safetensors file: most headers fit. */
  static final long FIRST_RANGE = 100_000;

  /**
   * Most shard headers read; an index with more is not read, and the count comes from the config
   * (with a warning).
   */
  static final int MAX_SHARDS = 1_000;

  private final Hub hub;
  private final Supplier<Catalog> catalog;
  private final boolean hasToken;
  private final boolean refresh;

  /** A loader over {@code hub}; the catalog is made on first use only. */
  public HubLoader(Hub hub, Supplier<Catalog> catalog) {
    this.hub = hub;
    this.catalog = catalog;
    this.hasToken = hub.hasToken();
    this.refresh = hub.refresh();
  }

  /** Loads "org/name[@revision]"; {@code revision} (if not null) wins over the '@' part. */
  public LoadedModel load(String text, String revision) throws HfVramException {
    RepoRef ref = RepoRef.parse(text, revision);
    FetchTrace trace = new FetchTrace();
    if (!refresh) {
      Snapshot snap = hub.snapshot(ref);
      if (snap != null) {
        try {
          return fromHfCache(text, ref, snap);
        } catch (WeightsException e) {
          // A broken or escaping safetensors file in the user's cache: the Hub has the answer.
          trace.warn(
              "the Hugging Face cache's copy of "
                  + ref
                  + " is unusable ("
                  + e.getMessage()
                  + "); reading it from the Hub");
        }
      }
    }
    try {
      return fromHub(text, ref, trace);
    } catch (HubUnavailableException e) {
      String reason =
          e.kind() == HubUnavailableException.Kind.OFFLINE
              ? "offline mode is on and " + ref + " is not cached"
              : "the Hub could not be reached (" + e.getMessage() + ")";
      return fromCatalog(text, ref, e, reason, trace);
    } catch (HubAccessException e) {
      boolean noToken =
          !hasToken
              && (e.kind() == HubAccessException.Kind.GATED
                  || e.kind() == HubAccessException.Kind.UNAUTHORIZED);
      if (noToken) {
        return fromCatalog(text, ref, e, ref.repoId() + " is gated and no token is set", trace);
      }
      throw e;
    }
  }

  private LoadedModel fromHfCache(String text, RepoRef ref, Snapshot snap) throws HfVramException {
    ModelSpec spec =
        LocalLoader.withWeights(
            LocalLoader.parse(snap.config()),
            snap.config().toString(),
            () -> LocalWeights.read(snap.folder(), snap::file));
    ModelSource source =
        new ModelSource.HfCache(
            ref.repoId(), ref.revision(), snap.commit(), snap.folder().toString());
    return new LoadedModel(text, source, spec, List.of());
  }

  private LoadedModel fromHub(String text, RepoRef ref, FetchTrace trace) throws HfVramException {
    Map<?, ?> info =
        json(
            hub.fetch(hub.infoUrl(ref), ref.pinned(), null, MAX_DOCUMENT, trace, Hub::isJson),
            "model info for " + ref);
    Object sha = info.get("sha");
    String commit =
        sha instanceof String && RepoRef.isCommit((String) sha)
            ? (String) sha
            : ref.pinned() ? ref.revision() : null;
    String rev = commit != null ? commit : ref.revision();
    CacheEntry configEntry =
        hub.fetch(
            hub.fileUrl(ref, rev, "config.json"),
            commit != null,
            null,
            MAX_CONFIG,
            trace,
            Hub::isJson);
    if (commit == null && RepoRef.isCommit(configEntry.commit())) {
      commit = configEntry.commit();
    }
    String file = ref.repoId() + "/config.json";
    Object parsed = LocalLoader.parseJson(configEntry.body(), file);
    boolean fromWeights = WeightsLayout.fromWeights(parsed);
    boolean pinned = commit != null;
    ModelSpec spec =
        LocalLoader.withWeights(
            parsed, file, () -> weights(ref, rev, pinned, info, trace, fromWeights));
    ModelSource source =
        new ModelSource.Hub(
            hub.endpoint().toString().replaceAll("/$", ""),
            ref.repoId(),
            ref.revision(),
            commit,
            !trace.networkUsed());
    return new LoadedModel(text, source, spec, trace.warnings());
  }

  /**
   * Weights metadata: the API's safetensors summary, else the headers by Range requests; with
   * {@code shapes} (an unknown model_type) the headers first, for their tensor shapes, and the
   * summary when they cannot be read.
   */
  private WeightsMetadata weights(
      RepoRef ref, String rev, boolean pinned, Map<?, ?> info, FetchTrace trace, boolean shapes)
      throws HfVramException {
    WeightsMetadata summary = summary(info);
    if (summary != null && !shapes) {
      return summary;
    }
    try {
      WeightsMetadata headers = headers(ref, rev, pinned, info, trace);
      return headers != null ? headers : summary;
    } catch (WeightsException e) {
      if (summary == null) {
        throw e;
      }
      trace.warn(e.getMessage() + "; using the Hub's safetensors summary");
      return summary;
    }
  }

  /** The model info's safetensors summary, or null. */
  private static WeightsMetadata summary(Map<?, ?> info) {
    Object st = info.get("safetensors");
    if (st instanceof Map && ((Map<?, ?>) st).get("parameters") instanceof Map) {
      Map<String, Long> counts = new HashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) ((Map<?, ?>) st).get("parameters")).entrySet()) {
        if (e.getValue() instanceof Long && (Long) e.getValue() >= 0) {
          counts.put(String.valueOf(e.getKey()), (Long) e.getValue());
        }
      }
      if (!counts.isEmpty()) {
        return new WeightsMetadata(
            counts, -1, ParameterSource.SAFETENSORS, "the Hub's safetensors summary");
      }
    }
    return null;
  }

  /** The shard headers by Range requests, or null when there are none to read. */
  private WeightsMetadata headers(
      RepoRef ref, String rev, boolean pinned, Map<?, ?> info, FetchTrace trace)
      throws HfVramException {
    List<String> siblings = siblings(info);
    List<String> files;
    String indexName = ref.repoId() + "/model.safetensors.index.json";
    if (siblings.contains("model.safetensors.index.json")) {
      Object index =
          json(
              hub.fetch(
                  hub.fileUrl(ref, rev, "model.safetensors.index.json"),
                  pinned,
                  null,
                  MAX_DOCUMENT,
                  trace,
                  Hub::isJson),
              indexName);
      files = LocalWeights.shardNames(index, indexName);
      if (files.size() > MAX_SHARDS) {
        trace.warn(
            indexName
                + " lists "
                + files.size()
                + " shards, more than the "
                + MAX_SHARDS
                + " whose headers hf-vram reads; the parameter count comes from config.json");
        return null;
      }
    } else if (siblings.contains("model.safetensors")) {
      files = List.of("model.safetensors");
    } else {
      return null;
    }
    Map<String, Long> counts = new HashMap<>();
    Map<String, List<Long>> shapes = new HashMap<>();
    for (String f : files) {
      header(hub.fileUrl(ref, rev, f), pinned, ref.repoId() + "/" + f, counts, shapes, trace);
    }
    return new WeightsMetadata(
        counts,
        -1,
        ParameterSource.SAFETENSORS,
        files.size() == 1 ? files.get(0) + " header" : files.size() + " shard headers",
        List.of(),
        shapes);
  }

  private void header(
      HttpUrl url,
      boolean pinned,
      String name,
      Map<String, Long> counts,
      Map<String, List<Long>> shapes,
      FetchTrace trace)
      throws HfVramException {
    // Checked before caching: a proxy's error page or a bad Range answer is never kept.
    byte[] first =
        hub.fetch(
                url,
                pinned,
                "bytes=0-" + (FIRST_RANGE - 1),
                FIRST_RANGE,
                trace,
                b -> b.length >= 9 && b[8] == '{')
            .body();
    long n = SafetensorsHeader.headerLength(first, name);
    byte[] json;
    if (8 + n <= first.length) {
      json = Arrays.copyOfRange(first, 8, (int) (8 + n));
    } else {
      json =
          hub.fetch(url, pinned, "bytes=8-" + (7 + n), n, trace, b -> b.length == n && b[0] == '{')
              .body();
      if (json.length != n) {
        throw new WeightsException(
            name + ": the Hub sent " + json.length + " of the " + n + " header bytes");
      }
    }
    SafetensorsHeader.count(json, name, counts, shapes);
  }

  private static List<String> siblings(Map<?, ?> info) {
    List<String> names = new ArrayList<>();
    if (info.get("siblings") instanceof List) {
      for (Object s : (List<?>) info.get("siblings")) {
        if (s instanceof Map && ((Map<?, ?>) s).get("rfilename") instanceof String) {
          names.add((String) ((Map<?, ?>) s).get("rfilename"));
        }
      }
    }
    return names;
  }

  private static Map<?, ?> json(CacheEntry e, String what) throws HubUnavailableException {
    try {
      Object o = Json.parse(e.body());
      if (o instanceof Map) {
        return (Map<?, ?>) o;
      }
    } catch (JsonException ex) {
      // reported below
    }
    throw HubUnavailableException.garbled(what + ": the Hub's answer is not a JSON object");
  }

  private LoadedModel fromCatalog(
      String text, RepoRef ref, HfVramException cause, String reason, FetchTrace trace)
      throws HfVramException {
    Catalog c = catalog.get();
    Catalog.Entry entry = c.find(ref.repoId());
    if (entry == null) {
      throw cause;
    }
    ModelSpec spec = c.spec(entry);
    List<String> warnings = new ArrayList<>(trace.warnings());
    warnings.add(
        reason
            + "; using hf-vram's embedded catalog (dated "
            + c.date()
            + ") for "
            + entry.repoId());
    return new LoadedModel(
        text, new ModelSource.Embedded(c.date(), entry.repoId()), spec, warnings);
  }
}
