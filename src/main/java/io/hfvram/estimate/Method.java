package io.hfvram.estimate;

import java.util.Locale;

/** How the model is trained. */
public enum Method {
  /** Every parameter trains. */
  FULL,
  /** Frozen 16-bit base with low-rank adapters. */
  LORA,
  /** Frozen 4-bit NF4 base with 16-bit low-rank adapters. */
  QLORA;

  /** The lower-case name used on the command line and in JSON. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return id();
  }
}
