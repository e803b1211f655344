package io.hfvram.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.hfvram.core.Json;
import io.hfvram.hub.HubFixturesAccess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** hf-vram scan against a mock Hub: order, failures as rows, formats, listing. */
final class ScanCliTest {
  @RegisterExtension
  static WireMockExtension hub =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().containerThreads(64))
          .build();

  @TempDir Path tmp;

  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("HF_ENDPOINT", hub.baseUrl());
    env.put("HF_VRAM_CACHE", tmp.resolve("cache").toString());
    env.put("HF_HUB_CACHE", tmp.resolve("hf").toString());
    return env;
  }

  private CliRunner.Result run(String... args) {
    return CliRunner.run(CliRunner.env(env(), tmp.resolve("home")), args);
  }

  private static void stubModel(String id, int delayMillis, int layers) {
    hub.stubFor(
        get(urlEqualTo("/api/models/" + id + "/revision/main"))
            .willReturn(okJson("{\"sha\":\"" + SHA + "\"}").withFixedDelay(delayMillis)));
    hub.stubFor(
        get(urlEqualTo("/" + id + "/resolve/" + SHA + "/config.json"))
            .willReturn(
                okJson(
                        HubFixturesAccess.config()
                            .replace("\"num_hidden_layers\":32", "\"num_hidden_layers\":" + layers))
                    .withFixedDelay(delayMillis / 2)));
  }

  @Test
  void everyInputGetsOneRowInInputOrderAndFailuresAreRows() throws Exception {
    Random r = new Random(42);
    List<String> lines = new ArrayList<>();
    lines.add("# a comment");
    for (int i = 0; i < 40; i++) {
      String id = "org/m" + i;
      if (i % 7 == 3) {
        hub.stubFor(
            get(urlEqualTo("/api/models/" + id + "/revision/main"))
                .willReturn(
                    aResponse().withStatus(404).withHeader("X-Error-Code", "RepoNotFound")));
      } else {
        stubModel(id, r.nextInt(40), 1 + i);
      }
      lines.add(id);
      if (i % 10 == 0) {
        lines.add("");
      }
    }
    lines.add("not a valid id!");
    Path list = Files.write(tmp.resolve("models.txt"), lines);
    CliRunner.Result res = run("scan", list.toString(), "--format", "jsonl", "--concurrency", "8");
    assertEquals(6, res.code(), res.err());
    String[] rows = res.out().split("\n");
    assertEquals(41, rows.length);
    int failed = 0;
    for (int i = 0; i < 40; i++) {
      Map<?, ?> m = (Map<?, ?>) Json.parse(rows[i].getBytes(StandardCharsets.UTF_8));
      assertEquals("org/m" + i, m.get("model"), "row " + i + " in input order");
      if (i % 7 == 3) {
        assertTrue(((String) m.get("error")).contains("not found"), rows[i]);
        failed++;
      } else {
        assertEquals((long) (1 + i), ((Map<?, ?>) m.get("spec")).get("numLayers"));
      }
    }
    assertTrue(rows[40].contains("\"error\""));
    assertTrue(res.err().contains("scanned 41 models, " + (failed + 1) + " failed"), res.err());
  }

  @Test
  void duplicatesAreFetchedOnceAndAWarmRerunMakesNoRequest() throws Exception {
    stubModel("org/dup", 20, 4);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      lines.add("org/dup");
    }
    Path list = Files.write(tmp.resolve("dups.txt"), lines);
    assertEquals(0, run("scan", list.toString(), "-q").code());
    hub.verify(exactly(1), getRequestedFor(urlEqualTo("/api/models/org/dup/revision/main")));
    assertEquals(0, run("scan", list.toString(), "-q").code());
    hub.verify(exactly(1), getRequestedFor(urlEqualTo("/api/models/org/dup/revision/main")));
  }

  @Test
  void csvIsRfc4180WithAHeader() throws Exception {
    Path list =
        Files.write(
            tmp.resolve("l.txt"),
            List.of("fixtures/models/meta-llama--Llama-2-7b-hf", "./no, \"such\" folder"));
    CliRunner.Result res =
        CliRunner.run(
            CliRunner.env(env(), tmp.resolve("home")),
            "scan",
            list.toString(),
            "--format",
            "csv",
            "-q",
            "--gpu",
            "a100-80gb");
    assertEquals(6, res.code(), res.err());
    String[] records = res.out().split("\r\n");
    assertEquals(3, records.length);
    assertTrue(records[0].startsWith("model,error,source,"), records[0]);
    assertTrue(
        records[0].endsWith(
            ",maxBatchSize,trainingFits,trainingSuggestion,"
                + "trainingSuggestionTotalBytes,trainingSuggestionGpus"),
        records[0]);
    assertTrue(
        records[1].startsWith(
            "fixtures/models/meta-llama--Llama-2-7b-hf,,local,llama," + "6738415616,"),
        records[1]);
    assertTrue(records[2].startsWith("\"./no, \"\"such\"\" folder\",\""), records[2]);
    assertEquals(records[0].split(",", -1).length, records[1].split(",", -1).length);
  }

  @Test
  void tableAndMarkdownHaveAFitColumnWithAGpu() throws Exception {
    Path list =
        Files.write(
            tmp.resolve("l.txt"),
            List.of(
                "fixtures/models/meta-llama--Llama-2-70b-hf", "fixtures/models/google--gemma-2b"));
    CliRunner.Result table = run("scan", list.toString(), "--gpu", "h100-80gb", "-q");
    assertEquals(0, table.code(), table.err());
    String[] lines = table.out().split("\n");
    assertTrue(lines[0].contains("FIT"));
    assertTrue(lines[1].contains("no (2 GPUs)"), lines[1]);
    assertTrue(lines[2].contains("fits"), lines[2]);
    CliRunner.Result md = run("scan", list.toString(), "--format", "markdown", "-q");
    assertTrue(md.out().startsWith("| model |"), md.out());
    assertTrue(md.out().split("\n")[1].startsWith("|---|"));
  }

  @Test
  void authorListingFollowsLinkPagination() throws Exception {
    hub.stubFor(
        get(urlPathEqualTo("/api/models"))
            .withQueryParam(
                "author", com.github.tomakehurst.wiremock.client.WireMock.equalTo("org"))
            .willReturn(
                okJson("[{\"id\":\"org/a\"},{\"id\":\"org/b\"}]")
                    .withHeader(
                        "Link",
                        "<" + hub.baseUrl() + "/api/models?author=org&cursor=p2>; rel=\"next\"")));
    hub.stubFor(
        get(urlEqualTo("/api/models?author=org&cursor=p2"))
            .willReturn(okJson("[{\"id\":\"org/c\"}]")));
    stubModel("org/a", 0, 2);
    stubModel("org/b", 0, 3);
    stubModel("org/c", 0, 4);
    CliRunner.Result res = run("scan", "--author", "org", "--format", "jsonl", "-q");
    assertEquals(0, res.code(), res.err());
    String[] rows = res.out().split("\n");
    assertEquals(3, rows.length);
    assertTrue(rows[2].startsWith("{\"model\":\"org/c\""), rows[2]);
  }

  @Test
  void standardInputAndUsageErrors() {
    CliRunner.Result none = run("scan");
    assertEquals(2, none.code());
    assertEquals(2, run("scan", tmp.resolve("missing.txt").toString()).code());
    CliRunner.Result xml = run("scan", "x.txt", "--format", "xml");
    assertEquals(2, xml.code());
    assertTrue(
        xml.err()
            .contains("--format must be one of table, csv, jsonl, markdown, html;" + " got 'xml'"),
        "every scan format is listed, html too: " + xml.err());
    Environment env =
        new Environment(
            env(),
            io.hfvram.Fixtures.root(),
            tmp.resolve("home"),
            java.time.Clock.systemUTC(),
            false,
            new java.io.ByteArrayInputStream(
                "fixtures/models/google--gemma-2b\n\n#c\n".getBytes(StandardCharsets.UTF_8)));
    CliRunner.Result res = CliRunner.run(env, "scan", "-", "--format", "jsonl", "-q");
    assertEquals(0, res.code(), res.err());
    assertEquals(1, res.out().split("\n").length);
  }

  @Test
  void progressLineShowsDoneRateEtaAndFailures() {
    java.io.StringWriter sw = new java.io.StringWriter();
    Progress p = new Progress(new java.io.PrintWriter(sw), java.time.Clock.systemUTC(), 10);
    String line = p.line(5, 1, 2000);
    assertTrue(
        line.contains("5/10")
            && line.contains("2.5/s")
            && line.contains("ETA 2s")
            && line.contains("failures 1"),
        line);
  }
}
