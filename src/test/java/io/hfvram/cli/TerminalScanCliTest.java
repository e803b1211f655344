package io.hfvram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.report.Renderer;
import io.hfvram.report.Row;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan on a terminal, as the launcher describes one (HF_VRAM_STDERR_TTY, COLUMNS): the bar is
 * erased before each row, the table fits the width, and the scan's columns follow the options.
 */
final class TerminalScanCliTest {
  private static final String GEMMA = "fixtures/models/google--gemma-2b";
  private static final String COHERE = "fixtures/models/CohereLabs--c4ai-command-r-v01";
  private static final String MISSING = "./fixtures/models/no-such-model";

  @TempDir Path tmp;

  private Path list() throws Exception {
    Path p = tmp.resolve("models.txt");
    Files.writeString(p, GEMMA + "\n" + COHERE + "\n" + MISSING + "\n" + GEMMA + "\n");
    return p;
  }

  private Environment env(Map<String, String> extra) {
    Map<String, String> vars = new HashMap<>(extra);
    vars.put("HF_HUB_OFFLINE", "1");
    vars.put("HF_VRAM_CACHE", tmp.resolve("cache").toString());
    return new Environment(
        vars,
        io.hfvram.Fixtures.root(),
        tmp.resolve("home"),
        Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC),
        false,
        new ByteArrayInputStream(new byte[0]));
  }

  private CliRunner.Result run(Map<String, String> vars, String... args) {
    return CliRunner.run(env(vars), args);
  }

  @Test
  void barIsErasedBeforeEveryRowOnTheSharedTerminal() throws Exception {
    StringWriter screen = new StringWriter();
    PrintWriter tty = new PrintWriter(screen);
    int code =
        Main.run(
            env(Map.of("HF_VRAM_STDERR_TTY", "1", "COLUMNS", "120")),
            tty,
            tty,
            "scan",
            list().toString(),
            "--concurrency",
            "1");
    tty.flush();
    String s = screen.toString();
    assertEquals(6, code, s);
    assertTrue(s.contains("failures "), "a bar was drawn: " + s);
    // After the bar's text comes only the erase sequence: no row is ever glued to it.
    assertFalse(Pattern.compile("failures \\d+(?!\\r\\u001b\\[K)").matcher(s).find(), s);
    String visible = s.replaceAll("\\r\\u001b\\[K", "\n").replaceAll("(?m)^\\[[#.]+\\][^\n]*$", "");
    assertTrue(visible.contains("\n" + GEMMA), visible);
    assertTrue(
        s.endsWith(Progress.ERASE + "hf-vram: scanned 4 models, 1 failed\n")
            || s.contains(Progress.ERASE + "hf-vram: scanned"),
        "the bar is gone at the end: " + s);
  }

  @Test
  void interruptLeavesNoBarAndWritesNoMoreRows() {
    StringWriter err = new StringWriter();
    StringWriter out = new StringWriter();
    Progress p = new Progress(new PrintWriter(err), Clock.systemUTC(), 3, 80);
    Renderer text =
        new Renderer() {
          @Override
          public String begin() {
            return "";
          }

          @Override
          public String row(Row r) {
            return r.input() + "\n";
          }

          @Override
          public String end() {
            return "";
          }
        };
    ScanCommand.RowSink sink = new ScanCommand.RowSink(new PrintWriter(out), text, p);
    Row row = new Row(0, "org/a", null, "boom");
    p.finished(row);
    sink.write(row);
    assertEquals("org/a\n", out.toString());
    sink.close(); // what the Ctrl-C hook does
    assertTrue(err.toString().endsWith(Progress.ERASE), err.toString());
    int before = err.toString().length();
    p.finished(new Row(1, "org/b", null, "boom"));
    sink.write(new Row(1, "org/b", null, "boom"));
    assertEquals(before, err.toString().length(), "nothing drawn after the interrupt");
    assertEquals("org/a\n", out.toString(), "no row after the interrupt");
  }

  @Test
  void barNeverWiderThanTheTerminal() {
    StringWriter err = new StringWriter();
    Progress p = new Progress(new PrintWriter(err), Clock.systemUTC(), 100, 30);
    p.finished(new Row(0, "x", null, "e"));
    String bar = err.toString().replace(Progress.ERASE, "");
    assertTrue(bar.length() < 30, bar);
  }

  @Test
  void tableFitsColumns() throws Exception {
    for (int width : new int[] {160, 120, 100, 80, 60, 45}) {
      CliRunner.Result r =
          run(
              Map.of("COLUMNS", "" + width),
              "scan",
              list().toString(),
              "-q",
              "--gpu",
              "h100-80gb",
              "--engine",
              "vllm");
      assertEquals(6, r.code(), r.err());
      for (String line : r.out().split("\n")) {
        if (!line.contains("error:")) {
          assertTrue(line.length() <= width, width + " columns: '" + line + "'");
        }
      }
      assertTrue(r.out().contains("error:"), r.out());
    }
    CliRunner.Result narrow = run(Map.of("COLUMNS", "60"), "scan", list().toString(), "-q");
    assertTrue(narrow.out().startsWith("MODEL, then its figures"), narrow.out());
    assertTrue(narrow.out().contains("\n" + GEMMA + "\n  params 2.51 B  dtype bf16"), narrow.out());
  }

  @Test
  void withoutColumnsIntoAPipeTheTableKeepsEveryColumn() throws Exception {
    CliRunner.Result r = run(Map.of(), "scan", list().toString(), "-q");
    String header = r.out().lines().findFirst().orElseThrow();
    assertTrue(
        header.startsWith("MODEL" + " ".repeat(39) + "     PARAMS DTYPE    WEIGHTS"), header);
    assertTrue(header.endsWith("TRAINING  SOURCE / ERROR  (sizes in GiB)"), header);
  }

  @Test
  void longIdsAreShortenedInTheMiddle() {
    assertEquals(
        "meta-llama…70b-chat-hf",
        io.hfvram.report.ScanTableAccess.shorten("meta-llama/Llama-2-70b-chat-hf", 22));
  }

  @Test
  void vllmColumnsInEveryTextFormat() throws Exception {
    String[] common = {"scan", list().toString(), "-q", "--gpu", "h100-80gb", "--engine", "vllm"};
    CliRunner.Result table = run(Map.of(), concat(common, "--format", "table"));
    assertTrue(
        table.out().lines().findFirst().orElseThrow().contains("KV TOKENS  CONCUR"), table.out());
    CliRunner.Result csv = run(Map.of(), concat(common, "--format", "csv"));
    assertTrue(
        csv.out().lines().findFirst().orElseThrow().endsWith(",kvCapacityTokens,maxConcurrency"),
        csv.out());
    String gemmaCsv = csv.out().lines().filter(l -> l.startsWith(GEMMA)).findFirst().orElseThrow();
    assertTrue(gemmaCsv.matches(".*,\\d+,\\d+\\.\\d\\d"), gemmaCsv);
    CliRunner.Result md = run(Map.of(), concat(common, "--format", "markdown"));
    assertTrue(
        md.out().startsWith("| model |")
            && md.out().contains("| KV tokens | max concurrency | source / error |"),
        md.out());
    String gemmaMd =
        md.out().lines().filter(l -> l.startsWith("| " + GEMMA)).findFirst().orElseThrow();
    assertTrue(gemmaMd.matches(".*\\| \\d+ \\| \\d+\\.\\d\\dx \\| local \\|"), gemmaMd);
    CliRunner.Result html = run(Map.of(), concat(common, "--format", "html"));
    assertTrue(
        html.out().contains(">KV tokens</th>") && html.out().contains(">max concurrency</th>"),
        "html header");
    CliRunner.Result hf = run(Map.of(), "scan", list().toString(), "-q", "--format", "csv");
    assertFalse(hf.out().contains("kvCapacityTokens"), "only with --engine vllm");
  }

  @Test
  void unitsGbInTableAndMarkdown() throws Exception {
    CliRunner.Result gib = run(Map.of(), "scan", list().toString(), "-q", "--format", "markdown");
    CliRunner.Result gb =
        run(Map.of(), "scan", list().toString(), "-q", "--format", "markdown", "--units", "gb");
    assertTrue(gb.out().contains("| weights GB | KV cache GB |"), gb.out());
    assertTrue(gib.out().contains("| 4.67 |") && gb.out().contains("| 5.01 |"), gb.out());
    CliRunner.Result table = run(Map.of(), "scan", list().toString(), "-q", "--units", "gb");
    assertTrue(
        table.out().contains("(sizes in GB)") && table.out().contains(" 5.01 "), table.out());
  }

  @Test
  void explainInJsonlAndRefusedElsewhere() throws Exception {
    CliRunner.Result jsonl =
        run(Map.of(), "scan", list().toString(), "-q", "--format", "jsonl", "--explain");
    String first = jsonl.out().lines().findFirst().orElseThrow();
    assertTrue(first.contains("\"explanations\":[{\"figure\""), first);
    CliRunner.Result plain = run(Map.of(), "scan", list().toString(), "-q", "--format", "jsonl");
    assertFalse(plain.out().contains("explanations"));
    for (String f : new String[] {"table", "csv", "markdown", "html"}) {
      CliRunner.Result r =
          run(Map.of(), "scan", list().toString(), "-q", "--format", f, "--explain");
      assertEquals(2, r.code(), f);
      assertTrue(r.err().contains("--explain in a scan needs --format jsonl"), r.err());
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
