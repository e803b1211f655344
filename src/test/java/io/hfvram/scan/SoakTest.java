package io.hfvram.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hfvram.HfVram;
import io.hfvram.HubSettings;
import io.hfvram.MutableClock;
import io.hfvram.TestFacades;
import io.hfvram.estimate.Workload;
import io.hfvram.hub.Sleeper;
import io.hfvram.report.Row;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault soak: 1,000 models through a local Hub that fails 10% of its answers at random (resets,
 * 500s, 429s with Retry-After, bodies cut short, garbled bodies). Every input gets its row, in
 * order, transient faults are retried into successes, and the cache holds no corrupt entry
 * afterwards. Backoff and Retry-After waits go to a fake clock and sleeper, and no fault needs wall
 * time (a stall past a real socket timeout is HubLoaderTest's), so nothing here sleeps; the
 * client's timeout is only a bound for a hung test.
 */
final class SoakTest {
  static final int MODELS = 1000;
  static final double FAIL_RATE = 0.10;
  static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  @TempDir Path tmp;

  private HttpServer server;
  private final Random random = new Random(20261125);
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<String, AtomicInteger> faults = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(32));
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    double roll;
    int kind;
    synchronized (random) {
      roll = random.nextDouble();
      kind = random.nextInt(5);
    }
    String path = ex.getRequestURI().getRawPath();
    if (roll < FAIL_RATE) {
      String[] names = {"reset", "500", "429", "truncated", "garbled"};
      faults.computeIfAbsent(names[kind], k -> new AtomicInteger()).incrementAndGet();
      switch (kind) {
        case 0:
          ex.close();
          return;
        case 1:
          send(ex, 500, "{\"error\":\"internal\"}", null);
          return;
        case 2:
          send(ex, 429, "{\"error\":\"slow down\"}", "1");
          return;
        case 3:
          truncate(ex);
          return;
        default:
          send(ex, 200, "\u0000garbled{", null);
          return;
      }
    }
    if (path.startsWith("/api/models/")) {
      send(ex, 200, "{\"sha\":\"" + SHA + "\"}", null);
      return;
    }
    int i = Integer.parseInt(path.replaceAll("^/soak/m-(\\d+)/.*$", "$1"));
    send(
        ex,
        200,
        "{\"model_type\":\"llama\",\"hidden_size\":512,\"intermediate_size\":1024,"
            + "\"num_hidden_layers\":"
            + (1 + i % 60)
            + ",\"num_attention_heads\":8,"
            + "\"vocab_size\":1000,\"max_position_embeddings\":2048,\"torch_dtype\":\"bfloat16\"}",
        null);
  }

  /**
   * Declares a body and drops the connection half-way through it: the client sees the stream end
   * early at once, where a stall would cost a real read timeout (HubLoaderTest covers that one).
   */
  private static void truncate(HttpExchange ex) throws IOException {
    byte[] b = "{\"model_type\":\"llama\",\"hidden_size\":512}".getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(200, b.length);
    OutputStream out = ex.getResponseBody();
    out.write(b, 0, b.length / 2);
    out.flush();
    // Closing the stream short would leave the connection open until the client's read timeout;
    // an exception out of the handler makes the server drop the connection at once.
    throw new IOException("body cut short on purpose");
  }

  private static void send(HttpExchange ex, int status, String body, String retryAfter)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    if (retryAfter != null) {
      ex.getResponseHeaders().add("Retry-After", retryAfter);
    }
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  private HfVram facade(MutableClock clock, List<Long> waits) {
    Sleeper fake =
        millis -> {
          waits.add(millis);
          clock.advance(Duration.ofMillis(millis));
        };
    HubSettings s =
        HubSettings.defaults()
            .withEndpoint("http://127.0.0.1:" + server.getAddress().getPort())
            .withCacheDir(tmp.resolve("cache"))
            .withTimeout(Duration.ofSeconds(30))
            .withMaxRetries(10);
    return TestFacades.withTime(
            HfVram.builder().env(Map.of()).home(tmp.resolve("home")).workingDir(tmp).hub(s),
            clock,
            fake)
        .build();
  }

  @Test
  void everyRowArrivesInOrderAndTheCacheStaysWhole() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T00:00:00Z"));
    List<Long> waits = java.util.Collections.synchronizedList(new ArrayList<>());
    Scanner scanner =
        new Scanner(facade(clock, waits)::load, Workload.defaults(), 8, Throwable::getMessage);
    Iterator<String> inputs = IntStream.range(0, MODELS).mapToObj(i -> "soak/m-" + i).iterator();
    List<Row> rows = new ArrayList<>();
    long start = System.nanoTime();
    Scanner.Summary s = scanner.run(inputs, rows::add, null);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(MODELS, rows.size(), "one row per input");
    assertEquals(0, s.failed(), "transient faults retried into successes");
    for (int i = 0; i < MODELS; i++) {
      Row r = rows.get(i);
      assertEquals(i, r.index(), "input order");
      assertEquals("soak/m-" + i, r.input());
      assertNull(r.error(), r.error());
      assertEquals(1 + i % 60, r.report().model().spec().numLayers(), "the right model's row");
    }
    int injected = faults.values().stream().mapToInt(AtomicInteger::get).sum();
    assertTrue(injected > 100, "faults injected: " + faults);
    assertEquals(5, faults.size(), "every kind of fault occurred: " + faults);
    HfVram.CacheInfo info =
        HfVram.builder()
            .hub(HubSettings.defaults().withCacheDir(tmp.resolve("cache")))
            .build()
            .cacheInfo();
    assertEquals(2L * MODELS, info.entries(), "model info and config for every model");
    assertEquals(0, info.corrupt(), "no corrupt entry");
    try (Stream<Path> files = Files.walk(tmp.resolve("cache"))) {
      assertFalse(files.anyMatch(p -> p.toString().endsWith(".tmp")), "no temp files left");
    }
    System.out.printf(
        "soak: %d models, %d requests, faults %s, %d server-asked waits, %d ms%n",
        MODELS, requests.get(), faults, waits.stream().filter(w -> w == 1000).count(), millis);

    // A re-run with the Hub gone answers every row from the cache.
    server.stop(0);
    List<Row> again = new ArrayList<>();
    Scanner.Summary warm =
        new Scanner(facade(clock, waits)::load, Workload.defaults(), 8, Throwable::getMessage)
            .run(
                IntStream.range(0, MODELS).mapToObj(i -> "soak/m-" + i).iterator(),
                again::add,
                null);
    assertEquals(0, warm.failed());
    assertEquals(MODELS, again.size());
  }
}
