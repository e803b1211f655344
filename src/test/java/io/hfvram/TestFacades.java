package io.hfvram;

import io.hfvram.hub.Hub;
import io.hfvram.hub.Sleeper;
import java.time.Clock;

/** Opens the facade's test hooks (clock, sleeper) to tests in other packages. */
public final class TestFacades {
  private TestFacades() {}

  /** {@code builder} with a fake clock and a sleeper that never sleeps. */
  public static HfVram.Builder withTime(HfVram.Builder builder, Clock clock, Sleeper sleeper) {
    return builder.hooks(new Hub.Hooks(clock, sleeper));
  }
}
