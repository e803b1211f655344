package io.hfvram.cli;

import io.hfvram.estimate.AttentionImpl;
import io.hfvram.estimate.Method;
import io.hfvram.estimate.Optimizer;
import io.hfvram.estimate.Precision;
import io.hfvram.estimate.TrainingSetup;
import io.hfvram.estimate.Workload;
import io.hfvram.spec.DType;
import java.util.Locale;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The workload options shared by single-model runs and scans. */
final class WorkloadOptions {
  @Option(names = "--dtype", paramLabel = "DTYPE", defaultValue = "auto",
      description = "Weights dtype: auto (the checkpoint's), fp32, fp16, bf16, fp8, int8, int4."
          + " Default: ${DEFAULT-VALUE}.")
  String dtype;

  @Option(names = "--kv-dtype", paramLabel = "DTYPE", defaultValue = "auto",
      description = "KV cache dtype: auto (same as weights; 16-bit for quantized weights), fp32,"
          + " fp16, bf16, fp8, int8. Default: ${DEFAULT-VALUE}.")
  String kvDtype;

  @Option(names = {"-b", "--batch-size"}, paramLabel = "N", defaultValue = "1",
      description = "Sequences per batch. Default: ${DEFAULT-VALUE}.")
  long batchSize;

  @Option(names = {"-s", "--seq-len"}, paramLabel = "TOKENS",
      description = "Tokens per sequence. Default: min(4096, the model's max context).")
  Long seqLen;

  @Option(names = "--attention", paramLabel = "KIND", defaultValue = "flash",
      description = "Attention kernel: flash (fused/SDPA) or eager (materialises b x heads x s^2"
          + " scores). Default: ${DEFAULT-VALUE}.")
  String attention;

  @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adamw",
      description = "Training optimizer: adamw, adamw-8bit, sgd, sgd-momentum, adafactor, lion."
          + " Default: ${DEFAULT-VALUE}.")
  String optimizer;

  @Option(names = "--precision", paramLabel = "KIND", defaultValue = "auto",
      description = "Training precision: auto (mixed for 16-bit weights, fp32 for fp32), fp32,"
          + " mixed (2+2+12 B/param, ZeRO), amp (18 B/param, transformers guide), bf16."
          + " Default: ${DEFAULT-VALUE}.")
  String precision;

  @Option(names = "--overhead", paramLabel = "SIZE",
      description = "Fixed runtime overhead instead of the default model (512 MiB CUDA context"
          + " + 10%% of KV cache and activations), e.g. 1GiB, 800MiB, 0.")
  String overhead;

  /** Validates every option in one place and builds the workload. */
  Workload toWorkload(picocli.CommandLine cmd) {
    DType d = dtype(cmd, "--dtype", dtype, false);
    DType kv = dtype(cmd, "--kv-dtype", kvDtype, true);
    if (batchSize < 1 || batchSize > 1_000_000) {
      throw new ParameterException(cmd, "--batch-size must be between 1 and 1000000, got "
          + batchSize);
    }
    if (seqLen != null && (seqLen < 1 || seqLen > (1L << 34))) {
      throw new ParameterException(cmd, "--seq-len must be between 1 and 2^34, got " + seqLen);
    }
    AttentionImpl attn = choice(cmd, "--attention", attention, AttentionImpl.values());
    Optimizer opt;
    try {
      opt = Optimizer.parse(optimizer);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cmd, "--optimizer must be one of adamw, adamw-8bit, sgd,"
          + " sgd-momentum, adafactor, lion; got '" + optimizer + "'");
    }
    Precision p = "auto".equalsIgnoreCase(precision) ? null
        : choice(cmd, "--precision", precision, Precision.values());
    Long over = overhead == null ? null : Sizes.parse(cmd, "--overhead", overhead);
    return new Workload(d, kv, batchSize, seqLen == null ? 0 : seqLen, attn, over,
        new TrainingSetup(Method.FULL, opt, p));
  }

  private static DType dtype(picocli.CommandLine cmd, String opt, String value, boolean kv) {
    if ("auto".equalsIgnoreCase(value)) {
      return null;
    }
    DType d = null;
    for (DType t : DType.values()) {
      if (t.id().equalsIgnoreCase(value)) {
        d = t;
      }
    }
    if (d == null || (kv && d == DType.INT4)) {
      throw new ParameterException(cmd, opt + " must be one of auto, fp32, fp16, bf16, fp8, int8"
          + (kv ? "" : ", int4") + "; got '" + value + "'");
    }
    return d;
  }

  static <E extends Enum<E>> E choice(picocli.CommandLine cmd, String opt, String value,
      E[] values) {
    StringBuilder names = new StringBuilder();
    for (E e : values) {
      String id = e.toString();
      if (id.equalsIgnoreCase(value)) {
        return e;
      }
      names.append(names.length() == 0 ? "" : ", ").append(id);
    }
    throw new ParameterException(cmd, opt + " must be one of " + names + "; got '" + value
        + "'");
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
