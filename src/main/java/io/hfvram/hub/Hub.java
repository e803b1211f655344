package io.hfvram.hub;

import io.hfvram.core.Lazy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/**
 * The Hub side of hf-vram for one configuration and environment: the endpoint, the token, the
 * offline switch, the two caches and one HTTP client with one {@link RateGate}, shared by every
 * thread that uses this object (a scan's workers all hold back when the Hub says "wait"). Cheap to
 * create: the HTTP stack loads on the first request, and the token file is read only when the Hub
 * is asked. Thread-safe.
 */
public final class Hub {
  /** The longest server-requested wait honoured before giving up. */
  static final Duration MAX_WAIT = Duration.ofSeconds(120);

  /** How long one request may take in all, tries and waits together, in call timeouts. */
  static final int REQUEST_BUDGET_CALLS = 2;

  /**
   * The boundaries tests replace.
   *
   * @param clock the clock for cache ages and rate-limit pauses
   * @param sleeper waits between retries
   * @param retries told before each retry (a terminal's "retrying (n/N)...")
   */
  public record Hooks(Clock clock, Sleeper sleeper, RetryListener retries) {
    public Hooks {
      retries = retries == null ? RetryListener.NONE : retries;
    }

    /** Hooks that tell nobody of retries. */
    public Hooks(Clock clock, Sleeper sleeper) {
      this(clock, sleeper, RetryListener.NONE);
    }

    /** The real clock and sleep. */
    public static Hooks system() {
      return new Hooks(Clock.systemUTC(), Sleeper.system());
    }
  }

  private final String endpoint;
  private final Supplier<String> token;
  private final DiskCache cache;
  private final HfHubCache userCache;
  private final boolean offline;
  private final boolean refresh;
  private final Supplier<HubUrls> urls;
  private final Supplier<HubClient> client;
  private final Supplier<Fetcher> fetcher;

  private Hub(HubConfig c, Map<String, String> env, Path home, Hooks hooks) {
    Map<String, String> vars = Map.copyOf(env);
    this.endpoint = HubPaths.endpoint(c.endpoint(), vars);
    if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
      throw new IllegalArgumentException(
          "invalid endpoint URL '"
              + Redaction.redact(endpoint, null)
              + "': use e.g. https://huggingface.co");
    }
    String tokenProblem = Redaction.tokenProblem(EnvVars.clean(c.token()), "--token");
    if (tokenProblem != null) {
      throw new IllegalArgumentException(tokenProblem);
    }
    String fileToken =
        c.token() == null && c.tokenFile() != null ? Tokens.fromFile(c.tokenFile()) : null;
    this.token =
        new Lazy<>(() -> fileToken != null ? fileToken : Tokens.resolve(c.token(), vars, home));
    this.cache =
        new DiskCache(
            HubPaths.ourCache(c.cacheDir(), vars, home), hooks.clock(), DiskCache.MAX_BODY_BYTES);
    this.userCache = new HfHubCache(HubPaths.hfHubCache(vars, home));
    this.offline = EnvVars.offline(c.offline(), vars);
    this.refresh = c.refresh();
    this.urls = new Lazy<>(() -> new HubUrls(endpoint));
    RunDeadline deadline = new RunDeadline(hooks.clock(), c.deadline());
    AtomicReference<String> warning = new AtomicReference<>();
    this.client =
        new Lazy<>(
            () -> {
              HubUrls u = urls.get();
              long budget = c.timeout().multipliedBy(3L * REQUEST_BUDGET_CALLS).toMillis();
              RetryPolicy retry =
                  new RetryPolicy(
                      hooks.sleeper(),
                      new Random(),
                      c.maxRetries(),
                      MAX_WAIT.toMillis(),
                      new RateGate(hooks.clock(), hooks.sleeper()),
                      budget,
                      deadline,
                      hooks.retries());
              String t = token.get();
              warning.set(insecureTokenWarning(u.endpoint(), t));
              CircuitBreaker breaker =
                  new CircuitBreaker(
                      hooks.clock(), CircuitBreaker.THRESHOLD, CircuitBreaker.COOLDOWN_MILLIS);
              return new HubClient(
                  u.endpoint(),
                  new HubTransport(
                      u.endpoint(), t, c.timeout(), c.version(), hooks.clock(), breaker, deadline),
                  retry);
            });
    this.fetcher =
        new Lazy<>(
            () ->
                new Fetcher(client, cache, hooks.clock(), c.cacheTtl(), refresh, offline, warning));
  }

  /** The warning for a token sent over plain http to a host other than loopback, or null. */
  static String insecureTokenWarning(HttpUrl endpoint, String token) {
    if (token == null || endpoint.isHttps()) {
      return null;
    }
    String h = endpoint.host();
    if (h.equals("localhost") || h.startsWith("127.") || h.equals("::1")) {
      return null;
    }
    return "the token is sent to "
        + HubClient.describe(endpoint)
        + " over plain http, readable"
        + " by anyone on the network; use an https endpoint";
  }

  /**
   * A Hub for {@code config} in an environment.
   *
   * @param env environment variables (HF_ENDPOINT, HF_TOKEN, HF_HOME, HF_HUB_OFFLINE...)
   * @param home the home folder for default cache and token paths
   * @throws IllegalArgumentException when the endpoint is not an http(s) URL
   */
  public static Hub open(HubConfig config, Map<String, String> env, Path home, Hooks hooks) {
    return new Hub(config, env, home, hooks);
  }

  /** The endpoint, without a trailing slash. */
  public HttpUrl endpoint() {
    return urls.get().endpoint();
  }

  /** {@code {endpoint}/api/models/{repo}/revision/{revision}}. */
  public HttpUrl infoUrl(RepoRef ref) {
    return urls.get().info(ref);
  }

  /** {@code {endpoint}/{repo}/resolve/{revision}/{file}}. */
  public HttpUrl fileUrl(RepoRef ref, String revision, String file) {
    return urls.get().resolve(ref, revision, file);
  }

  /** The snapshot of {@code ref} in the user's own Hugging Face cache, or null. */
  public Snapshot snapshot(RepoRef ref) {
    return userCache.find(ref);
  }

  /**
   * The body at {@code url}, from hf-vram's cache when fresh, else from the Hub (revalidated with
   * If-None-Match); a stale entry is served with a warning when the Hub cannot be reached.
   *
   * @param immutable the URL names a commit, so its content never changes
   * @param range a byte range header value, or null
   * @param limit the most body bytes accepted
   * @param trace records network use and warnings for this load
   * @param valid a check of the body (a failing answer is fetched again and never cached), or null
   */
  public CacheEntry fetch(
      HttpUrl url,
      boolean immutable,
      String range,
      long limit,
      FetchTrace trace,
      Predicate<byte[]> valid)
      throws HubException {
    return fetcher.get().get(url, immutable, range, limit, trace, valid);
  }

  /** True when the body parses as a JSON object or array. */
  public static boolean isJson(byte[] body) {
    return Fetcher.isJson(body);
  }

  /** Whether a token is set (reads the token file on first call). */
  public boolean hasToken() {
    return token.get() != null;
  }

  /** Whether cached branch and tag entries are revalidated now. */
  public boolean refresh() {
    return refresh;
  }

  /**
   * Up to {@code limit} model ids on the Hub by author and/or search text (following the API's
   * pagination).
   */
  public List<String> list(String author, String search, int limit) throws HubException {
    if (offline) {
      throw new HubUnavailableException.OfflineMiss(
          "listing models needs the Hub, and offline mode is on");
    }
    return new HubLister(client.get()).list(author, search, limit);
  }

  /** hf-vram's cache folder. */
  public Path cacheRoot() {
    return cache.root();
  }

  /**
   * Counts the cache's entries and bytes, and lists the cached URLs (temporary files a killed run
   * left are deleted first).
   */
  public CacheStats cacheStats() throws IOException {
    return cache.info();
  }

  /** Deletes every cached answer; returns how many files went. */
  public long clearCache() throws IOException {
    return cache.clear();
  }
}
