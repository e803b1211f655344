package io.hfvram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.hub.RetryListener;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Help that wraps at spaces, subcommand help with its own options, completion, retry notices. */
final class HelpAndNoticeCliTest {
  private static final Pattern BROKEN_WORD =
      Pattern.compile("(\\be\\.|/\\.|\\s\\.)\\n\\s+(g\\.|" + "cache|gguf|json)");

  @Test
  void helpNeverBreaksInsideDottedWords() {
    for (String width : List.of("60", "80", "100", "120")) {
      for (List<String> args :
          List.of(
              List.of("--help"),
              List.of("scan", "--help"),
              List.of("cache", "info", "--help"),
              List.of("serve", "--help"))) {
        Environment env = CliRunner.env(Map.of("COLUMNS", width), io.hfvram.Fixtures.root());
        CliRunner.Result r = CliRunner.run(env, args.toArray(new String[0]));
        assertEquals(0, r.code(), args + r.err());
        assertFalse(BROKEN_WORD.matcher(r.out()).find(), width + " " + args + ":\n" + r.out());
      }
    }
    assertEquals(
        List.of("stays fresh,", "e.g. 30m,", "~/.cache/x"),
        HelpLayout.wrap("stays fresh, e.g. 30m, ~/.cache/x", 12));
  }

  @Test
  void cacheHelpListsOnlyItsOptions() {
    String info = CliRunner.run("cache", "info", "--help").out();
    assertTrue(info.contains("--cache-dir=DIR") && info.contains("--list"), info);
    for (String other : List.of("--token", "--revision", "--endpoint", "--offline")) {
      assertFalse(info.contains(other), other + " in: " + info);
    }
    assertFalse(CliRunner.run("cache", "clear", "--help").out().contains("--token"));
  }

  @Test
  void completionOffersValues() {
    String script = CliRunner.run("completion", "bash").out();
    assertTrue(
        script.contains(
            "(\"auto\" \"fp32\" \"fp16\" \"bf16\" \"fp8\" \"int8\" \"int4\""
                + " \"fp4\") # --dtype values"),
        "dtype");
    assertTrue(
        script.contains(
            "(\"auto\" \"fp32\" \"fp16\" \"bf16\" \"fp8\" \"int8\") #" + " --kv-dtype values"),
        "kv");
    assertTrue(
        script.contains("(\"hf\" \"vllm\" \"sglang\" \"llama.cpp\") # --engine values"), "engine");
    assertTrue(script.contains("(\"full\" \"lora\" \"qlora\") # --method values"), "method");
    assertTrue(script.contains("\"h100-80gb\"") && script.contains("# --gpu values"), "gpu");
    assertTrue(script.contains("(\"table\" \"json\" \"markdown\" \"html\") # --format values"));
    assertTrue(
        script.contains(
            "(\"table\" \"csv\" \"jsonl\" \"markdown\" \"html\") # --format" + " values"));
  }

  private static Environment env(Map<String, String> vars, boolean stdoutTerminal) {
    return new Environment(
        vars,
        io.hfvram.Fixtures.root(),
        io.hfvram.Fixtures.root(),
        Clock.systemUTC(),
        stdoutTerminal,
        new ByteArrayInputStream(new byte[0]));
  }

  @Test
  void retryNoticeOnlyForPeopleWatching() {
    StringWriter sw = new StringWriter();
    PrintWriter err = new PrintWriter(sw);
    Map<String, String> tty = Map.of("HF_VRAM_STDERR_TTY", "1");
    RetryListener l = RetryNotice.forRun(env(tty, false), false, false, err);
    l.retrying(2, 6, "connection refused");
    assertEquals("hf-vram: retrying (2/6)... after: connection refused\n", sw.toString());
    assertSame(
        RetryListener.NONE, RetryNotice.forRun(env(tty, false), true, false, err), "--quiet");
    assertSame(
        RetryListener.NONE,
        RetryNotice.forRun(env(Map.of("HF_VRAM_STDERR_TTY", "0"), false), false, false, err),
        "stderr not a terminal");
    assertSame(
        RetryListener.NONE,
        RetryNotice.forRun(env(tty, false), false, true, err),
        "JSON to a program");
    assertTrue(
        RetryNotice.forRun(env(tty, true), false, true, err) != RetryListener.NONE,
        "JSON on the terminal: a person reads it");
  }

  @Test
  void retryNoticeGoesAroundTheBar() {
    StringWriter sw = new StringWriter();
    PrintWriter err = new PrintWriter(sw);
    Progress bar = new Progress(err, Clock.systemUTC(), 10, 80);
    bar.finished(new io.hfvram.report.Row(0, "a", null, "x"));
    RetryNotice.forRun(env(Map.of("HF_VRAM_STDERR_TTY", "1"), false), false, false, err, () -> bar)
        .retrying(2, 6, "timed out");
    String s = sw.toString();
    int notice = s.indexOf("hf-vram: retrying");
    assertTrue(s.substring(0, notice).endsWith(Progress.ERASE), s);
    assertTrue(
        s.substring(notice).startsWith("hf-vram: retrying (2/6)... after: timed out\n["),
        "the bar comes back below: " + s);
  }
}
