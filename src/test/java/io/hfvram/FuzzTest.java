package io.hfvram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hfvram.core.HfVramException;
import io.hfvram.core.Json;
import io.hfvram.core.JsonException;
import io.hfvram.core.JsonWriter;
import io.hfvram.estimate.Estimate;
import io.hfvram.estimate.Estimator;
import io.hfvram.estimate.Workload;
import io.hfvram.spec.ConfigMapper;
import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * At least 10,000 seeded mutations of the fixture configs (dropped keys, wrong types, huge,
 * negative, fractional and NaN numbers, deep nesting, giant strings, truncated or non-JSON bytes, a
 * byte-order mark): no uncaught exception ever; every case is either an estimate with positive
 * figures or a clean error of a documented kind. The corpus is fixtures/models only, so a seed is
 * the same case on every machine; a failure names its seed, its corpus file and the command that
 * reruns that one case.
 */
final class FuzzTest {
  static final int CASES = 10_500;
  private static final List<String> TYPES =
      List.of(
          "llama",
          "mistral",
          "qwen2",
          "qwen3",
          "gemma",
          "gemma2",
          "gemma3",
          "gemma3_text",
          "phi3",
          "mixtral",
          "qwen2_moe",
          "qwen3_moe",
          "deepseek_v3",
          "gpt_oss",
          "mamba",
          "mamba2",
          "nemotron_h",
          "jamba",
          "gpt2",
          "falcon",
          "bloom",
          "mpt",
          "t5",
          "bart",
          "bert",
          "llava",
          "qwen2_vl",
          "mllama",
          "frobnicator",
          "");

  /** One corpus entry: a fixture config, named by its path under fixtures/. */
  record Entry(String name, byte[] bytes) {}

  /**
   * Every config.json under fixtures/models, sorted by its relative path with '/' separators and
   * with line endings normalised to LF: the same list and bytes on every machine and checkout, so a
   * seed names one case everywhere.
   */
  static List<Entry> corpus() throws IOException {
    Path models = Fixtures.path("models");
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.walk(models)) {
      s.filter(p -> p.getFileName().toString().equals("config.json"))
          .map(p -> models.relativize(p).toString().replace('\\', '/'))
          .forEach(names::add);
    }
    Collections.sort(names);
    List<Entry> out = new ArrayList<>();
    for (String n : names) {
      String text =
          Files.readString(models.resolve(n), StandardCharsets.UTF_8).replace("\r\n", "\n");
      out.add(new Entry("fixtures/models/" + n, text.getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  /** The seeds to run: all of them, or the one named by {@code -Dfuzz.seed=N}. */
  private static IntStream seeds(int first, int count) {
    String one = System.getProperty("fuzz.seed", "");
    return one.isBlank()
        ? IntStream.range(first, first + count)
        : IntStream.of(Integer.parseInt(one.strip())).filter(s -> s >= first && s < first + count);
  }

  private static String where(int seed, Entry e) {
    return "seed "
        + seed
        + " ("
        + e.name()
        + "; rerun with -Dtest=FuzzTest -Dfuzz.seed="
        + seed
        + ")";
  }

  @Test
  void tenThousandMutatedConfigsNeverEscape() throws Exception {
    List<Entry> corpus = corpus();
    assertTrue(corpus.size() >= 55, "corpus of " + corpus.size());
    int[] counts = new int[2];
    seeds(0, CASES).forEach(seed -> counts[oneCase(corpus, seed) ? 0 : 1]++);
    int estimates = counts[0];
    int errors = counts[1];
    if (System.getProperty("fuzz.seed", "").isBlank()) {
      assertEquals(CASES, estimates + errors);
      assertTrue(
          estimates > CASES / 20 && errors > CASES / 20,
          estimates + " estimates, " + errors + " errors: the mutations must exercise both");
    }
  }

  /** One seeded case: true for an estimate, false for a clean error; fails naming its seed. */
  private static boolean oneCase(List<Entry> corpus, int seed) {
    Random r = new Random(seed);
    Entry entry = corpus.get(r.nextInt(corpus.size()));
    String at = where(seed, entry);
    byte[] bytes;
    try {
      bytes = mutate(entry.bytes(), r);
    } catch (JsonException | RuntimeException e) {
      return fail(at + ": the corpus file does not parse: " + e, e);
    }
    try {
      ModelSpec spec = ConfigMapper.map(Json.parse(bytes), "fuzz-" + seed + ".json");
      Workload w =
          Workload.defaults()
              .withBatchSize(1 + r.nextInt(8))
              .withSequenceLength(1 + r.nextInt(65_536));
      if (r.nextBoolean()) {
        w = w.withDtype(DType.values()[r.nextInt(6)]);
      }
      Estimate e = Estimator.estimate(spec, w);
      assertTrue(
          e.inference().totalBytes() > 0
              && e.inference().weightsBytes() > 0
              && e.inference().kvCacheBytes() >= 0
              && e.inference().activationBytes() > 0
              && e.training().totalBytes() > 0
              && spec.parameters() > 0,
          at);
      return true;
    } catch (HfVramException | JsonException | ArithmeticException expected) {
      String m = expected.getMessage();
      assertTrue(m != null && !m.isBlank() && !m.contains("\n"), at + ": " + m);
      return false;
    } catch (AssertionError e) {
      throw e;
    } catch (RuntimeException | Error e) {
      return fail(at + ": uncaught " + e, e);
    }
  }

  @Test
  void mutatedFilesThroughTheCommandLineExitCleanly() throws Exception {
    List<Entry> corpus = corpus();
    Path dir = Files.createTempDirectory("hf-vram-fuzz");
    for (int seed : (Iterable<Integer>) seeds(1_000_000, 400).boxed()::iterator) {
      Random r = new Random(seed);
      Entry entry = corpus.get(r.nextInt(corpus.size()));
      String at = where(seed, entry);
      Path f = Files.write(dir.resolve("c" + seed + ".json"), mutate(entry.bytes(), r));
      io.hfvram.cli.CliAccess.Result res =
          io.hfvram.cli.CliAccess.run(f.toString(), "--format", r.nextBoolean() ? "json" : "table");
      assertTrue(res.code() == 0 || res.code() == 4, at + " exit " + res.code() + ": " + res.err());
      assertFalse(res.err().contains("\tat "), at + ": stack trace");
      if (res.code() != 0) {
        assertEquals(1, res.err().strip().split("\n").length, at + ": " + res.err());
        assertEquals("", res.out(), at);
      }
      Files.delete(f);
    }
  }

  /** One to three random mutations, structural or byte-level. */
  static byte[] mutate(byte[] original, Random r) throws JsonException {
    int kind = r.nextInt(20);
    if (kind == 0) {
      return java.util.Arrays.copyOf(original, r.nextInt(Math.max(1, original.length)));
    }
    if (kind == 1) {
      byte[] garbage = new byte[1 + r.nextInt(200)];
      r.nextBytes(garbage);
      return garbage;
    }
    Object tree = Json.parse(original);
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      tree = mutateTree(tree, r, 0);
    }
    String text = JsonWriter.pretty(tree);
    if (r.nextInt(10) == 0) {
      text = text.replaceFirst(": [0-9]+", r.nextBoolean() ? ": NaN" : ": -Infinity");
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (r.nextInt(15) == 0) {
      byte[] bom = new byte[bytes.length + 3];
      bom[0] = (byte) 0xEF;
      bom[1] = (byte) 0xBB;
      bom[2] = (byte) 0xBF;
      System.arraycopy(bytes, 0, bom, 3, bytes.length);
      return bom;
    }
    return bytes;
  }

  @SuppressWarnings("unchecked")
  private static Object mutateTree(Object node, Random r, int depth) {
    if (!(node instanceof Map) || ((Map<?, ?>) node).isEmpty()) {
      return node;
    }
    Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) node);
    List<String> keys = new ArrayList<>(m.keySet());
    String key = keys.get(r.nextInt(keys.size()));
    Object v = m.get(key);
    if (v instanceof Map && depth < 3 && r.nextBoolean()) {
      m.put(key, mutateTree(v, r, depth + 1));
      return m;
    }
    switch (r.nextInt(13)) {
      case 0:
        m.remove(key);
        break;
      case 1:
        m.put(key, "not a number");
        break;
      case 2:
        m.put(key, r.nextBoolean());
        break;
      case 3:
        m.put(key, List.of(1L, 2L, 3L));
        break;
      case 4:
        m.put(key, new BigDecimal("1e30"));
        break;
      case 5:
        m.put(key, -1L - r.nextInt(1000));
        break;
      case 6:
        m.put(key, 0L);
        break;
      case 7:
        m.put(key, new BigDecimal(r.nextInt(100_000) + ".5"));
        break;
      case 8:
        Object deep = 1L;
        for (int i = 0; i < 70; i++) {
          deep = List.of(deep);
        }
        m.put(key, deep);
        break;
      case 9:
        m.put(key, "x".repeat((1 << 20) + 10));
        break;
      case 10:
        m.put(key, null);
        break;
      case 11:
        m.put("model_type", TYPES.get(r.nextInt(TYPES.size())));
        break;
      default:
        long big = r.nextBoolean() ? Long.MAX_VALUE : (1L << (20 + r.nextInt(40)));
        m.put(key, big);
    }
    return m;
  }
}
