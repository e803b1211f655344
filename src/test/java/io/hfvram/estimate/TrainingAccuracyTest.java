package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.Fixtures;
import io.hfvram.cli.CliAccess;
import io.hfvram.core.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every training and inference case of the calibration set (../shared/reference/measured.md
 * sections 2 and 3) recomputed by the command line with the flags docs/accuracy.md lists, and
 * compared like with like: the allocator's reserved peak, its allocated peak or the device's used
 * memory, as each source measured. The table in docs/accuracy.md must show exactly these figures,
 * and every case the table does not explain must be within 10%.
 */
class TrainingAccuracyTest {
  private static final double GIB = 1L << 30;

  /** Which figure the source measured, and the JSON field that models it. */
  enum Quantity {
    RESERVED("training", "reservedBytes", "reserved"),
    ALLOCATED("training", "allocatorPeakBytes", "allocated"),
    /** torchtune's peak active bytes: allocated plus blocks whose frees wait on a stream. */
    ACTIVE("training", "allocatorPeakBytes", "active"),
    DEVICE("training", "totalBytes", "device used"),
    /** optimum's memory_tracker: torch's allocated peak + nvidia-smi beyond torch's reserved. */
    INFERENCE_DEVICE("inference", "allocatorPeakBytes", "allocated + non-torch");

    final String section;
    final String field;
    final String label;

    Quantity(String section, String field, String label) {
      this.section = section;
      this.field = field;
      this.label = label;
    }
  }

  /** One measured case: the model fixture, the flags, what was measured. */
  record Case(String id, String model, String flags, Quantity quantity, double measuredBytes) {}

  static final String TT = "--framework torchtune -b 2 -s 512 --grad-checkpointing full";
  static final String LL = "--lora-targets q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj";
  static final String BERT =
      "--framework hf -s 512 --attention eager --cuda-context eager"
          + " --optimizer-step per-param --torch-version 1.10";
  static final String GC = BERT + " -b 1 --grad-checkpointing full";

  static final List<Case> CASES =
      List.of(
          new Case(
              "T01",
              "meta-llama--Llama-2-7b-hf",
              TT
                  + " --method qlora --lora-rank 8 "
                  + LL
                  + " --lora-dropout 0.05 --optimizer-step foreach",
              Quantity.RESERVED,
              9.29e9),
          new Case(
              "T03",
              "meta-llama--Llama-2-7b-hf",
              TT + " --paged-optimizer" + " --optimizer-in-backward",
              Quantity.RESERVED,
              14.97e9),
          new Case(
              "T05",
              "meta-llama--Llama-2-7b-hf",
              TT + " --gpus 4 --fsdp full_shard" + " --optimizer-step foreach",
              Quantity.RESERVED,
              22.9e9),
          new Case(
              "T09",
              "meta-llama--Llama-3.1-8B",
              "--framework torchtune -b 2 -s 2048"
                  + " --grad-checkpointing full --method lora --lora-rank 8 --lora-targets q_proj,v_proj"
                  + " --loss chunked --compile",
              Quantity.ALLOCATED,
              16.2 * GIB),
          new Case(
              "T14",
              "google-bert--bert-large-uncased",
              BERT + " -b 1",
              Quantity.DEVICE,
              8681 * (double) (1 << 20)),
          new Case(
              "T16",
              "google-bert--bert-large-uncased",
              BERT + " -b 4 --precision amp",
              Quantity.DEVICE,
              13939 * (double) (1 << 20)),
          new Case(
              "T18",
              "google-bert--bert-large-uncased",
              BERT + " -b 4 --optimizer adafactor",
              Quantity.DEVICE,
              12295 * (double) (1 << 20)),
          new Case(
              "T20",
              "google-bert--bert-large-uncased",
              BERT + " -b 4 --optimizer adamw-8bit",
              Quantity.DEVICE,
              13085 * (double) (1 << 20)),
          // the same guide's other rows (model_memory_anatomy.md and perf_train_gpu_one.md at
          // transformers 57ddbf5ead36), beyond the calibration set
          new Case(
              "X01",
              "google-bert--bert-large-uncased",
              BERT + " -b 4",
              Quantity.DEVICE,
              mib(14_949)),
          new Case("X02", "google-bert--bert-large-uncased", GC, Quantity.DEVICE, mib(6_775)),
          new Case(
              "X03",
              "google-bert--bert-large-uncased",
              GC + " --precision amp",
              Quantity.DEVICE,
              mib(7_275)),
          new Case(
              "X04",
              "google-bert--bert-large-uncased",
              GC + " --precision amp --optimizer adafactor",
              Quantity.DEVICE,
              mib(4_847)),
          new Case(
              "X05",
              "google-bert--bert-large-uncased",
              GC + " --precision amp --optimizer adamw-8bit",
              Quantity.DEVICE,
              mib(5_363)),
          new Case(
              "I01",
              "meta-llama--Llama-2-13b-chat-hf",
              "-s 1024 --new-tokens 512 --attention eager --cache-implementation legacy",
              Quantity.INFERENCE_DEVICE,
              29_152.98e6),
          new Case(
              "I02",
              "TheBloke--Llama-2-13B-chat-GPTQ",
              "-s 1024 --new-tokens 512 --attention eager --cache-implementation legacy",
              Quantity.INFERENCE_DEVICE,
              10_484.34e6),
          new Case(
              "I05",
              "meta-llama--Llama-2-13b-chat-hf",
              "-s 513 --new-tokens 1 --attention eager --cache-implementation legacy",
              Quantity.INFERENCE_DEVICE,
              27_999.54e6));

  private static double mib(long n) {
    return n * (double) (1 << 20);
  }

  /** The figure hf-vram's command line gives for a case. */
  @SuppressWarnings("unchecked")
  static long ours(Case c) throws Exception {
    List<String> args = new ArrayList<>();
    args.add(Fixtures.model(c.model()).resolve("config.json").toString());
    args.addAll(Arrays.asList(c.flags().split(" ")));
    args.add("--format");
    args.add("json");
    CliAccess.Result r = CliAccess.run(args.toArray(String[]::new));
    assertEquals(0, r.code(), c.id() + ": " + r.err());
    Map<String, Object> json =
        (Map<String, Object>) Json.parse(r.out().getBytes(StandardCharsets.UTF_8));
    Map<String, Object> section = (Map<String, Object>) json.get(c.quantity().section);
    if (System.getProperty("accuracy.dump") != null) {
      System.out.println(c.id() + " " + section);
    }
    long v = ((Number) section.get(c.quantity().field)).longValue();
    if (c.quantity() == Quantity.INFERENCE_DEVICE) {
      v += ((Number) section.get("contextBytes")).longValue();
    }
    return v;
  }

  static double error(Case c) throws Exception {
    return ours(c) / c.measuredBytes() - 1;
  }

  /** The docs/accuracy.md row of a case, split into its cells. */
  static String[] row(List<String> doc, String id) {
    for (String line : doc) {
      if (line.startsWith("| " + id + " |")) {
        String[] cells = line.split("\\|");
        String[] out = new String[cells.length - 1];
        for (int k = 1; k < cells.length; k++) {
          out[k - 1] = cells[k].trim();
        }
        return out;
      }
    }
    throw new AssertionError(id + " has no row in docs/accuracy.md");
  }

  @Test
  void docsTableShowsTheCodesFiguresAndUnexplainedCasesAreWithin10Percent() throws Exception {
    List<String> doc = Files.readAllLines(Fixtures.root().resolve("docs/accuracy.md"));
    List<String> drift = new ArrayList<>();
    List<String> outside = new ArrayList<>();
    List<Double> errors = new ArrayList<>();
    for (Case c : CASES) {
      long o = ours(c);
      double err = o / c.measuredBytes() - 1;
      errors.add(Math.abs(err));
      String[] cells = row(doc, c.id());
      String shown = String.format(Locale.ROOT, "%.2f", o / GIB);
      String shownErr = String.format(Locale.ROOT, "%+.1f%%", 100 * err);
      String measured = String.format(Locale.ROOT, "%.2f", c.measuredBytes() / GIB);
      if (!cells[4].equals(shown)
          || !cells[6].equals(measured)
          || !cells[7].equals(shownErr)
          || !cells[3].startsWith(c.quantity().label)) {
        drift.add(
            c.id()
                + ": code "
                + shown
                + " GiB vs "
                + measured
                + " ("
                + shownErr
                + ", "
                + c.quantity().label
                + "), table "
                + cells[4]
                + " vs "
                + cells[6]
                + " ("
                + cells[7]
                + ", "
                + cells[3]
                + ")");
      }
      if (Math.abs(err) > 0.10 && cells[8].equals("\u2013")) {
        outside.add(c.id() + " " + shownErr);
      }
    }
    assertTrue(drift.isEmpty(), "docs/accuracy.md differs from the code: " + drift);
    errors.sort(null);
    int n = errors.size();
    double median =
        n % 2 == 1 ? errors.get(n / 2) : (errors.get(n / 2 - 1) + errors.get(n / 2)) / 2;
    long within = errors.stream().filter(e -> e <= 0.10).count();
    String summary =
        String.format(
            Locale.ROOT,
            "%d of %d cases within 10%%; median absolute error %.1f%%, largest %.1f%%",
            within,
            n,
            100 * median,
            100 * errors.get(n - 1));
    assertTrue(
        String.join("\n", doc).contains(summary),
        "docs/accuracy.md must state the summary: " + summary);
    assertTrue(outside.isEmpty(), "outside 10% without a reason in the table: " + outside);
  }

  @Test
  void everyCaseNamesTheFlagsItRunsWith() throws Exception {
    List<String> doc = Files.readAllLines(Fixtures.root().resolve("docs/accuracy.md"));
    for (Case c : CASES) {
      String flags = row(doc, c.id())[2];
      assertTrue(flags.contains(c.model()) && flags.contains(c.flags()), c.id() + ": " + flags);
    }
  }
}
