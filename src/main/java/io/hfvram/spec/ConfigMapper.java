package io.hfvram.spec;

import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Maps a parsed config.json to a {@link ModelSpec}: reads {@code model_type}, picks the family
 * mapper (a plain registry), reads the checkpoint dtype and the quantization. An unknown {@code
 * model_type} goes through the generic mapper, whose figures are marked approximate.
 */
public final class ConfigMapper {
  private static final Map<String, FamilyMapper> MAPPERS =
      Map.ofEntries(
          Map.entry("llama", new DecoderMapper(DecoderMapper.Traits.LLAMA)),
          Map.entry("mistral", new DecoderMapper(DecoderMapper.Traits.MISTRAL)),
          Map.entry("qwen2", new DecoderMapper(DecoderMapper.Traits.QWEN2)),
          Map.entry("qwen3", new DecoderMapper(DecoderMapper.Traits.QWEN3)),
          Map.entry("gemma", new DecoderMapper(DecoderMapper.Traits.GEMMA)),
          Map.entry("gemma2", new DecoderMapper(DecoderMapper.Traits.GEMMA2)),
          Map.entry("gemma3_text", new DecoderMapper(DecoderMapper.Traits.GEMMA3)),
          Map.entry("phi3", new DecoderMapper(DecoderMapper.Traits.PHI3)),
          Map.entry("gemma3n", new Gemma3nMapper()),
          Map.entry("gemma3n_text", new Gemma3nMapper()),
          Map.entry("smollm3", new ModernDecoderMapper(ModernDecoderMapper.Kind.SMOLLM3)),
          Map.entry("granite", new ModernDecoderMapper(ModernDecoderMapper.Kind.GRANITE)),
          Map.entry("olmo2", new ModernDecoderMapper(ModernDecoderMapper.Kind.OLMO2)),
          Map.entry("olmo3", new ModernDecoderMapper(ModernDecoderMapper.Kind.OLMO3)),
          Map.entry("glm4", new ModernDecoderMapper(ModernDecoderMapper.Kind.GLM4)),
          Map.entry("cohere", new ModernDecoderMapper(ModernDecoderMapper.Kind.COHERE)),
          Map.entry("cohere2", new ModernDecoderMapper(ModernDecoderMapper.Kind.COHERE2)),
          Map.entry("starcoder2", new ModernDecoderMapper(ModernDecoderMapper.Kind.STARCODER2)),
          Map.entry("exaone4", new ModernDecoderMapper(ModernDecoderMapper.Kind.EXAONE4)),
          Map.entry("ernie4_5", new ModernDecoderMapper(ModernDecoderMapper.Kind.ERNIE4_5)),
          Map.entry(
              "hunyuan_v1_dense", new ModernDecoderMapper(ModernDecoderMapper.Kind.HUNYUAN_DENSE)),
          Map.entry("glm4_moe", new ModernMoeMapper(ModernMoeMapper.Kind.GLM4_MOE)),
          Map.entry("olmoe", new ModernMoeMapper(ModernMoeMapper.Kind.OLMOE)),
          Map.entry("granitemoe", new ModernMoeMapper(ModernMoeMapper.Kind.GRANITEMOE)),
          Map.entry("granitemoeshared", new ModernMoeMapper(ModernMoeMapper.Kind.GRANITEMOE)),
          Map.entry("minimax_m2", new ModernMoeMapper(ModernMoeMapper.Kind.MINIMAX_M2)),
          Map.entry("minimax", new ModernMoeMapper(ModernMoeMapper.Kind.MINIMAX)),
          Map.entry("ernie4_5_moe", new ModernMoeMapper(ModernMoeMapper.Kind.ERNIE4_5_MOE)),
          Map.entry("hunyuan_v1_moe", new HunyuanMoeMapper()),
          Map.entry("granitemoehybrid", new HybridMapper(HybridMapper.Kind.GRANITE4)),
          Map.entry("lfm2", new HybridMapper(HybridMapper.Kind.LFM2)),
          Map.entry("falcon_h1", new HybridMapper(HybridMapper.Kind.FALCON_H1)),
          Map.entry("mixtral", new MoeMapper(MoeMapper.Kind.MIXTRAL)),
          Map.entry("qwen2_moe", new MoeMapper(MoeMapper.Kind.QWEN2_MOE)),
          Map.entry("qwen3_moe", new MoeMapper(MoeMapper.Kind.QWEN3_MOE)),
          Map.entry("phimoe", new MoeMapper(MoeMapper.Kind.PHIMOE)),
          Map.entry("gpt_oss", new MoeMapper(MoeMapper.Kind.GPT_OSS)),
          Map.entry("deepseek_v2", new DeepseekMapper()),
          Map.entry("deepseek_v3", new DeepseekMapper()),
          Map.entry("deepseek_v32", new DeepseekMapper()),
          Map.entry("kimi_k2", new DeepseekMapper()),
          Map.entry("dbrx", new DbrxMapper()),
          Map.entry("mamba", new SsmMapper(SsmMapper.Kind.MAMBA)),
          Map.entry("falcon_mamba", new SsmMapper(SsmMapper.Kind.MAMBA)),
          Map.entry("mamba2", new SsmMapper(SsmMapper.Kind.MAMBA2)),
          Map.entry("nemotron_h", new SsmMapper(SsmMapper.Kind.NEMOTRON_H)),
          Map.entry("jamba", new SsmMapper(SsmMapper.Kind.JAMBA)),
          Map.entry("zamba", new SsmMapper(SsmMapper.Kind.ZAMBA)),
          Map.entry("zamba2", new SsmMapper(SsmMapper.Kind.ZAMBA2)),
          Map.entry("gpt2", new LegacyMapper(LegacyMapper.Kind.GPT2)),
          Map.entry("gpt_bigcode", new LegacyMapper(LegacyMapper.Kind.GPT_BIGCODE)),
          Map.entry("bloom", new LegacyMapper(LegacyMapper.Kind.BLOOM)),
          Map.entry("falcon", new LegacyMapper(LegacyMapper.Kind.FALCON)),
          Map.entry("refinedweb", new LegacyMapper(LegacyMapper.Kind.FALCON)),
          Map.entry("refinedwebmodel", new LegacyMapper(LegacyMapper.Kind.FALCON)),
          Map.entry("mpt", new LegacyMapper(LegacyMapper.Kind.MPT)),
          Map.entry("gpt_neox", new LegacyMapper(LegacyMapper.Kind.GPT_NEOX)),
          Map.entry("gptj", new LegacyMapper(LegacyMapper.Kind.GPTJ)),
          Map.entry("opt", new LegacyMapper(LegacyMapper.Kind.OPT)),
          Map.entry("phi", new LegacyMapper(LegacyMapper.Kind.PHI)),
          Map.entry("t5", new EncoderMapper(EncoderMapper.Kind.T5)),
          Map.entry("bart", new EncoderMapper(EncoderMapper.Kind.BART)),
          Map.entry("mbart", new EncoderMapper(EncoderMapper.Kind.MBART)),
          Map.entry("bert", new EncoderMapper(EncoderMapper.Kind.BERT)),
          Map.entry("roberta", new EncoderMapper(EncoderMapper.Kind.ROBERTA)),
          Map.entry("xlm-roberta", new EncoderMapper(EncoderMapper.Kind.XLM_ROBERTA)),
          Map.entry("distilbert", new EncoderMapper(EncoderMapper.Kind.DISTILBERT)),
          Map.entry("mpnet", new EncoderMapper(EncoderMapper.Kind.MPNET)),
          Map.entry("nomic_bert", new EncoderMapper(EncoderMapper.Kind.NOMIC_BERT)),
          Map.entry("llava", new MultimodalMapper(MultimodalMapper.Kind.LLAVA)),
          Map.entry("qwen2_vl", new MultimodalMapper(MultimodalMapper.Kind.QWEN2_VL)),
          Map.entry("qwen2_5_vl", new MultimodalMapper(MultimodalMapper.Kind.QWEN2_5_VL)),
          Map.entry("gemma3", new MultimodalMapper(MultimodalMapper.Kind.GEMMA3)),
          Map.entry("mistral3", new MultimodalMapper(MultimodalMapper.Kind.MISTRAL3)),
          Map.entry("mllama", new MultimodalMapper(MultimodalMapper.Kind.MLLAMA)),
          Map.entry("idefics3", new MultimodalMapper(MultimodalMapper.Kind.IDEFICS3)),
          Map.entry("llama4", new Llama4Mapper()),
          Map.entry("llama4_text", new Llama4Mapper()),
          Map.entry("qwen3_next", new QwenNextMapper()),
          Map.entry("qwen3_5", new QwenNextMapper()),
          Map.entry("qwen3_5_text", new QwenNextMapper()),
          Map.entry("qwen3_5_moe", new QwenNextMapper()),
          Map.entry("qwen3_5_moe_text", new QwenNextMapper()),
          Map.entry("nemotron-nas", new DeciMapper()),
          Map.entry("deci", new DeciMapper()),
          Map.entry("whisper", new WhisperMapper()));

  private static final FamilyMapper GENERIC = new GenericMapper();

  private ConfigMapper() {}

  /** True when a dedicated mapper exists for the model type. */
  public static boolean supports(String modelType) {
    return modelType != null && MAPPERS.containsKey(modelType.toLowerCase(Locale.ROOT));
  }

  /** The model types with a dedicated mapper, sorted. */
  public static TreeSet<String> supported() {
    return new TreeSet<>(MAPPERS.keySet());
  }

  static FamilyMapper mapper(String type) {
    return MAPPERS.getOrDefault(type.toLowerCase(Locale.ROOT), GENERIC);
  }

  /**
   * Maps a parsed config.json.
   *
   * @param parsed the parsed JSON document
   * @param file the file name for messages
   */
  public static ModelSpec map(Object parsed, String file)
      throws InvalidConfigException, UnsupportedModelException {
    RawConfig c = RawConfig.of(parsed, file);
    String type = c.string(null, "model_type");
    if (type == null || type.isBlank()) {
      throw c.error("model_type", "is missing; hf-vram needs it to pick the architecture");
    }
    String key = type.toLowerCase(Locale.ROOT);
    String arch = c.firstString("architectures");
    DType dtype = dtype(c);
    FamilyMapper m = MAPPERS.get(key);
    if (m == null) {
      m = GENERIC;
      c.assume(
          "model_type '"
              + type
              + "' has no dedicated mapper: read by the generic mapper"
              + " from common key names, so the figures are approximate");
    }
    ModelSpec spec;
    try {
      spec = m.map(c, new FamilyMapper.Context(key, arch == null ? type : arch, dtype, false));
    } catch (ArithmeticException e) {
      throw c.error(null, "has sizes whose products overflow 64 bits; is the config corrupt?");
    } catch (IllegalArgumentException e) {
      throw c.error(null, "describes an impossible model (" + e.getMessage() + ")");
    }
    if (m == GENERIC) {
      spec = spec.withParameters(spec.parameters(), ParameterSource.GENERIC, Map.of());
    }
    Quantization q = Quantizations.read(c);
    if (q != null) {
      spec =
          spec.withQuantization(
              q,
              DType.BF16.equals(spec.weightDtype()) || DType.FP16.equals(spec.weightDtype())
                  ? spec.weightDtype()
                  : DType.BF16);
    }
    return spec;
  }

  static DType dtype(RawConfig c) throws InvalidConfigException {
    String s = c.string(null, "torch_dtype", "dtype");
    if (s == null) {
      RawConfig text = c.child("text_config");
      if (text != null) {
        s = text.string(null, "torch_dtype", "dtype");
      }
    }
    if (s == null) {
      if (c.has("quantization_config")) {
        c.assume("'torch_dtype' absent: unquantized tensors assumed bfloat16");
        return DType.BF16;
      }
      c.assume("'torch_dtype' absent: weights assumed float32 (transformers' default)");
      return DType.FP32;
    }
    DType d = DType.fromConfig(s);
    if (d == null) {
      c.assume("'torch_dtype' \"" + s + "\" not recognised: weights assumed bfloat16");
      return DType.BF16;
    }
    return d;
  }
}
