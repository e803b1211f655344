package io.hfvram.estimate;

import java.util.Locale;

/**
 * The training stack whose standard recipe sets the default mechanisms (docs/formulas.md, "Training
 * profiles"). {@link #CUSTOM} is hf-vram's framework-neutral model: only the mechanisms named by
 * their own flags are added to it.
 */
public enum Framework {
  /** HF Trainer + PEFT + bitsandbytes (transformers 5.17 defaults, PEFT 0.13). */
  HF,
  /** torchtune's single-device and distributed recipes (configs of 2024 and HEAD). */
  TORCHTUNE,
  /** No framework: hf-vram's neutral model plus the mechanisms given by flag. */
  CUSTOM;

  /** The lower-case name used on the command line and in JSON. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return id();
  }
}
