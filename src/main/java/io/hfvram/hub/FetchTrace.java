package io.hfvram.hub;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What one model's loading did: whether it used the network, and what to warn about. */
public final class FetchTrace {
  final List<String> warnings = new CopyOnWriteArrayList<>();
  volatile boolean network;

  /** True once any request of this load went to the network. */
  public boolean networkUsed() {
    return network;
  }

  /** Adds a warning to this load. */
  public void warn(String warning) {
    warnings.add(warning);
  }

  /** Warnings of this load (stale entries served). */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }
}
