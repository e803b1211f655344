package io.hfvram.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Writes the man page (roff) from the command's own picocli model, at build time: {@code java
 * io.hfvram.cli.ManPage target/man}. Every option and subcommand comes from the annotations, so the
 * page cannot drift from --help.
 */
public final class ManPage {
  private ManPage() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/man");
    Files.createDirectories(dir);
    Environment env =
        new Environment(Map.of(), Path.of(""), Path.of(""), Clock.systemUTC(), false, System.in);
    CommandLine cmd =
        Main.commandLine(
            env, new java.io.PrintWriter(System.out), new java.io.PrintWriter(System.err));
    Files.writeString(dir.resolve("hf-vram.1"), render(cmd), StandardCharsets.UTF_8);
  }

  static String render(CommandLine cmd) {
    CommandSpec spec = cmd.getCommandSpec();
    StringBuilder sb = new StringBuilder();
    sb.append(".TH HF-VRAM 1 \"\" \"hf-vram ")
        .append(VersionProvider.version())
        .append("\" \"User Commands\"\n");
    sb.append(".SH NAME\nhf-vram \\- ")
        .append(esc(spec.usageMessage().description()[0]))
        .append("\n");
    sb.append(
        ".SH SYNOPSIS\n.B hf-vram\n[\\fIOPTIONS\\fR] \\fIMODEL\\fR...\n.br\n.B hf-vram\n"
            + "\\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n");
    sb.append(".SH DESCRIPTION\n");
    for (String line : spec.usageMessage().description()) {
      sb.append(esc(line)).append("\n");
    }
    sb.append(".SH OPTIONS\n");
    options(sb, spec);
    sb.append(".SH COMMANDS\n");
    for (Map.Entry<String, CommandLine> e : cmd.getSubcommands().entrySet()) {
      if (e.getKey().equals("help")) {
        continue;
      }
      CommandSpec sub = e.getValue().getCommandSpec();
      sb.append(".SS ").append(esc(e.getKey())).append("\n");
      for (String line : sub.usageMessage().description()) {
        sb.append(esc(line)).append("\n.br\n");
      }
      options(sb, sub);
    }
    sb.append(".SH EXIT STATUS\n");
    for (ExitCode c : ExitCode.values()) {
      sb.append(".TP\n.B ").append(c.code()).append("\n").append(esc(c.description())).append("\n");
    }
    sb.append(".SH EXAMPLES\n.nf\n");
    for (String line : spec.usageMessage().footer()) {
      sb.append(esc(line.strip())).append("\n");
    }
    sb.append(".fi\n.SH SEE ALSO\nREADME.md and docs/ in the hf-vram repository.\n");
    return sb.toString();
  }

  private static void options(StringBuilder sb, CommandSpec spec) {
    for (OptionSpec o : spec.options()) {
      if (o.hidden()) {
        continue;
      }
      sb.append(".TP\n.B ").append(esc(String.join(", ", o.names())));
      if (!o.paramLabel().isEmpty() && o.arity().max() > 0) {
        sb.append(" \\fI").append(esc(o.paramLabel())).append("\\fR");
      }
      sb.append("\n");
      for (String d : o.description()) {
        sb.append(esc(d.replace("${DEFAULT-VALUE}", String.valueOf(o.defaultValue()))))
            .append("\n");
      }
    }
  }

  private static String esc(String s) {
    String t = s.replace("\\", "\\\\").replace("-", "\\-").replace("%n", "");
    return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
  }
}
