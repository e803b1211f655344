package io.hfvram.spec;

import java.util.Locale;

/** Where a model's parameter count came from, best first. */
public enum ParameterSource {
  /** Tensor shapes in safetensors headers, or the Hub's summary of them. */
  SAFETENSORS,
  /** Tensor infos in a GGUF file. */
  GGUF,
  /** The published count recorded in hf-vram's embedded catalog. */
  CATALOG,
  /** Derived from config.json with the architecture's formula. */
  CONFIG,
  /**
   * The generic mapper read a config of unknown {@code model_type} from common key names: the
   * layout is approximate (the count is exact when weights metadata was read as well).
   */
  GENERIC,
  /**
   * Unknown {@code model_type} sized from the weights themselves: the exact count and the cache
   * layout read from safetensors tensor names and shapes.
   */
  WEIGHTS;

  /** The lower-case name used in JSON. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** How reports label figures from this source: "approximate", "from weights", or null. */
  public String caveat() {
    return this == GENERIC ? "approximate" : this == WEIGHTS ? "from weights" : null;
  }

  @Override
  public String toString() {
    return id();
  }
}
