package io.hfvram.estimate;

/**
 * The engine-specific settings beside vLLM's (which {@link Serving} holds itself).
 *
 * @param hf transformers generate
 * @param sglang SGLang's server arguments
 * @param llamaCpp llama.cpp's context parameters
 * @param speculation vLLM's speculative decoding with the model's MTP layers or a separate draft
 *     model (off by default)
 */
public record EngineSetup(
    HfSetup hf, SglangSetup sglang, LlamaCppSetup llamaCpp, VllmSpeculation speculation) {

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
    if (speculation == null) {
      speculation = VllmSpeculation.none();
    }
  }

  /** The engines' settings without speculative decoding. */
  public EngineSetup(HfSetup hf, SglangSetup sglang, LlamaCppSetup llamaCpp) {
    this(hf, sglang, llamaCpp, null);
  }

  /** The same settings with vLLM's speculation replaced. */
  public EngineSetup withSpeculation(VllmSpeculation s) {
    return new EngineSetup(hf, sglang, llamaCpp, s);
  }

  /** Every engine at its defaults. */
  public static EngineSetup defaults() {
    return new EngineSetup(null, null, null, null);
  }
}
