package io.hfvram.hub;

/** Told before each retry of a Hub request, so a terminal can say why it waits. */
@FunctionalInterface
public interface RetryListener {
  /** Tells nobody. */
  RetryListener NONE = (attempt, attempts, reason) -> {};

  /**
   * A try failed and another follows.
   *
   * @param attempt the try about to start (2 for the first retry)
   * @param attempts the most tries this request makes
   * @param reason why the last try failed
   */
  void retrying(int attempt, int attempts, String reason);
}
