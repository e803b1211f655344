package io.hfvram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Colours, files, formats, completion and the man page through the command line. */
final class OutputCliTest {
  private static final String M = "fixtures/models/meta-llama--Llama-2-7b-hf";

  @TempDir Path tmp;

  private static CliRunner.Result run(boolean terminal, Map<String, String> vars, String... a) {
    Environment env =
        new Environment(
            vars,
            Fixtures.root(),
            Fixtures.root().resolve("target/test-home"),
            Clock.systemUTC(),
            terminal,
            new java.io.ByteArrayInputStream(new byte[0]));
    return CliRunner.run(env, a);
  }

  @Test
  void coloursOnlyOnATerminalWithoutNoColor() {
    assertTrue(run(true, Map.of(), M).out().contains("\u001b["), "colour on a terminal");
    assertFalse(run(false, Map.of(), M).out().contains("\u001b["), "none in a pipe");
    assertFalse(run(true, Map.of("NO_COLOR", "1"), M).out().contains("\u001b["), "NO_COLOR");
  }

  @Test
  void widthFollowsTheTerminal() {
    String narrow = run(false, Map.of("COLUMNS", "60"), M).out();
    String bar = narrow.lines().filter(l -> l.startsWith("  #")).findFirst().orElseThrow();
    assertEquals(58, bar.length(), bar);
  }

  @Test
  void outputFileGetsAnyFormatWithoutColour() throws Exception {
    Map<String, String> vars = new HashMap<>();
    for (String fmt : new String[] {"table", "json", "markdown", "html"}) {
      Path f = tmp.resolve("out." + fmt);
      CliRunner.Result r = run(true, vars, M, "--format", fmt, "-o", f.toString());
      assertEquals(0, r.code(), r.err());
      assertEquals("", r.out());
      String text = Files.readString(f);
      assertFalse(text.contains("\u001b["), fmt);
      assertTrue(text.length() > 500, fmt);
    }
    assertTrue(Files.readString(tmp.resolve("out.html")).startsWith("<!DOCTYPE html>"));
    assertTrue(Files.readString(tmp.resolve("out.markdown")).startsWith("## Memory estimate"));
  }

  @Test
  void sweepAndExplainAndUnits() {
    CliRunner.Result sweep = run(false, Map.of(), M, "--sweep");
    assertEquals(0, sweep.code(), sweep.err());
    assertTrue(sweep.out().contains("rtx-4090") && sweep.out().contains("int4 ctx / batch"));
    CliRunner.Result json = run(false, Map.of(), M, "--explain", "--format", "json");
    assertTrue(json.out().contains("\"explanations\""));
    assertEquals(2, run(false, Map.of(), M, "--units", "kib").code());
  }

  @Test
  void completionScriptAndManPage() {
    CliRunner.Result r = run(false, Map.of(), "completion", "bash");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("complete -F"), "a bash completion script");
    assertTrue(r.out().contains("scan") && r.out().contains("--dtype"));
    String man =
        ManPage.render(
            Main.commandLine(
                CliRunner.env(Map.of(), tmp),
                new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter())));
    for (String s :
        new String[] {".TH HF-VRAM 1", "\\-\\-dtype", "\\-\\-gpu", ".SS scan", ".SH EXIT STATUS"}) {
      assertTrue(man.contains(s), s);
    }
  }
}
