package io.hfvram;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the estimator and the spec pure: no HTTP, files, caches, clocks or Jackson. */
final class ArchitectureTest {
  private static final List<String> FORBIDDEN = List.of("import okhttp3", "import com.fasterxml",
      "import com.github.benmanes", "import java.nio.file", "import java.net", "import java.io.File",
      "import java.time.Clock", "System.out", "System.err", "System.exit", "System.getenv");

  private static List<String> violations(String pkg) throws IOException {
    Path dir = Fixtures.root().resolve("src/main/java/io/hfvram/" + pkg);
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        String text = Files.readString(f);
        for (String bad : FORBIDDEN) {
          if (text.contains(bad)) {
            found.add(f.getFileName() + ": " + bad);
          }
        }
      }
    }
    return found;
  }

  @Test
  void estimatorIsPure() throws IOException {
    List<String> v = violations("estimate");
    assertTrue(v.isEmpty(), v.toString());
  }

  @Test
  void specIsPure() throws IOException {
    List<String> v = violations("spec");
    assertTrue(v.isEmpty(), v.toString());
  }

  @Test
  void onlyMainCallsExit() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Fixtures.root().resolve("src/main/java"))) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        if (Files.readString(f).contains("System.exit(") && !f.endsWith("Main.java")) {
          found.add(f.toString());
        }
      }
    }
    assertTrue(found.isEmpty(), found.toString());
  }
}
