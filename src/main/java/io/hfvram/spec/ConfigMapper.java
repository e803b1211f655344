package io.hfvram.spec;

import java.util.Locale;
import java.util.Map;

/**
 * Maps a parsed config.json to a {@link ModelSpec}: reads {@code model_type}, picks the family
 * mapper and reads the checkpoint dtype. The only entry point of this package's mappers.
 */
public final class ConfigMapper {
  private static final Map<String, FamilyMapper> MAPPERS = Map.ofEntries(
      Map.entry("llama", new DecoderMapper(DecoderMapper.Traits.LLAMA)),
      Map.entry("mistral", new DecoderMapper(DecoderMapper.Traits.MISTRAL)),
      Map.entry("qwen2", new DecoderMapper(DecoderMapper.Traits.QWEN2)),
      Map.entry("qwen3", new DecoderMapper(DecoderMapper.Traits.QWEN3)),
      Map.entry("gemma", new DecoderMapper(DecoderMapper.Traits.GEMMA)),
      Map.entry("gemma2", new DecoderMapper(DecoderMapper.Traits.GEMMA2)),
      Map.entry("gemma3_text", new DecoderMapper(DecoderMapper.Traits.GEMMA3)),
      Map.entry("phi3", new DecoderMapper(DecoderMapper.Traits.PHI3)));

  private ConfigMapper() {}

  /** True when a mapper exists for the model type. */
  public static boolean supports(String modelType) {
    return modelType != null && MAPPERS.containsKey(modelType.toLowerCase(Locale.ROOT));
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
    FamilyMapper mapper = MAPPERS.get(key);
    if (mapper == null) {
      throw new UnsupportedModelException(file + ": model_type '" + type
          + "' is not supported yet (supported: " + String.join(", ",
              new java.util.TreeSet<>(MAPPERS.keySet())) + ")");
    }
    String arch = c.firstString("architectures");
    DType dtype = dtype(c);
    return mapper.map(c, new FamilyMapper.Context(key, arch == null ? type : arch, dtype, false));
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
