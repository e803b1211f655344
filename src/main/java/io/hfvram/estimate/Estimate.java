package io.hfvram.estimate;

import java.util.List;

/**
 * An explained estimate for one model and workload.
 *
 * @param inference running the model
 * @param training training it
 * @param assumptions every default, fallback and convention used, one sentence each
 */
public record Estimate(
    InferenceEstimate inference, TrainingEstimate training, List<String> assumptions) {
  public Estimate {
    assumptions = List.copyOf(assumptions);
  }
}
