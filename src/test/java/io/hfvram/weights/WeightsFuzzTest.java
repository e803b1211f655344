package io.hfvram.weights;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hfvram.HfVram;
import io.hfvram.core.HfVramException;
import io.hfvram.core.Json;
import io.hfvram.core.JsonException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing of the binary readers (GGUF, safetensors) and the JSON reader, from the
 * corpus in src/test/resources/fuzz (issue 12 item 13). Each case stacks one to four mutations (bit
 * flips, boundary integers over length and count fields, truncation, chunk duplication and
 * deletion, JSON tokens). Every input must end in a result or the reader's own one-line exception:
 * never a RuntimeException, an OutOfMemoryError or a stack overflow. A failure names its seed, so
 * it replays with {@code -Dfuzz.seed=N -Dfuzz.cases=1}.
 */
final class WeightsFuzzTest {
  private static final long SEED = Long.getLong("fuzz.seed", 20261201L);
  private static final int CASES = Integer.getInteger("fuzz.cases", 3000);
  private static final long[] BOUNDARY = {
    0,
    1,
    2,
    7,
    8,
    9,
    31,
    32,
    255,
    4096,
    4097,
    1 << 16,
    16L << 20,
    (16L << 20) + 1,
    32L << 20,
    (32L << 20) + 1,
    100_000_000L,
    1_000_001,
    50_000_001,
    Integer.MAX_VALUE,
    0xFFFFFFFFL,
    1L << 32,
    1L << 40,
    (1L << 40) + 1,
    Long.MAX_VALUE,
    -1,
    Long.MIN_VALUE
  };
  private static final String[] TOKENS = {
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "null",
    "NaN",
    "-Infinity",
    "1e999999999",
    "-1",
    "1.5",
    "18446744073709551616",
    "\"shape\":",
    "\"dtype\":",
    "\"data_offsets\":",
    "\"__metadata__\":",
    "[1099511627776,1099511627776]",
    "\uFEFF",
    "\u0000",
    "\"\\ud800\""
  };

  @TempDir Path tmp;

  private static List<byte[]> corpus(String kind) throws IOException, URISyntaxException {
    Path dir = Path.of(WeightsFuzzTest.class.getResource("/fuzz/" + kind).toURI());
    List<byte[]> seeds = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        seeds.add(Files.readAllBytes(f));
      }
    }
    assertFalse(seeds.isEmpty(), kind);
    return seeds;
  }

  static byte[] mutate(byte[] in, Random r, boolean text) {
    byte[] b = in;
    int rounds = 1 + r.nextInt(4);
    for (int i = 0; i < rounds; i++) {
      int op = r.nextInt(text ? 7 : 6);
      int at = b.length == 0 ? 0 : r.nextInt(b.length);
      switch (op) {
        case 0:
          if (b.length > 0) {
            b = b.clone();
            b[at] ^= (byte) (1 << r.nextInt(8));
          }
          break;
        case 1:
          if (b.length >= 8) {
            b = b.clone();
            int w = r.nextBoolean() ? 8 : 4;
            int pos = r.nextInt(b.length - w + 1);
            ByteBuffer.wrap(b, pos, w).order(ByteOrder.LITTLE_ENDIAN);
            long v = BOUNDARY[r.nextInt(BOUNDARY.length)];
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            if (w == 8) {
              bb.putLong(pos, v);
            } else {
              bb.putInt(pos, (int) v);
            }
          }
          break;
        case 2:
          b = java.util.Arrays.copyOf(b, at);
          break;
        case 3:
          {
            int len = Math.min(b.length - at, 1 + r.nextInt(64));
            byte[] out = new byte[b.length + len];
            System.arraycopy(b, 0, out, 0, at + len);
            System.arraycopy(b, at, out, at + len, b.length - at);
            b = out;
            break;
          }
        case 4:
          {
            int len = Math.min(b.length - at, 1 + r.nextInt(64));
            byte[] out = new byte[b.length - len];
            System.arraycopy(b, 0, out, 0, at);
            System.arraycopy(b, at + len, out, at, b.length - at - len);
            b = out;
            break;
          }
        case 5:
          if (b.length > 0) {
            b = b.clone();
            b[at] = (byte) new int[] {0, 0xFF, 0x7F, 0x80, '"', '{'}[r.nextInt(6)];
          }
          break;
        default:
          {
            byte[] t = TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[b.length + t.length];
            System.arraycopy(b, 0, out, 0, at);
            System.arraycopy(t, 0, out, at, t.length);
            System.arraycopy(b, at, out, at + t.length, b.length - at);
            b = out;
            break;
          }
      }
    }
    return b;
  }

  /** What one input did to a reader. */
  @FunctionalInterface
  private interface Target {
    void run(byte[] input) throws Exception;
  }

  private static void fuzz(String kind, boolean text, Target target) throws Exception {
    List<byte[]> seeds = corpus(kind);
    for (byte[] s : seeds) {
      check(kind, -1, s, target);
    }
    for (int i = 0; i < CASES; i++) {
      long seed = SEED + i;
      Random r = new Random(seed);
      check(kind, seed, mutate(seeds.get(r.nextInt(seeds.size())), r, text), target);
    }
  }

  private static void check(String kind, long seed, byte[] input, Target target) throws Exception {
    try {
      target.run(input);
    } catch (HfVramException | JsonException e) {
      String m = e.getMessage();
      assertTrue(m != null && !m.isEmpty() && !m.contains("\n"), kind + " seed " + seed + ": " + m);
    } catch (RuntimeException | Error e) {
      fail(kind + " seed " + seed + " (" + input.length + " bytes) ended in " + e, e);
    }
  }

  private Path write(String name, byte[] input) throws IOException {
    Path f = tmp.resolve(name);
    Files.write(f, input);
    return f;
  }

  @Test
  void ggufReader() throws Exception {
    fuzz("gguf", false, in -> GgufReader.read(write("f.gguf", in)));
  }

  @Test
  void ggufThroughTheLoader() throws Exception {
    HfVram hv = HfVram.builder().workingDir(tmp).build();
    fuzz("gguf", false, in -> hv.load(write("m.gguf", in).toString()));
  }

  @Test
  void safetensorsFile() throws Exception {
    fuzz(
        "safetensors",
        true,
        in -> LocalWeights.header(write("f.safetensors", in), new HashMap<>(), new ArrayList<>()));
  }

  @Test
  void safetensorsHeaderJson() throws Exception {
    fuzz(
        "safetensors",
        true,
        in -> {
          byte[] json = in.length > 8 ? java.util.Arrays.copyOfRange(in, 8, in.length) : in;
          SafetensorsHeader.count(json, "h", new HashMap<>());
        });
  }

  @Test
  void json() throws Exception {
    fuzz("json", true, Json::parse);
  }
}
