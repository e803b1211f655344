package io.hfvram.cli;

import io.hfvram.report.RenderOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where and how output is drawn: -o FILE, --units, --explain; colours and width. */
final class OutputOptions {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the output to FILE instead of standard output.")
  Path output;

  @Option(
      names = "--units",
      paramLabel = "UNITS",
      defaultValue = "gib",
      description = "Size units: gib (2^30 bytes) or gb (10^9 bytes). Default: ${DEFAULT-VALUE}.")
  String units;

  @Option(
      names = "--explain",
      description = "Show every figure with the formula and inputs that produced it.")
  boolean explain;

  /** Render options: colour only on a terminal without NO_COLOR, never into a file. */
  RenderOptions render(CommandLine cmd, Environment env) {
    RenderOptions.UnitSystem u =
        WorkloadOptions.choice(cmd, "--units", units, RenderOptions.UnitSystem.values());
    boolean color = output == null && env.terminal() && env.get("NO_COLOR") == null;
    int width = 100;
    String cols = env.get("COLUMNS");
    if (cols != null && cols.matches("\\d{2,4}")) {
      width = Integer.parseInt(cols);
    }
    return new RenderOptions(color, width, u, explain);
  }

  /**
   * The writer for the output: the file (created or replaced; its folder must exist: none is
   * created), else standard output. Every write goes through {@link Output#check}.
   *
   * @throws OutputException when the file cannot be opened (exit 7)
   */
  PrintWriter open(CommandLine cmd, Environment env) {
    if (output == null) {
      return cmd.getOut();
    }
    Path p = env.workingDir().resolve(output);
    String name = "-o " + output;
    Path dir = p.toAbsolutePath().getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw new OutputException(
          name, new IOException("no such folder " + dir + " (hf-vram creates none)"));
    }
    if (Files.isDirectory(p)) {
      throw new OutputException(name, new IOException("it is a folder"));
    }
    try {
      return Output.of(Files.newOutputStream(p), name);
    } catch (IOException e) {
      throw new OutputException(
          name,
          e instanceof FileSystemException f && f.getReason() != null
              ? new IOException(f.getReason(), e)
              : e);
    }
  }

  /** Writes the text, flushes and checks; closes a file. */
  static void write(CommandLine cmd, PrintWriter out, String text) {
    out.print(text);
    Output.check(out);
    if (out != cmd.getOut()) {
      out.close();
      Output.check(out);
    }
  }
}
