package io.hfvram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit-code table has one source, the enum: --help, the man page and the README agree. */
final class ExitCodeTest {

  /** One row of the table: the code and what it means. */
  record Entry(int code, String description) {}

  private static List<Entry> fromEnum() {
    List<Entry> entries = new ArrayList<>();
    for (ExitCode c : ExitCode.values()) {
      entries.add(new Entry(c.code(), c.description()));
    }
    return entries;
  }

  /** The rows of the README's "## Exit codes" table, Markdown code quotes removed. */
  private static List<Entry> fromReadme() throws Exception {
    List<String> lines =
        Files.readAllLines(Fixtures.root().resolve("README.md"), StandardCharsets.UTF_8);
    int start = lines.indexOf("## Exit codes");
    assertTrue(start >= 0, "README.md has no '## Exit codes' section");
    List<Entry> entries = new ArrayList<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      String[] cells = line.split("\\|");
      if (line.startsWith("|") && cells.length == 3 && cells[1].strip().matches("\\d+")) {
        entries.add(
            new Entry(Integer.parseInt(cells[1].strip()), cells[2].strip().replace("`", "")));
      }
    }
    return entries;
  }

  /** The text after {@code heading}, with picocli's line wrapping undone. */
  private static String flat(String text, String heading) {
    int at = text.indexOf(heading);
    assertTrue(at >= 0, text);
    return text.substring(at).replaceAll("\\s+", " ");
  }

  @Test
  void codesAreDistinctAndInOrder() {
    ExitCode[] codes = ExitCode.values();
    for (int i = 0; i < codes.length; i++) {
      // 0..7 are hf-vram's own; 130 and 141 are the shell's convention for signals.
      int expected = i < 8 ? i : i == 8 ? 130 : 141;
      assertEquals(expected, codes[i].code(), codes[i].name());
    }
    assertEquals(10, codes.length);
  }

  @Test
  void readmeTableIsTheEnum() throws Exception {
    assertEquals(fromEnum(), fromReadme());
  }

  @Test
  void helpListsEveryCode() {
    CliRunner.Result r = CliRunner.run("--help");
    assertEquals(0, r.code(), r.err());
    String section = flat(r.out(), "Exit codes:");
    for (ExitCode c : ExitCode.values()) {
      assertTrue(
          section.contains(" " + c.code() + " " + c.description() + " "),
          c + " missing from --help:\n" + r.out());
    }
  }

  @Test
  void scanHelpListsEveryCode() {
    CliRunner.Result r = CliRunner.run("scan", "--help");
    assertEquals(0, r.code(), r.err());
    String section = flat(r.out(), "Exit codes:");
    for (ExitCode c : ExitCode.values()) {
      assertTrue(
          section.contains(" " + c.code() + " " + c.description() + " "),
          c + " missing from scan --help:\n" + r.out());
    }
  }

  @Test
  void manPageListsEveryCode(@TempDir Path tmp) {
    String man =
        ManPage.render(
            Main.commandLine(
                CliRunner.env(Map.of(), tmp),
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())));
    String section = man.substring(man.indexOf(".SH EXIT STATUS"), man.indexOf(".SH EXAMPLES"));
    for (ExitCode c : ExitCode.values()) {
      assertTrue(
          section.contains(".B " + c.code() + "\n" + c.description().replace("-", "\\-") + "\n"),
          c + " missing from the man page:\n" + section);
    }
  }

  /** What the README says about an unknown model_type: estimated approximately, exit 0. */
  @Test
  void unknownModelTypeIsEstimatedApproximately(@TempDir Path tmp) throws Exception {
    Path config = tmp.resolve("config.json");
    Files.writeString(
        config,
        "{\"model_type\": \"frobnicator\", \"hidden_size\": 4096,"
            + " \"num_hidden_layers\": 32, \"num_attention_heads\": 32, \"intermediate_size\": 11008,"
            + " \"vocab_size\": 32000, \"max_position_embeddings\": 4096}",
        StandardCharsets.UTF_8);
    CliRunner.Result r = CliRunner.run(config.toString());
    assertEquals(ExitCode.OK.code(), r.code(), r.err());
    assertTrue(r.out().contains("no dedicated mapper"), r.out());
    assertTrue(r.out().contains("approximate"), r.out());
  }
}
