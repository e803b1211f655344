package io.hfvram.estimate;

import java.util.Locale;

/** Optimizers and the state they keep per trainable parameter. */
public enum Optimizer {
  /** Adam/AdamW: two moments (momentum and variance). */
  ADAMW("adamw", 2),
  /** bitsandbytes 8-bit AdamW: two 1-byte moments (block-wise quantized). */
  ADAMW_8BIT("adamw-8bit", 0),
  /** Plain SGD: no state. */
  SGD("sgd", 0),
  /** SGD with momentum: one momentum buffer. */
  SGD_MOMENTUM("sgd-momentum", 1),
  /** Adafactor (no momentum): factored second moments, one row and one column per matrix. */
  ADAFACTOR("adafactor", 0),
  /** Lion: one momentum buffer. */
  LION("lion", 1);

  private final String id;
  private final int statesPerParameter;

  Optimizer(String id, int statesPerParameter) {
    this.id = id;
    this.statesPerParameter = statesPerParameter;
  }

  /** Full-width state elements kept per parameter (Adafactor and 8-bit Adam are special). */
  public int statesPerParameter() {
    return statesPerParameter;
  }

  /** The name used on the command line and in JSON. */
  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }

  /** Parses a command-line name. */
  public static Optimizer parse(String s) {
    for (Optimizer o : values()) {
      if (o.id.equals(s.toLowerCase(Locale.ROOT))) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown optimizer " + s);
  }
}
