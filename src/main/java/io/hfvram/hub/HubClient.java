package io.hfvram.hub;

import io.hfvram.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The one HTTP client for the Hub: one shared OkHttp client, redirects followed by hand (the
 * token is sent only to the endpoint's origin and dropped on any other), errors mapped to typed
 * exceptions with one actionable line, bounded retries with jittered backoff that honour
 * Retry-After and the RateLimit header. See docs/hub.md.
 */
public final class HubClient {
  /** Statuses that are retried (HH utils/_http.py). */
  private static final List<Integer> RETRIED = List.of(408, 429, 500, 502, 503, 504);
  private static final Pattern RATE_LIMIT = Pattern.compile("r=(\\d+);\\s*t=(\\d+)");
  private static final int MAX_REDIRECTS = 10;

  private final OkHttpClient http;
  private final HttpUrl endpoint;
  private final String token;
  private final Sleeper sleeper;
  private final Random jitter;
  private final int maxRetries;
  private final long maxWaitMillis;
  private final RateGate gate;
  private final String userAgent;

  private HubClient(Builder b) {
    this.http = b.http != null ? b.http : new OkHttpClient.Builder()
        .followRedirects(false)
        .followSslRedirects(false)
        .retryOnConnectionFailure(false)
        .connectionPool(new okhttp3.ConnectionPool(64, 5, java.util.concurrent.TimeUnit.MINUTES))
        .connectTimeout(b.timeout)
        .readTimeout(b.timeout)
        .writeTimeout(b.timeout)
        .callTimeout(b.timeout.multipliedBy(3))
        .build();
    this.endpoint = b.endpoint;
    this.token = b.token;
    this.sleeper = b.sleeper;
    this.jitter = b.jitter;
    this.maxRetries = b.maxRetries;
    this.maxWaitMillis = b.maxWait.toMillis();
    this.gate = b.gate != null ? b.gate : new RateGate(b.clock, b.sleeper);
    this.userAgent = "hf-vram/" + b.version + "; java/" + System.getProperty("java.version");
  }

  public static Builder builder(String endpoint) {
    return new Builder(endpoint);
  }

  /** The endpoint, without a trailing slash. */
  public HttpUrl endpoint() {
    return endpoint;
  }

  /**
   * GETs a URL with retries. {@code ifNoneMatch} makes the request conditional (a 304 comes back
   * with an empty body); {@code range} asks for a byte range ("bytes=0-7").
   *
   * @param limit the most body bytes accepted
   */
  public HttpResult get(HttpUrl url, String ifNoneMatch, String range, long limit)
      throws HubAccessException, HubUnavailableException {
    HubUnavailableException last = null;
    try {
      for (int attempt = 0; attempt <= maxRetries; attempt++) {
        try {
          gate.await();
          return once(url, ifNoneMatch, range, limit);
        } catch (Retry r) {
          last = r.failure;
          if (attempt == maxRetries) {
            break;
          }
          long wait = r.waitMillis >= 0 ? r.waitMillis : backoff(attempt);
          if (wait > maxWaitMillis) {
            throw new HubUnavailableException(r.failure.kind(), r.failure.getMessage()
                + "; the Hub asks to wait " + (wait / 1000) + " s, longer than hf-vram waits");
          }
          if (r.waitMillis >= 0) {
            gate.pause(wait);
          } else {
            sleep(wait);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HubUnavailableException(HubUnavailableException.Kind.NETWORK, "interrupted");
    }
    throw new HubUnavailableException(last.kind(), last.getMessage() + " (gave up after "
        + (maxRetries + 1) + " tries)");
  }

  private void sleep(long millis) throws InterruptedException {
    if (millis > 0) {
      sleeper.sleep(millis);
    }
  }

  /** 1, 2, 4, 8, 8... seconds, each scaled by a random factor in [0.5, 1). */
  long backoff(int attempt) {
    long base = 1000L << Math.min(attempt, 3);
    double factor;
    synchronized (jitter) {
      factor = 0.5 + jitter.nextDouble() / 2;
    }
    return (long) (base * factor);
  }

  private HttpResult once(HttpUrl start, String ifNoneMatch, String range, long limit)
      throws Retry, HubAccessException, HubUnavailableException {
    HttpUrl url = start;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      Request.Builder rb = new Request.Builder().url(url).get()
          .header("User-Agent", userAgent)
          .header("X-Amzn-Trace-Id", UUID.randomUUID().toString());
      if (token != null && sameOrigin(url, endpoint)) {
        rb.header("Authorization", "Bearer " + token);
      }
      if (ifNoneMatch != null) {
        rb.header("If-None-Match", "\"" + ifNoneMatch + "\"");
      }
      if (range != null) {
        rb.header("Range", range);
      }
      Call call = http.newCall(rb.build());
      try (Response resp = call.execute()) {
        int code = resp.code();
        if (code >= 300 && code < 400 && code != 304) {
          String location = resp.header("Location");
          if (location == null) {
            throw new HubUnavailableException(HubUnavailableException.Kind.BAD_RESPONSE,
                describe(url) + ": redirect " + code + " without a Location");
          }
          HttpUrl next = url.resolve(location);
          if (next == null) {
            throw new HubUnavailableException(HubUnavailableException.Kind.BAD_RESPONSE,
                describe(url) + ": redirect to an invalid location");
          }
          if (url.isHttps() && !next.isHttps()) {
            throw new HubUnavailableException(HubUnavailableException.Kind.BAD_RESPONSE,
                describe(url) + ": refused a redirect from https to http");
          }
          url = next;
          continue;
        }
        if (code == 304) {
          return new HttpResult(304, new byte[0], etag(resp), resp.header("X-Repo-Commit"),
              url.toString(), null);
        }
        if (code == 200 || code == 206) {
          byte[] body = range != null ? prefix(resp.body(), limit) : read(resp.body(), limit, url);
          return new HttpResult(code, body, etag(resp), resp.header("X-Repo-Commit"),
              url.toString(), HttpResult.nextLink(resp.header("Link")));
        }
        io.hfvram.core.HfVramException e = mapError(resp, url);
        if (e instanceof HubAccessException) {
          throw (HubAccessException) e;
        }
        throw (HubUnavailableException) e;
      } catch (InterruptedIOException e) {
        throw new Retry(new HubUnavailableException(HubUnavailableException.Kind.TIMEOUT,
            describe(url) + ": timed out"), -1);
      } catch (java.net.UnknownHostException e) {
        // No name resolution usually means no network at all: retrying only delays the answer.
        throw new HubUnavailableException(HubUnavailableException.Kind.NETWORK,
            describe(url) + ": " + networkMessage(e));
      } catch (IOException e) {
        throw new Retry(new HubUnavailableException(HubUnavailableException.Kind.NETWORK,
            describe(url) + ": " + networkMessage(e)), -1);
      }
    }
    throw new HubUnavailableException(HubUnavailableException.Kind.BAD_RESPONSE,
        describe(start) + ": more than " + MAX_REDIRECTS + " redirects");
  }

  private static String networkMessage(IOException e) {
    String m = e.getMessage();
    String name = e.getClass().getSimpleName();
    if (e instanceof java.net.UnknownHostException) {
      return "cannot resolve host " + m + " (no network?)";
    }
    if (e instanceof java.net.ConnectException) {
      return "cannot connect (" + (m == null ? name : m) + ")";
    }
    return "connection failed (" + (m == null ? name : firstLine(m)) + ")";
  }

  private static String firstLine(String m) {
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static byte[] read(ResponseBody body, long limit, HttpUrl url)
      throws IOException, HubUnavailableException {
    if (body == null) {
      return new byte[0];
    }
    long declared = body.contentLength();
    if (declared > limit) {
      throw new HubUnavailableException(HubUnavailableException.Kind.BAD_RESPONSE,
          describe(url) + ": response of " + declared + " bytes is over the " + limit
              + "-byte limit");
    }
    try (InputStream in = body.byteStream()) {
      byte[] bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > limit) {
        throw new HubUnavailableException(HubUnavailableException.Kind.BAD_RESPONSE,
            describe(url) + ": response over the " + limit + "-byte limit");
      }
      if (declared >= 0 && bytes.length != declared) {
        throw new IOException("response ended after " + bytes.length + " of " + declared
            + " bytes");
      }
      return bytes;
    }
  }

  /** The first {@code limit} bytes: a server may answer a ranged GET with the whole file. */
  private static byte[] prefix(ResponseBody body, long limit) throws IOException {
    if (body == null) {
      return new byte[0];
    }
    try (InputStream in = body.byteStream()) {
      return in.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 8));
    }
  }

  static String etag(Response resp) {
    String e = resp.header("X-Linked-Etag");
    if (e == null) {
      e = resp.header("ETag");
    }
    if (e == null) {
      return null;
    }
    if (e.startsWith("W/")) {
      e = e.substring(2);
    }
    return e.replace("\"", "");
  }

  private io.hfvram.core.HfVramException mapError(Response resp, HttpUrl url) throws Retry {
    int code = resp.code();
    String errorCode = resp.header("X-Error-Code");
    String message = serverMessage(resp);
    String where = describe(url);
    if (RETRIED.contains(code)) {
      long wait = -1;
      String retryAfter = resp.header("Retry-After");
      if (retryAfter != null && retryAfter.trim().matches("\\d{1,9}")) {
        wait = Long.parseLong(retryAfter.trim()) * 1000;
      }
      String rl = resp.header("RateLimit");
      if (code == 429 && rl != null) {
        Matcher m = RATE_LIMIT.matcher(rl);
        if (m.find() && m.group(1).equals("0")) {
          wait = Math.max(wait, (Long.parseLong(m.group(2)) + 1) * 1000);
        }
      }
      HubUnavailableException.Kind kind = code == 429
          ? HubUnavailableException.Kind.RATE_LIMITED
          : code == 408 ? HubUnavailableException.Kind.TIMEOUT
              : HubUnavailableException.Kind.SERVER_ERROR;
      String what = code == 429 ? "rate limited by the Hub (HTTP 429)"
          : "the Hub answered HTTP " + code;
      throw new Retry(new HubUnavailableException(kind, where + ": " + what
          + (message == null ? "" : " (" + message + ")")), wait);
    }
    if ("RevisionNotFound".equals(errorCode)) {
      return new HubAccessException(HubAccessException.Kind.REVISION_NOT_FOUND,
          where + ": revision not found; check --revision or the part after '@'");
    }
    if ("EntryNotFound".equals(errorCode)) {
      return new HubAccessException(HubAccessException.Kind.ENTRY_NOT_FOUND,
          where + ": file not found in this repository at this revision");
    }
    if ("GatedRepo".equals(errorCode)) {
      String repoPage = gatedPage(url);
      String what = token == null
          ? "is a gated model and no token is set: accept its licence at " + repoPage
              + " and set HF_TOKEN (or --token) to a token of that account"
          : "is a gated model and this token's account has not been granted access: accept"
              + " its licence at " + repoPage + " (or wait for approval)";
      return new HubAccessException(HubAccessException.Kind.GATED, where + " " + what);
    }
    if (message != null && message.startsWith("Access to this resource is disabled")) {
      return new HubAccessException(HubAccessException.Kind.DISABLED,
          where + ": access to this repository is disabled on the Hub");
    }
    if (code == 401 && message != null && message.contains("Invalid credentials")) {
      return new HubAccessException(HubAccessException.Kind.UNAUTHORIZED,
          where + ": the token was rejected (invalid credentials); check HF_TOKEN or --token");
    }
    if ("RepoNotFound".equals(errorCode) || code == 401 || code == 404) {
      String hint = token == null
          ? "; if it is private or gated, set HF_TOKEN (or --token)"
          : "; check the name, and that this token can read it";
      return new HubAccessException(HubAccessException.Kind.REPO_NOT_FOUND,
          where + ": repository not found (HTTP " + code + ")" + hint);
    }
    if (code == 403) {
      return new HubAccessException(HubAccessException.Kind.FORBIDDEN,
          where + ": forbidden (HTTP 403): the token lacks permission for this repository"
              + (message == null ? "" : " (" + message + ")"));
    }
    if (code == 400) {
      return new HubAccessException(HubAccessException.Kind.BAD_REQUEST,
          where + ": the Hub rejected the request (HTTP 400"
              + (message == null ? "" : ": " + message) + ")");
    }
    return new HubUnavailableException(HubUnavailableException.Kind.SERVER_ERROR,
        where + ": unexpected HTTP " + code + (message == null ? "" : " (" + message + ")"));
  }

  private String gatedPage(HttpUrl url) {
    List<String> seg = url.pathSegments();
    String repo = seg.size() >= 2 && !seg.get(0).equals("api") ? seg.get(0) + "/" + seg.get(1)
        : seg.size() >= 4 ? seg.get(2) + "/" + seg.get(3) : "";
    return endpoint.newBuilder().addPathSegments(repo).build().toString();
  }

  private static String serverMessage(Response resp) {
    String m = resp.header("X-Error-Message");
    if (m != null) {
      return clip(m);
    }
    try {
      ResponseBody body = resp.body();
      if (body == null) {
        return null;
      }
      byte[] bytes = body.byteStream().readNBytes(4096);
      Object parsed = Json.parse(bytes);
      if (parsed instanceof Map) {
        Object e = ((Map<?, ?>) parsed).get("error");
        if (e instanceof String) {
          return clip((String) e);
        }
        if (e instanceof List && !((List<?>) e).isEmpty()) {
          return clip(String.valueOf(((List<?>) e).get(0)));
        }
      }
    } catch (Exception ignored) {
      // A body that is not JSON carries no message we can use.
    }
    return null;
  }

  private static String clip(String s) {
    String one = firstLine(s);
    return one.length() > 200 ? one.substring(0, 200) + "..." : one;
  }

  static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equalsIgnoreCase(b.host())
        && a.port() == b.port();
  }

  /** A URL for messages: path only, never a query (which could carry signed credentials). */
  static String describe(HttpUrl url) {
    return url.scheme() + "://" + url.host() + (url.port() == HttpUrl.defaultPort(url.scheme())
        ? "" : ":" + url.port()) + url.encodedPath();
  }

  /** A failure worth another try, with the wait the server asked for (or -1). */
  private static final class Retry extends Exception {
    private static final long serialVersionUID = 1L;
    final transient HubUnavailableException failure;
    final long waitMillis;

    Retry(HubUnavailableException failure, long waitMillis) {
      super(null, null, false, false);
      this.failure = failure;
      this.waitMillis = waitMillis;
    }
  }

  /** Builds a {@link HubClient}. */
  public static final class Builder {
    private final HttpUrl endpoint;
    private OkHttpClient http;
    private String token;
    private Sleeper sleeper = Sleeper.system();
    private Clock clock = Clock.systemUTC();
    private Random jitter = new Random();
    private int maxRetries = 5;
    private Duration timeout = Duration.ofSeconds(10);
    private Duration maxWait = Duration.ofSeconds(120);
    private RateGate gate;
    private String version = "dev";

    private Builder(String endpoint) {
      this.endpoint = new HubUrls(endpoint).endpoint();
    }

    /** The token, sent only to the endpoint's origin. Blank means none. */
    public Builder token(String t) {
      this.token = t == null || t.isBlank() ? null : t.strip();
      return this;
    }

    public Builder sleeper(Sleeper s) {
      this.sleeper = s;
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    public Builder jitter(Random r) {
      this.jitter = r;
      return this;
    }

    public Builder maxRetries(int n) {
      this.maxRetries = n;
      return this;
    }

    /** Connect and read timeout (the whole call may take three times as long). */
    public Builder timeout(Duration d) {
      this.timeout = d;
      return this;
    }

    /** The longest server-requested wait honoured before giving up. */
    public Builder maxWait(Duration d) {
      this.maxWait = d;
      return this;
    }

    /** A rate gate shared with other clients (a scan's workers). */
    public Builder gate(RateGate g) {
      this.gate = g;
      return this;
    }

    /** An OkHttp client to share (its redirect settings must be off). */
    public Builder http(OkHttpClient c) {
      this.http = c;
      return this;
    }

    public Builder version(String v) {
      this.version = v;
      return this;
    }

    public HubClient build() {
      return new HubClient(this);
    }
  }
}
