package io.hfvram.cli;

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
 * @param terminal whether stderr and stdout are a terminal (progress bars, colours)
 * @param stdin the standard input (scan -)
 */
record Environment(Map<String, String> env, Path workingDir, Path home, Clock clock,
    boolean terminal, java.io.InputStream stdin) {
  Environment {
    env = Map.copyOf(env);
  }

  /** The real process environment. */
  static Environment system() {
    return new Environment(System.getenv(), Path.of("").toAbsolutePath(),
        Path.of(System.getProperty("user.home")), Clock.systemUTC(), isTerminal(), System.in);
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
