package io.hfvram;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Lists every skipped test and why on standard error when the run ends, so that a skip is seen in
 * the build output and not only in a Surefire XML report. Registered for every test class through
 * src/test/resources (ServiceLoader and junit-platform.properties).
 */
public final class SkippedTestsReport implements BeforeAllCallback, TestWatcher {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(SkippedTestsReport.class);

  /** The skips of one run, printed when JUnit closes the root context's store. */
  static final class Skips implements AutoCloseable {
    private final List<String> lines = new ArrayList<>();

    synchronized void add(String line) {
      lines.add(line);
    }

    @Override
    public synchronized void close() {
      if (lines.isEmpty()) {
        System.err.println("[skipped tests] none");
        return;
      }
      System.err.println("[skipped tests] " + lines.size() + ":");
      lines.forEach(l -> System.err.println("[skipped tests]   " + l));
    }
  }

  private static Skips skips(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NS)
        .getOrComputeIfAbsent(Skips.class, k -> new Skips(), Skips.class);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    skips(context); // so that a run without skips says "none"
  }

  private static void record(ExtensionContext context, String why) {
    Skips skips = skips(context);
    String test =
        context.getRequiredTestClass().getSimpleName()
            + "."
            + context.getRequiredTestMethod().getName()
            + " ["
            + context.getDisplayName()
            + "]";
    skips.add(test + ": " + why);
  }

  @Override
  public void testDisabled(ExtensionContext context, Optional<String> reason) {
    record(context, "disabled, " + reason.orElse("no reason given"));
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    record(context, "aborted, " + cause.getMessage());
  }
}
