package io.hfvram.cli;

import io.hfvram.HfVram;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What the command line reads from its surroundings, injected so tests never touch the real
 * environment, home folder or clock.
 *
 * @param env environment variables
 * @param workingDir the folder relative paths resolve against
 * @param home the user's home folder
 * @param clock the clock for cache ages
 * @param terminal whether stdout is a terminal (colours)
 * @param stdin the standard input (scan -)
 */
record Environment(
    Map<String, String> env,
    Path workingDir,
    Path home,
    Clock clock,
    boolean terminal,
    java.io.InputStream stdin) {
  Environment {
    env = Map.copyOf(env);
  }

  /** The real process environment. */
  static Environment system() {
    Map<String, String> env = System.getenv();
    String out = env.get("HF_VRAM_STDOUT_TTY");
    boolean terminal = out != null ? out.equals("1") : isTerminal();
    return new Environment(
        env,
        Path.of("").toAbsolutePath(),
        HfVram.defaultHome(),
        Clock.systemUTC(),
        terminal,
        System.in);
  }

  /**
   * Whether stderr is a terminal (progress bars). The launcher tells (HF_VRAM_STDERR_TTY, from
   * {@code [ -t 2 ]}); Java alone cannot, so without it stdout's answer stands in.
   */
  boolean stderrTerminal() {
    String e = get("HF_VRAM_STDERR_TTY");
    return e != null ? e.equals("1") : terminal;
  }

  /** A console exists (JDK 17: stdin and stdout are terminals) and, on 22+, is a terminal. */
  static boolean isTerminal() {
    java.io.Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /** A variable, or null when unset or empty. */
  String get(String name) {
    String v = env.get(name);
    return v == null || v.isEmpty() ? null : v;
  }
}
