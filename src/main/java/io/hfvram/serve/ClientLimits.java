package io.hfvram.serve;

import java.util.concurrent.ConcurrentHashMap;

/** How many requests each client (by address) has in flight; over the limit, 429. */
final class ClientLimits {
  private final int limit;
  private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

  ClientLimits(int limit) {
    this.limit = limit;
  }

  /** Takes a slot for the client, or returns false when it has {@code limit} already. */
  boolean acquire(String client) {
    boolean[] ok = new boolean[1];
    inFlight.compute(
        client,
        (k, v) -> {
          int n = v == null ? 0 : v;
          ok[0] = n < limit;
          return ok[0] ? n + 1 : v;
        });
    return ok[0];
  }

  /** Gives the slot back; a client with none left is forgotten. */
  void release(String client) {
    inFlight.computeIfPresent(client, (k, v) -> v <= 1 ? null : v - 1);
  }

  /** Clients with a request in flight. */
  int clients() {
    return inFlight.size();
  }
}
