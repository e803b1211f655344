package io.hfvram.bench;

import io.hfvram.Fixtures;
import io.hfvram.cli.ServeAccess;
import io.hfvram.serve.Server;
import io.hfvram.serve.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code hf-vram serve} latency for answers from warm caches: 1,000 sequential and 1,000
 * 16-concurrent estimate requests over loopback, p50/p99 of the round trip seen by the client and
 * of the time inside the server (its Server-Timing header). Not a unit test: run {@code
 * src/bench/serve/run.sh} (docs/benchmarks.md).
 */
public final class ServeBenchmark {
  private static final int N = 1000;

  private ServeBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path home = Fixtures.root().resolve("target/serve-bench-home");
    Settings s =
        ServeAccess.settings(
            Map.of("HF_HUB_OFFLINE", "1"),
            home,
            "--offline",
            "--cache-dir",
            home.resolve("cache").toString());
    // one client sends 16 at once here: the per-client limit (8 by default) is raised to 16
    Server server =
        Server.start(
            new Settings(
                s.host(),
                s.port(),
                s.hf(),
                s.requests(),
                s.errors(),
                s.cachedIds(),
                s.version(),
                16,
                16));
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(16))
            .build();
    byte[] config =
        Files.readAllBytes(
            Fixtures.root().resolve("fixtures/models/meta-llama--Llama-2-7b-hf/config.json"));
    String get = "/api/v1/estimate?model=meta-llama/Llama-2-7b-hf&dtype=bf16&seq=8192";
    String post = "/api/v1/estimate?seq=8192";
    try {
      for (String[] c : new String[][] {{"GET catalog id", get}, {"POST config.json", post}}) {
        URI uri = server.url().resolve(c[1]);
        byte[] body = c[1].equals(post) ? config : null;
        run(http, uri, body, 1, N); // warm-up: JIT, parser per thread, catalog
        run(http, uri, body, 16, N);
        report(c[0] + ", sequential", run(http, uri, body, 1, N));
        report(c[0] + ", 16 concurrent", run(http, uri, body, 16, N));
      }
    } finally {
      server.stop(Duration.ofSeconds(5));
    }
    System.exit(0);
  }

  /** Round-trip and server times (ns) of {@code n} requests, {@code threads} at once. */
  private static List<long[]> run(HttpClient http, URI uri, byte[] body, int threads, int n)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<long[]>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(
          pool.submit(
              () -> {
                HttpRequest.Builder b = HttpRequest.newBuilder(uri);
                if (body != null) {
                  b.POST(HttpRequest.BodyPublishers.ofByteArray(body));
                }
                long t0 = System.nanoTime();
                HttpResponse<byte[]> r =
                    http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                long rtt = System.nanoTime() - t0;
                if (r.statusCode() != 200) {
                  throw new IllegalStateException("HTTP " + r.statusCode());
                }
                String st = r.headers().firstValue("Server-Timing").orElse("app;dur=0");
                long server =
                    (long) (Double.parseDouble(st.substring(st.indexOf("dur=") + 4)) * 1e6);
                return new long[] {rtt, server};
              }));
    }
    List<long[]> out = new ArrayList<>();
    for (Future<long[]> f : all) {
      out.add(f.get());
    }
    pool.shutdown();
    return out;
  }

  private static void report(String name, List<long[]> samples) {
    List<Long> rtt = new ArrayList<>();
    List<Long> srv = new ArrayList<>();
    for (long[] s : samples) {
      rtt.add(s[0]);
      srv.add(s[1]);
    }
    Collections.sort(rtt);
    Collections.sort(srv);
    System.out.printf(
        Locale.ROOT,
        "| %s | %d | %.2f ms | %.2f ms | %.2f ms | %.2f ms |%n",
        name,
        samples.size(),
        p(rtt, 50),
        p(rtt, 99),
        p(srv, 50),
        p(srv, 99));
  }

  private static double p(List<Long> sorted, int pct) {
    int i = (int) Math.ceil(pct / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, i)) / 1e6;
  }
}
