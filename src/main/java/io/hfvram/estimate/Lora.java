package io.hfvram.estimate;

import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Role;
import io.hfvram.spec.WeightGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * LoRA adapters counted from the module shapes: each adapted {@code in x out} linear gains {@code r
 * x (in + out)} trainable parameters (matrices A and B), as PEFT builds them.
 */
public final class Lora {
  private Lora() {}

  /**
   * True when the group is adapted under the given targets: empty = the default set (every
   * attention and MLP projection, routed and shared experts included), {@code all-linear} = every
   * linear layer but the output head, else PEFT module names of the model's architecture.
   */
  static boolean targeted(ModelSpec spec, WeightGroup g, List<String> targets) {
    return LoraTargets.targeted(spec, g, targets);
  }

  /** Trainable adapter parameters. */
  public static long trainable(ModelSpec spec, long rank, List<String> targets) {
    long n = 0;
    for (WeightGroup g : spec.weights()) {
      if (targeted(spec, g, targets)) {
        n =
            Math.addExact(
                n,
                Math.multiplyExact(
                    Math.multiplyExact(rank, g.inFeatures() + g.outFeatures()), g.instances()));
      }
    }
    return n;
  }

  /**
   * Adapted modules per layer that a token passes through (for the adapters' activations): a routed
   * expert's adapter sees only the tokens routed to it, top-k of every E.
   */
  static long adaptedPerLayer(ModelSpec spec, List<String> targets) {
    long instances = 0;
    long experts = 0;
    boolean routed = spec.numExperts() > 0 && spec.expertsPerToken() > 0;
    for (WeightGroup g : spec.weights()) {
      if (targeted(spec, g, targets)) {
        if (routed && g.role() == Role.EXPERT) {
          experts += g.instances();
        } else {
          instances += g.instances();
        }
      }
    }
    if (experts > 0) {
      long k = Math.min(spec.expertsPerToken(), spec.numExperts());
      instances += experts / spec.numExperts() * k;
    }
    return instances / Math.max(1, spec.numLayers());
  }

  /**
   * What the adapters save per token per layer with {@code e}-byte activations: each adapted
   * module's rank-r intermediate, and with dropout its dropped input ({@link #dropoutBytes}); 0 for
   * a full fine-tune.
   */
  static long activationBytes(ModelSpec spec, TrainingSetup t, int e) {
    if (t.method() == Method.FULL) {
      return 0;
    }
    long modules = adaptedPerLayer(spec, t.loraTargets());
    return Math.addExact(
        Math.multiplyExact(Math.multiplyExact(modules, t.loraRank()), e), dropoutBytes(spec, t, e));
  }

  /**
   * LoRA dropout's saved bytes per token per layer with {@code e}-byte activations: each adapted
   * module drops its own copy of the input, which lora_A saves, with a 1-byte mask (PEFT
   * tuners/lora/layer.py and torchtune modules/peft/lora.py apply {@code self.dropout(x)} before
   * lora_a); 0 without dropout. Routed experts' adapters see top-k of every E tokens.
   */
  static long dropoutBytes(ModelSpec spec, TrainingSetup t, int e) {
    if (t.method() == Method.FULL || t.mechanisms().loraDropout() <= 0) {
      return 0;
    }
    long inputs = 0;
    long experts = 0;
    boolean routed = spec.numExperts() > 0 && spec.expertsPerToken() > 0;
    for (WeightGroup g : spec.weights()) {
      if (targeted(spec, g, t.loraTargets())) {
        long n = Math.multiplyExact(g.inFeatures(), g.instances());
        if (routed && g.role() == Role.EXPERT) {
          experts = Math.addExact(experts, n);
        } else {
          inputs = Math.addExact(inputs, n);
        }
      }
    }
    if (experts > 0) {
      inputs += experts / spec.numExperts() * Math.min(spec.expertsPerToken(), spec.numExperts());
    }
    return Math.multiplyExact(inputs / Math.max(1, spec.numLayers()), e + 1L);
  }

  /** Targets that match no module, for a clear error. */
  public static List<String> unknownTargets(ModelSpec spec, List<String> targets) {
    List<String> unknown = new ArrayList<>();
    for (String t : targets) {
      if (t.equalsIgnoreCase("all-linear")) {
        continue;
      }
      boolean hit = spec.weights().stream().anyMatch(g -> targeted(spec, g, List.of(t)));
      if (!hit) {
        unknown.add(t);
      }
    }
    return unknown;
  }

  /** The target names this model accepts (its transformers linear-module names). */
  public static TreeSet<String> moduleNames(ModelSpec spec) {
    return LoraTargets.names(spec);
  }
}
