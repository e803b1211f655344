package io.hfvram.estimate;

import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Role;
import io.hfvram.spec.WeightGroup;

/**
 * One moment of a training step: the gradients, saved activations and temporaries then alive
 * (docs/formulas.md, "Training mechanisms"). With zero_grad's set_to_none (PyTorch 2's default) the
 * gradients are freed between steps and backward builds them as it goes: at the head's backward
 * only the head's exists, at the first layer's backward the head's and one layer's, and only at the
 * end of backward all of them, when the saved activations are gone.
 *
 * @param grads gradient bytes alive
 * @param act saved activations alive
 * @param temp temporaries alive
 */
record Moment(long grads, long act, long temp) {
  long sum() {
    return grads + act + temp;
  }

  /** The highest of the moments (the first on a tie). */
  static Moment highest(Moment... ms) {
    Moment best = ms[0];
    for (Moment x : ms) {
      if (x.sum() > best.sum()) {
        best = x;
      }
    }
    return best;
  }

  /**
   * The highest moment of backward: the head's (its own gradient), the first layer's (the head's
   * and one layer's gradients) and the end (every gradient, a layer's temporaries, no saved
   * activations).
   */
  static Moment ofStep(
      Plan p, long grads, long headAct, long headTemp, long layerAct, long layerTemp) {
    long head = Math.min(grads, headGradient(p));
    long layers = Math.max(1, p.spec().numLayers());
    long first = Math.min(grads, Math.addExact(head, grads / layers));
    return highest(
        new Moment(head, headAct, headTemp),
        new Moment(first, layerAct, layerTemp),
        new Moment(grads, 0, layerTemp));
  }

  /**
   * Whether gradients are freed between steps and rebuilt during backward for a profile that
   * follows them through the step; with gradients kept, optimizer-in-backward, or the neutral
   * profile they are counted whole.
   */
  static boolean freesGradients(Plan p) {
    Mechanisms m = p.training().mechanisms();
    return m.profiled() && !m.keepsGradients() && !m.optimizerInBackward();
  }

  /** The gradient the head's backward makes first: the output head's, when it is trained. */
  private static long headGradient(Plan p) {
    TrainingSetup t = p.training();
    if (t.method() != Method.FULL) {
      return 0;
    }
    ModelSpec spec = p.spec();
    long head = 0;
    for (WeightGroup g : spec.weights()) {
      if (g.role() == Role.LM_HEAD || (spec.tiedEmbeddings() && g.role() == Role.EMBEDDING)) {
        head = Math.max(head, g.parameters());
      }
    }
    long shard = t.zeroStage() >= 2 ? t.gpus() : 1;
    return Math.multiplyExact(head, p.precision().gradientBytes()) / shard / t.tensorParallel();
  }
}
