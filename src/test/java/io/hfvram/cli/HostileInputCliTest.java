package io.hfvram.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.hfvram.Fixtures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile inputs through the command line: listed ids that are paths, escape sequences in configs
 * and server text, spreadsheet formulas, scan lists with a BOM, invalid UTF-8 and overlong lines.
 * None ends in exit 1, a stack trace, a file read or a raw escape sequence.
 */
final class HostileInputCliTest {
  @RegisterExtension
  static WireMockExtension hub =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String M = "fixtures/models/meta-llama--Llama-2-7b-hf";

  /** OSC 52 (clipboard), a window title, a screen clear, a bell, a C1 CSI, a bidi override. */
  private static final String EVIL =
      "\\u001b]52;c;SGVsbG8=\\u0007\\u001b]0;pwned\\u0007" + "\\u001b[2J\\u009b31m\\u202e";

  @TempDir Path tmp;

  private CliRunner.Result run(String... args) {
    Map<String, String> env = new HashMap<>();
    env.put("HF_ENDPOINT", hub.baseUrl());
    env.put("HF_VRAM_CACHE", tmp.resolve("cache").toString());
    env.put("HF_HUB_CACHE", tmp.resolve("hf").toString());
    return CliRunner.run(CliRunner.env(env, tmp.resolve("home")), args);
  }

  private static void noRawControls(String what, String text) {
    for (char c : text.toCharArray()) {
      boolean bad =
          (c < 0x20 && c != '\n' && c != '\r' && c != '\t')
              || (c >= 0x7f && c <= 0x9f)
              || c == '\u202e';
      assertFalse(bad, what + " holds a raw U+" + Integer.toHexString(c) + ": " + text);
    }
  }

  private static void noCrash(CliRunner.Result r) {
    assertTrue(r.code() != 1, r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  /** A checkpoint folder whose config strings carry escape sequences. */
  private Path evilModel() throws Exception {
    String config = Files.readString(Fixtures.root().resolve(M).resolve("config.json"));
    config =
        config
            .replace("\"model_type\": \"llama\"", "\"model_type\": \"llama" + EVIL + "\"")
            .replace("\"LlamaForCausalLM\"", "\"Llama" + EVIL + "ForCausalLM\"");
    Path dir = Files.createDirectories(tmp.resolve("evil"));
    Files.writeString(dir.resolve("config.json"), config);
    return dir;
  }

  @Test
  void listedIdsAreHubIdsNeverLocalFiles() throws Exception {
    Path token = Files.writeString(tmp.resolve("token"), "hf_SecretTokenValue0123456789");
    hub.stubFor(
        get(urlPathEqualTo("/api/models"))
            .willReturn(
                okJson(
                    "[{\"id\":\"/etc/passwd\"},"
                        + "{\"id\":\""
                        + token
                        + "\"},{\"id\":\"/dev/stdin\"},{\"id\":\""
                        + M
                        + "\"}]")));
    for (String fmt : new String[] {"csv", "jsonl", "html", "table", "markdown"}) {
      CliRunner.Result r = run("scan", "--author", "org", "--format", fmt, "-q");
      assertEquals(ExitCode.PARTIAL.code(), r.code(), r.err());
      assertFalse(r.out().contains("hf_SecretTokenValue"), r.out());
      assertFalse(r.out().contains("root:"), r.out());
      assertTrue(r.out().contains("is not a valid repo id"), r.out());
      assertFalse(r.out().contains("source\":\"local") || r.out().contains(",local,"), r.out());
    }
  }

  @Test
  void escapeSequencesInConfigStringsNeverReachTheTerminal() throws Exception {
    Path dir = evilModel();
    for (String fmt : new String[] {"table", "json", "markdown", "html"}) {
      CliRunner.Result r = run(dir.toString(), "--format", fmt);
      assertEquals(0, r.code(), r.err());
      noRawControls(fmt, r.out());
      noRawControls("stderr", r.err());
    }
    CliRunner.Result table = run(dir.toString());
    assertTrue(table.out().contains("\\x1b]52;c;SGVsbG8="), "escaped visibly: " + table.out());
    Path list = Files.write(tmp.resolve("list.txt"), List.of(dir.toString()));
    for (String fmt : new String[] {"table", "csv", "jsonl", "markdown", "html"}) {
      CliRunner.Result r = run("scan", list.toString(), "--format", fmt);
      assertEquals(0, r.code(), r.err());
      noRawControls("scan " + fmt, r.out());
    }
  }

  @Test
  void coloursStayButForeignEscapesGoOnATerminal() throws Exception {
    Path dir = evilModel();
    Environment env =
        new Environment(
            Map.of(),
            Fixtures.root(),
            tmp,
            java.time.Clock.systemUTC(),
            true,
            new java.io.ByteArrayInputStream(new byte[0]));
    CliRunner.Result r = CliRunner.run(env, dir.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\u001b[1m"), "our colours stay");
    assertFalse(r.out().contains("\u001b]"), "no OSC");
    assertFalse(r.out().contains("\u001b[2J"), "no screen clear");
    assertFalse(r.out().contains("\u0007"), "no bell");
  }

  @Test
  void serverErrorTextIsEscapedOnStderr() {
    String sha = "0123456789abcdef0123456789abcdef01234567";
    hub.stubFor(
        get(urlEqualTo("/api/models/org/evil/revision/main"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":\"gone " + EVIL + "\"}")));
    CliRunner.Result r = run("org/evil");
    noCrash(r);
    noRawControls("stderr", r.err());
    assertTrue(r.code() == 3 || r.code() == 5, r.err());
    assertFalse(sha.isEmpty());
  }

  @Test
  void csvCellsNeverStartAFormula() throws Exception {
    Path list =
        Files.write(
            tmp.resolve("list.txt"),
            List.of("=HYPERLINK(\"http://x\")", "@SUM(A1)", "+cmd", "-2+3", M));
    CliRunner.Result r = run("scan", list.toString(), "--format", "csv", "-q");
    assertEquals(ExitCode.PARTIAL.code(), r.code(), r.err());
    for (String line : r.out().split("\r\n")) {
      String first = line.startsWith("\"") ? line.substring(1) : line;
      assertFalse(first.matches("^[=+@-].*"), line);
      for (String cell : line.split(",")) {
        String c = cell.startsWith("\"") ? cell.substring(1) : cell;
        assertFalse(c.matches("^[=+@\\t\\r].*"), line);
      }
    }
    assertTrue(r.out().contains("\"'=HYPERLINK(\"\"http://x\"\")\""), r.out());
    assertTrue(r.out().contains("'-2+3"), r.out());
  }

  @Test
  void scanListWithABomInvalidUtf8AndAnOverlongLine() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
    b.write((M + "\n").getBytes(StandardCharsets.UTF_8));
    b.write(new byte[] {'o', 'r', 'g', '/', (byte) 0xff, (byte) 0xfe, '\n'});
    b.write("a".repeat(1 << 20).getBytes(StandardCharsets.UTF_8));
    b.write(("\n" + M + "\n").getBytes(StandardCharsets.UTF_8));
    Path list = Files.write(tmp.resolve("list.txt"), b.toByteArray());
    CliRunner.Result r = run("scan", list.toString(), "--format", "jsonl", "-q");
    assertEquals(ExitCode.PARTIAL.code(), r.code(), r.err());
    String[] rows = r.out().split("\n");
    assertEquals(4, rows.length, r.out());
    assertTrue(rows[0].startsWith("{\"model\":\"" + M + "\""), "BOM dropped: " + rows[0]);
    assertTrue(rows[1].contains("line 2 is not valid UTF-8"), rows[1]);
    assertTrue(rows[2].contains("line 3 is longer than 8192 bytes"), rows[2]);
    assertTrue(rows[2].length() < 1_000, "the overlong line is not quoted back");
    assertFalse(rows[3].contains("error"), rows[3]);
  }

  @Test
  void aFolderOrAnEmptyNameIsAUsageError() {
    CliRunner.Result dir = run("scan", tmp.toString());
    assertEquals(ExitCode.USAGE.code(), dir.code(), dir.err());
    assertTrue(dir.err().contains("is a directory"), dir.err());
    CliRunner.Result empty = run("");
    assertEquals(ExitCode.USAGE.code(), empty.code(), empty.err());
  }

  @Test
  void severalModelsPrintTheOnesThatWorked() {
    String missing = "fixtures/models/no-such-model";
    for (String fmt : new String[] {"table", "json", "markdown", "html"}) {
      CliRunner.Result r = run(M, missing, "--format", fmt);
      assertEquals(ExitCode.PARTIAL.code(), r.code(), fmt + ": " + r.err());
      assertTrue(r.out().contains("Llama"), fmt + ": A's result is printed");
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().contains("no-such-model"), r.err());
    }
    CliRunner.Result none = run(missing, missing + "2");
    assertEquals(ExitCode.NOT_FOUND.code(), none.code(), none.err());
    assertEquals(2, none.err().lines().count(), none.err());
  }
}
