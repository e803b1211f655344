package io.hfvram.spec;

import io.hfvram.Fixtures;
import io.hfvram.core.HfVramException;
import java.nio.file.Path;

/** Test helper: maps fixture configs. */
public final class Specs {
  private Specs() {}

  /** Maps fixtures/models/DIR/config.json. */
  public static ModelSpec fixture(String dir) {
    return map(Fixtures.model(dir).resolve("config.json"));
  }

  /** Maps a config file, failing the test on any error. */
  public static ModelSpec map(Path config) {
    try {
      return ConfigMapper.map(Fixtures.parse(config), config.toString());
    } catch (HfVramException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }
}
