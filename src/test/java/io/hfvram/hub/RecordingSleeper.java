package io.hfvram.hub;

import io.hfvram.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sleeper that never sleeps: it records each wait and moves the fake clock instead. */
final class RecordingSleeper implements Sleeper {
  final List<Long> waits = new CopyOnWriteArrayList<>();
  private final MutableClock clock;

  RecordingSleeper(MutableClock clock) {
    this.clock = clock;
  }

  @Override
  public void sleep(long millis) {
    waits.add(millis);
    clock.advance(Duration.ofMillis(millis));
  }
}
