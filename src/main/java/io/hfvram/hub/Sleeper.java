package io.hfvram.hub;

/** Waits between retries. Injected so that tests never sleep. */
@FunctionalInterface
public interface Sleeper {
  /** Waits about {@code millis} milliseconds. */
  void sleep(long millis) throws InterruptedException;

  /** The real clock's sleep. */
  static Sleeper system() {
    return Thread::sleep;
  }
}
