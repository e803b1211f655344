package io.hfvram.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.Fixtures;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.ParameterSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class CatalogTest {
  private final Catalog catalog = Catalog.embedded();

  @Test
  void everyEntryMapsAndItsPublishedCountAgreesWithTheArchitecture() throws Exception {
    assertFalse(catalog.entries().isEmpty());
    for (Catalog.Entry e : catalog.entries()) {
      ModelSpec s = catalog.spec(e);
      assertEquals(ParameterSource.CATALOG, s.parameterSource());
      assertEquals(e.params(), s.parameters(), e.repoId());
      double diff = Math.abs(s.derivedParameters() - e.params()) / (double) e.params();
      assertTrue(diff < 0.005, e.repoId() + ": formula and published count differ by " + diff);
      assertFalse(e.source().isBlank(), e.repoId() + " names its source");
    }
  }

  @Test
  void coversTheSharedCorpusAndTheLlama2Family() throws Exception {
    for (String id : new String[] {"meta-llama/Llama-2-7b-hf", "meta-llama/Llama-2-13b-hf",
        "meta-llama/Llama-2-70b-hf", "meta-llama/Llama-2-70b-chat-hf"}) {
      assertNotNull(catalog.find(id), id);
    }
    Path shared = Fixtures.sharedConfigs();
    Set<String> missing = new HashSet<>();
    try (var dirs = Files.list(shared)) {
      dirs.filter(Files::isDirectory).forEach(d -> {
        String id = d.getFileName().toString().replaceFirst("--", "/");
        if (catalog.find(id) == null) {
          missing.add(id);
        }
      });
    }
    assertTrue(missing.isEmpty(), "not in the catalog: " + missing);
  }

  @Test
  void lookupIsCaseInsensitiveAndDated() {
    assertNotNull(catalog.find("META-LLAMA/llama-2-70B-HF"));
    assertTrue(catalog.date().matches("\\d{4}-\\d{2}-\\d{2}"));
  }
}
