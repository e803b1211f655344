package io.hfvram.estimate;

import java.util.Locale;

/** How the optimizer step is implemented, which fixes its temporaries (see {@link StepMemory}). */
public enum OptimizerStep {
  /** One fused kernel (torch fused=True, bitsandbytes): no temporaries. */
  FUSED,
  /** torch's foreach implementation: one temporary per parameter of the group (sqrt(v)). */
  FOREACH,
  /** A per-parameter loop (transformers' old AdamW, Adafactor): the largest parameter's temps. */
  PER_PARAM;

  /** The name used on the command line and in JSON. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public String toString() {
    return id();
  }
}
