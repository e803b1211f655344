package io.hfvram.spec;

/**
 * A set of identical weight tensors: {@code instances} copies of a {@code inFeatures x outFeatures}
 * matrix (a vector has {@code inFeatures == 1}), with an optional bias of {@code outFeatures}. The
 * module name follows transformers ("q_proj", "down_proj", "embed_tokens") so LoRA target lists can
 * match it.
 *
 * @param module transformers module name
 * @param role what the weights do
 * @param inFeatures input width (1 for a vector)
 * @param outFeatures output width
 * @param instances how many copies (layers x experts)
 * @param bias whether each copy has a bias vector of outFeatures
 */
public record WeightGroup(
    String module, Role role, long inFeatures, long outFeatures, long instances, boolean bias) {

  public WeightGroup {
    if (inFeatures < 1 || outFeatures < 1 || instances < 0) {
      throw new IllegalArgumentException("bad weight group " + module);
    }
  }

  /** A normalisation vector of the given width in each of {@code instances} places. */
  public static WeightGroup norm(String module, long width, long instances, boolean bias) {
    return new WeightGroup(module, Role.NORM, 1, width, instances, bias);
  }

  /** True for a matrix (a linear layer or embedding), false for a vector. */
  public boolean isMatrix() {
    return inFeatures > 1;
  }

  /** Elements of one matrix, without bias. */
  public long matrixElements() {
    return Math.multiplyExact(inFeatures, outFeatures);
  }

  /** Parameters of one copy, with bias. */
  public long parametersPerInstance() {
    return Math.addExact(matrixElements(), bias ? outFeatures : 0);
  }

  /** Parameters of all copies. */
  public long parameters() {
    return Math.multiplyExact(parametersPerInstance(), instances);
  }

  /** Bias parameters of all copies. */
  public long biasParameters() {
    return bias ? Math.multiplyExact(outFeatures, instances) : 0;
  }
}
