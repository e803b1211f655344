package io.hfvram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The compiled module descriptor exports the library API and hides the internals. */
final class ModuleTest {
  @Test
  void exportsTheFacadeAndValuePackagesOnly() throws IOException {
    try (InputStream in =
        Files.newInputStream(Fixtures.root().resolve("target/classes/module-info.class"))) {
      ModuleDescriptor d = ModuleDescriptor.read(in);
      assertEquals("io.hfvram", d.name());
      Set<String> exported = new TreeSet<>();
      d.exports().forEach(e -> exported.add(e.source()));
      assertEquals(
          new TreeSet<>(
              Set.of(
                  "io.hfvram",
                  "io.hfvram.core",
                  "io.hfvram.spec",
                  "io.hfvram.estimate",
                  "io.hfvram.source",
                  "io.hfvram.report")),
          exported);
      d.exports().forEach(e -> assertEquals(Set.of(), e.targets(), e.source() + " is qualified"));
    }
  }
}
