package io.hfvram;

import io.hfvram.source.Catalog;
import io.hfvram.estimate.Estimate;
import io.hfvram.estimate.Estimator;
import io.hfvram.estimate.Workload;
import io.hfvram.hub.DiskCache;
import io.hfvram.hub.Fetcher;
import io.hfvram.hub.HfHubCache;
import io.hfvram.hub.HubClient;
import io.hfvram.source.HubLoader;
import io.hfvram.hub.HubPaths;
import io.hfvram.hub.HubUrls;
import io.hfvram.hub.RateGate;
import io.hfvram.hub.Sleeper;
import io.hfvram.hub.Tokens;
import io.hfvram.source.LoadedModel;
import io.hfvram.source.LocalLoader;
import io.hfvram.source.ModelNotFoundException;
import io.hfvram.core.HfVramException;
import io.hfvram.spec.ModelSpec;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The library facade: load a model's spec from a local checkpoint or the Hugging Face Hub, then
 * estimate its memory. Thread-safe once built.
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
  private final Supplier<HubLoader> hub;
  private final DiskCache cache;
  private final Supplier<HubClient> client;
  private final boolean offline;

  private HfVram(Builder b) {
    this.workingDir = b.workingDir;
    this.revision = b.revision;
    Map<String, String> env = b.env;
    boolean offline = b.offline || Tokens.truthy(env.get("HF_HUB_OFFLINE"))
        || (env.get("HF_HUB_OFFLINE") == null && Tokens.truthy(env.get("TRANSFORMERS_OFFLINE")));
    String endpoint = HubPaths.endpoint(b.endpoint, env);
    if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
      throw new IllegalArgumentException("invalid endpoint URL '" + endpoint
          + "': use e.g. https://huggingface.co");
    }
    // The token file is read only when the Hub is asked: a local estimate touches no secret.
    Supplier<String> token = memoize(() -> Tokens.resolve(b.token, env, b.home));
    this.home = b.home;
    this.cache = new DiskCache(HubPaths.ourCache(b.cacheDir, env, b.home));
    Supplier<HubClient> client = memoize(() -> {
      HubClient.Builder cb = HubClient.builder(endpoint).token(token.get()).clock(b.clock)
          .sleeper(b.sleeper).gate(b.gate).timeout(b.timeout).maxRetries(b.maxRetries)
          .version(b.version);
      if (b.http != null) {
        cb.http(b.http);
      }
      return cb.build();
    });
    this.client = client;
    this.offline = offline;
    // The HTTP stack, the response cache and the catalog load only when a Hub id is asked for,
    // so a local estimate starts fast.
    this.hub = memoize(() -> new HubLoader(new HubUrls(endpoint),
        new Fetcher(client, cache, b.clock, b.ttl, b.refresh, offline),
        new HfHubCache(HubPaths.hfHubCache(env, b.home)), memoize(Catalog::embedded),
        token.get() != null, b.refresh));
  }

  /** A builder with defaults from no environment; see {@link Builder#env}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads a model: a local folder, config.json or .gguf path, or a Hub id "org/name[@rev]".
   * A local path that exists wins over a Hub id of the same spelling.
   */
  public LoadedModel load(String ref) throws HfVramException {
    if (ref == null || ref.isBlank()) {
      throw new ModelNotFoundException("empty model name");
    }
    Path local = localPath(ref);
    if (local != null) {
      return LocalLoader.load(ref, local);
    }
    return hub.get().load(ref, revision);
  }

  /**
   * Lists up to {@code limit} model ids on the Hub by author and/or search text (following the
   * API's pagination).
   */
  public java.util.List<String> list(String author, String search, int limit)
      throws HfVramException {
    if (offline) {
      throw new io.hfvram.hub.HubUnavailableException(
          io.hfvram.hub.HubUnavailableException.Kind.OFFLINE,
          "listing models needs the Hub, and offline mode is on");
    }
    return new io.hfvram.hub.HubLister(client.get()).list(author, search, limit);
  }

  /** The hf-vram response cache. */
  public DiskCache cache() {
    return cache;
  }

  private Path localPath(String ref) {
    try {
      Path p = ref.equals("~") || ref.startsWith("~/")
          ? home.resolve(ref.length() > 2 ? ref.substring(2) : "") : Path.of(ref);
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

  private static <T> Supplier<T> memoize(Supplier<T> s) {
    return new Supplier<>() {
      private volatile T value;

      @Override
      public T get() {
        T v = value;
        if (v == null) {
          synchronized (this) {
            v = value;
            if (v == null) {
              v = s.get();
              value = v;
            }
          }
        }
        return v;
      }
    };
  }

  /** Builds an {@link HfVram}. Every boundary (environment, clock, HTTP) can be injected. */
  public static final class Builder {
    private Path workingDir = Path.of("").toAbsolutePath();
    private Map<String, String> env = Map.of();
    private Path home = Path.of(System.getProperty("user.home"));
    private String endpoint;
    private String token;
    private String revision;
    private Path cacheDir;
    private Duration ttl = Duration.ofHours(24);
    private boolean offline;
    private boolean refresh;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();
    private RateGate gate;
    private Duration timeout = Duration.ofSeconds(10);
    private int maxRetries = 5;
    private okhttp3.OkHttpClient http;
    private String version = "dev";

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

    /** The Hub endpoint; default HF_ENDPOINT, else https://huggingface.co. */
    public Builder endpoint(String endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** The token; default HF_TOKEN, else the token file. */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /** The revision for Hub ids without '@'. */
    public Builder revision(String revision) {
      this.revision = revision;
      return this;
    }

    /** hf-vram's cache folder; default HF_VRAM_CACHE, else ~/.cache/hf-vram. */
    public Builder cacheDir(Path dir) {
      this.cacheDir = dir;
      return this;
    }

    /** How long a branch or tag stays fresh before revalidation (default 24 h). */
    public Builder cacheTtl(Duration ttl) {
      this.ttl = ttl;
      return this;
    }

    /** Never touch the network. */
    public Builder offline(boolean offline) {
      this.offline = offline;
      return this;
    }

    /** Revalidate cached branch and tag entries now. */
    public Builder refresh(boolean refresh) {
      this.refresh = refresh;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /** A rate gate shared by several facades (a scan's workers). */
    public Builder gate(RateGate gate) {
      this.gate = gate;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder maxRetries(int n) {
      this.maxRetries = n;
      return this;
    }

    /** A shared OkHttp client (redirects must be off). */
    public Builder http(okhttp3.OkHttpClient http) {
      this.http = http;
      return this;
    }

    /** The version sent in the User-Agent. */
    public Builder version(String version) {
      this.version = version;
      return this;
    }

    public HfVram build() {
      return new HfVram(this);
    }
  }
}
