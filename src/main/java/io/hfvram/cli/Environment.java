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
 */
record Environment(Map<String, String> env, Path workingDir, Path home, Clock clock) {
  Environment {
    env = Map.copyOf(env);
  }

  /** The real process environment. */
  static Environment system() {
    return new Environment(System.getenv(), Path.of("").toAbsolutePath(),
        Path.of(System.getProperty("user.home")), Clock.systemUTC());
  }

  /** A variable, or null when unset or empty. */
  String get(String name) {
    String v = env.get(name);
    return v == null || v.isEmpty() ? null : v;
  }
}
