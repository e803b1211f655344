package io.hfvram.cli;

import io.hfvram.core.Printable;
import io.hfvram.hub.RetryListener;
import java.io.PrintWriter;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * "hf-vram: retrying (2/6) after: connection refused" on stderr, so a slow or dead endpoint is not
 * silence. Only for people: stderr a terminal, no --quiet, and not JSON going to a program.
 */
final class RetryNotice implements RetryListener {
  private final Consumer<String> print;

  private RetryNotice(Consumer<String> print) {
    this.print = print;
  }

  /** The notice, or {@link RetryListener#NONE} when nobody is watching. */
  static RetryListener forRun(Environment env, boolean quiet, boolean jsonOut, PrintWriter err) {
    return forRun(env, quiet, jsonOut, err, () -> null);
  }

  /**
   * As {@link #forRun(Environment, boolean, boolean, PrintWriter)}, around the progress bar that
   * {@code bar} gives once there is one.
   */
  static RetryListener forRun(
      Environment env, boolean quiet, boolean jsonOut, PrintWriter err, Supplier<Progress> bar) {
    if (quiet || !env.stderrTerminal() || (jsonOut && !env.terminal())) {
      return RetryListener.NONE;
    }
    return new RetryNotice(
        text -> {
          Runnable line =
              () -> {
                err.println(text);
                err.flush();
              };
          Progress progress = bar.get();
          if (progress != null) {
            progress.aroundRow(line);
          } else {
            synchronized (err) {
              line.run();
            }
          }
        });
  }

  @Override
  public void retrying(int attempt, int attempts, String reason) {
    print.accept(
        "hf-vram: retrying (" + attempt + "/" + attempts + ")... after: " + Printable.line(reason));
  }
}
