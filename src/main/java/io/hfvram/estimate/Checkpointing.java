package io.hfvram.estimate;

import java.util.Locale;

/** Activation (gradient) checkpointing during training. */
public enum Checkpointing {
  /** Every activation the backward pass needs is kept. */
  NONE,
  /** Korthikanti's selective recomputation: the attention score tensors are recomputed. */
  SELECTIVE,
  /** Only each layer's input is kept; one layer is recomputed at a time. */
  FULL;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return id();
  }
}
