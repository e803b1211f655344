package io.hfvram.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.hfvram.core.Json;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Hub path through the command line: exit codes, messages, token hygiene. */
final class HubCliTest {
  @RegisterExtension
  static WireMockExtension hub =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path tmp;

  private CliRunner.Result run(Map<String, String> env, String... args) {
    return CliRunner.run(CliRunner.env(env, tmp.resolve("home")), args);
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("HF_ENDPOINT", hub.baseUrl());
    env.put("HF_VRAM_CACHE", tmp.resolve("cache").toString());
    env.put("HF_HUB_CACHE", tmp.resolve("hf").toString());
    return env;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String s) throws Exception {
    return (Map<String, Object>) Json.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void networkDownAndEmptyCacheGivesTheCatalogEstimate() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Map<String, String> env = env();
    env.put("HF_ENDPOINT", "http://127.0.0.1:" + closedPort);
    CliRunner.Result r = run(env, "meta-llama/Llama-2-70b-hf", "--format", "json");
    assertEquals(0, r.code(), r.err());
    Map<String, Object> m = json(r.out());
    assertEquals(68_976_648_192L, ((Map<?, ?>) m.get("spec")).get("parameters"));
    assertEquals("catalog", ((Map<?, ?>) m.get("source")).get("kind"));
    assertTrue(r.err().contains("embedded catalog (dated"), r.err());
  }

  @Test
  void gatedWithoutTokenExitsThreeWithWhatToDo() {
    hub.stubFor(
        get(urlEqualTo("/api/models/org/gated/revision/main"))
            .willReturn(aResponse().withStatus(401).withHeader("X-Error-Code", "GatedRepo")));
    CliRunner.Result r = run(env(), "org/gated");
    assertEquals(3, r.code(), r.err());
    assertTrue(r.err().contains("HF_TOKEN"), r.err());
    assertEquals(1, r.err().strip().split("\n").length, r.err());
  }

  @Test
  void offlineMissExitsFive() {
    CliRunner.Result r = run(env(), "org/uncached", "--offline");
    assertEquals(5, r.code(), r.err());
    assertTrue(r.err().contains("offline"), r.err());
  }

  @Test
  void invalidRepoIdIsAUsageError() {
    CliRunner.Result r = run(env(), "org--x/model");
    assertEquals(2, r.code(), r.err());
  }

  @Test
  void theTokenNeverAppearsInOutputLogsOrCache() throws Exception {
    String token = "hf_TopSecretToken987";
    Map<String, String> env = env();
    env.put("HF_TOKEN", token);
    hub.stubFor(
        get(urlEqualTo("/api/models/org/private/revision/main"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("X-Error-Message", "Invalid credentials in Authorization header")));
    hub.stubFor(
        get(urlEqualTo("/api/models/org/model/revision/main"))
            .willReturn(okJson("{\"sha\":\"0123456789abcdef0123456789abcdef01234567\"}")));
    hub.stubFor(
        get(urlEqualTo(
                "/org/model/resolve/0123456789abcdef0123456789abcdef01234567/" + "config.json"))
            .willReturn(aResponse().withStatus(500)));
    for (String[] args :
        new String[][] {
          {"org/private", "--verbose"},
          {"org/model", "--verbose", "--format", "json"},
          {"org/private", "--token", token, "--verbose"}
        }) {
      CliRunner.Result r = run(env, args);
      assertFalse(r.out().contains(token), "stdout");
      assertFalse(r.err().contains(token), "stderr: " + r.err());
    }
    if (Files.exists(tmp.resolve("cache"))) {
      try (Stream<Path> files = Files.walk(tmp.resolve("cache"))) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          assertFalse(Files.readString(f, StandardCharsets.ISO_8859_1).contains(token));
        }
      }
    }
  }

  @Test
  void cacheInfoAndClear() {
    hub.stubFor(
        get(urlEqualTo("/api/models/org/model/revision/main"))
            .willReturn(okJson("{\"sha\":\"0123456789abcdef0123456789abcdef01234567\"}")));
    hub.stubFor(
        get(urlEqualTo(
                "/org/model/resolve/0123456789abcdef0123456789abcdef01234567/" + "config.json"))
            .willReturn(okJson(io.hfvram.hub.HubFixturesAccess.config())));
    assertEquals(0, run(env(), "org/model").code());
    CliRunner.Result info = run(env(), "cache", "info", "--list");
    assertEquals(0, info.code(), info.err());
    assertTrue(info.out().contains("entries: 2"), info.out());
    CliRunner.Result clear = run(env(), "cache", "clear");
    assertTrue(clear.out().startsWith("removed 2 entries"), clear.out());
    assertTrue(run(env(), "cache", "info").out().contains("entries: 0"));
  }
}
