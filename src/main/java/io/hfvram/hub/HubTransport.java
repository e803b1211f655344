package io.hfvram.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * One HTTP exchange with the Hub over one shared OkHttp client: redirects followed by hand (the
 * token is sent only to the endpoint's origin and dropped on any other; https never downgrades
 * to http), bodies read up to a limit, and every failure turned into a typed {@link
 * HubException} (retrying is {@link RetryPolicy}'s job).
 */
final class HubTransport {
  private static final int MAX_REDIRECTS = 10;

  private final OkHttpClient http;
  private final HttpUrl endpoint;
  private final String token;
  private final String userAgent;
  private final HubErrors errors;

  HubTransport(HttpUrl endpoint, String token, Duration timeout, String version) {
    this.http = new OkHttpClient.Builder()
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
    this.token = token;
    this.userAgent = "hf-vram/" + version + "; java/" + System.getProperty("java.version");
    this.errors = new HubErrors(endpoint, token != null);
  }

  /** One GET, following redirects; see {@link HubClient#get}. */
  HttpResult once(HttpUrl start, String ifNoneMatch, String range, long limit)
      throws HubException {
    HttpUrl url = start;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      try (Response resp = http.newCall(request(url, ifNoneMatch, range)).execute()) {
        int code = resp.code();
        if (code >= 300 && code < 400 && code != 304) {
          url = redirect(url, code, resp.header("Location"));
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
        throw errors.map(resp, url);
      } catch (InterruptedIOException e) {
        throw new HubUnavailableException.TimedOut(HubClient.describe(url) + ": timed out", -1);
      } catch (UnknownHostException e) {
        // No name resolution usually means no network at all: retrying only delays the answer.
        throw new HubUnavailableException.Unreachable(HubClient.describe(url) + ": "
            + networkMessage(e), false);
      } catch (IOException e) {
        throw new HubUnavailableException.Unreachable(HubClient.describe(url) + ": "
            + networkMessage(e), true);
      }
    }
    throw new HubUnavailableException.Garbled(HubClient.describe(start) + ": more than "
        + MAX_REDIRECTS + " redirects");
  }

  private Request request(HttpUrl url, String ifNoneMatch, String range) {
    Request.Builder rb = new Request.Builder().url(url).get()
        .header("User-Agent", userAgent)
        .header("X-Amzn-Trace-Id", UUID.randomUUID().toString());
    if (token != null && HubClient.sameOrigin(url, endpoint)) {
      rb.header("Authorization", "Bearer " + token);
    }
    if (ifNoneMatch != null) {
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
      throw new HubUnavailableException.Garbled(HubClient.describe(url) + ": redirect " + code
          + " without a Location");
    }
    HttpUrl next = url.resolve(location);
    if (next == null) {
      throw new HubUnavailableException.Garbled(HubClient.describe(url)
          + ": redirect to an invalid location");
    }
    if (url.isHttps() && !next.isHttps()) {
      throw new HubUnavailableException.Garbled(HubClient.describe(url)
          + ": refused a redirect from https to http");
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
      throw new HubUnavailableException.Garbled(HubClient.describe(url) + ": response of "
          + declared + " bytes is over the " + limit + "-byte limit");
    }
    try (InputStream in = body.byteStream()) {
      byte[] bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > limit) {
        throw new HubUnavailableException.Garbled(HubClient.describe(url)
            + ": response over the " + limit + "-byte limit");
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
}
