package io.hfvram.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The process entry point: the only place that calls System.exit. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out,
        StandardCharsets.UTF_8), false);
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err,
        StandardCharsets.UTF_8), false);
    int code = run(Environment.system(), out, err, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs the command line with injected surroundings and streams; returns the exit code. */
  static int run(Environment env, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cmd = commandLine(env, out, err);
    return cmd.execute(args);
  }

  static CommandLine commandLine(Environment env, PrintWriter out, PrintWriter err) {
    CommandLine cmd = new CommandLine(new HfVramCommand(env), new Factory(env));
    ErrorHandler handler = new ErrorHandler();
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExecutionExceptionHandler(handler);
    cmd.setExitCodeExceptionMapper(handler);
    cmd.setParameterExceptionHandler(Main::usageError);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    return cmd;
  }

  /** Creates commands with the injected environment. */
  private static final class Factory implements CommandLine.IFactory {
    private final Environment env;

    Factory(Environment env) {
      this.env = env;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      for (java.lang.reflect.Constructor<?> c : cls.getDeclaredConstructors()) {
        if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Environment.class) {
          c.setAccessible(true);
          return cls.cast(c.newInstance(env));
        }
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }

  private static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("hf-vram: " + ErrorHandler.message(ex));
    err.println("hf-vram: see 'hf-vram --help' for usage");
    err.flush();
    return ExitCode.USAGE;
  }
}
