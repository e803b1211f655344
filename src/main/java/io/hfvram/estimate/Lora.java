package io.hfvram.estimate;

import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Role;
import io.hfvram.spec.WeightGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * LoRA adapters counted from the module shapes: each adapted {@code in x out} linear gains {@code r
 * x (in + out)} trainable parameters (matrices A and B), as PEFT builds them.
 */
public final class Lora {
  private Lora() {}

  /** True when the group is adapted under the given targets (empty = the default set). */
  static boolean targeted(WeightGroup g, List<String> targets) {
    if (!g.isMatrix() || g.role() == Role.VISION) {
      return false;
    }
    if (targets.isEmpty()) {
      return g.role() == Role.ATTENTION || g.role() == Role.MLP || g.role() == Role.SHARED_EXPERT;
    }
    String module = g.module().toLowerCase(Locale.ROOT);
    String leaf = module.substring(module.lastIndexOf('.') + 1);
    for (String t : targets) {
      String x = t.toLowerCase(Locale.ROOT);
      if (x.equals("all-linear")) {
        return g.role().quantizable();
      }
      if (x.equals(leaf) || x.equals(module) || module.endsWith("." + x)) {
        return true;
      }
    }
    return false;
  }

  /** Trainable adapter parameters. */
  public static long trainable(ModelSpec spec, long rank, List<String> targets) {
    long n = 0;
    for (WeightGroup g : spec.weights()) {
      if (targeted(g, targets)) {
        n =
            Math.addExact(
                n,
                Math.multiplyExact(
                    Math.multiplyExact(rank, g.inFeatures() + g.outFeatures()), g.instances()));
      }
    }
    return n;
  }

  /** Adapted modules per layer (for the adapters' activations). */
  static long adaptedPerLayer(ModelSpec spec, List<String> targets) {
    long instances = 0;
    for (WeightGroup g : spec.weights()) {
      if (targeted(g, targets)) {
        instances += g.instances();
      }
    }
    return instances / Math.max(1, spec.numLayers());
  }

  /** Targets that match no module, for a clear error. */
  public static List<String> unknownTargets(ModelSpec spec, List<String> targets) {
    List<String> unknown = new ArrayList<>();
    for (String t : targets) {
      if (t.equalsIgnoreCase("all-linear")) {
        continue;
      }
      boolean hit = spec.weights().stream().anyMatch(g -> targeted(g, List.of(t)));
      if (!hit) {
        unknown.add(t);
      }
    }
    return unknown;
  }

  /** Linear module names of the model, to suggest as targets. */
  public static TreeSet<String> moduleNames(ModelSpec spec) {
    TreeSet<String> names = new TreeSet<>();
    for (WeightGroup g : spec.weights()) {
      if (g.isMatrix() && g.role().quantizable()) {
        String m = g.module();
        names.add(m.substring(m.lastIndexOf('.') + 1));
      }
    }
    return names;
  }
}
