package io.hfvram.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.hfvram.HfVram;
import io.hfvram.HubSettings;
import io.hfvram.MutableClock;
import io.hfvram.TestFacades;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded work against endpoints that are down, hostile or slow (issue 12, item 11): the circuit
 * breaker, no retries for TLS failures, the per-request budget and the run's deadline. Small local
 * servers on 127.0.0.1; waits go to a fake clock, and the one real-time test is bounded by call
 * timeouts of a few hundred milliseconds.
 */
final class HubDefencesTest {
  @TempDir Path tmp;

  private MutableClock clock;
  private RecordingSleeper sleeper;
  private ServerSocket raw;
  private HttpServer http;
  private Thread acceptor;
  private final AtomicInteger connections = new AtomicInteger();

  @BeforeEach
  void setUp() {
    clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    sleeper = new RecordingSleeper(clock);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (raw != null) {
      raw.close();
      acceptor.join(5_000);
    }
    if (http != null) {
      http.stop(0);
    }
  }

  private HfVram facade(String endpoint, UnaryOperator<HubSettings> change) {
    HubSettings s =
        HubSettings.defaults()
            .withEndpoint(endpoint)
            .withCacheDir(tmp.resolve("cache"))
            .withTimeout(Duration.ofSeconds(2));
    return TestFacades.withTime(
            HfVram.builder()
                .env(new HashMap<>())
                .home(tmp.resolve("home"))
                .workingDir(tmp)
                .hub(change.apply(s)),
            clock,
            sleeper)
        .build();
  }

  /** A TCP server that answers every connection with {@code reply} and closes it. */
  private int rawServer(byte[] reply) throws IOException {
    raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor =
        new Thread(
            () -> {
              while (!raw.isClosed()) {
                try (Socket s = raw.accept()) {
                  connections.incrementAndGet();
                  s.getOutputStream().write(reply);
                  s.getOutputStream().flush();
                } catch (IOException e) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    return raw.getLocalPort();
  }

  @Test
  void aDeadEndpointOpensTheBreakerAndLaterRowsFailWithoutAConnection() throws Exception {
    int port = rawServer(new byte[0]);
    HfVram hf = facade("http://127.0.0.1:" + port, UnaryOperator.identity());
    for (int i = 0; i < 3; i++) {
      String id = "org/dead-" + i;
      assertThrows(HubUnavailableException.class, () -> hf.load(id));
    }
    assertEquals(
        CircuitBreaker.THRESHOLD,
        connections.get(),
        "6 tries of the first model, then 2 of the second open the breaker");
    HubUnavailableException e =
        assertThrows(HubUnavailableException.class, () -> hf.load("org/dead-4"));
    assertTrue(e.getMessage().contains("looks down"), e.getMessage());
    assertEquals(CircuitBreaker.THRESHOLD, connections.get());
    clock.advance(Duration.ofMillis(CircuitBreaker.COOLDOWN_MILLIS));
    assertThrows(HubUnavailableException.class, () -> hf.load("org/dead-5"));
    assertEquals(
        CircuitBreaker.THRESHOLD + 1,
        connections.get(),
        "after the cooldown one try goes out, and its failure reopens the breaker");
  }

  @Test
  void aTlsFailureIsNotRetried() throws Exception {
    int port =
        rawServer(
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII));
    HubUnavailableException e =
        assertThrows(
            HubUnavailableException.class,
            () -> facade("https://127.0.0.1:" + port, UnaryOperator.identity()).load("org/tls"));
    assertTrue(e.getMessage().contains("TLS failed"), e.getMessage());
    assertEquals(1, connections.get(), "one try only");
    assertEquals(0, sleeper.waits.size());
  }

  @Test
  void aSlowDripServerCannotHoldARequestForMinutes() throws Exception {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r);
              t.setDaemon(true);
              return t;
            }));
    http.createContext(
        "/",
        ex -> {
          connections.incrementAndGet();
          ex.sendResponseHeaders(200, 0);
          try (OutputStream out = ex.getResponseBody()) {
            for (int i = 0; i < 500; i++) {
              out.write(' ');
              out.flush();
              Thread.sleep(20);
            }
          } catch (IOException | InterruptedException e) {
            // the client gave up
          }
        });
    http.start();
    long start = System.nanoTime();
    HubUnavailableException e =
        assertThrows(
            HubUnavailableException.class,
            () ->
                facade(
                        "http://127.0.0.1:" + http.getAddress().getPort(),
                        s -> s.withTimeout(Duration.ofMillis(100)))
                    .load("org/slow"));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(HubUnavailableException.Kind.TIMEOUT, e.kind());
    assertTrue(millis < 5_000, "bounded by the request budget: " + millis + " ms");
    assertTrue(connections.get() <= 3, "tries: " + connections.get());
  }

  @Test
  void theRunsDeadlineStopsRetriesAndFailsLaterRequestsAtOnce() throws Exception {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/",
        ex -> {
          connections.incrementAndGet();
          ex.sendResponseHeaders(503, -1);
          ex.close();
        });
    http.start();
    HfVram hf =
        facade(
            "http://127.0.0.1:" + http.getAddress().getPort(),
            s -> s.withDeadline(Duration.ofSeconds(5)));
    HubUnavailableException first =
        assertThrows(HubUnavailableException.class, () -> hf.load("org/busy"));
    assertTrue(first.getMessage().contains("deadline"), first.getMessage());
    assertTrue(connections.get() < 6, "fewer than the 6 tries: " + connections.get());
    int before = connections.get();
    clock.advance(Duration.ofSeconds(10));
    HubUnavailableException later =
        assertThrows(HubUnavailableException.class, () -> hf.load("org/other"));
    assertTrue(
        later.getMessage().contains("deadline (5 s, --deadline) has passed"), later.getMessage());
    assertEquals(before, connections.get(), "no request after the deadline");
  }

  @Test
  void aSustainedLongRetryAfterCostsOneWaitNotTen() {
    AtomicInteger calls = new AtomicInteger();
    RetryPolicy p =
        new RetryPolicy(sleeper, new java.util.Random(1), 5, 120_000, new RateGate(clock, sleeper));
    HubUnavailableException e =
        assertThrows(
            HubUnavailableException.class,
            () ->
                p.run(
                    () -> {
                      calls.incrementAndGet();
                      throw new HubUnavailableException.RateLimited("429", 120_000);
                    }));
    assertEquals(2, calls.get(), "one 120 s wait, then give up (before: 5 waits, 10 minutes)");
    assertTrue(e.getMessage().contains("240 s in all"), e.getMessage());
  }
}
