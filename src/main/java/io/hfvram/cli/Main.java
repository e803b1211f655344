package io.hfvram.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** The process entry point: the only place that calls System.exit. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // picocli registers converters for java.sql and java.time types by reflection at start-up;
    // hf-vram has no such options, and loading those modules costs start-up time.
    if (System.getProperty("picocli.converters.excludes") == null) {
      System.setProperty("picocli.converters.excludes", "java.sql.*,java.time.*");
    }
    // Straight to the file descriptors: System.out is a PrintStream, which hides write errors
    // (a full disk, a closed pipe) that Output reports.
    PrintWriter out = Output.of(new FileOutputStream(FileDescriptor.out), "standard output");
    PrintWriter err =
        new PrintWriter(
            new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8),
            false);
    int code = run(Environment.system(), out, err, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs the command line with injected surroundings and streams; returns the exit code. */
  static int run(Environment env, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cmd = commandLine(env, out, err, needsSubcommands(args));
    int code = cmd.execute(args);
    if (code != ExitCode.OK.code()) {
      return code;
    }
    // A command that printed without checking (help, gpus, cache info) still fails on a full
    // disk or a closed pipe instead of exiting 0.
    try {
      Output.check(out);
      return code;
    } catch (OutputException e) {
      if (!e.closedPipe()) {
        err.println("hf-vram: " + ErrorHandler.message(e));
        err.flush();
      }
      return ErrorHandler.code(e);
    }
  }

  /** Subcommands by name; registered only when a run may need them (start-up time). */
  static final java.util.Map<String, Class<?>> SUBCOMMANDS =
      java.util.Map.of(
          "scan",
          ScanCommand.class,
          "cache",
          CacheCommand.class,
          "gpus",
          GpusCommand.class,
          "catalog",
          CatalogCommand.class,
          "completion",
          CompletionCommand.class,
          "serve",
          ServeCommand.class,
          "help",
          CommandLine.HelpCommand.class);

  /**
   * A plain estimate ({@code hf-vram MODEL [OPTIONS]}) needs no subcommand; building their picocli
   * models costs start-up time, so they are added only for a subcommand or for help.
   */
  static boolean needsSubcommands(String... args) {
    if (args.length == 0 || SUBCOMMANDS.containsKey(args[0])) {
      return true;
    }
    for (String a : args) {
      if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
        return true;
      }
    }
    return false;
  }

  static CommandLine commandLine(Environment env, PrintWriter out, PrintWriter err) {
    return commandLine(env, out, err, true);
  }

  static CommandLine commandLine(
      Environment env, PrintWriter out, PrintWriter err, boolean withSubcommands) {
    Factory factory = new Factory(env);
    CommandLine cmd = new CommandLine(new HfVramCommand(env), factory);
    if (withSubcommands) {
      for (String name :
          new String[] {"scan", "cache", "gpus", "catalog", "completion", "serve", "help"}) {
        try {
          cmd.addSubcommand(name, factory.create(SUBCOMMANDS.get(name)));
        } catch (Exception e) {
          throw new IllegalStateException("cannot build the '" + name + "' command", e);
        }
      }
    }
    cmd.setHelpFactory(new HelpLayout());
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
    if (ex instanceof CommandLine.UnmatchedArgumentException u) {
      String hint = didYouMean(u);
      if (hint != null) {
        err.println("hf-vram: did you mean " + hint + "?");
      }
    }
    err.println("hf-vram: see 'hf-vram --help' for usage");
    err.flush();
    return ExitCode.USAGE.code();
  }

  /** The nearest option or subcommand to the first unknown argument, quoted, or null. */
  static String didYouMean(CommandLine.UnmatchedArgumentException u) {
    List<String> unmatched = u.getUnmatched();
    if (unmatched.isEmpty()) {
      return null;
    }
    String word = unmatched.get(0);
    int eq = word.indexOf('=');
    String name = eq > 0 ? word.substring(0, eq) : word;
    CommandLine.Model.CommandSpec spec = u.getCommandLine().getCommandSpec();
    List<String> names = new ArrayList<>();
    if (name.startsWith("--")) {
      spec.options().forEach(o -> names.addAll(List.of(o.names())));
      names.removeIf(n -> !n.startsWith("--"));
    } else if (name.startsWith("-")) {
      return null;
    } else {
      names.addAll(spec.subcommands().keySet());
    }
    String near = Suggestions.nearest(name, names);
    if (near != null) {
      return "'" + near + "'";
    }
    // A long option's prefix: --gpu-mem for --gpu-memory or --gpu-memory-utilization.
    List<String> longer =
        names.stream().filter(n -> name.length() > 3 && n.startsWith(name)).sorted().toList();
    return longer.isEmpty() || longer.size() > 3 ? null : "'" + String.join("' or '", longer) + "'";
  }
}
