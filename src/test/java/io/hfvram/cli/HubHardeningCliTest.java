package io.hfvram.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes of the Hub defences through the command line (issue 12, items 9, 11). */
final class HubHardeningCliTest {
  @RegisterExtension
  static WireMockExtension hub =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path tmp;

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("HF_ENDPOINT", hub.baseUrl());
    env.put("HF_VRAM_CACHE", tmp.resolve("cache").toString());
    env.put("HF_HUB_CACHE", tmp.resolve("hf").toString());
    return env;
  }

  private CliRunner.Result run(Map<String, String> env, String... args) {
    return CliRunner.run(CliRunner.env(env, tmp.resolve("home")), args);
  }

  private static void oneLine(CliRunner.Result r) {
    assertEquals(1, r.err().strip().split("\n").length, r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void aNonAsciiTokenIsAUsageError() {
    CliRunner.Result r = run(env(), "org/model", "--token", "hf_t\u00f6ken");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("not visible ASCII"), r.err());
  }

  @Test
  void aNonAsciiHfTokenIsAUsageErrorToo() {
    Map<String, String> env = env();
    env.put("HF_TOKEN", "hf_\u00e9\u00e9");
    CliRunner.Result r = run(env, "org/model");
    assertEquals(2, r.code(), r.err());
    oneLine(r);
  }

  @Test
  void aMissingTokenFileIsAUsageError() {
    CliRunner.Result r = run(env(), "org/model", "--token-file", "nope.txt");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--token-file"), r.err());
  }

  @Test
  void aBadDeadlineIsAUsageError() {
    assertEquals(2, run(env(), "org/model", "--deadline", "soon").code());
    assertEquals(2, run(env(), "org/model", "--deadline", "0").code());
  }

  @Test
  void helpSaysTheTokenOptionIsVisibleInPs() {
    CliRunner.Result r = run(env(), "--help");
    assertTrue(r.out().contains("--token-file"), r.out());
    assertTrue(r.out().replaceAll("\\s+", " ").contains("Visible to other users in ps"), r.out());
  }

  @Test
  void aLoopingListingExitsFiveNotZeroModels() throws Exception {
    hub.stubFor(
        get(urlPathEqualTo("/api/models"))
            .willReturn(
                okJson("[{\"id\":\"org/a\"}]")
                    .withHeader(
                        "Link",
                        "<"
                            + hub.baseUrl()
                            + "/api/models?author=org&limit=1000>;"
                            + " rel=\"next\"")));
    CliRunner.Result r = run(env(), "scan", "--author", "org", "--format", "jsonl", "-q");
    assertEquals(5, r.code(), r.err());
    assertTrue(r.err().contains("loops back") || r.err().contains("no new id"), r.err());
    oneLine(r);
  }

  @Test
  void aTokenFileTokenIsSentAndNeverPrinted() throws Exception {
    String token = "hf_" + "Zq9".repeat(12);
    Path f = Files.writeString(tmp.resolve("token.txt"), token + "\n");
    hub.stubFor(
        get(urlPathEqualTo("/api/models/org/model/revision/main"))
            .willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                    .withStatus(403)
                    .withHeader("X-Error-Message", "denied for " + token)));
    CliRunner.Result r = run(env(), "org/model", "--token-file", f.toString());
    assertEquals(3, r.code(), r.err());
    assertFalse(r.err().contains(token) || r.out().contains(token), r.err());
    hub.verify(
        com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlPathEqualTo("/api/models/org/model/revision/main"))
            .withHeader(
                "Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + token)));
  }
}
