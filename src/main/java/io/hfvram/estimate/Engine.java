package io.hfvram.estimate;

import java.util.Locale;

/** The serving engine whose memory behaviour is modelled. */
public enum Engine {
  /** transformers' generate: allocates what the batch needs. */
  HF,
  /** vLLM: pre-allocates gpu_memory_utilization x memory, the rest as paged KV cache. */
  VLLM;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return id();
  }
}
