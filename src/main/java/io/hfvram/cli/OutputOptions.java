package io.hfvram.cli;

import io.hfvram.report.RenderOptions;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where and how output is drawn: -o FILE, --units, --explain; colours and width. */
final class OutputOptions {
  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the output to FILE instead of standard output.")
  Path output;

  @Option(names = "--units", paramLabel = "UNITS", defaultValue = "gib",
      description = "Size units: gib (2^30 bytes) or gb (10^9 bytes). Default: ${DEFAULT-VALUE}.")
  String units;

  @Option(names = "--explain",
      description = "Show every figure with the formula and inputs that produced it.")
  boolean explain;

  /** Render options: colour only on a terminal without NO_COLOR, never into a file. */
  RenderOptions render(CommandLine cmd, Environment env) {
    RenderOptions.UnitSystem u = WorkloadOptions.choice(cmd, "--units", units,
        RenderOptions.UnitSystem.values());
    boolean color = output == null && env.terminal() && env.get("NO_COLOR") == null;
    int width = 100;
    String cols = env.get("COLUMNS");
    if (cols != null && cols.matches("\\d{2,4}")) {
      width = Integer.parseInt(cols);
    }
    return new RenderOptions(color, width, u, explain);
  }

  /** The writer for the output: the file (created or replaced), else standard output. */
  PrintWriter open(CommandLine cmd, Environment env) {
    if (output == null) {
      return cmd.getOut();
    }
    Path p = env.workingDir().resolve(output);
    try {
      if (p.getParent() != null) {
        Files.createDirectories(p.getParent());
      }
      return new PrintWriter(new OutputStreamWriter(Files.newOutputStream(p),
          StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CommandLine.ParameterException(cmd, "-o " + output + ": cannot be written ("
          + e.getMessage() + ")");
    }
  }
}
