package io.hfvram;

import io.hfvram.core.HfVramException;
import io.hfvram.core.Lazy;
import io.hfvram.estimate.Estimate;
import io.hfvram.estimate.Estimator;
import io.hfvram.estimate.Workload;
import io.hfvram.hub.CacheStats;
import io.hfvram.hub.Hub;
import io.hfvram.hub.HubConfig;
import io.hfvram.hub.RetryListener;
import io.hfvram.source.Catalog;
import io.hfvram.source.HubLoader;
import io.hfvram.source.LoadedModel;
import io.hfvram.source.LocalLoader;
import io.hfvram.source.ModelNotFoundException;
import io.hfvram.spec.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The library facade: load a model's spec from a local checkpoint or the Hugging Face Hub, then
 * estimate its memory. Thread-safe once built; one instance shared by many threads also shares one
 * HTTP client and one rate-limit pause (when the Hub says "wait", every thread waits).
 *
 * <pre>{@code
 * HfVram hf = HfVram.builder().build();
 * LoadedModel m = hf.load("meta-llama/Llama-2-70b-hf");
 * Estimate e = hf.estimate(m.spec(), Workload.defaults().withSequenceLength(8192));
 * long bytes = e.inference().totalBytes();
 * }</pre>
 */
public final class HfVram {
  private final Path workingDir;
  private final Path home;
  private final String revision;
  private final Hub hub;
  private final Supplier<HubLoader> loader;

  private HfVram(Builder b) {
    this.workingDir = b.workingDir;
    this.home = b.home;
    HubSettings s = b.settings;
    this.revision = s.revision();
    this.hub =
        Hub.open(
            new HubConfig(
                s.endpoint(),
                s.token(),
                s.cacheDir(),
                s.cacheTtl(),
                s.offline(),
                s.refresh(),
                s.timeout(),
                s.maxRetries(),
                s.version(),
                s.tokenFile(),
                s.deadline()),
            b.env,
            b.home,
            b.hooks);
    // The HTTP stack, the response cache and the catalog load only when a Hub id is asked for,
    // so a local estimate starts fast.
    this.loader = new Lazy<>(() -> new HubLoader(hub, new Lazy<>(Catalog::embedded)));
  }

  /**
   * The user's home folder as the shell knows it: {@code $HOME}, else Java's {@code user.home}
   * (which ignores a changed HOME).
   */
  public static Path defaultHome() {
    String h = System.getenv("HOME");
    return h != null && !h.isBlank() ? Path.of(h) : Path.of(System.getProperty("user.home"));
  }

  /** A builder with defaults from no environment; see {@link Builder#env}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads a model: a local folder, config.json or .gguf path, or a Hub id "org/name[@rev]". A local
   * path that exists wins over a Hub id of the same spelling.
   */
  public LoadedModel load(String ref) throws HfVramException {
    if (ref == null || ref.isBlank()) {
      throw new ModelNotFoundException("empty model name");
    }
    Path local = localPath(ref);
    if (local != null) {
      return LocalLoader.load(ref, local);
    }
    String name = ref.contains("@") ? ref.substring(0, ref.indexOf('@')) : ref;
    String alias = Catalog.alias(name);
    if (alias != null) {
      LoadedModel m = loader.get().load(alias + ref.substring(name.length()), revision);
      List<String> notes = new ArrayList<>(m.warnings());
      notes.add(0, "'" + name + "' is the Hub's legacy name of " + alias + "; using " + alias);
      return new LoadedModel(ref, m.source(), m.spec(), notes);
    }
    return loader.get().load(ref, revision);
  }

  /**
   * Loads a Hub id "org/name[@rev]", never a local path: for ids that came from the network (a Hub
   * listing), so a hostile mirror listing "/etc/passwd" or the token file gets an invalid-id error,
   * not the file read.
   */
  public LoadedModel loadHubId(String ref) throws HfVramException {
    if (ref == null || ref.isBlank()) {
      throw new ModelNotFoundException("empty model name");
    }
    return loader.get().load(ref, revision);
  }

  /**
   * Lists up to {@code limit} model ids on the Hub by author and/or search text (following the
   * API's pagination).
   */
  public List<String> list(String author, String search, int limit) throws HfVramException {
    return hub.list(author, search, limit);
  }

  /**
   * What hf-vram's cache of Hub answers holds.
   *
   * @param root the cache folder
   * @param entries entry files
   * @param bytes their total size
   * @param urls the cached URLs, sorted
   * @param corrupt entry files that fail their checksum or do not parse (they are refetched)
   */
  public record CacheInfo(Path root, long entries, long bytes, List<String> urls, long corrupt) {
    public CacheInfo {
      urls = List.copyOf(urls);
    }
  }

  /** hf-vram's cache folder. */
  public Path cachePath() {
    return hub.cacheRoot();
  }

  /** Counts the cache's entries and bytes, and lists the cached URLs. */
  public CacheInfo cacheInfo() throws IOException {
    CacheStats s = hub.cacheStats();
    return new CacheInfo(s.root(), s.entries(), s.bytes(), s.urls(), s.corrupt());
  }

  /** Deletes every cached Hub answer; returns how many entry files went. */
  public long clearCache() throws IOException {
    return hub.clearCache();
  }

  private Path localPath(String ref) {
    try {
      Path p =
          ref.equals("~") || ref.startsWith("~/")
              ? home.resolve(ref.length() > 2 ? ref.substring(2) : "")
              : Path.of(ref);
      Path abs = p.isAbsolute() ? p : workingDir.resolve(p).normalize();
      if (Files.exists(abs) || LocalLoader.looksLocal(ref)) {
        return abs;
      }
      return null;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /** Estimates inference and training memory for a spec. */
  public Estimate estimate(ModelSpec spec, Workload workload) {
    return Estimator.estimate(spec, workload);
  }

  /** Builds an {@link HfVram}: where paths resolve, which environment, and the Hub settings. */
  public static final class Builder {
    private Path workingDir = Path.of("").toAbsolutePath();
    private Map<String, String> env = Map.of();
    private Path home = defaultHome();
    private HubSettings settings = HubSettings.defaults();
    private Hub.Hooks hooks = Hub.Hooks.system();

    private Builder() {}

    /** The folder relative paths resolve against (default: the current directory). */
    public Builder workingDir(Path dir) {
      this.workingDir = dir.toAbsolutePath();
      return this;
    }

    /** Environment variables to honour (HF_ENDPOINT, HF_TOKEN, HF_HOME, HF_HUB_OFFLINE...). */
    public Builder env(Map<String, String> env) {
      this.env = Map.copyOf(env);
      return this;
    }

    /** The home folder for default cache and token paths. */
    public Builder home(Path home) {
      this.home = home;
      return this;
    }

    /** How to reach the Hub (default: {@link HubSettings#defaults()}). */
    public Builder hub(HubSettings settings) {
      if (settings == null) {
        throw new IllegalArgumentException("settings must not be null");
      }
      this.settings = settings;
      return this;
    }

    /** Who is told before each retry of a Hub request (the CLI's "retrying (n/N)..."). */
    public Builder retryListener(RetryListener listener) {
      this.hooks = new Hub.Hooks(hooks.clock(), hooks.sleeper(), listener);
      return this;
    }

    /** The clock and sleeper; for tests (see the test helper {@code io.hfvram.TestFacades}). */
    Builder hooks(Hub.Hooks hooks) {
      this.hooks = hooks;
      return this;
    }

    /**
     * The facade.
     *
     * @throws IllegalArgumentException when the endpoint is not an http(s) URL
     */
    public HfVram build() {
      return new HfVram(this);
    }
  }
}
