package io.hfvram.estimate;

/**
 * How the model is served.
 *
 * @param engine hf (transformers generate) or vllm
 * @param tensorParallel GPUs the model is split across (1 = none)
 * @param gpuMemoryBytes memory of one GPU, or null when none was named
 * @param gpuName the GPU's catalog id or a description, or null
 * @param gpuMemoryUtilization vLLM's share of GPU memory it may use
 * @param maxNumBatchedTokens vLLM's tokens per forward pass, which sizes its profiled peak
 * @param maxNumSeqs vLLM's concurrent sequences, which sizes its sampler's logits
 */
public record Serving(Engine engine, int tensorParallel, Long gpuMemoryBytes, String gpuName,
    double gpuMemoryUtilization, long maxNumBatchedTokens, long maxNumSeqs) {

  public Serving {
    if (engine == null) {
      engine = Engine.HF;
    }
    if (tensorParallel < 1) {
      throw new IllegalArgumentException("tensor parallel size must be at least 1");
    }
    if (gpuMemoryBytes != null && gpuMemoryBytes <= 0) {
      throw new IllegalArgumentException("GPU memory must be positive");
    }
    if (!(gpuMemoryUtilization > 0 && gpuMemoryUtilization <= 1)) {
      throw new IllegalArgumentException("gpu memory utilization must be in (0, 1]");
    }
    if (maxNumBatchedTokens < 1 || maxNumSeqs < 1) {
      throw new IllegalArgumentException("vLLM batch limits must be positive");
    }
  }

  /** transformers on one GPU of unknown size; vLLM defaults for the rest. */
  public static Serving defaults() {
    return new Serving(Engine.HF, 1, null, null, 0.9, 8192, 256);
  }

  public Serving withGpu(String name, long bytes) {
    return new Serving(engine, tensorParallel, bytes, name, gpuMemoryUtilization,
        maxNumBatchedTokens, maxNumSeqs);
  }

  public Serving withTensorParallel(int tp) {
    return new Serving(engine, tp, gpuMemoryBytes, gpuName, gpuMemoryUtilization,
        maxNumBatchedTokens, maxNumSeqs);
  }

  public Serving withEngine(Engine e) {
    return new Serving(e, tensorParallel, gpuMemoryBytes, gpuName, gpuMemoryUtilization,
        maxNumBatchedTokens, maxNumSeqs);
  }
}
