package io.hfvram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hfvram.Fixtures;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write errors are never hidden: a full disk (/dev/full) behind -o or standard output exits 7 with
 * one line and no "scanned N models" summary, a closed pipe exits 141 quietly, and -o into a
 * missing folder fails without creating it.
 */
final class WriteErrorCliTest {
  private static final String M = "fixtures/models/meta-llama--Llama-2-7b-hf";
  private static final Path FULL = Path.of("/dev/full");

  @TempDir Path tmp;

  /** What a run printed on stderr and returned, its stdout going to {@code out}. */
  private record Run(int code, String err) {}

  private static Run run(PrintWriter out, String... args) {
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            CliRunner.env(Map.of(), Fixtures.root().resolve("target/test-home")),
            out,
            new PrintWriter(err),
            args);
    return new Run(code, err.toString());
  }

  private Path list(int n) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add(M);
    }
    return Files.write(tmp.resolve("models.txt"), lines);
  }

  private static void oneLine(String err) {
    assertEquals(1, err.lines().count(), err);
    assertFalse(err.contains("\tat "), err);
    assertFalse(err.contains("scanned"), err);
  }

  @Test
  void scanIntoAFullDiskExitsSeven() throws Exception {
    assumeTrue(Files.exists(FULL), "/dev/full (Linux)");
    String models = list(50).toString();
    for (String fmt : new String[] {"table", "csv", "jsonl", "markdown", "html"}) {
      CliRunner.Result r = CliRunner.run("scan", models, "--format", fmt, "-o", "/dev/full");
      assertEquals(ExitCode.OUTPUT.code(), r.code(), fmt + ": " + r.err());
      oneLine(r.err());
      assertTrue(r.err().contains("cannot write -o /dev/full: No space left on device"), r.err());
    }
  }

  @Test
  void standardOutputOnAFullDiskExitsSeven() throws Exception {
    assumeTrue(Files.exists(FULL), "/dev/full (Linux)");
    String models = list(50).toString();
    String[][] runs = {
      {"scan", models, "--format", "csv"},
      {"scan", models, "--format", "html"},
      {M},
      {M, "--format", "json"},
      {"gpus"},
      {"--help"}
    };
    for (String[] args : runs) {
      try (FileOutputStream full = new FileOutputStream(FULL.toFile())) {
        Run r = run(Output.of(full, "standard output"), args);
        assertEquals(ExitCode.OUTPUT.code(), r.code(), String.join(" ", args) + ": " + r.err());
        oneLine(r.err());
        assertTrue(
            r.err().contains("cannot write standard output: No space left on device"), r.err());
      }
    }
  }

  @Test
  void singleModelIntoAFullDiskIsNotAUsageError() {
    assumeTrue(Files.exists(FULL), "/dev/full (Linux)");
    for (String fmt : new String[] {"table", "json", "markdown", "html"}) {
      CliRunner.Result r = CliRunner.run(M, "--format", fmt, "-o", "/dev/full");
      assertEquals(ExitCode.OUTPUT.code(), r.code(), r.err());
      oneLine(r.err());
      assertFalse(r.err().contains("--help"), r.err());
    }
  }

  @Test
  void outputIntoAMissingFolderFailsAndCreatesNothing() throws Exception {
    Path target = tmp.resolve("missing/dir/x.json");
    CliRunner.Result single = CliRunner.run(M, "--format", "json", "-o", target.toString());
    assertEquals(ExitCode.OUTPUT.code(), single.code(), single.err());
    assertTrue(single.err().contains("no such folder"), single.err());
    CliRunner.Result scan = CliRunner.run("scan", list(2).toString(), "-o", target.toString());
    assertEquals(ExitCode.OUTPUT.code(), scan.code(), scan.err());
    oneLine(scan.err());
    assertFalse(Files.exists(tmp.resolve("missing")), "no folder is created");
  }

  /** A reader that goes away after {@code limit} characters, as '| head' does. */
  private static final class ClosingPipe extends Writer {
    private final int limit;
    private int written;

    ClosingPipe(int limit) {
      this.limit = limit;
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
      if (written + len > limit) {
        throw new IOException("Broken pipe");
      }
      written += len;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Test
  void aClosedPipeStopsTheScanQuietlyWith141() throws Exception {
    String models = list(2_000).toString();
    for (String fmt : new String[] {"table", "csv", "jsonl", "markdown"}) {
      Run r =
          run(
              Output.of(new ClosingPipe(2_000), "standard output"),
              "scan",
              models,
              "--format",
              fmt);
      assertEquals(141, r.code(), fmt + ": " + r.err());
      assertEquals("", r.err(), "quiet: no message, no summary");
    }
    Run single = run(Output.of(new ClosingPipe(100), "standard output"), M);
    assertEquals(141, single.code(), single.err());
    assertEquals("", single.err());
  }

  /** The CLI in a new JVM (the test's class path), as a shell would start it. */
  private static ProcessBuilder process(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.hfvram.cli.Main");
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).directory(Fixtures.root().toFile());
  }

  @Test
  void aRealPipeClosedEarlyAndARealRedirectToAFullDisk() throws Exception {
    assumeTrue(Files.exists(FULL), "/dev/full (Linux)");
    String models = list(20_000).toString();
    Process p =
        process("scan", models, "--format", "csv")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (java.io.BufferedReader r =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
      assertTrue(r.readLine().startsWith("model,error"), "the header");
    }
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "stops at the closed pipe");
    assertEquals(141, p.exitValue());
    Process full =
        process(M)
            .redirectOutput(FULL.toFile())
            .redirectError(ProcessBuilder.Redirect.PIPE)
            .start();
    String err =
        new String(full.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(full.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(ExitCode.OUTPUT.code(), full.exitValue(), err);
    assertEquals("hf-vram: cannot write standard output: No space left on device\n", err);
  }
}
