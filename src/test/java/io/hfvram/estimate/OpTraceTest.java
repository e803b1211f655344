package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.Fixtures;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Specs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * hf-vram against op-level allocation traces of transformers' own BERT code (fixtures/traces, made
 * on the meta device by src/bench/trace/trace_bert.py): its allocated peak, and the reserve the
 * same caching-allocator replay finds in the real op sequence (docs/accuracy.md, "Against op-level
 * traces").
 */
class OpTraceTest {
  /** A trace, the peak its generator printed, and the flags of the same workload. */
  record Trace(String file, long peak, long batch, Checkpointing checkpointing) {}

  static final List<Trace> TRACES =
      List.of(
          new Trace("bert-large-uncased-b4-fp32.txt.gz", 12_376_014_952L, 4, Checkpointing.NONE),
          new Trace("bert-large-uncased-b1-fp32.txt.gz", 7_128_326_200L, 1, Checkpointing.NONE),
          new Trace("bert-large-uncased-b1-gc-fp32.txt.gz", 5_516_476_472L, 1, Checkpointing.FULL));

  /** Live bytes at the peak and the replay's peaks, from the training steps (after load). */
  record Replayed(long livePeak, long allocatedPeak, long reservedPeak) {}

  static Replayed replay(Path gz) throws IOException {
    CachingAllocator a = new CachingAllocator();
    Map<String, CachingAllocator.Block> live = new HashMap<>();
    Map<String, Long> sizes = new HashMap<>();
    long bytes = 0;
    long peak = 0;
    boolean loaded = false;
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.US_ASCII))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("#")) {
          if (!loaded && line.startsWith("# step 1")) {
            a.resetPeaks();
            loaded = true;
          }
          continue;
        }
        String[] f = line.split(" ");
        if (f[0].equals("a")) {
          long n = Long.parseLong(f[2]);
          live.put(f[1], a.malloc(n));
          sizes.put(f[1], n);
          bytes += n;
          peak = Math.max(peak, bytes);
        } else {
          a.free(live.remove(f[1]));
          bytes -= sizes.remove(f[1]);
        }
      }
    }
    return new Replayed(peak, a.peakAllocated(), a.peakReserved());
  }

  static TrainingEstimate ours(Trace t) {
    ModelSpec bert = Specs.fixture("google-bert--bert-large-uncased");
    Mechanisms m =
        new Mechanisms(
            Framework.HF,
            null,
            false,
            false,
            false,
            OptimizerStep.PER_PARAM,
            false,
            null,
            Boolean.TRUE,
            null,
            0);
    TrainingSetup s =
        new TrainingSetup(
            Method.FULL,
            Optimizer.ADAMW,
            Precision.FP32,
            8,
            List.of(),
            t.checkpointing(),
            1,
            0,
            Offload.NONE,
            1,
            false,
            m);
    Workload w =
        Workload.defaults()
            .withBatchSize(t.batch())
            .withSequenceLength(512)
            .withAttention(AttentionImpl.EAGER)
            .withTraining(s);
    return Estimator.estimate(bert, w).training();
  }

  @Test
  void theTracesReplayToThePeaksTheirGeneratorPrinted() throws IOException {
    for (Trace t : TRACES) {
      Replayed r = replay(Fixtures.root().resolve("fixtures/traces").resolve(t.file()));
      assertEquals(t.peak(), r.livePeak(), t.file());
      // the allocator counts blocks rounded to 512 B: slightly above the live bytes
      assertTrue(r.allocatedPeak() >= t.peak() && r.allocatedPeak() < t.peak() * 1.001, t.file());
    }
  }

  @Test
  void allocatedPeakIsWithinOnePercentOfTransformersOwnOps() {
    for (Trace t : TRACES) {
      long ours = ours(t).allocatorPeakBytes();
      assertTrue(Math.abs((double) ours / t.peak() - 1) < 0.01, t.file() + ": " + ours);
    }
  }

  @Test
  void theReplayedReserveIsSmallInTheRealOpSequenceAndInOurs() throws IOException {
    for (Trace t : TRACES) {
      Replayed r = replay(Fixtures.root().resolve("fixtures/traces").resolve(t.file()));
      long real = r.reservedPeak() - r.allocatedPeak();
      TrainingEstimate e = ours(t);
      long mine = e.reservedBytes() - e.allocatorPeakBytes();
      // both under 3% of the allocated peak, and within 0.25 GiB of each other
      assertTrue(real < 0.03 * r.allocatedPeak(), t.file() + " real reserve " + real);
      assertTrue(mine < 0.03 * e.allocatorPeakBytes(), t.file() + " our reserve " + mine);
      assertTrue(Math.abs(real - mine) < (1L << 28), t.file() + ": " + real + " vs " + mine);
    }
  }

  @Test
  void docsShowTheseFigures() throws IOException {
    List<String> doc = Files.readAllLines(Fixtures.root().resolve("docs/accuracy.md"));
    for (Trace t : TRACES) {
      Replayed r = replay(Fixtures.root().resolve("fixtures/traces").resolve(t.file()));
      TrainingEstimate e = ours(t);
      String row =
          String.format(
              Locale.ROOT,
              "| `%s` | %,d | %,d | %+.2f%% | %.2f | %.2f |",
              t.file(),
              t.peak(),
              e.allocatorPeakBytes(),
              100 * ((double) e.allocatorPeakBytes() / t.peak() - 1),
              (r.reservedPeak() - r.allocatedPeak()) / (double) (1L << 30),
              (e.reservedBytes() - e.allocatorPeakBytes()) / (double) (1L << 30));
      assertTrue(doc.contains(row), "docs/accuracy.md lacks the row " + row);
    }
  }
}
