package io.hfvram;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/reliability.md stays true: every test class it cites exists. */
final class ReliabilityDocTest {
  @Test
  void everyCitedTestClassExists() throws IOException {
    String doc = Files.readString(Fixtures.root().resolve("docs/reliability.md"));
    List<String> tests;
    try (Stream<Path> files = Files.walk(Fixtures.root().resolve("src/test/java"))) {
      tests =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".java"))
              .map(n -> n.substring(0, n.length() - 5))
              .toList();
    }
    Matcher m = Pattern.compile("`([A-Z][A-Za-z0-9]*Test)(?:\\.[a-zA-Z]+)?`").matcher(doc);
    List<String> missing = new ArrayList<>();
    int cited = 0;
    while (m.find()) {
      cited++;
      if (!tests.contains(m.group(1))) {
        missing.add(m.group(1));
      }
    }
    assertTrue(cited >= 10, "the page cites " + cited + " test classes");
    assertTrue(missing.isEmpty(), "docs/reliability.md cites missing tests: " + missing);
  }
}
