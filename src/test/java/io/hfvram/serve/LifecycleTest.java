package io.hfvram.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.Fixtures;
import io.hfvram.HfVram;
import io.hfvram.HubSettings;
import io.hfvram.estimate.Workload;
import io.hfvram.report.RenderOptions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Stopping finishes the requests in flight; a client over its limit gets 429. */
final class LifecycleTest {
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final HttpClient http = HttpClient.newHttpClient();

  /** A server whose workload parsing waits for the test (a slow request, without sleeping). */
  private Server server(int perClient) throws Exception {
    HfVram hf =
        HfVram.builder()
            .hub(HubSettings.defaults().withOffline(true))
            .home(Fixtures.root().resolve("target/serve-home"))
            .build();
    Settings.Requests slow =
        params -> {
          entered.countDown();
          try {
            assertTrue(release.await(30, TimeUnit.SECONDS));
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          return new Settings.Choice(Workload.defaults(), false, RenderOptions.UnitSystem.GIB);
        };
    Settings.Errors errors =
        new Settings.Errors() {
          @Override
          public String message(Throwable t) {
            return String.valueOf(t.getMessage());
          }

          @Override
          public int status(Throwable t) {
            return 500;
          }

          @Override
          public int exitCode(Throwable t) {
            return 1;
          }
        };
    return Server.start(
        new Settings("127.0.0.1", 0, hf, slow, errors, List::of, "test", perClient, 4));
  }

  private CompletableFuture<HttpResponse<String>> estimate(Server s) {
    return http.sendAsync(
        HttpRequest.newBuilder(s.url().resolve("/api/v1/estimate?model=meta-llama/Llama-2-7b-hf"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void stopFinishesTheRequestInFlightAndRefusesNewOnes() throws Exception {
    Server s = server(8);
    CompletableFuture<HttpResponse<String>> slow = estimate(s);
    assertTrue(entered.await(30, TimeUnit.SECONDS));
    CompletableFuture<Boolean> stopped =
        CompletableFuture.supplyAsync(() -> s.stop(Duration.ofSeconds(30)));
    // the server is draining: a new request is refused while the slow one goes on
    HttpResponse<String> late = null;
    for (int i = 0; i < 1000 && (late == null || late.statusCode() != 503); i++) {
      late =
          http.send(
              HttpRequest.newBuilder(s.url().resolve("/healthz")).build(),
              HttpResponse.BodyHandlers.ofString());
    }
    assertEquals(503, late.statusCode());
    release.countDown();
    assertEquals(200, slow.get(30, TimeUnit.SECONDS).statusCode());
    assertTrue(stopped.get(30, TimeUnit.SECONDS), "every request in flight finished");
  }

  @Test
  void aClientOverItsLimitGets429() throws Exception {
    Server s = server(1);
    try {
      CompletableFuture<HttpResponse<String>> slow = estimate(s);
      assertTrue(entered.await(30, TimeUnit.SECONDS));
      HttpResponse<String> second =
          http.send(
              HttpRequest.newBuilder(s.url().resolve("/healthz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(429, second.statusCode());
      release.countDown();
      assertEquals(200, slow.get(30, TimeUnit.SECONDS).statusCode());
    } finally {
      release.countDown();
      s.stop(Duration.ofSeconds(5));
    }
  }
}
