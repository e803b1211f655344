package io.hfvram.serve;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code hf-vram serve}: the page and the API on the JDK's built-in HTTP server. Safe by default:
 * only the page and the API answer; no CORS; a request's Host and Origin must be this server's (no
 * DNS rebinding, no cross-site use); bodies up to 1 MiB; a bounded number of requests per client;
 * slow clients time out; stopping finishes the requests in flight.
 */
public final class Server implements AutoCloseable {
  private static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";
  private static final String STARTED = "hf-vram.started";

  private final Settings settings;
  private final HttpServer http;
  private final ExecutorService pool;
  private final Api api;
  private final Page page;
  private final ClientLimits limits;
  private final Set<String> hosts;
  private final Object lock = new Object();
  private int inFlight;
  private boolean stopping;

  private Server(Settings settings, HttpServer http, ExecutorService pool) {
    this.settings = settings;
    this.http = http;
    this.pool = pool;
    this.api = new Api(settings);
    this.page = Page.load(settings.version());
    this.limits = new ClientLimits(settings.perClient());
    int port = http.getAddress().getPort();
    InetAddress a = http.getAddress().getAddress();
    this.hosts =
        a.isLoopbackAddress()
            ? Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port)
            : Set.of();
  }

  /** Binds and starts a server. */
  public static Server start(Settings s) throws IOException {
    // Slow clients: the JDK server's own limits (seconds), unless the operator set them.
    setDefault("sun.net.httpserver.maxReqTime", "30");
    setDefault("sun.net.httpserver.maxRspTime", "600");
    setDefault("sun.net.httpserver.maxReqHeaders", "100");
    // Headers and body go out as separate writes: without TCP_NODELAY, Nagle's algorithm and the
    // client's delayed ACK add ~40 ms to answers on a kept-alive connection.
    setDefault("sun.net.httpserver.nodelay", "true");
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName(s.host()), s.port()), 64);
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            s.threads(),
            r -> {
              Thread t = new Thread(r, "hf-vram-serve-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    Server server = new Server(s, http, pool);
    http.createContext("/", server::handle);
    http.setExecutor(pool);
    http.start();
    return server;
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /** The port bound (useful with port 0). */
  public int port() {
    return http.getAddress().getPort();
  }

  /** The page's address. */
  public URI url() {
    InetAddress a = http.getAddress().getAddress();
    String host = a.isAnyLocalAddress() ? "127.0.0.1" : a.getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port() + "/");
  }

  /**
   * Stops: new requests get 503, the ones in flight finish (for at most {@code grace}), then the
   * socket closes. Returns whether every request in flight finished.
   */
  public boolean stop(Duration grace) {
    boolean drained;
    synchronized (lock) {
      stopping = true;
      long deadline = System.nanoTime() + grace.toNanos();
      while (inFlight > 0 && System.nanoTime() < deadline) {
        try {
          lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      drained = inFlight == 0;
    }
    http.stop(0);
    pool.shutdownNow();
    return drained;
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(5));
  }

  private void handle(HttpExchange ex) throws IOException {
    ex.setAttribute(STARTED, System.nanoTime());
    String client = ex.getRemoteAddress().getAddress().getHostAddress();
    boolean counted = false;
    try {
      secure(ex.getResponseHeaders(), API_POLICY);
      synchronized (lock) {
        if (stopping) {
          throw new HttpError(503, "the server is shutting down");
        }
        inFlight++;
        counted = true;
      }
      checkOrigin(ex);
      if (!limits.acquire(client)) {
        throw new HttpError(
            429,
            "too many requests in flight from this client (at most " + settings.perClient() + ")");
      }
      try {
        route(ex);
      } finally {
        limits.release(client);
      }
    } catch (Throwable t) {
      fail(ex, t);
    } finally {
      ex.close();
      if (counted) {
        synchronized (lock) {
          inFlight--;
          lock.notifyAll();
        }
      }
    }
  }

  private static void secure(Headers h, String policy) {
    h.set("Content-Security-Policy", policy);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    h.set("Cache-Control", "no-store");
  }

  /** On a loopback bind, only this server's Host; and never another site's Origin. */
  private void checkOrigin(HttpExchange ex) {
    String host = ex.getRequestHeaders().getFirst("Host");
    if (!hosts.isEmpty() && (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT)))) {
      throw new HttpError(403, "unexpected Host header: use " + url());
    }
    String origin = ex.getRequestHeaders().getFirst("Origin");
    if (origin != null && (host == null || !origin.equalsIgnoreCase("http://" + host))) {
      throw new HttpError(403, "cross-origin requests are refused (CORS is off)");
    }
  }

  private void route(HttpExchange ex) throws Exception {
    String path = ex.getRequestURI().getRawPath();
    String method = ex.getRequestMethod();
    Map<String, String> params = Params.parse(ex.getRequestURI().getRawQuery());
    switch (path) {
      case "/":
      case "/index.html":
        allow(method, "GET");
        Headers h = ex.getResponseHeaders();
        secure(h, page.policy());
        h.set("Cache-Control", "no-cache");
        send(ex, new Api.Response(200, "text/html; charset=utf-8", page.bytes(), List.of()));
        return;
      case "/healthz":
        allow(method, "GET");
        send(ex, api.health());
        return;
      case "/api/v1/estimate":
      case "/api/v1/report":
        allow(method, "GET", "POST");
        send(ex, estimate(method, params, ex.getRequestBody(), path.endsWith("report")));
        return;
      case "/api/v1/scan":
        allow(method, "POST");
        byte[] list = Api.readBody(ex.getRequestBody());
        api.scan(
            params,
            list,
            (status, type) -> {
              ex.getResponseHeaders().set("Content-Type", type);
              ex.sendResponseHeaders(status, 0);
              return ex.getResponseBody();
            });
        return;
      case "/api/v1/gpus":
        allow(method, "GET");
        send(ex, api.gpus());
        return;
      case "/api/v1/catalog":
        allow(method, "GET");
        send(ex, api.catalog());
        return;
      default:
        throw new HttpError(404, "no such page: " + path + " (see docs/api.md)");
    }
  }

  /** GET names a model; POST sends a config.json or a GGUF file (its start, with the header). */
  private Api.Response estimate(
      String method, Map<String, String> params, InputStream in, boolean html) throws Exception {
    if (!method.equals("POST")) {
      return api.estimate(params, null, html);
    }
    BufferedInputStream body = new BufferedInputStream(in, 1 << 16);
    body.mark(4);
    byte[] start = body.readNBytes(4);
    body.reset();
    if (GgufUpload.isGguf(start)) {
      return api.estimateGguf(params, body, html);
    }
    return api.estimate(params, Api.readBody(body), html);
  }

  private static void allow(String method, String... allowed) {
    for (String a : allowed) {
      if (a.equals(method)) {
        return;
      }
    }
    throw new HttpError(
        405, "method " + method + " is not allowed here; use " + String.join(" or ", allowed));
  }

  private static void send(HttpExchange ex, Api.Response r) throws IOException {
    Headers h = ex.getResponseHeaders();
    h.set("Content-Type", r.type());
    for (String w : r.warnings()) {
      h.add("X-Hf-Vram-Warning", w.replaceAll("[\\r\\n]+", " "));
    }
    Object t0 = ex.getAttribute(STARTED);
    if (t0 instanceof Long) {
      double ms = (System.nanoTime() - (Long) t0) / 1e6;
      h.set("Server-Timing", "app;dur=" + Math.round(ms * 1000) / 1000.0);
    }
    ex.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(r.body());
    }
  }

  private void fail(HttpExchange ex, Throwable t) throws IOException {
    if (ex.getResponseCode() != -1) {
      return; // the answer has started (a scan's stream): closing it is all that is left
    }
    int status;
    int exit;
    String message;
    if (t instanceof HttpError) {
      status = ((HttpError) t).status();
      exit = ((HttpError) t).exitCode();
      message = t.getMessage();
    } else {
      status = settings.errors().status(t);
      exit = settings.errors().exitCode(t);
      message = settings.errors().message(t);
    }
    if (status == 405) {
      ex.getResponseHeaders()
          .set("Allow", message.substring(message.lastIndexOf("use ") + 4).replace(" or ", ", "));
    }
    send(
        ex,
        new Api.Response(status, "application/json", Api.error(message, status, exit), List.of()));
  }
}
