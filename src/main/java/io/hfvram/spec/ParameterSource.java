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
  CONFIG;

  /** The lower-case name used in JSON. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return id();
  }
}
