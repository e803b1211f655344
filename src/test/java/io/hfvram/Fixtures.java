package io.hfvram;

import io.hfvram.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths to the project's fixtures. */
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

  /** A parsed JSON file. */
  public static Object parse(Path file) {
    try {
      return Json.parse(Files.readAllBytes(file));
    } catch (IOException | io.hfvram.core.JsonException e) {
      throw new AssertionError("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Deletes a folder tree as far as it can (a browser profile: best effort). */
  public static void deleteQuietly(Path root) {
    try (var all = Files.walk(root)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      // left for the system's temp cleaner
    }
  }
}
