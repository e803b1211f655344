package io.hfvram;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hfvram.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths to the project's fixtures and the shared corpus of real configs. */
public final class Fixtures {
  private Fixtures() {}

  /** The project root (Surefire runs in ${basedir}). */
  public static Path root() {
    return Path.of("").toAbsolutePath();
  }

  /** A path under fixtures/. */
  public static Path path(String relative) {
    return root().resolve("fixtures").resolve(relative);
  }

  /** A model fixture folder under fixtures/models/. */
  public static Path model(String dir) {
    return path("models/" + dir);
  }

  /** ../shared/configs, or skips the test with a message when it is absent. */
  public static Path sharedConfigs() {
    Path p = root().resolve("../shared/configs").normalize();
    assumeTrue(Files.isDirectory(p),
        "../shared/configs is absent (a user's clone): tests over real configs are skipped");
    return p;
  }

  /** A parsed JSON file. */
  public static Object parse(Path file) {
    try {
      return Json.parse(Files.readAllBytes(file));
    } catch (IOException | io.hfvram.core.JsonException e) {
      throw new AssertionError("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
