package io.hfvram.estimate;

/**
 * How autograd stores what the backward pass needs (docs/formulas.md, "Training activations").
 *
 * @param e bytes per activation element
 * @param amp fp32 parameters under autocast ({@code --precision amp}): the residual stream and
 *     LayerNorm stay fp32 and each Linear saves its own 16-bit cast of an fp32 input
 * @param softmaxInput whether softmax keeps its input as well as its output (PyTorch before 1.11)
 * @param compiled whether the blocks run under torch.compile (Inductor's min-cut partitioner saves
 *     fewer tensors and recomputes the cheap ones)
 */
record Saving(int e, boolean amp, boolean softmaxInput, boolean compiled) {
  /** Plain {@code e}-byte activations. */
  static Saving plain(int e) {
    return new Saving(e, false, false, false);
  }

  /** The plan's: its precision's activation bytes, AMP, its PyTorch release and compile. */
  static Saving of(Plan p) {
    Precision pr = p.precision();
    Mechanisms m = p.training().mechanisms();
    return new Saving(
        pr.activationBytes(), pr == Precision.AMP, m.softmaxSavesInput(), m.compiled());
  }
}
