package io.hfvram.estimate;

import java.util.Locale;

/** ZeRO-Offload / FSDP CPU offload. */
public enum Offload {
  NONE,
  /** Optimizer states, fp32 master weights and gradients live in CPU memory. */
  OPTIMIZER,
  /** As OPTIMIZER, and the 16-bit parameters too (ZeRO-3 / FSDP only). */
  PARAMS;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return id();
  }
}
