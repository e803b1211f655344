package io.hfvram.estimate;

/**
 * How the model is served.
 *
 * @param engine hf (transformers generate) or vllm
 * @param tensorParallel GPUs the model is split across (1 = none)
 * @param gpuMemoryBytes memory of one GPU as nvidia-smi lists it, or null when none was named
 * @param gpuName the GPU's catalog id or a description, or null
 * @param gpuMemoryUtilization vLLM's share of GPU memory it may use
 * @param maxNumBatchedTokens vLLM's tokens per forward pass, which sizes its profiled peak; 0 for
 *     the version's default for {@code vllm serve}
 * @param maxNumSeqs vLLM's concurrent sequences, which sizes its sampler's logits; 0 for the
 *     version's default
 * @param torchMemoryBytes the memory torch reports (total_memory), which vLLM budgets from; null
 *     for gpuMemoryBytes
 * @param vllmVersion the vLLM release modelled; null for the newest
 * @param maxModelLen vLLM's --max-model-len (SGLang's --context-length); 0 for the model's context
 * @param engines the settings of transformers, SGLang and llama.cpp
 */
public record Serving(
    Engine engine,
    int tensorParallel,
    Long gpuMemoryBytes,
    String gpuName,
    double gpuMemoryUtilization,
    long maxNumBatchedTokens,
    long maxNumSeqs,
    Long torchMemoryBytes,
    VllmVersion vllmVersion,
    long maxModelLen,
    EngineSetup engines) {

  public Serving {
    if (engines == null) {
      engines = EngineSetup.defaults();
    }
    if (engine == null) {
      engine = Engine.HF;
    }
    if (vllmVersion == null) {
      vllmVersion = VllmVersion.newest();
    }
    if (tensorParallel < 1) {
      throw new IllegalArgumentException("tensor parallel size must be at least 1");
    }
    if (gpuMemoryBytes != null && gpuMemoryBytes <= 0
        || torchMemoryBytes != null && torchMemoryBytes <= 0) {
      throw new IllegalArgumentException("GPU memory must be positive");
    }
    if (!(gpuMemoryUtilization > 0 && gpuMemoryUtilization <= 1)) {
      throw new IllegalArgumentException("gpu memory utilization must be in (0, 1]");
    }
    if (maxNumBatchedTokens < 0 || maxNumSeqs < 0 || maxModelLen < 0) {
      throw new IllegalArgumentException("vLLM batch limits must not be negative");
    }
  }

  /** The serving setup with every other engine at its defaults. */
  public Serving(
      Engine engine,
      int tensorParallel,
      Long gpuMemoryBytes,
      String gpuName,
      double gpuMemoryUtilization,
      long maxNumBatchedTokens,
      long maxNumSeqs,
      Long torchMemoryBytes,
      VllmVersion vllmVersion,
      long maxModelLen) {
    this(
        engine,
        tensorParallel,
        gpuMemoryBytes,
        gpuName,
        gpuMemoryUtilization,
        maxNumBatchedTokens,
        maxNumSeqs,
        torchMemoryBytes,
        vllmVersion,
        maxModelLen,
        null);
  }

  /** The serving setup before vLLM's version, context and speculation were options. */
  public Serving(
      Engine engine,
      int tensorParallel,
      Long gpuMemoryBytes,
      String gpuName,
      double gpuMemoryUtilization,
      long maxNumBatchedTokens,
      long maxNumSeqs) {
    this(
        engine,
        tensorParallel,
        gpuMemoryBytes,
        gpuName,
        gpuMemoryUtilization,
        maxNumBatchedTokens,
        maxNumSeqs,
        null,
        null,
        0);
  }

  /**
   * transformers on one GPU of unknown size; vLLM's defaults (of the newest release) for the rest.
   */
  public static Serving defaults() {
    return new Serving(Engine.HF, 1, null, null, 0.9, 0, 0);
  }

  /** The memory vLLM budgets from: torch's total_memory where known, else the GPU's memory. */
  public Long budgetMemoryBytes() {
    return torchMemoryBytes != null ? torchMemoryBytes : gpuMemoryBytes;
  }

  /** A GPU of the given memory; vLLM budgets from the same figure. */
  public Serving withGpu(String name, long bytes) {
    return new Serving(
        engine,
        tensorParallel,
        bytes,
        name,
        gpuMemoryUtilization,
        maxNumBatchedTokens,
        maxNumSeqs,
        null,
        vllmVersion,
        maxModelLen,
        engines);
  }

  /** A catalog GPU: nvidia-smi's figure for the fit, torch's total_memory for vLLM's budget. */
  public Serving withGpu(Gpus.Gpu g) {
    return new Serving(
        engine,
        tensorParallel,
        g.memoryBytes(),
        g.id(),
        gpuMemoryUtilization,
        maxNumBatchedTokens,
        maxNumSeqs,
        g.torchBytes(),
        vllmVersion,
        maxModelLen,
        engines);
  }

  public Serving withTensorParallel(int tp) {
    return new Serving(
        engine,
        tp,
        gpuMemoryBytes,
        gpuName,
        gpuMemoryUtilization,
        maxNumBatchedTokens,
        maxNumSeqs,
        torchMemoryBytes,
        vllmVersion,
        maxModelLen,
        engines);
  }

  public Serving withEngine(Engine e) {
    return new Serving(
        e,
        tensorParallel,
        gpuMemoryBytes,
        gpuName,
        gpuMemoryUtilization,
        maxNumBatchedTokens,
        maxNumSeqs,
        torchMemoryBytes,
        vllmVersion,
        maxModelLen,
        engines);
  }

  public Serving withUtilization(double u) {
    return new Serving(
        engine,
        tensorParallel,
        gpuMemoryBytes,
        gpuName,
        u,
        maxNumBatchedTokens,
        maxNumSeqs,
        torchMemoryBytes,
        vllmVersion,
        maxModelLen,
        engines);
  }

  /** vLLM's release (null: the newest) and --max-model-len (0: the model's context). */
  public Serving withVllm(VllmVersion v, long maxLen) {
    return new Serving(
        engine,
        tensorParallel,
        gpuMemoryBytes,
        gpuName,
        gpuMemoryUtilization,
        maxNumBatchedTokens,
        maxNumSeqs,
        torchMemoryBytes,
        v,
        maxLen,
        engines);
  }

  /** vLLM's --max-num-batched-tokens and --max-num-seqs (0: the version's defaults). */
  public Serving withBatchLimits(long batchedTokens, long seqs) {
    return new Serving(
        engine,
        tensorParallel,
        gpuMemoryBytes,
        gpuName,
        gpuMemoryUtilization,
        batchedTokens,
        seqs,
        torchMemoryBytes,
        vllmVersion,
        maxModelLen,
        engines);
  }

  /** The settings of transformers, SGLang and llama.cpp. */
  public Serving withEngines(EngineSetup e) {
    return new Serving(
        engine,
        tensorParallel,
        gpuMemoryBytes,
        gpuName,
        gpuMemoryUtilization,
        maxNumBatchedTokens,
        maxNumSeqs,
        torchMemoryBytes,
        vllmVersion,
        maxModelLen,
        e);
  }
}
