package io.hfvram.hub;

import java.util.function.Predicate;
import okhttp3.HttpUrl;

/**
 * The one HTTP client for the Hub: {@link HubTransport} for each exchange, {@link RetryPolicy}
 * around it. See docs/hub.md.
 */
final class HubClient {
  private final HttpUrl endpoint;
  private final HubTransport transport;
  private final RetryPolicy retry;

  HubClient(HttpUrl endpoint, HubTransport transport, RetryPolicy retry) {
    this.endpoint = endpoint;
    this.transport = transport;
    this.retry = retry;
  }

  /** The endpoint, without a trailing slash. */
  HttpUrl endpoint() {
    return endpoint;
  }

  /**
   * GETs a URL with retries. {@code ifNoneMatch} makes the request conditional (a 304 comes back
   * with an empty body); {@code range} asks for a byte range ("bytes=0-7").
   *
   * @param limit the most body bytes accepted
   */
  HttpResult get(HttpUrl url, String ifNoneMatch, String range, long limit) throws HubException {
    return get(url, ifNoneMatch, range, limit, null);
  }

  /**
   * As above; a body that fails {@code valid} is garbled, and tried again with backoff (at most
   * {@link RetryPolicy#GARBLED_TRIES} times in all).
   */
  HttpResult get(HttpUrl url, String ifNoneMatch, String range, long limit, Predicate<byte[]> valid)
      throws HubException {
    return retry.run(
        () -> {
          HttpResult r = transport.once(url, ifNoneMatch, range, limit);
          if (r.status() != 304 && valid != null && !valid.test(r.body())) {
            throw new HubUnavailableException.Garbled(
                describe(url)
                    + ": the Hub's answer is not"
                    + " the document asked for ("
                    + r.body().length
                    + " bytes)",
                true);
          }
          return r;
        });
  }

  static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme())
        && a.host().equalsIgnoreCase(b.host())
        && a.port() == b.port();
  }

  /** A URL for messages: path only, never a query (which could carry signed credentials). */
  static String describe(HttpUrl url) {
    return url.scheme()
        + "://"
        + url.host()
        + (url.port() == HttpUrl.defaultPort(url.scheme()) ? "" : ":" + url.port())
        + url.encodedPath();
  }
}
