package io.hfvram.weights;

import io.hfvram.spec.FromWeights;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.ParameterSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Puts weights metadata into a spec: the exact count and the stored dtypes. */
public final class Weights {
  private Weights() {}

  /**
   * The spec with the metadata's count and per-dtype storage. Quantized checkpoints keep the
   * architecture's logical count (packed integer tensors hold several weights per element).
   */
  public static ModelSpec apply(ModelSpec spec, WeightsMetadata m) {
    if (m == null || m.byDtype().isEmpty()) {
      return spec;
    }
    List<String> notes = new ArrayList<>();
    long total = m.total();
    long derived = spec.derivedParameters();
    long count = total;
    if (spec.quantization() != null) {
      count = derived;
      notes.add(
          "parameters: the architecture's logical count; the "
              + spec.quantization().method()
              + " checkpoint stores "
              + String.format(Locale.ROOT, "%,d", total)
              + " packed elements ("
              + m.origin()
              + ")");
    } else {
      notes.add("parameters: exact count from " + m.source() + " metadata (" + m.origin() + ")");
      if (total != derived && spec.parameterSource() != ParameterSource.WEIGHTS) {
        notes.add(
            String.format(
                Locale.ROOT,
                (FromWeights.disagree(derived, total) ? FromWeights.CROSS_CHECK : "")
                    + "the config formula gives %,d parameters, %+.3f%% from the stored tensors",
                derived,
                100.0 * (derived - total) / total));
      }
    }
    m.warnings().forEach(w -> notes.add("warning: " + w));
    ParameterSource src =
        spec.parameterSource() == ParameterSource.GENERIC
                || spec.parameterSource() == ParameterSource.WEIGHTS
            ? spec.parameterSource()
            : m.source();
    return spec.withParameters(count, src, m.byDtype()).withAssumptions(notes);
  }
}
