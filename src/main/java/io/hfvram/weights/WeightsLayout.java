package io.hfvram.weights;

import io.hfvram.spec.ConfigMapper;
import io.hfvram.spec.FromWeights;
import io.hfvram.spec.InvalidConfigException;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.UnsupportedModelException;
import java.util.List;
import java.util.Map;

/**
 * Maps a config together with its weights metadata. When the safetensors headers themselves were
 * read (tensor shapes at hand), a {@code model_type} no mapper knows is sized from the tensors
 * ({@link FromWeights}, parameter source "weights"), and a mapped model's KV layout and count are
 * cross-checked against them: a disagreement over 0.5% becomes a "cross-check:" assumption.
 */
public final class WeightsLayout {
  private WeightsLayout() {}

  /**
   * The spec of a parsed config with its weights metadata applied ({@code m} may be null).
   *
   * @param parsed the parsed config.json
   * @param file its name for messages
   */
  public static ModelSpec map(Object parsed, String file, WeightsMetadata m)
      throws InvalidConfigException, UnsupportedModelException {
    Map<String, List<Long>> shapes = m == null ? Map.of() : m.shapes();
    if (!shapes.isEmpty() && fromWeights(parsed)) {
      ModelSpec spec;
      try {
        spec = FromWeights.map(parsed, file, shapes);
      } catch (InvalidConfigException | IllegalArgumentException | ArithmeticException e) {
        return apply(ConfigMapper.map(parsed, file), parsed, file, m);
      }
      return Weights.apply(spec, m);
    }
    return apply(ConfigMapper.map(parsed, file), parsed, file, m);
  }

  /**
   * A config-mapped spec with the weights metadata applied and, when the headers' shapes are at
   * hand, cross-checked against them.
   */
  public static ModelSpec apply(ModelSpec spec, Object parsed, String file, WeightsMetadata m)
      throws InvalidConfigException {
    ModelSpec s = Weights.apply(spec, m);
    if (m == null || m.shapes().isEmpty()) {
      return s;
    }
    return s.withAssumptions(FromWeights.crossCheck(s, parsed, file, m.shapes()));
  }

  /**
   * True when the config names a model_type that no mapper knows and is not quantized: such a model
   * is sized from its tensors.
   */
  public static boolean fromWeights(Object parsed) {
    if (!(parsed instanceof Map)) {
      return false;
    }
    if (((Map<?, ?>) parsed).containsKey("quantization_config")) {
      return false; // packed tensors do not show the logical shapes: the generic path instead
    }
    Object type = ((Map<?, ?>) parsed).get("model_type");
    return type instanceof String
        && !((String) type).isBlank()
        && !ConfigMapper.supports((String) type);
  }
}
