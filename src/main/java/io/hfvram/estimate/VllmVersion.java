package io.hfvram.estimate;

import java.util.Locale;

/**
 * The vLLM releases whose start-up memory rules hf-vram models, each standing for a range of
 * releases that budget alike (docs/formulas.md, "vLLM by version", cites the files).
 */
public enum VllmVersion {
  /** 0.6-0.7, the V0 engine: no chunked prefill by default, 256 sequences, sampler sorts. */
  V0_6("0.6", "0.6-0.7 (V0 engine)"),
  /** 0.8-0.16, the V1 engine: the dummy sampler still sorts for top-k/top-p. */
  V0_8("0.8", "0.8-0.16 (V1 engine)"),
  /** 0.17-0.20: the top-k/top-p sort left the dummy sampler; CUDA graphs outside the budget. */
  V0_17("0.17", "0.17-0.20 (V1 engine)"),
  /** 0.21 on: CUDA-graph memory is estimated and subtracted from the KV budget. */
  V0_21("0.21", "0.21+ (V1 engine, CUDA graphs counted)");

  private final String id;
  private final String label;

  VllmVersion(String id, String label) {
    this.id = id;
    this.label = label;
  }

  /** The newest modelled release, the default. */
  public static VllmVersion newest() {
    return V0_21;
  }

  /**
   * The profile for a release number such as "0.19.0", "v0.16", "0.6.3"; null when it is not a 0.x
   * release hf-vram knows (before 0.6).
   */
  public static VllmVersion parse(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("v")) {
      t = t.substring(1);
    }
    String[] parts = t.split("\\.");
    if (parts.length < 2 || !parts[0].equals("0")) {
      return parts.length >= 1 && parts[0].matches("[1-9][0-9]*") ? newest() : null;
    }
    int minor;
    try {
      minor = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      return null;
    }
    if (minor < 6) {
      return null;
    }
    return minor <= 7 ? V0_6 : minor <= 16 ? V0_8 : minor <= 20 ? V0_17 : V0_21;
  }

  /** The id ("0.17"), the first release of the range. */
  public String id() {
    return id;
  }

  /** The range of releases, for notes. */
  public String label() {
    return label;
  }

  /** The V0 engine (profiles max_num_batched_tokens = max(max_model_len, 2048) by default). */
  boolean v0() {
    return this == V0_6;
  }

  /**
   * The dummy sampler run sorts the logits for top-k/top-p (V0's profile_run, V1's
   * _dummy_sampler_run from 0.8 until the Triton top-k/top-p kernels in 0.17).
   */
  boolean samplerSorts() {
    return this == V0_6 || this == V0_8;
  }

  /** CUDA-graph memory is subtracted from the budget (VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS). */
  boolean countsCudaGraphs() {
    return this == V0_21;
  }

  @Override
  public String toString() {
    return id;
  }
}
