package io.hfvram.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens, token files, redaction and defensive header parsing (issue 12, items 9, 10). */
final class CredentialsTest {
  @TempDir Path tmp;

  private static final String TOKEN = "hf_" + "AbCdEfGhIj".repeat(3) + "xyz";

  private Hub open(String token, Path tokenFile, Map<String, String> env) {
    HubConfig c =
        new HubConfig(
            "http://127.0.0.1:1",
            token,
            tmp.resolve("cache"),
            Duration.ofHours(1),
            true,
            false,
            Duration.ofSeconds(1),
            0,
            "t",
            tokenFile,
            null);
    return Hub.open(c, env, tmp.resolve("home"), Hub.Hooks.system());
  }

  @Test
  void redactionHidesTokensAndUserinfo() {
    String text = "bad token " + TOKEN + " and secret-1234 at https://bob:pw@mirror.test/x";
    String r = Redaction.redact(text, "secret-1234");
    assertFalse(r.contains(TOKEN), r);
    assertFalse(r.contains("secret-1234"), r);
    assertFalse(r.contains("bob") || r.contains("pw@"), r);
    assertTrue(r.contains("https://mirror.test/x"), r);
    assertEquals("hf_short", Redaction.redact("hf_short", null));
  }

  @Test
  void everyHubExceptionMessageIsRedacted() {
    HubException e = new HubUnavailableException.Garbled("echo " + TOKEN);
    assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
  }

  @Test
  void aTokenFileIsReadAndWinsOverTheEnvironment() throws Exception {
    Path f = Files.writeString(tmp.resolve("tok"), TOKEN + "\n");
    Hub hub = open(null, f, Map.of("HF_TOKEN", "hf_other"));
    assertTrue(hub.hasToken());
    assertEquals(TOKEN, Tokens.fromFile(f));
  }

  @Test
  void aBadTokenFileIsAUsageErrorNamingTheFile() throws Exception {
    Path missing = tmp.resolve("missing");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> open(null, missing, Map.of()));
    assertTrue(e.getMessage().contains("--token-file"), e.getMessage());
    Path big = Files.write(tmp.resolve("big"), new byte[10_000]);
    assertThrows(IllegalArgumentException.class, () -> open(null, big, Map.of()));
    Path empty = Files.writeString(tmp.resolve("empty"), " \n");
    assertThrows(IllegalArgumentException.class, () -> open(null, empty, Map.of()));
    Path bad = Files.writeString(tmp.resolve("bad"), "hf_t\u00f6ken", StandardCharsets.UTF_8);
    assertThrows(IllegalArgumentException.class, () -> open(null, bad, Map.of()));
  }

  @Test
  void aNonAsciiTokenIsRefusedUpFrontNotACrash() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> open("hf_t\u00f6ken", null, Map.of()));
    assertTrue(e.getMessage().contains("not visible ASCII"), e.getMessage());
    assertFalse(e.getMessage().contains("t\u00f6ken"), "the token is not echoed");
    assertThrows(IllegalArgumentException.class, () -> open("hf_a\u0007b", null, Map.of()));
  }

  @Test
  void aNonAsciiTokenFromTheEnvironmentIsAnInvalidReference() throws Exception {
    HubTransport t =
        new HubTransport(
            HttpUrl.get("http://127.0.0.1:1"),
            "hf_\u00e9x",
            Duration.ofSeconds(1),
            "t",
            Clock.systemUTC(),
            new CircuitBreaker(Clock.systemUTC(), 8, 1000),
            new RunDeadline(Clock.systemUTC(), null));
    InvalidReferenceException e =
        assertThrows(
            InvalidReferenceException.class,
            () -> t.once(HttpUrl.get("http://127.0.0.1:1/x"), null, null, 10));
    assertTrue(e.getMessage().contains("HF_TOKEN"), e.getMessage());
  }

  @Test
  void aTokenOverPlainHttpToAnotherHostWarnsOnce() throws Exception {
    assertNotNull(Hub.insecureTokenWarning(HttpUrl.get("http://mirror.test"), TOKEN));
    assertNull(Hub.insecureTokenWarning(HttpUrl.get("https://mirror.test"), TOKEN));
    assertNull(Hub.insecureTokenWarning(HttpUrl.get("http://127.0.0.1:8080"), TOKEN));
    assertNull(Hub.insecureTokenWarning(HttpUrl.get("http://localhost:8080"), TOKEN));
    assertNull(Hub.insecureTokenWarning(HttpUrl.get("http://[::1]:8080"), TOKEN));
    assertNull(Hub.insecureTokenWarning(HttpUrl.get("http://mirror.test"), null));
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    AtomicReference<String> pending = new AtomicReference<>("plain http!");
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          ex.sendResponseHeaders(200, 2);
          ex.getResponseBody().write("{}".getBytes(StandardCharsets.UTF_8));
          ex.close();
        });
    server.start();
    HttpUrl base = HttpUrl.get("http://127.0.0.1:" + server.getAddress().getPort());
    Clock sys = Clock.systemUTC();
    HubClient client =
        new HubClient(
            base,
            new HubTransport(
                base,
                null,
                Duration.ofSeconds(5),
                "t",
                sys,
                new CircuitBreaker(sys, 8, 1000),
                new RunDeadline(sys, null)),
            new RetryPolicy(
                Sleeper.system(),
                new java.util.Random(1),
                0,
                1000,
                new RateGate(sys, Sleeper.system())));
    Fetcher f =
        new Fetcher(
            () -> client,
            new DiskCache(tmp, clock, 1000),
            clock,
            Duration.ZERO,
            false,
            false,
            pending);
    FetchTrace one = new FetchTrace();
    try {
      f.get(base.resolve("/a"), false, null, 100, one, null);
      FetchTrace two = new FetchTrace();
      f.get(base.resolve("/b"), false, null, 100, two, null);
      assertEquals(0, two.warnings().size(), "once per run");
    } finally {
      server.stop(0);
    }
    assertEquals(java.util.List.of("plain http!"), one.warnings());
  }

  @Test
  void headersAreParsedDefensively() {
    Clock at = Clock.fixed(Instant.parse("2026-10-21T07:27:30Z"), java.time.ZoneOffset.UTC);
    assertEquals(30_000, RetryPolicy.requestedWait(503, "Wed, 21 Oct 2026 07:28:00 GMT", null, at));
    assertEquals(0, RetryPolicy.requestedWait(503, "Wed, 21 Oct 2020 07:28:00 GMT", null, at));
    assertEquals(
        RetryPolicy.MAX_HEADER_WAIT_MILLIS,
        RetryPolicy.requestedWait(503, "99999999999999999999999", null, at));
    assertEquals(
        RetryPolicy.MAX_HEADER_WAIT_MILLIS,
        RetryPolicy.requestedWait(429, null, "\"api\";r=0;t=99999999999999999999", at));
    assertEquals(-1, RetryPolicy.requestedWait(429, "soon", "r=00000000000000000000001;t=x", at));
    assertEquals(-1, RetryPolicy.requestedWait(503, "x".repeat(10_000), null, at));
    assertTrue(HubTransport.validEtag("abc-123"));
    assertFalse(HubTransport.validEtag("v\u00e9"));
    assertFalse(HubTransport.validEtag("a b"));
    assertFalse(HubTransport.validEtag("x".repeat(600)));
  }
}
