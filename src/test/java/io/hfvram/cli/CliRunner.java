package io.hfvram.cli;

import io.hfvram.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Runs the command line in-process with captured streams and an injected environment. */
final class CliRunner {
  /** What a run printed and returned. */
  record Result(int code, String out, String err) {}

  private CliRunner() {}

  static Environment env(Map<String, String> vars, Path home) {
    return new Environment(
        vars,
        Fixtures.root(),
        home,
        Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC),
        false,
        new java.io.ByteArrayInputStream(new byte[0]));
  }

  static Result run(String... args) {
    return run(env(Map.of(), Fixtures.root().resolve("target/test-home")), args);
  }

  static Result run(Environment env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(env, new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }
}
