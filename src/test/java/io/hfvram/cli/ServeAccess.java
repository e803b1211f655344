package io.hfvram.cli;

import io.hfvram.serve.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/** Lets the serve tests build a server's settings exactly as {@code hf-vram serve} does. */
public final class ServeAccess {
  private ServeAccess() {}

  /** The settings of {@code hf-vram serve ARGS} (port 0) in a test environment. */
  public static Settings settings(Map<String, String> vars, Path home, String... args)
      throws IOException {
    Environment env = CliRunner.env(vars, home);
    ServeCommand serve = new ServeCommand(env);
    CommandLine cmd = new CommandLine(serve);
    cmd.parseArgs(args);
    return serve.settings(cmd, env, "127.0.0.1", 0);
  }

  /** A command-line run, as {@link CliAccess#run} but with the same environment. */
  public static CliAccess.Result run(Map<String, String> vars, Path home, String... args) {
    CliRunner.Result r = CliRunner.run(CliRunner.env(vars, home), args);
    return new CliAccess.Result(r.code(), r.out(), r.err());
  }
}
