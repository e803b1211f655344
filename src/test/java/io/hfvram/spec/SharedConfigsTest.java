package io.hfvram.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.Fixtures;
import io.hfvram.estimate.Estimator;
import io.hfvram.source.Catalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * An extra check, beyond what CI and a user's clone run: the real config.json files of
 * ../shared/configs (the reference folder beside a development checkout) map, are in the catalog,
 * and give the same spec as the fixture written for the same model from its published dimensions
 * ({@link PublishedCountsTest} checks those fixtures against published counts). Where ../shared is
 * absent this factory yields no test and says so on standard error.
 */
final class SharedConfigsTest {
  /** Real configs whose architecture is covered by a fixture of another, identical model. */
  private static final Map<String, String> SAME_ARCHITECTURE =
      Map.of(
          "google--gemma-2b-it", "google--gemma-2b",
          "Qwen--Qwen2.5-7B-Instruct", "Qwen--Qwen2.5-7B");

  @TestFactory
  Stream<DynamicTest> realConfigsAgreeWithTheFixtures() throws IOException {
    Path root = Fixtures.root().resolve("../shared/configs").normalize();
    if (!Files.isDirectory(root)) {
      System.err.println(
          "SharedConfigsTest: "
              + root
              + " not found (a user's clone), extra "
              + "checks of the real configs skipped; every test over fixtures/ still ran");
      return Stream.empty();
    }
    List<Path> dirs = new ArrayList<>();
    try (Stream<Path> s = Files.list(root)) {
      s.filter(d -> Files.isRegularFile(d.resolve("config.json"))).sorted().forEach(dirs::add);
    }
    List<DynamicTest> tests = new ArrayList<>();
    tests.add(
        DynamicTest.dynamicTest(
            "corpus size",
            () -> assertTrue(dirs.size() >= 29, "found " + dirs.size() + " real configs")));
    Catalog catalog = Catalog.embedded();
    for (Path d : dirs) {
      String name = d.getFileName().toString();
      tests.add(DynamicTest.dynamicTest(name, () -> check(catalog, d, name)));
    }
    return tests.stream();
  }

  private static void check(Catalog catalog, Path dir, String name) {
    ModelSpec real = Specs.map(dir.resolve("config.json"));
    assertTrue(real.parameters() > 0 && real.hiddenSize() > 0, name);
    String id = name.replaceFirst("--", "/");
    assertNotNull(catalog.find(id), id + " is in the catalog");
    Path fixture =
        Fixtures.model(SAME_ARCHITECTURE.getOrDefault(name, name)).resolve("config.json");
    assertTrue(Files.isRegularFile(fixture), "no fixture written for " + name);
    ModelSpec written = Specs.map(fixture);
    assertEquals(real.parameters(), written.parameters(), name + ": parameters");
    assertEquals(real.activeParameters(), written.activeParameters(), name + ": active");
    assertEquals(real.weights(), written.weights(), name + ": weight groups");
    assertEquals(real.cache(), written.cache(), name + ": KV cache groups");
    assertEquals(real.weightDtype(), written.weightDtype(), name + ": dtype");
    // The fixtures may write a checkpoint's per-layer skip lists as one wildcard: compare what
    // they mean, the bytes of the stored weights.
    assertEquals(
        Estimator.weightsBytes(real, null, new ArrayList<>()),
        Estimator.weightsBytes(written, null, new ArrayList<>()),
        name + ": weight bytes");
  }
}
