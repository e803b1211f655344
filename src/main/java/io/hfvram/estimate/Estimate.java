package io.hfvram.estimate;

import java.util.List;

/**
 * An explained estimate for one model and workload.
 *
 * @param inference running the model
 * @param training training it
 * @param fit the fit on the named GPU, or null when none was named
 * @param comparisons the article's rules of thumb and the classic Korthikanti activation figure,
 *     beside the detailed figures
 * @param assumptions every default, fallback and convention used, one sentence each
 * @param explanations each figure's formula with its inputs (--explain)
 */
public record Estimate(
    InferenceEstimate inference,
    TrainingEstimate training,
    Fit fit,
    Comparisons comparisons,
    List<String> assumptions,
    List<Explanation> explanations) {
  public Estimate {
    assumptions = List.copyOf(assumptions);
    explanations = List.copyOf(explanations);
  }

  /**
   * Simpler figures shown beside the detailed ones, so users see where they mislead.
   *
   * @param ruleOfThumbInferenceBytes parameters x bytes of the dtype (the article's rule)
   * @param ruleOfThumbTrainingLowBytes 4 x that
   * @param ruleOfThumbTrainingHighBytes 6 x that
   * @param korthikantiActivationBytes sbhL(34 + 5as/h) (eq. 1 of arXiv:2205.05198; without the s²
   *     term for fused attention), as the Ultra-Scale Playbook computes it
   */
  public record Comparisons(
      long ruleOfThumbInferenceBytes,
      long ruleOfThumbTrainingLowBytes,
      long ruleOfThumbTrainingHighBytes,
      long korthikantiActivationBytes) {}
}
