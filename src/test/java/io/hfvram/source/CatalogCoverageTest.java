package io.hfvram.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.spec.ConfigMapper;
import io.hfvram.spec.ModelSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The whole embedded catalog: every entry maps through the same mappers as a config.json and its
 * mapped count is the published one, exactly where an exact figure is published, else at the
 * published rounding; the catalog is large, covers every mapped family and has no duplicates.
 */
final class CatalogCoverageTest {
  private static final Catalog CATALOG = Catalog.embedded();

  /**
   * Model types with a mapper but no catalog entry, and why: no popular model whose published count
   * the mapper reproduces, or a spelling of a type already covered.
   */
  private static final Map<String, String> NOT_IN_CATALOG =
      Map.ofEntries(
          Map.entry("deci", "DeciLM 7B is no longer among the Hub's popular models"),
          Map.entry(
              "gemma3n_text",
              "the text stack of gemma3n checkpoints, reached through their text_config; no"
                  + " popular Hub repository stores it alone"),
          Map.entry(
              "granitemoeshared",
              "no popular Hub model uses it; Granite 3.x MoE is granitemoe and Granite 4.0"
                  + " is granitemoehybrid, both covered"),
          Map.entry(
              "mllama",
              "the mapper gives 10.60B for Llama-3.2-11B-Vision, published"
                  + " 10,670,220,835 (a mapper gap, left out)"),
          Map.entry("llama4_text", "text-only spelling of llama4, which the catalog covers"),
          Map.entry("qwen3_5", "dense Qwen3.5 models: dims not yet written"),
          Map.entry("qwen3_5_text", "text spelling of qwen3_5"),
          Map.entry("qwen3_5_moe_text", "text spelling of qwen3_5_moe, which the catalog covers"),
          Map.entry(
              "refinedweb", "covered as 'RefinedWeb' (falcon-40b); matched case-insensitively"),
          Map.entry("refinedwebmodel", "legacy spelling of falcon; the Hub configs now say falcon"),
          Map.entry("zamba", "Zamba 7B: dims not yet written"),
          Map.entry("zamba2", "Zamba2: dims not yet written"));

  @TestFactory
  Stream<DynamicTest> everyEntryMapsToItsPublishedCount() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Catalog.Entry e : CATALOG.entries()) {
      tests.add(DynamicTest.dynamicTest(e.repoId(), () -> check(e)));
    }
    return tests.stream();
  }

  private static void check(Catalog.Entry e) throws Exception {
    assertFalse(e.source().isBlank(), e.repoId() + " names its source");
    ModelSpec mapped = ConfigMapper.map(e.config(), e.repoId());
    long derived = mapped.derivedParameters();
    if (e.rounded() == null) {
      assertEquals(e.params(), derived, e.repoId() + ": mapped count vs published exact count");
    } else {
      long served = mapped.withoutMtp().derivedParameters();
      assertTrue(
          rounds(e.rounded(), derived) || rounds(e.rounded(), served),
          e.repoId() + ": mapped count " + derived + " does not round to " + e.rounded());
    }
    ModelSpec s = CATALOG.spec(e);
    assertEquals(
        e.rounded() == null ? e.params() : mapped.parameters(), s.parameters(), e.repoId());
  }

  /**
   * True when {@code count} rounds to the published figure ("7.24B", "335M", "1T"): within half a
   * unit of its last written digit. A name's figure may count the served model without its
   * multi-token-prediction layers, which the caller tries too.
   */
  static boolean rounds(String figure, long count) {
    String t = figure.strip().toUpperCase(Locale.ROOT);
    double unit =
        switch (t.charAt(t.length() - 1)) {
          case 'K' -> 1e3;
          case 'M' -> 1e6;
          case 'B' -> 1e9;
          case 'T' -> 1e12;
          default -> throw new IllegalArgumentException("no unit in '" + figure + "'");
        };
    BigDecimal v = new BigDecimal(t.substring(0, t.length() - 1));
    double half = 0.5 * Math.pow(10, -Math.max(0, v.scale()));
    return Math.abs(count / unit - v.doubleValue()) <= half + 1e-9;
  }

  @Test
  void roundingIsHalfALastDigit() {
    assertTrue(rounds("7.24B", 7_241_732_096L));
    assertTrue(rounds("7.24B", 7_235_000_000L));
    assertFalse(rounds("7.24B", 7_234_999_000L));
    assertTrue(rounds("335M", 335_141_888L));
    assertTrue(rounds("1T", 1_026_408_209_408L));
    assertFalse(rounds("350M", 331_196_416L));
    assertThrows(IllegalArgumentException.class, () -> rounds("7.24", 1));
  }

  @Test
  void holdsAtLeastThreeHundredModelsAndEveryMappedFamily() {
    assertTrue(CATALOG.entries().size() >= 300, CATALOG.entries().size() + " entries");
    Set<String> present = new TreeSet<>();
    for (Catalog.Entry e : CATALOG.entries()) {
      present.add(e.modelType().toLowerCase(Locale.ROOT));
      Object text = e.config().get("text_config");
      if (text instanceof Map<?, ?> m && m.get("model_type") != null) {
        present.add(m.get("model_type").toString().toLowerCase(Locale.ROOT));
      }
    }
    Set<String> missing = new TreeSet<>(ConfigMapper.supported());
    missing.removeAll(present);
    missing.removeAll(NOT_IN_CATALOG.keySet());
    assertTrue(missing.isEmpty(), "model types with no catalog entry: " + missing);
    for (String t : NOT_IN_CATALOG.keySet()) {
      assertTrue(ConfigMapper.supports(t), t + " is still a mapped type");
    }
    Set<String> files = new TreeSet<>();
    CATALOG.entries().forEach(e -> files.add(e.file()));
    assertTrue(files.size() >= 10, "split by family: " + files);
  }

  @Test
  void duplicateIdsAreRefusedAcrossFiles() {
    List<String[]> files = new ArrayList<>();
    files.add(new String[] {"a.catalog", "[org/m]\nmodel_type = llama\nparams = 1\nsource = x\n"});
    files.add(new String[] {"b.catalog", "[ORG/M]\nmodel_type = llama\nparams = 1\nsource = x\n"});
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Catalog.parse("2026-01-01", files));
    assertTrue(
        e.getMessage().contains("a.catalog") && e.getMessage().contains("b.catalog"),
        e.getMessage());
  }

  @Test
  void likeCopiesAnEarlierEntryAndOverrides() {
    Catalog c =
        Catalog.parse(
            "# date: 2026-01-01\n[a/base]\nmodel_type = llama\nhidden_size = 8\n"
                + "params = 5\nsource = s\n\n[a/variant]\nlike = a/base\nhidden_size = 16\n"
                + "params_rounded = 7.2B\nsource = same architecture as a/base\n");
    Catalog.Entry v = c.find("a/variant");
    assertEquals("llama", v.modelType());
    assertEquals(16L, ((Number) v.config().get("hidden_size")).longValue());
    assertEquals(0, v.params());
    assertEquals("~7.2B", v.published());
    assertEquals("2026-01-01", c.date());
    assertThrows(
        IllegalStateException.class,
        () -> Catalog.parse("[a/x]\nlike = a/later\nparams = 1\nsource = s\n"));
    assertThrows(
        IllegalStateException.class,
        () -> Catalog.parse("[a/x]\nmodel_type = llama\nsource = s\n"),
        "no params");
    assertThrows(
        IllegalStateException.class,
        () -> Catalog.parse("[a/x]\nmodel_type = llama\nparams = 1\n"),
        "no source");
  }

  @Test
  void shortNamesResolveToTheHubsIds() {
    assertEquals("openai-community/gpt2", Catalog.alias("gpt2"));
    assertEquals("google-bert/bert-base-uncased", Catalog.alias("bert-base-uncased"));
    assertEquals("google-t5/t5-small", Catalog.alias("T5-Small"));
    assertNull(Catalog.alias("org/gpt2"));
    assertNull(Catalog.alias("no-such-model"));
    for (String name : new String[] {"gpt2", "bert-base-uncased", "t5-small", "roberta-base"}) {
      assertTrue(CATALOG.find(Catalog.alias(name)) != null, name + "'s target is catalogued");
    }
  }

  @Test
  void searchMatchesIdTypeAndSource() {
    assertTrue(CATALOG.search("qwen3").size() >= 20);
    assertTrue(
        CATALOG.search("WHISPER").stream()
            .allMatch(e -> e.repoId().contains("whisper") || e.modelType().equals("whisper")));
    assertEquals(CATALOG.entries().size(), CATALOG.search(null).size());
    assertTrue(CATALOG.search("no such thing at all").isEmpty());
  }
}
