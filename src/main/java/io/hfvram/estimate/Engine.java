package io.hfvram.estimate;

import java.util.Locale;

/** The serving engine whose memory behaviour is modelled. */
public enum Engine {
  /** transformers' generate: allocates what the batch needs. */
  HF,
  /** vLLM: pre-allocates gpu_memory_utilization x memory, the rest as paged KV cache. */
  VLLM,
  /** SGLang: mem_fraction_static x memory holds the weights and the token pool (radix cache). */
  SGLANG,
  /** llama.cpp: weights split by --n-gpu-layers, a KV cache of -c cells, compute buffers. */
  LLAMA_CPP;

  public String id() {
    return this == LLAMA_CPP ? "llama.cpp" : name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return id();
  }
}
