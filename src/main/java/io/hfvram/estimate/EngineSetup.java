package io.hfvram.estimate;

/**
 * The engine-specific settings beside vLLM's (which {@link Serving} holds itself).
 *
 * @param hf transformers generate
 * @param sglang SGLang's server arguments
 * @param llamaCpp llama.cpp's context parameters
 */
public record EngineSetup(HfSetup hf, SglangSetup sglang, LlamaCppSetup llamaCpp) {

  public EngineSetup {
    if (hf == null) {
      hf = HfSetup.defaults();
    }
    if (sglang == null) {
      sglang = SglangSetup.defaults();
    }
    if (llamaCpp == null) {
      llamaCpp = LlamaCppSetup.defaults();
    }
  }

  /** Every engine at its defaults. */
  public static EngineSetup defaults() {
    return new EngineSetup(null, null, null);
  }
}
