package io.hfvram.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.Fixtures;
import io.hfvram.cli.CliAccess;
import io.hfvram.core.Json;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API against the command line: same JSON, same messages, statuses by exit-code meaning. */
final class ApiTest {
  private static final String LLAMA = "meta-llama/Llama-2-7b-hf";
  private static ServeFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = new ServeFixture();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @Test
  void getEstimateIsTheCliJsonByteForByte() throws Exception {
    HttpResponse<String> r =
        fx.get(
            "/api/v1/estimate?model="
                + LLAMA
                + "&dtype=bf16&seq=8192&batch=4&gpu=a100-80gb&kv-dtype=fp8");
    CliAccess.Result cli =
        ServeFixture.cli(
            LLAMA,
            "--dtype",
            "bf16",
            "-s",
            "8192",
            "-b",
            "4",
            "--gpu",
            "a100-80gb",
            "--kv-dtype",
            "fp8",
            "--format",
            "json");
    assertEquals(0, cli.code(), cli.err());
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(cli.out(), r.body());
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    assertTrue(r.headers().firstValue("X-Hf-Vram-Warning").orElse("").contains("catalog"));
  }

  @Test
  void everyWorkloadOptionAndExplainMatchTheCli() throws Exception {
    HttpResponse<String> r =
        fx.get(
            "/api/v1/estimate?model="
                + LLAMA
                + "&method=lora"
                + "&optimizer=adamw-8bit&grad-checkpointing=full&gpus=4&zero=3&tp=2&engine=vllm"
                + "&gpu=h100-80gb&explain=true&context=2048");
    CliAccess.Result cli =
        ServeFixture.cli(
            LLAMA,
            "--method",
            "lora",
            "--optimizer",
            "adamw-8bit",
            "--grad-checkpointing",
            "full",
            "--gpus",
            "4",
            "--zero",
            "3",
            "--tp",
            "2",
            "--engine",
            "vllm",
            "--gpu",
            "h100-80gb",
            "--explain",
            "-s",
            "2048",
            "--format",
            "json");
    assertEquals(cli.out(), r.body());
    // the parser is reused: options of an earlier request do not leak into the next
    HttpResponse<String> plain = fx.get("/api/v1/estimate?model=" + LLAMA);
    assertEquals(ServeFixture.cli(LLAMA, "--format", "json").out(), plain.body());
  }

  @Test
  void reportIsTheCliHtml() throws Exception {
    HttpResponse<String> r = fx.get("/api/v1/report?model=" + LLAMA + "&seq=4096&units=gb");
    CliAccess.Result cli =
        ServeFixture.cli(LLAMA, "-s", "4096", "--units", "gb", "--format", "html");
    assertEquals(cli.out(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
  }

  @Test
  void postedConfigMatchesTheCliOnTheFile() throws Exception {
    Path config =
        Fixtures.root().resolve("fixtures/models/mistralai--Mistral-7B-v0.1/" + "config.json");
    HttpResponse<String> r =
        fx.post("/api/v1/estimate?seq=8192&dtype=fp16", Files.readAllBytes(config));
    CliAccess.Result cli =
        ServeFixture.cli(config.toString(), "-s", "8192", "--dtype", "fp16", "--format", "json");
    assertEquals(200, r.statusCode(), r.body());
    Map<String, Object> api = json(r.body());
    Map<String, Object> want = json(cli.out());
    assertEquals("config.json", api.remove("model"));
    assertEquals("upload", ((Map<?, ?>) api.remove("source")).get("kind"));
    want.remove("model");
    want.remove("source");
    assertEquals(want, api);
  }

  @Test
  void errorsCarryTheCliMessageAndTheStatusOfItsExitCode() throws Exception {
    assertError(
        fx.get("/api/v1/estimate?model=" + LLAMA + "&dtype=int3"),
        400,
        2,
        ServeFixture.cli(LLAMA, "--dtype", "int3"));
    assertError(
        fx.get("/api/v1/estimate?model=" + LLAMA + "&batch=x"),
        400,
        2,
        ServeFixture.cli(LLAMA, "-b", "x"));
    assertError(
        fx.get("/api/v1/estimate?model=nobody/no-such-model"),
        503,
        5,
        ServeFixture.cli("nobody/no-such-model"));
    Path bad = Fixtures.root().resolve("target/serve-home/bad/config.json");
    Files.createDirectories(bad.getParent());
    Files.writeString(bad, "{\"model_type\": \"llama\", \"hidden_size\": -1}");
    assertError(fx.post("/api/v1/estimate", Files.readAllBytes(bad)), 422, 4, null);
    HttpResponse<String> malformed = fx.post("/api/v1/estimate", "{nope".getBytes());
    assertEquals(422, malformed.statusCode());
    assertTrue(json(malformed.body()).get("error").toString().contains("is not valid JSON"));
    assertEquals(400, fx.get("/api/v1/estimate?model=" + LLAMA + "&token=hf_x").statusCode());
    assertEquals(
        400, fx.get("/api/v1/estimate?model=" + LLAMA + "&endpoint=http://x").statusCode());
    assertEquals(400, fx.get("/api/v1/estimate?dtype=bf16").statusCode());
  }

  private static void assertError(
      HttpResponse<String> r, int status, int exit, CliAccess.Result cli) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    Map<String, Object> m = json(r.body());
    assertEquals((long) exit, m.get("exitCode"));
    if (cli != null) {
      assertEquals(exit, cli.code());
      assertEquals("hf-vram: " + m.get("error"), cli.err().lines().findFirst().orElse(""));
    }
  }

  @Test
  void noLocalFileCanBeNamed() throws Exception {
    for (String ref :
        List.of(
            "/etc/passwd",
            "./pom.xml",
            "../x",
            "~/.cache",
            "fixtures/models/meta-llama--Llama-2-7b-hf/config.json",
            "a/b/c")) {
      HttpResponse<String> r =
          fx.get(
              "/api/v1/estimate?model=" + java.net.URLEncoder.encode(ref, StandardCharsets.UTF_8));
      assertEquals(400, r.statusCode(), ref);
      assertTrue(r.body().contains("reads no local files"), r.body());
    }
    for (String path : List.of("/etc/passwd", "/../pom.xml", "/page.html", "/api/v1/")) {
      assertEquals(404, fx.get(path).statusCode(), path);
    }
  }

  @Test
  void bodiesOverOneMebibyteAreRefused() throws Exception {
    HttpResponse<String> r = fx.post("/api/v1/estimate", new byte[(1 << 20) + 1]);
    assertEquals(413, r.statusCode());
  }

  @Test
  void scanStreamsRowsInInputOrderLikeTheCli() throws Exception {
    String list =
        "# models\nmeta-llama/Llama-2-7b-hf\nnobody/missing\n\nQwen/Qwen2.5-7B\n"
            + "meta-llama/Llama-2-70b-hf\n";
    HttpResponse<String> r = postScan(list);
    CliAccess.Result cli = cliScan("scan.txt", list);
    assertEquals(200, r.statusCode());
    assertEquals("application/x-ndjson", r.headers().firstValue("Content-Type").orElse(""));
    assertEquals(cli.out(), r.body());
    assertEquals(4, r.body().lines().count());
  }

  @Test
  void aScanBodyWithAByteOrderMarkReadsLikeTheCli() throws Exception {
    String list = "\uFEFFmeta-llama/Llama-2-7b-hf\r\nQwen/Qwen2.5-7B\r\n";
    HttpResponse<String> r = postScan(list);
    CliAccess.Result cli = cliScan("scan-bom.txt", list);
    assertEquals(200, r.statusCode());
    assertEquals(cli.out(), r.body());
    assertFalse(r.body().contains("\"error\""), r.body());
  }

  private HttpResponse<String> postScan(String list) throws Exception {
    return fx.post("/api/v1/scan?gpu=l40s&seq=4096", list.getBytes(StandardCharsets.UTF_8));
  }

  /** The same list scanned by the command line, from a file. */
  private static CliAccess.Result cliScan(String name, String list) throws Exception {
    Path file = Fixtures.root().resolve("target/serve-home").resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, list);
    return ServeFixture.cli(
        "scan", file.toString(), "--gpu", "l40s", "-s", "4096", "--format", "jsonl", "-q");
  }

  @Test
  void gpusCatalogAndHealth() throws Exception {
    List<?> gpus = (List<?>) Json.parse(fx.get("/api/v1/gpus").body().getBytes());
    assertEquals("h100-80gb", ((Map<?, ?>) gpus.get(0)).get("id"));
    Map<String, Object> cat = json(fx.get("/api/v1/catalog").body());
    assertTrue(
        ((List<?>) cat.get("models"))
            .stream().anyMatch(m -> LLAMA.equals(((Map<?, ?>) m).get("id"))));
    assertEquals("ok", json(fx.get("/healthz").body()).get("status"));
  }

  @Test
  void safeHeadersAndNoCors() throws Exception {
    HttpResponse<String> page = fx.get("/");
    assertEquals(200, page.statusCode());
    String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'sha256-"), csp);
    assertFalse(csp.contains("unsafe-inline'; img") && csp.contains("script-src 'unsafe"));
    assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
    assertFalse(page.body().contains("http://") && page.body().contains("<link"));
    assertFalse(page.body().toLowerCase().contains("hf_"), "no token on the page");
    HttpResponse<String> api = fx.get("/api/v1/gpus");
    assertNull(api.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    HttpResponse<String> cross =
        fx.http.send(
            HttpRequest.newBuilder(fx.uri("/api/v1/gpus"))
                .header("Origin", "http://evil.example")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(403, cross.statusCode());
    assertEquals(
        405,
        fx.http
            .send(
                HttpRequest.newBuilder(fx.uri("/api/v1/gpus"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .statusCode());
  }

  @Test
  void aForeignHostHeaderIsRefused() throws Exception {
    try (Socket s = new Socket("127.0.0.1", fx.server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET /healthz HTTP/1.1\r\nHost: attacker.example:"
                  + fx.server.port()
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String head = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      assertTrue(head.startsWith("HTTP/1.1 403"), head);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(String s) throws Exception {
    return (Map<String, Object>) Json.parse(s.getBytes(StandardCharsets.UTF_8));
  }
}
