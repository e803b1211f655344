package io.hfvram.hub;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.hfvram.HfVram;
import io.hfvram.HubSettings;
import io.hfvram.MutableClock;
import io.hfvram.TestFacades;
import io.hfvram.source.LoadedModel;
import io.hfvram.spec.ParameterSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken Hub answers (issue 12, items 4, 5, 9, 10, 11, 12): each test reproduces one
 * failure of the audit against WireMock on 127.0.0.1.
 */
final class HostileHubTest {
  @RegisterExtension
  static WireMockExtension hub =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path tmp;

  private MutableClock clock;
  private RecordingSleeper sleeper;
  private Map<String, String> env;

  private static final String INFO = "/api/models/org/model/revision/main";
  private static final String BASE = "/org/model/resolve/" + HubFixtures.SHA + "/";
  private static final String HEADER =
      "{\"a\":{\"dtype\":\"BF16\",\"shape\":[1000,1000],\"data_offsets\":[0,2000000]}}";

  @BeforeEach
  void setUp() {
    clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    sleeper = new RecordingSleeper(clock);
    env = new HashMap<>();
  }

  private HfVram facade(UnaryOperator<HubSettings> change) {
    HubSettings s =
        HubSettings.defaults()
            .withEndpoint(hub.baseUrl())
            .withCacheDir(tmp.resolve("cache"))
            .withTimeout(Duration.ofSeconds(5));
    return TestFacades.withTime(
            HfVram.builder()
                .env(env)
                .home(tmp.resolve("home"))
                .workingDir(tmp)
                .hub(change.apply(s)),
            clock,
            sleeper)
        .build();
  }

  private HfVram facade() {
    return facade(UnaryOperator.identity());
  }

  /** A model whose count must come from model.safetensors' header. */
  private void stubHeaderModel() {
    hub.stubFor(
        get(INFO)
            .willReturn(
                okJson(
                    HubFixtures.info(HubFixtures.SHA, null, "config.json", "model.safetensors"))));
    hub.stubFor(get(BASE + "config.json").willReturn(okJson(HubFixtures.LLAMA_CONFIG)));
  }

  private void stubGoodHeader() {
    byte[] file = HubFixtures.safetensors(HEADER, 16);
    hub.stubFor(
        get(BASE + "model.safetensors")
            .willReturn(
                HubFixtures.partial(file, 0, 2_000_000 + file.length)
                    .withHeader("ETag", "\"st-v1\"")));
  }

  // Item 4: a bad Range answer is never cached.

  @Test
  void anHtmlPageForARangeIsRetriedNeverCachedAndTheNextRunWorks() throws Exception {
    stubHeaderModel();
    hub.stubFor(
        get(BASE + "model.safetensors")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/html")
                    .withBody("<html><body><h1>502 Bad Gateway</h1></body></html>")));
    HubUnavailableException e =
        assertThrows(HubUnavailableException.class, () -> facade().load("org/model"));
    assertEquals(HubUnavailableException.Kind.BAD_RESPONSE, e.kind());
    assertTrue(e.getMessage().contains("gave up after 3 tries"), e.getMessage());
    hub.verify(exactly(3), getRequestedFor(urlEqualTo(BASE + "model.safetensors")));
    assertEquals(2, sleeper.waits.size(), "backoff between the garbled tries: " + sleeper.waits);
    stubGoodHeader();
    LoadedModel m = facade().load("org/model");
    assertEquals(1_000_000L, m.spec().parameters());
  }

  @Test
  void anUnsolicited304IsNeverCached() throws Exception {
    stubHeaderModel();
    hub.stubFor(get(BASE + "model.safetensors").willReturn(aResponse().withStatus(304)));
    HubUnavailableException e =
        assertThrows(HubUnavailableException.class, () -> facade().load("org/model"));
    assertTrue(e.getMessage().contains("304"), e.getMessage());
    stubGoodHeader();
    assertEquals(1_000_000L, facade().load("org/model").spec().parameters());
  }

  @Test
  void aContentRangeThatIsNotTheRangeAskedForIsRefused() {
    stubHeaderModel();
    byte[] file = HubFixtures.safetensors(HEADER, 16);
    hub.stubFor(
        get(BASE + "model.safetensors")
            .willReturn(
                aResponse()
                    .withStatus(206)
                    .withBody(file)
                    .withHeader("Content-Range", "bytes 500-" + (499 + file.length) + "/9999999")));
    HubUnavailableException e =
        assertThrows(HubUnavailableException.class, () -> facade().load("org/model"));
    assertTrue(e.getMessage().contains("Content-Range: bytes 500-"), e.getMessage());
  }

  @Test
  void refreshRevalidatesCommitPinnedHeaderEntriesToo() throws Exception {
    stubHeaderModel();
    stubGoodHeader();
    facade().load("org/model");
    facade(s -> s.withRefresh(true)).load("org/model");
    hub.verify(exactly(2), getRequestedFor(urlEqualTo(BASE + "model.safetensors")));
    hub.verify(
        exactly(1),
        getRequestedFor(urlEqualTo(BASE + "model.safetensors"))
            .withHeader("If-None-Match", equalTo("\"st-v1\"")));
    hub.verify(exactly(2), getRequestedFor(urlEqualTo(BASE + "config.json")));
  }

  // Item 5: a mirror that ignores Range.

  @Test
  void aMirrorThatIgnoresRangeIsReadFromTheOffsetAskedFor() throws Exception {
    String big =
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[300,100],\"data_offsets\":[0,120000]}"
            + " ".repeat(150_000)
            + "}";
    stubHeaderModel();
    byte[] whole = HubFixtures.safetensors(big, 120_000);
    hub.stubFor(
        get(BASE + "model.safetensors").willReturn(aResponse().withStatus(200).withBody(whole)));
    LoadedModel m = facade().load("org/model");
    assertEquals(30_000L, m.spec().parameters());
    hub.verify(
        exactly(1),
        getRequestedFor(urlEqualTo(BASE + "model.safetensors"))
            .withHeader("Range", equalTo("bytes=8-" + (7 + big.length()))));
  }

  // Item 9: credentials.

  @Test
  void aTokenEchoedInTheServersErrorIsRedacted() {
    String token = "hf_" + "a1B2c3D4e5".repeat(4);
    hub.stubFor(
        get(INFO)
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("X-Error-Message", "token " + token + " lacks read access")));
    HubException e =
        assertThrows(HubException.class, () -> facade(s -> s.withToken(token)).load("org/model"));
    assertFalse(e.getMessage().contains(token), e.getMessage());
    assertTrue(e.getMessage().contains("***"), e.getMessage());
  }

  @Test
  void aConfiguredTokenOfAnyShapeIsRedactedFromAJsonError() {
    String token = "my-own-secret-9876";
    hub.stubFor(
        get(INFO)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody("{\"error\":\"bad header Bearer " + token + "\"}")));
    HubException e =
        assertThrows(HubException.class, () -> facade(s -> s.withToken(token)).load("org/model"));
    assertFalse(e.getMessage().contains(token), e.getMessage());
  }

  @Test
  void userinfoInTheEndpointIsNeverShownOrStored() throws Exception {
    stubHeaderModel();
    stubGoodHeader();
    String endpoint = hub.baseUrl().replace("http://", "http://alice:s3cr3t@");
    LoadedModel m = facade(s -> s.withEndpoint(endpoint)).load("org/model");
    assertEquals(hub.baseUrl(), m.source().details().get("endpoint"));
    try (Stream<Path> files = Files.walk(tmp.resolve("cache"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("s3cr3t") || text.contains("alice"), f.toString());
      }
    }
    hub.verify(
        exactly(0),
        anyRequestedFor(anyUrl()).withHeader("Authorization", equalTo("Basic YWxpY2U6czNjcjN0")));
  }

  // Item 10: header-driven crashes.

  @Test
  void aTwentyDigitRateLimitResetIsClampedNotACrash() {
    hub.stubFor(
        get(INFO)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("RateLimit", "\"api\";r=0;t=99999999999999999999")));
    HubUnavailableException e =
        assertThrows(HubUnavailableException.class, () -> facade().load("org/model"));
    assertEquals(HubUnavailableException.Kind.RATE_LIMITED, e.kind());
    assertTrue(e.getMessage().contains("the Hub asks to wait 86400 s"), e.getMessage());
  }

  @Test
  void aNonAsciiEtagIsDroppedSoRevalidationNeverBreaks() throws Exception {
    hub.stubFor(
        get(INFO)
            .willReturn(
                okJson(
                        HubFixtures.info(
                            HubFixtures.SHA, "{\"parameters\":{\"F16\":100}}", "config.json"))
                    .withHeader("ETag", "\"v\u00e9\u0001\"")));
    hub.stubFor(get(BASE + "config.json").willReturn(okJson(HubFixtures.LLAMA_CONFIG)));
    facade().load("org/model");
    clock.advance(Duration.ofHours(25));
    LoadedModel again = facade().load("org/model");
    assertEquals(100L, again.spec().parameters());
    hub.verify(exactly(2), getRequestedFor(urlEqualTo(INFO)).withHeader("If-None-Match", absent()));
  }

  // Item 11: unbounded work.

  @Test
  void aSelfReferencingLinkFailsClearlyInsteadOfLooping() {
    hub.stubFor(
        get(urlPathEqualTo("/api/models"))
            .willReturn(
                okJson("[{\"id\":\"org/a\"}]")
                    .withHeader(
                        "Link",
                        "<"
                            + hub.baseUrl()
                            + "/api/models?author=org&limit=100>;"
                            + " rel=\"next\"")));
    HubUnavailableException e =
        assertThrows(HubUnavailableException.class, () -> facade().list("org", null, 100));
    assertTrue(e.getMessage().contains("loops back"), e.getMessage());
    hub.verify(exactly(1), getRequestedFor(urlPathEqualTo("/api/models")));
  }

  @Test
  void aPageWithNoNewIdAndANextLinkFailsClearly() {
    hub.stubFor(
        get(urlPathEqualTo("/api/models"))
            .willReturn(
                okJson("[{\"id\":\"org/a\"}]")
                    .withHeader(
                        "Link",
                        "</api/models?cursor={{randomValue length=8 type='ALPHANUMERIC'}}>;"
                            + " rel=\"next\"")));
    HubUnavailableException e =
        assertThrows(HubUnavailableException.class, () -> facade().list("org", null, 100));
    assertTrue(
        e.getMessage().contains("no new id") || e.getMessage().contains("loops back"),
        e.getMessage());
    hub.verify(exactly(2), getRequestedFor(urlPathEqualTo("/api/models")));
  }

  @Test
  void listingsDropDuplicatesAndOverlongIds() throws Exception {
    String longId = "org/" + "x".repeat(5000);
    hub.stubFor(
        get(urlPathEqualTo("/api/models"))
            .withQueryParam("cursor", absent())
            .willReturn(
                okJson(
                        "[{\"id\":\"org/a\"},{\"id\":\"org/b\",\"tags\":[[1,{}]]},"
                            + "{\"modelId\":\"org/a\"},{\"id\":\""
                            + longId
                            + "\"},7,\"s\"]")
                    .withHeader("Link", "</api/models?cursor=2>; rel=\"next\"")));
    hub.stubFor(
        get(urlPathEqualTo("/api/models"))
            .withQueryParam("cursor", equalTo("2"))
            .willReturn(okJson("[{\"id\":\"org/b\"},{\"id\":\"org/c\"}]")));
    assertEquals(List.of("org/a", "org/b", "org/c"), facade().list("org", null, 100));
  }

  @Test
  void anIndexWithTooManyShardsFallsBackToTheConfigWithAWarning() throws Exception {
    StringBuilder map = new StringBuilder("{\"weight_map\":{");
    for (int i = 0; i < 1_001; i++) {
      map.append(i == 0 ? "" : ",")
          .append("\"t")
          .append(i)
          .append("\":\"s-")
          .append(i)
          .append(".safetensors\"");
    }
    hub.stubFor(
        get(INFO)
            .willReturn(
                okJson(
                    HubFixtures.info(
                        HubFixtures.SHA, null, "config.json", "model.safetensors.index.json"))));
    hub.stubFor(get(BASE + "config.json").willReturn(okJson(HubFixtures.LLAMA_CONFIG)));
    hub.stubFor(get(BASE + "model.safetensors.index.json").willReturn(okJson(map + "}}")));
    LoadedModel m = facade().load("org/model");
    assertEquals(ParameterSource.CONFIG, m.spec().parameterSource());
    assertTrue(m.warnings().toString().contains("1001 shards"), m.warnings().toString());
    hub.verify(exactly(3), anyRequestedFor(anyUrl()));
  }

  // Item 12: smaller gaps.

  @Test
  void revisionDotIsRefusedBeforeAnyRequest() {
    assertThrows(InvalidReferenceException.class, () -> facade().load("org/model@."));
    for (String rev : List.of(".", "./x", "a/./b", "a/.")) {
      assertThrows(InvalidReferenceException.class, () -> RepoRef.parse("org/model", rev), rev);
      assertThrows(
          InvalidReferenceException.class,
          () -> facade(s -> s.withRevision(rev)).load("org/model"),
          rev);
    }
    hub.verify(exactly(0), anyRequestedFor(anyUrl()));
  }

  @Test
  void aSafetensorsLinkLeavingTheHfCacheFallsBackToTheHub() throws Exception {
    Path outside =
        Files.write(tmp.resolve("outside.safetensors"), HubFixtures.safetensors(HEADER, 0));
    Path repo = tmp.resolve("hf/hub/models--org--model");
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), HubFixtures.SHA);
    Path snap = Files.createDirectories(repo.resolve("snapshots/" + HubFixtures.SHA));
    Files.writeString(snap.resolve("config.json"), HubFixtures.LLAMA_CONFIG);
    Files.writeString(
        snap.resolve("model.safetensors.index.json"),
        "{\"weight_map\":{\"a\":\"model.safetensors\"}}");
    Files.createSymbolicLink(snap.resolve("model.safetensors"), outside);
    env.put("HF_HUB_CACHE", tmp.resolve("hf/hub").toString());
    stubHeaderModel();
    stubGoodHeader();
    LoadedModel m = facade().load("org/model");
    assertEquals("hub", m.source().kind());
    assertEquals(1_000_000L, m.spec().parameters());
    assertTrue(
        m.warnings().toString().contains("reading it from the Hub"), m.warnings().toString());
  }

  @Test
  void aTruncatedSafetensorsFileInTheHfCacheFallsBackToTheHub() throws Exception {
    Path repo = tmp.resolve("hf/hub/models--org--model");
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), HubFixtures.SHA);
    Path snap = Files.createDirectories(repo.resolve("snapshots/" + HubFixtures.SHA));
    Files.writeString(snap.resolve("config.json"), HubFixtures.LLAMA_CONFIG);
    byte[] whole = HubFixtures.safetensors(HEADER, 0);
    Files.write(snap.resolve("model.safetensors"), java.util.Arrays.copyOf(whole, 30));
    env.put("HF_HUB_CACHE", tmp.resolve("hf/hub").toString());
    stubHeaderModel();
    stubGoodHeader();
    LoadedModel m = facade().load("org/model");
    assertEquals("hub", m.source().kind());
    assertEquals(1_000_000L, m.spec().parameters());
  }

  @Test
  void aGarbledModelInfoIsRetriedWithBackoffThenExitsAsUnavailable() {
    hub.stubFor(get(INFO).willReturn(aResponse().withStatus(200).withBody("<html>oops")));
    HubUnavailableException e =
        assertThrows(HubUnavailableException.class, () -> facade().load("org/model"));
    assertEquals(HubUnavailableException.Kind.BAD_RESPONSE, e.kind());
    hub.verify(exactly(RetryPolicy.GARBLED_TRIES), getRequestedFor(urlEqualTo(INFO)));
    assertEquals(RetryPolicy.GARBLED_TRIES - 1, sleeper.waits.size());
    assertTrue(sleeper.waits.stream().allMatch(w -> w >= 500), sleeper.waits.toString());
  }
}
