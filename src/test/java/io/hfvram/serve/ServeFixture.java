package io.hfvram.serve;

import io.hfvram.Fixtures;
import io.hfvram.cli.CliAccess;
import io.hfvram.cli.ServeAccess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A server on an ephemeral loopback port, offline (catalog ids resolve without a network). */
final class ServeFixture implements AutoCloseable {
  static final Map<String, String> ENV = Map.of("HF_HUB_OFFLINE", "1");

  final Server server;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ServeFixture() throws IOException {
    server =
        Server.start(
            ServeAccess.settings(
                ENV, home(), "--offline", "--cache-dir", home().resolve("cache").toString()));
  }

  static Path home() {
    return Fixtures.root().resolve("target/serve-home");
  }

  /** The command line's output for the same arguments, in the same environment. */
  static CliAccess.Result cli(String... args) {
    String[] all = new String[args.length + 3];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--offline";
    all[args.length + 1] = "--cache-dir";
    all[args.length + 2] = home().resolve("cache").toString();
    return ServeAccess.run(ENV, home(), all);
  }

  URI uri(String pathAndQuery) {
    return server.url().resolve(pathAndQuery);
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String pathAndQuery, byte[] body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri(pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    server.stop(Duration.ofSeconds(5));
  }
}
