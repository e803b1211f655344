package io.hfvram.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.Fixtures;
import io.hfvram.cli.CliAccess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A posted GGUF header (a file cut after it, as the page sends) estimates like the CLI's. */
final class GgufUploadApiTest {
  private static ServeFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = new ServeFixture();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  /** A tiny llama header with no tensor data: the reader warns that the file is truncated. */
  static byte[] header() {
    ByteArrayOutputStream kvs = new ByteArrayOutputStream();
    kvs.writeBytes(kv("general.architecture", 8, str("llama")));
    kvs.writeBytes(kv("llama.block_count", 4, u32(2)));
    kvs.writeBytes(kv("llama.embedding_length", 4, u32(64)));
    kvs.writeBytes(kv("llama.feed_forward_length", 4, u32(128)));
    kvs.writeBytes(kv("llama.context_length", 4, u32(2048)));
    kvs.writeBytes(kv("llama.attention.head_count", 4, u32(4)));
    kvs.writeBytes(kv("llama.attention.head_count_kv", 4, u32(2)));
    ByteArrayOutputStream tokens = new ByteArrayOutputStream();
    tokens.writeBytes(le(12).putInt(8).putLong(100).array());
    for (int i = 0; i < 100; i++) {
      tokens.writeBytes(str("t" + i));
    }
    kvs.writeBytes(kv("tokenizer.ggml.tokens", 9, tokens.toByteArray()));
    ByteArrayOutputStream tensors = new ByteArrayOutputStream();
    tensors.writeBytes(tensor("token_embd.weight", 0, 64, 100));
    tensors.writeBytes(tensor("blk.0.attn_q.weight", 12, 64, 64));
    tensors.writeBytes(tensor("blk.1.attn_q.weight", 12, 64, 64));
    tensors.writeBytes(tensor("output.weight", 14, 64, 256));
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes("GGUF".getBytes(StandardCharsets.US_ASCII));
    o.writeBytes(le(20).putInt(3).putLong(4).putLong(8).array());
    o.writeBytes(kvs.toByteArray());
    o.writeBytes(tensors.toByteArray());
    return o.toByteArray();
  }

  @Test
  void aPostedHeaderIsEstimatedLikeTheCliOnTheFile() throws Exception {
    byte[] gguf = header();
    Path dir = Fixtures.root().resolve("target/serve-home/gguf");
    Files.createDirectories(dir);
    Path file = dir.resolve("tiny.gguf");
    Files.write(file, gguf);
    List<Path> before = uploads();
    HttpResponse<String> r = fx.post("/api/v1/estimate?model=tiny.gguf&seq=4096", gguf);
    CliAccess.Result cli = ServeFixture.cli(file.toString(), "-s", "4096", "--format", "json");
    assertEquals(0, cli.code(), cli.err());
    assertEquals(200, r.statusCode(), r.body());
    Map<String, Object> api = ApiTest.json(r.body());
    Map<String, Object> want = ApiTest.json(cli.out());
    Object parameters = ((Map<?, ?>) api.get("spec")).get("parameters");
    assertEquals(6400L + 4096 + 4096 + 16384, parameters);
    assertEquals(((Map<?, ?>) want.get("spec")).get("parameters"), parameters);
    assertEquals("tiny.gguf", api.remove("model"));
    Map<?, ?> source = (Map<?, ?>) api.remove("source");
    assertEquals("upload", source.get("kind"));
    assertEquals((long) gguf.length, source.get("bytes"));
    want.remove("model");
    want.remove("source");
    assertEquals(want, api);
    String warning = r.headers().firstValue("X-Hf-Vram-Warning").orElse("");
    assertTrue(warning.startsWith("tiny.gguf is " + gguf.length + " bytes"), warning);
    assertTrue(warning.contains("truncated"), warning);
    assertFalse(r.body().contains("hf-vram-upload-"), r.body());
    assertEquals(before, uploads(), "the temporary file is deleted");
  }

  @Test
  void theReportTooAndABrokenHeaderIsTheCliError() throws Exception {
    byte[] gguf = header();
    HttpResponse<String> html = fx.post("/api/v1/report?model=tiny.gguf", gguf);
    assertEquals(200, html.statusCode(), html.body());
    assertTrue(html.body().contains("tiny.gguf"));
    byte[] cut = Arrays.copyOf(gguf, 40);
    HttpResponse<String> r = fx.post("/api/v1/estimate?model=cut.gguf", cut);
    Map<String, Object> m = ApiTest.json(r.body());
    assertEquals("cut.gguf: the GGUF header is truncated", m.get("error"), r.body());
    assertTrue(r.statusCode() == 422 && m.get("exitCode") != null, r.body());
  }

  @Test
  void aGgufBodyOver64MebibytesIsRefused() throws Exception {
    byte[] big = Arrays.copyOf(header(), GgufUpload.MAX_BODY + 1);
    HttpResponse<String> r = fx.post("/api/v1/estimate", big);
    assertEquals(413, r.statusCode(), r.body());
    assertTrue(ApiTest.json(r.body()).get("error").toString().contains("64 MiB"), r.body());
    byte[] fits = Arrays.copyOf(header(), GgufUpload.MAX_BODY);
    assertEquals(200, fx.post("/api/v1/estimate", fits).statusCode());
  }

  private static List<Path> uploads() throws IOException {
    try (Stream<Path> s = Files.list(Paths.get(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("hf-vram-upload-"))
          .sorted()
          .toList();
    }
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] u32(int v) {
    return le(4).putInt(v).array();
  }

  private static byte[] str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return le(8 + b.length).putLong(b.length).put(b).array();
  }

  private static byte[] kv(String key, int type, byte[] value) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(str(key));
    o.writeBytes(u32(type));
    o.writeBytes(value);
    return o.toByteArray();
  }

  private static byte[] tensor(String name, int type, long... dims) {
    ByteBuffer b = le(4 + 8 * dims.length + 4 + 8).putInt(dims.length);
    for (long d : dims) {
      b.putLong(d);
    }
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(str(name));
    o.writeBytes(b.putInt(type).putLong(0).array());
    return o.toByteArray();
  }
}
