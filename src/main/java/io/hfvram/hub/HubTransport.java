package io.hfvram.hub;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * One HTTP exchange with the Hub over one shared OkHttp client: redirects followed by hand (the
 * token is sent only to the endpoint's origin and dropped on any other; https never downgrades to
 * http), bodies read up to a limit, and every failure turned into a typed {@link HubException}
 * (retrying is {@link RetryPolicy}'s job). A Range answer is checked (206 with the Content-Range
 * asked for; a 200 with the whole file is read from the offset asked for and only as far as
 * needed); a 304 nobody asked for is garbled; headers are parsed defensively. Each call ends within
 * three timeouts and by the run's deadline; the {@link CircuitBreaker} stops calling an endpoint
 * that looks down.
 */
final class HubTransport {
  private static final int MAX_REDIRECTS = 10;
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{1,18})");
  private static final Pattern CONTENT_RANGE =
      Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)");

  /** Longest ETag kept; a longer or non-ASCII one is dropped (the entry is then refetched). */
  static final int MAX_ETAG = 512;

  private final OkHttpClient http;
  private final HttpUrl endpoint;
  private final String token;
  private final String userAgent;
  private final HubErrors errors;
  private final String tokenProblem;
  private final CircuitBreaker breaker;
  private final RunDeadline deadline;

  HubTransport(
      HttpUrl endpoint,
      String token,
      Duration timeout,
      String version,
      Clock clock,
      CircuitBreaker breaker,
      RunDeadline deadline) {
    this.http =
        new OkHttpClient.Builder()
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false)
            .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .callTimeout(timeout.multipliedBy(3))
            .build();
    this.endpoint = endpoint;
    this.tokenProblem = Redaction.tokenProblem(token, "HF_TOKEN or the token file");
    this.token = tokenProblem == null ? token : null;
    this.userAgent = "hf-vram/" + version + "; java/" + System.getProperty("java.version");
    this.errors = new HubErrors(endpoint, token, clock);
    this.breaker = breaker;
    this.deadline = deadline;
  }

  /** One GET, following redirects; see {@link HubClient#get}. */
  HttpResult once(HttpUrl start, String ifNoneMatch, String range, long limit) throws HubException {
    if (tokenProblem != null) {
      throw new InvalidReferenceException(tokenProblem);
    }
    breaker.check(HubClient.describe(start));
    deadline.check(HubClient.describe(start));
    HttpUrl url = start;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      Call call = http.newCall(request(url, ifNoneMatch, range));
      deadline.limit(call.timeout());
      try (Response resp = call.execute()) {
        breaker.success();
        int code = resp.code();
        if (code >= 300 && code < 400 && code != 304) {
          url = redirect(url, code, resp.header("Location"));
          continue;
        }
        if (code == 304) {
          if (ifNoneMatch == null) {
            throw new HubUnavailableException.Garbled(
                HubClient.describe(url)
                    + ": 304 Not Modified to a request that was not conditional",
                true);
          }
          return new HttpResult(304, new byte[0], etag(resp), commit(resp), url.toString(), null);
        }
        if (code == 200 || code == 206) {
          byte[] body =
              range != null ? ranged(resp, range, limit, url) : read(resp.body(), limit, url);
          return new HttpResult(
              code,
              body,
              etag(resp),
              commit(resp),
              url.toString(),
              HttpResult.nextLink(resp.header("Link")));
        }
        throw errors.map(resp, url);
      } catch (IOException e) {
        breaker.failure();
        throw failure(e, url);
      } catch (IllegalArgumentException | IllegalStateException e) {
        // OkHttp refusing what a hostile server sent: an answer, never a crash.
        throw new HubUnavailableException.Garbled(
            HubClient.describe(url)
                + ": unusable answer ("
                + Redaction.redact(firstLine(String.valueOf(e.getMessage())), token)
                + ")");
      }
    }
    throw new HubUnavailableException.Garbled(
        HubClient.describe(start) + ": more than " + MAX_REDIRECTS + " redirects");
  }

  /** The typed failure of a connection; only those that may heal are retryable. */
  private HubUnavailableException failure(IOException e, HttpUrl url) {
    String where = HubClient.describe(url);
    if (e instanceof InterruptedIOException) {
      return new HubUnavailableException.TimedOut(where + ": timed out", -1);
    }
    if (e instanceof UnknownHostException) {
      // No name resolution usually means no network at all: retrying only delays the answer.
      return new HubUnavailableException.Unreachable(where + ": " + networkMessage(e), false);
    }
    if (e instanceof SSLException) {
      // A bad certificate or a TLS mismatch does not heal by trying again.
      return new HubUnavailableException.Unreachable(
          where
              + ": TLS failed ("
              + Redaction.redact(firstLine(String.valueOf(e.getMessage())), token)
              + ")",
          false);
    }
    return new HubUnavailableException.Unreachable(
        where + ": " + Redaction.redact(networkMessage(e), token), true);
  }

  private Request request(HttpUrl url, String ifNoneMatch, String range) {
    Request.Builder rb =
        new Request.Builder()
            .url(url)
            .get()
            .header("User-Agent", userAgent)
            .header("X-Amzn-Trace-Id", UUID.randomUUID().toString());
    if (token != null && HubClient.sameOrigin(url, endpoint)) {
      rb.header("Authorization", "Bearer " + token);
    }
    if (ifNoneMatch != null && validEtag(ifNoneMatch)) {
      rb.header("If-None-Match", "\"" + ifNoneMatch + "\"");
    }
    if (range != null) {
      rb.header("Range", range);
    }
    return rb.build();
  }

  private static HttpUrl redirect(HttpUrl url, int code, String location)
      throws HubUnavailableException {
    if (location == null) {
      throw new HubUnavailableException.Garbled(
          HubClient.describe(url) + ": redirect " + code + " without a Location");
    }
    HttpUrl next = url.resolve(location);
    if (next == null) {
      throw new HubUnavailableException.Garbled(
          HubClient.describe(url) + ": redirect to an invalid location");
    }
    if (url.isHttps() && !next.isHttps()) {
      throw new HubUnavailableException.Garbled(
          HubClient.describe(url) + ": refused a redirect from https to http");
    }
    return next;
  }

  private static String networkMessage(IOException e) {
    String m = e.getMessage();
    String name = e.getClass().getSimpleName();
    if (e instanceof UnknownHostException) {
      return "cannot resolve host " + m + " (no network?)";
    }
    if (e instanceof ConnectException) {
      return "cannot connect (" + (m == null ? name : m) + ")";
    }
    return "connection failed (" + (m == null ? name : firstLine(m)) + ")";
  }

  static String firstLine(String m) {
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
      throw new HubUnavailableException.Garbled(
          HubClient.describe(url)
              + ": response of "
              + declared
              + " bytes is over the "
              + limit
              + "-byte limit");
    }
    try (InputStream in = body.byteStream()) {
      byte[] bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > limit) {
        throw new HubUnavailableException.Garbled(
            HubClient.describe(url) + ": response over the " + limit + "-byte limit");
      }
      if (declared >= 0 && bytes.length != declared) {
        throw new IOException(
            "response ended after " + bytes.length + " of " + declared + " bytes");
      }
      return bytes;
    }
  }

  /**
   * The bytes of a ranged GET. A 206 must carry the Content-Range asked for; a 200 (a server that
   * ignores Range and sends the whole file) is read from the offset asked for, only as far as the
   * range, and then closed.
   */
  private static byte[] ranged(Response resp, String range, long limit, HttpUrl url)
      throws IOException, HubUnavailableException {
    Matcher asked = RANGE.matcher(range);
    if (!asked.matches()) {
      return prefix(resp.body(), 0, limit);
    }
    long from = Long.parseLong(asked.group(1));
    long to = Long.parseLong(asked.group(2));
    long want = Math.min(limit, to - from + 1);
    if (resp.code() == 200) {
      return prefix(resp.body(), from, want);
    }
    String header = resp.header("Content-Range");
    Matcher got = header == null ? null : CONTENT_RANGE.matcher(header.trim());
    if (got == null
        || !got.matches()
        || Long.parseLong(got.group(1)) != from
        || Long.parseLong(got.group(2)) < from
        || Long.parseLong(got.group(2)) > to) {
      throw new HubUnavailableException.Garbled(
          HubClient.describe(url)
              + ": the answer to"
              + " Range "
              + range
              + " is not that range (Content-Range: "
              + (header == null ? "none" : RepoRef.printable(header))
              + ")",
          true);
    }
    return prefix(resp.body(), 0, Math.min(want, Long.parseLong(got.group(2)) - from + 1));
  }

  /** Up to {@code limit} bytes after skipping {@code skip}; the rest is never read. */
  private static byte[] prefix(ResponseBody body, long skip, long limit) throws IOException {
    if (body == null) {
      return new byte[0];
    }
    try (InputStream in = body.byteStream()) {
      try {
        in.skipNBytes(skip);
      } catch (EOFException e) {
        return new byte[0];
      }
      return in.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 8));
    }
  }

  /** The ETag (X-Linked-Etag first), unquoted; null when absent or unsafe to send back. */
  static String etag(Response resp) {
    String e = resp.header("X-Linked-Etag");
    if (e == null) {
      e = resp.header("ETag");
    }
    if (e == null) {
      return null;
    }
    e = e.trim();
    if (e.startsWith("W/")) {
      e = e.substring(2);
    }
    e = e.replace("\"", "");
    return validEtag(e) ? e : null;
  }

  /** True for a non-empty ETag of visible ASCII, without quotes, of at most 512 characters. */
  static boolean validEtag(String e) {
    if (e.isEmpty() || e.length() > MAX_ETAG) {
      return false;
    }
    for (int i = 0; i < e.length(); i++) {
      char c = e.charAt(i);
      if (c < 0x21 || c > 0x7E || c == '"') {
        return false;
      }
    }
    return true;
  }

  /** X-Repo-Commit when it is a commit SHA, else null. */
  private static String commit(Response resp) {
    String c = resp.header("X-Repo-Commit");
    return c != null && RepoRef.isCommit(c.trim()) ? c.trim() : null;
  }
}
