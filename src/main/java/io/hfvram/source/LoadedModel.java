package io.hfvram.source;

import io.hfvram.spec.ModelSpec;
import java.util.List;

/**
 * A model read and mapped.
 *
 * @param model the name the user gave
 * @param source where it came from
 * @param spec its architecture facts
 * @param warnings things the user should see on stderr (catalog fallback, stale cache...)
 */
public record LoadedModel(String model, ModelSource source, ModelSpec spec, List<String> warnings) {
  public LoadedModel {
    warnings = List.copyOf(warnings);
  }
}
