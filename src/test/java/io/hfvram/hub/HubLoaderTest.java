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
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.hfvram.HfVram;
import io.hfvram.HubSettings;
import io.hfvram.MutableClock;
import io.hfvram.TestFacades;
import io.hfvram.estimate.Workload;
import io.hfvram.source.LoadedModel;
import io.hfvram.spec.ParameterSource;
import java.io.IOException;
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

/** The Hub path end to end against WireMock: no real network, no sleeping. */
final class HubLoaderTest {
  @RegisterExtension
  static WireMockExtension hub =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static WireMockExtension cdn =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path tmp;

  private MutableClock clock;
  private RecordingSleeper sleeper;
  private Map<String, String> env;

  private static final String INFO = "/api/models/org/model/revision/main";
  private static final String CONFIG = "/org/model/resolve/" + HubFixtures.SHA + "/config.json";

  @BeforeEach
  void setUp() {
    clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    sleeper = new RecordingSleeper(clock);
    env = new HashMap<>();
  }

  private HfVram.Builder builder() {
    return builder(UnaryOperator.identity());
  }

  private HfVram.Builder builder(UnaryOperator<HubSettings> change) {
    HubSettings s =
        HubSettings.defaults()
            .withEndpoint(hub.baseUrl())
            .withCacheDir(tmp.resolve("cache"))
            .withTimeout(Duration.ofSeconds(5));
    return TestFacades.withTime(
        HfVram.builder().env(env).home(tmp.resolve("home")).workingDir(tmp).hub(change.apply(s)),
        clock,
        sleeper);
  }

  private void stubModel(String safetensors) {
    hub.stubFor(
        get(INFO)
            .willReturn(
                okJson(HubFixtures.info(HubFixtures.SHA, safetensors, "config.json"))
                    .withHeader("ETag", "\"info-v1\"")));
    hub.stubFor(
        get(CONFIG)
            .willReturn(
                okJson(HubFixtures.LLAMA_CONFIG).withHeader("X-Repo-Commit", HubFixtures.SHA)));
  }

  @Test
  void readsConfigAndExactCountFromTheHub() throws Exception {
    stubModel("{\"parameters\":{\"F16\":6738415616},\"total\":6738415616}");
    LoadedModel m = builder().build().load("org/model");
    assertEquals(6_738_415_616L, m.spec().parameters());
    assertEquals(ParameterSource.SAFETENSORS, m.spec().parameterSource());
    assertEquals("hub", m.source().kind());
    assertEquals(HubFixtures.SHA, m.source().details().get("commit"));
  }

  @Test
  void secondRunWithinTheTtlMakesNoRequest() throws Exception {
    stubModel("{\"parameters\":{\"F16\":6738415616},\"total\":6738415616}");
    builder().build().load("org/model");
    clock.advance(Duration.ofHours(23));
    LoadedModel again = builder().build().load("org/model");
    assertEquals("cache", again.source().kind());
    hub.verify(exactly(1), getRequestedFor(urlEqualTo(INFO)));
    hub.verify(exactly(1), getRequestedFor(urlEqualTo(CONFIG)));
  }

  @Test
  void afterTheTtlABranchIsRevalidatedWith304AndTheCommitPinnedConfigIsNot() throws Exception {
    stubModel("{\"parameters\":{\"F16\":6738415616},\"total\":6738415616}");
    builder().build().load("org/model");
    hub.stubFor(
        get(INFO)
            .withHeader("If-None-Match", equalTo("\"info-v1\""))
            .willReturn(aResponse().withStatus(304).withHeader("ETag", "\"info-v1\"")));
    clock.advance(Duration.ofHours(25));
    LoadedModel again = builder().build().load("org/model");
    assertEquals(6_738_415_616L, again.spec().parameters());
    hub.verify(
        exactly(1),
        getRequestedFor(urlEqualTo(INFO)).withHeader("If-None-Match", equalTo("\"info-v1\"")));
    hub.verify(exactly(1), getRequestedFor(urlEqualTo(CONFIG)));
  }

  @Test
  void refreshRevalidatesNow() throws Exception {
    stubModel(null);
    builder().build().load("org/model");
    hub.stubFor(
        get(INFO)
            .withHeader("If-None-Match", equalTo("\"info-v1\""))
            .willReturn(aResponse().withStatus(304)));
    builder(s -> s.withRefresh(true)).build().load("org/model");
    hub.verify(
        exactly(1),
        getRequestedFor(urlEqualTo(INFO)).withHeader("If-None-Match", equalTo("\"info-v1\"")));
    hub.verify(exactly(2), getRequestedFor(urlEqualTo(INFO)));
  }

  @Test
  void gatedModelWithoutTokenFailsWithWhatToDo() {
    hub.stubFor(
        get(urlEqualTo("/api/models/org/gated/revision/main"))
            .willReturn(okJson(HubFixtures.info(HubFixtures.SHA, null, "config.json"))));
    hub.stubFor(
        get(urlEqualTo("/org/gated/resolve/" + HubFixtures.SHA + "/config.json"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("X-Error-Code", "GatedRepo")
                    .withHeader("X-Error-Message", "Access to model org/gated is restricted.")));
    HubAccessException e =
        assertThrows(HubAccessException.class, () -> builder().build().load("org/gated"));
    assertEquals(HubAccessException.Kind.GATED, e.kind());
    assertTrue(e.getMessage().contains("HF_TOKEN"), e.getMessage());
    assertTrue(e.getMessage().contains(hub.baseUrl() + "/org/gated"), e.getMessage());
  }

  @Test
  void gatedCatalogModelWithoutTokenUsesTheCatalog() throws Exception {
    String info = "/api/models/meta-llama/Llama-2-70b-hf/revision/main";
    hub.stubFor(get(info).willReturn(okJson(HubFixtures.info(HubFixtures.SHA, null))));
    hub.stubFor(
        get(urlEqualTo("/meta-llama/Llama-2-70b-hf/resolve/" + HubFixtures.SHA + "/config.json"))
            .willReturn(aResponse().withStatus(401).withHeader("X-Error-Code", "GatedRepo")));
    LoadedModel m = builder().build().load("meta-llama/Llama-2-70b-hf");
    assertEquals("catalog", m.source().kind());
    assertEquals(68_976_648_192L, m.spec().parameters());
    assertTrue(m.warnings().get(0).contains("gated"), m.warnings().toString());
    assertTrue(m.warnings().get(0).contains("2026-11-25"), "names the catalog's date");
  }

  @Test
  void gatedWithATokenNotYetApprovedStillFails() {
    env.put("HF_TOKEN", "hf_notapproved");
    hub.stubFor(
        get(urlEqualTo("/api/models/meta-llama/Llama-2-70b-hf/revision/main"))
            .willReturn(aResponse().withStatus(403).withHeader("X-Error-Code", "GatedRepo")));
    HubAccessException e =
        assertThrows(
            HubAccessException.class, () -> builder().build().load("meta-llama/Llama-2-70b-hf"));
    assertTrue(e.getMessage().contains("not been granted"), e.getMessage());
    assertFalse(e.getMessage().contains("hf_notapproved"));
  }

  @Test
  void missingRepoAndRevisionAreNamed() {
    hub.stubFor(
        get(urlEqualTo("/api/models/org/none/revision/main"))
            .willReturn(aResponse().withStatus(404).withHeader("X-Error-Code", "RepoNotFound")));
    HubAccessException repo =
        assertThrows(HubAccessException.class, () -> builder().build().load("org/none"));
    assertEquals(HubAccessException.Kind.REPO_NOT_FOUND, repo.kind());
    hub.stubFor(
        get(urlEqualTo("/api/models/org/model/revision/nope"))
            .willReturn(
                aResponse().withStatus(404).withHeader("X-Error-Code", "RevisionNotFound")));
    HubAccessException rev =
        assertThrows(HubAccessException.class, () -> builder().build().load("org/model@nope"));
    assertEquals(HubAccessException.Kind.REVISION_NOT_FOUND, rev.kind());
    assertTrue(rev.getMessage().contains("revision not found"));
  }

  @Test
  void revisionIsPercentEncoded() throws Exception {
    hub.stubFor(
        get(urlEqualTo("/api/models/org/model/revision/refs%2Fpr%2F1"))
            .willReturn(okJson(HubFixtures.info(HubFixtures.SHA, null))));
    hub.stubFor(get(CONFIG).willReturn(okJson(HubFixtures.LLAMA_CONFIG)));
    LoadedModel m = builder(s -> s.withRevision("refs/pr/1")).build().load("org/model");
    assertEquals("refs/pr/1", m.source().details().get("revision"));
  }

  @Test
  void invalidIdsAndRevisionsAreRejectedBeforeAnyRequest() {
    assertThrows(InvalidReferenceException.class, () -> RepoRef.parse("a/b/c", null));
    for (String bad :
        List.of(
            "-org/model",
            "org/model-",
            "org--x/model",
            "org/mo..del",
            "org/model.git",
            "org/m\u0000x")) {
      assertThrows(InvalidReferenceException.class, () -> builder().build().load(bad), bad);
    }
    assertThrows(
        InvalidReferenceException.class,
        () -> builder(s -> s.withRevision("../../etc")).build().load("org/model"));
    assertThrows(
        InvalidReferenceException.class,
        () -> builder(s -> s.withRevision("a b")).build().load("org/model"));
    hub.verify(exactly(0), anyRequestedFor(anyUrl()));
  }

  @Test
  void tokenGoesOnlyToTheEndpointAndIsDroppedOnARedirectToAnotherHost() throws Exception {
    env.put("HF_TOKEN", "hf_secret_token_123");
    hub.stubFor(get(INFO).willReturn(okJson(HubFixtures.info(HubFixtures.SHA, null))));
    hub.stubFor(
        get(CONFIG)
            .willReturn(
                aResponse()
                    .withStatus(302)
                    .withHeader(
                        "Location", cdn.baseUrl() + "/signed/config.json?X-Amz-Signature=abc")));
    cdn.stubFor(
        get(urlEqualTo("/signed/config.json?X-Amz-Signature=abc"))
            .willReturn(okJson(HubFixtures.LLAMA_CONFIG)));
    builder().build().load("org/model");
    hub.verify(
        getRequestedFor(urlEqualTo(INFO))
            .withHeader("Authorization", equalTo("Bearer hf_secret_token_123")));
    cdn.verify(exactly(1), getRequestedFor(anyUrl()).withHeader("Authorization", absent()));
    assertTokenNotInCache("hf_secret_token_123");
  }

  @Test
  void relativeRedirectOfARenamedRepoIsFollowedWithTheToken() throws Exception {
    env.put("HF_TOKEN", "hf_tok");
    hub.stubFor(
        get(urlEqualTo("/api/models/old/name/revision/main"))
            .willReturn(
                aResponse()
                    .withStatus(307)
                    .withHeader("Location", "/api/models/org/model/revision/main")));
    stubModel(null);
    hub.stubFor(
        get(urlEqualTo("/old/name/resolve/" + HubFixtures.SHA + "/config.json"))
            .willReturn(aResponse().withStatus(307).withHeader("Location", CONFIG)));
    LoadedModel m = builder().build().load("old/name");
    assertEquals("llama", m.spec().modelType());
    hub.verify(
        getRequestedFor(urlEqualTo(CONFIG)).withHeader("Authorization", equalTo("Bearer hf_tok")));
  }

  @Test
  void retryAfterIsHonouredWithoutSleeping() throws Exception {
    hub.stubFor(
        get(INFO)
            .inScenario("429")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7"))
            .willSetStateTo("ok"));
    hub.stubFor(
        get(INFO)
            .inScenario("429")
            .whenScenarioStateIs("ok")
            .willReturn(okJson(HubFixtures.info(HubFixtures.SHA, null))));
    hub.stubFor(get(CONFIG).willReturn(okJson(HubFixtures.LLAMA_CONFIG)));
    builder().build().load("org/model");
    assertEquals(List.of(7000L), sleeper.waits);
    hub.verify(exactly(2), getRequestedFor(urlEqualTo(INFO)));
  }

  @Test
  void rateLimitHeaderWithNothingRemainingSetsTheWait() throws Exception {
    hub.stubFor(
        get(INFO)
            .inScenario("rl")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("RateLimit", "\"api\";r=0;t=41")
                    .withHeader("RateLimit-Policy", "\"fixed window\";\"api\";q=500;w=300"))
            .willSetStateTo("ok"));
    hub.stubFor(
        get(INFO)
            .inScenario("rl")
            .whenScenarioStateIs("ok")
            .willReturn(okJson(HubFixtures.info(HubFixtures.SHA, null))));
    hub.stubFor(get(CONFIG).willReturn(okJson(HubFixtures.LLAMA_CONFIG)));
    builder().build().load("org/model");
    assertEquals(List.of(42_000L), sleeper.waits);
  }

  @Test
  void serverErrorsAreRetriedWithJitteredBackoffThenGiveUp() {
    hub.stubFor(get(INFO).willReturn(aResponse().withStatus(503)));
    HubUnavailableException e =
        assertThrows(HubUnavailableException.class, () -> builder().build().load("org/model"));
    assertEquals(HubUnavailableException.Kind.SERVER_ERROR, e.kind());
    assertTrue(e.getMessage().contains("gave up after 6 tries"), e.getMessage());
    hub.verify(exactly(6), getRequestedFor(urlEqualTo(INFO)));
    assertEquals(5, sleeper.waits.size());
    long[] base = {1000, 2000, 4000, 8000, 8000};
    for (int i = 0; i < 5; i++) {
      long w = sleeper.waits.get(i);
      assertTrue(w >= base[i] / 2 && w < base[i], "wait " + i + " = " + w);
    }
  }

  static Stream<Fault> faults() {
    return Stream.of(
        Fault.CONNECTION_RESET_BY_PEER,
        Fault.EMPTY_RESPONSE,
        Fault.MALFORMED_RESPONSE_CHUNK,
        Fault.RANDOM_DATA_THEN_CLOSE);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("faults")
  void transientFaultsAreRetriedIntoSuccess(Fault fault) throws Exception {
    hub.stubFor(
        get(INFO)
            .inScenario("f")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(fault))
            .willSetStateTo("ok"));
    hub.stubFor(
        get(INFO)
            .inScenario("f")
            .whenScenarioStateIs("ok")
            .willReturn(okJson(HubFixtures.info(HubFixtures.SHA, null))));
    hub.stubFor(get(CONFIG).willReturn(okJson(HubFixtures.LLAMA_CONFIG)));
    LoadedModel m = builder().build().load("org/model");
    assertEquals(6_738_415_616L, m.spec().parameters());
    assertEquals(1, sleeper.waits.size());
  }

  @Test
  void aDelayPastTheTimeoutIsATimeout() {
    hub.stubFor(get(INFO).willReturn(okJson("{}").withFixedDelay(2000)));
    HubUnavailableException e =
        assertThrows(
            HubUnavailableException.class,
            () ->
                builder(s -> s.withTimeout(Duration.ofMillis(200)).withMaxRetries(1))
                    .build()
                    .load("org/model"));
    assertEquals(HubUnavailableException.Kind.TIMEOUT, e.kind());
    hub.verify(exactly(2), getRequestedFor(urlEqualTo(INFO)));
  }

  @Test
  void aStaleEntryIsServedWithAWarningWhenTheHubIsDown() throws Exception {
    stubModel(null);
    builder().build().load("org/model");
    hub.resetAll();
    hub.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(502)));
    clock.advance(Duration.ofDays(3));
    LoadedModel m = builder(s -> s.withMaxRetries(0)).build().load("org/model");
    assertEquals("hub", m.source().kind());
    assertTrue(m.warnings().get(0).contains("cached copy"), m.warnings().toString());
  }

  @Test
  void offlineNeverTouchesTheNetwork() throws Exception {
    HubUnavailableException miss =
        assertThrows(
            HubUnavailableException.class,
            () -> builder(s -> s.withOffline(true)).build().load("org/model"));
    assertEquals(HubUnavailableException.Kind.OFFLINE, miss.kind());
    assertTrue(miss.getMessage().contains("offline"));
    stubModel(null);
    builder().build().load("org/model");
    clock.advance(Duration.ofDays(30));
    env.put("HF_HUB_OFFLINE", "1");
    LoadedModel m = builder().build().load("org/model");
    assertEquals("llama", m.spec().modelType());
    hub.verify(exactly(1), getRequestedFor(urlEqualTo(INFO)));
  }

  @Test
  void offlineCatalogModelUsesTheCatalog() throws Exception {
    LoadedModel m = builder(s -> s.withOffline(true)).build().load("meta-llama/Llama-2-70b-hf");
    assertEquals("catalog", m.source().kind());
    assertEquals(68_976_648_192L, m.spec().parameters());
    var est = builder().build().estimate(m.spec(), Workload.defaults());
    assertEquals(327_680L, est.inference().kvCacheBytesPerToken());
    hub.verify(exactly(0), anyRequestedFor(anyUrl()));
  }

  @Test
  void corruptOrTruncatedCacheFilesAreFetchedAgain() throws Exception {
    stubModel(null);
    builder().build().load("org/model");
    try (Stream<Path> files = Files.walk(tmp.resolve("cache"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length / 2));
      }
    }
    LoadedModel m = builder().build().load("org/model");
    assertEquals("hub", m.source().kind());
    hub.verify(exactly(2), getRequestedFor(urlEqualTo(INFO)));
    hub.verify(exactly(2), getRequestedFor(urlEqualTo(CONFIG)));
  }

  @Test
  void mixedStoredDtypesDriveTheWeightsBytes() throws Exception {
    stubModel("{\"parameters\":{\"BF16\":1000000,\"U8\":3000000},\"total\":4000000}");
    LoadedModel m = builder().build().load("org/model");
    assertEquals(Map.of("BF16", 1_000_000L, "U8", 3_000_000L), m.spec().storedParameters());
    var est = builder().build().estimate(m.spec(), Workload.defaults());
    assertEquals(2_000_000L + 3_000_000L, est.inference().weightsBytes());
  }

  @Test
  void safetensorsHeadersAreReadWithRangeRequestsWhenTheApiLacksTheCount() throws Exception {
    String header =
        "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"a\":{\"dtype\":\"BF16\",\"shape\":[4096,1000],\"data_offsets\":[0,8192000]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[10],\"data_offsets\":[8192000,8192040]}}";
    hub.stubFor(
        get(INFO)
            .willReturn(
                okJson(
                    HubFixtures.info(HubFixtures.SHA, null, "config.json", "model.safetensors"))));
    hub.stubFor(get(CONFIG).willReturn(okJson(HubFixtures.LLAMA_CONFIG)));
    hub.stubFor(
        get(urlEqualTo("/org/model/resolve/" + HubFixtures.SHA + "/model.safetensors"))
            .withHeader("Range", equalTo("bytes=0-99999"))
            .willReturn(HubFixtures.partial(HubFixtures.safetensors(header, 64), 0, 1_000_000)));
    LoadedModel m = builder().build().load("org/model");
    assertEquals(4_096_010L, m.spec().parameters());
    assertEquals(ParameterSource.SAFETENSORS, m.spec().parameterSource());
  }

  @Test
  void shardedHeadersAreSummedAndLargeHeadersTakeASecondRange() throws Exception {
    String padding = " ".repeat(150_000);
    String big =
        "{\"w\":{\"dtype\":\"BF16\",\"shape\":[100,100],\"data_offsets\":[0,20000]}"
            + padding
            + "}";
    String small = "{\"v\":{\"dtype\":\"BF16\",\"shape\":[7],\"data_offsets\":[0,14]}}";
    String base = "/org/model/resolve/" + HubFixtures.SHA + "/";
    hub.stubFor(
        get(INFO)
            .willReturn(
                okJson(
                    HubFixtures.info(
                        HubFixtures.SHA, null, "config.json", "model.safetensors.index.json"))));
    hub.stubFor(get(CONFIG).willReturn(okJson(HubFixtures.LLAMA_CONFIG)));
    hub.stubFor(
        get(base + "model.safetensors.index.json")
            .willReturn(
                okJson(
                    "{\"metadata\":{\"total_size\":20014},\"weight_map\":{\"w\":\"model-00001-of-00002"
                        + ".safetensors\",\"v\":\"model-00002-of-00002.safetensors\"}}")));
    byte[] bigFile = HubFixtures.safetensors(big, 0);
    hub.stubFor(
        get(base + "model-00001-of-00002.safetensors")
            .withHeader("Range", equalTo("bytes=0-99999"))
            .willReturn(
                HubFixtures.partial(java.util.Arrays.copyOf(bigFile, 100_000), 0, bigFile.length)));
    hub.stubFor(
        get(base + "model-00001-of-00002.safetensors")
            .withHeader("Range", equalTo("bytes=8-" + (7 + big.length())))
            .willReturn(
                HubFixtures.partial(big.getBytes(StandardCharsets.UTF_8), 8, bigFile.length)));
    hub.stubFor(
        get(base + "model-00002-of-00002.safetensors")
            .withHeader("Range", equalTo("bytes=0-99999"))
            .willReturn(HubFixtures.partial(HubFixtures.safetensors(small, 14), 0, 1_000)));
    LoadedModel m = builder().build().load("org/model");
    assertEquals(10_007L, m.spec().parameters());
  }

  @Test
  void theUsersHuggingFaceCacheNeedsNoNetwork() throws Exception {
    Path hubCache = tmp.resolve("hf/hub");
    Path repo = hubCache.resolve("models--org--model");
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), HubFixtures.SHA);
    Path blobs = Files.createDirectories(repo.resolve("blobs"));
    Files.writeString(blobs.resolve("abc"), HubFixtures.LLAMA_CONFIG);
    Path snap = Files.createDirectories(repo.resolve("snapshots/" + HubFixtures.SHA));
    Files.createSymbolicLink(snap.resolve("config.json"), Path.of("../../blobs/abc"));
    env.put("HF_HUB_CACHE", hubCache.toString());
    LoadedModel m = builder().build().load("org/model");
    assertEquals("cache", m.source().kind());
    assertEquals("huggingface", m.source().details().get("cache"));
    assertEquals(6_738_415_616L, m.spec().parameters());
    hub.verify(exactly(0), anyRequestedFor(anyUrl()));
  }

  @Test
  void aSymlinkLeavingTheHuggingFaceCacheIsNotFollowed() throws Exception {
    Path outside = Files.writeString(tmp.resolve("outside.json"), HubFixtures.LLAMA_CONFIG);
    Path hubCache = tmp.resolve("hf/hub");
    Path repo = hubCache.resolve("models--org--model");
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), HubFixtures.SHA);
    Path snap = Files.createDirectories(repo.resolve("snapshots/" + HubFixtures.SHA));
    Files.createSymbolicLink(snap.resolve("config.json"), outside);
    env.put("HF_HUB_CACHE", hubCache.toString());
    stubModel(null);
    LoadedModel m = builder().build().load("org/model");
    assertEquals("hub", m.source().kind(), "the escaping link is ignored, the Hub is asked");
  }

  @Test
  void endpointComesFromHfEndpoint() throws Exception {
    env.put("HF_ENDPOINT", hub.baseUrl() + "/");
    stubModel(null);
    LoadedModel m =
        TestFacades.withTime(
                HfVram.builder()
                    .env(env)
                    .home(tmp.resolve("home"))
                    .workingDir(tmp)
                    .hub(HubSettings.defaults().withCacheDir(tmp.resolve("c2"))),
                clock,
                sleeper)
            .build()
            .load("org/model");
    assertEquals(hub.baseUrl(), m.source().details().get("endpoint"));
  }

  private void assertTokenNotInCache(String token) throws IOException {
    try (Stream<Path> files = Files.walk(tmp.resolve("cache"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertFalse(text.contains(token), f + " holds the token");
      }
    }
  }
}
