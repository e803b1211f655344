package io.hfvram.estimate;

import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Role;
import io.hfvram.spec.WeightGroup;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * LoRA target names as PEFT reads them: a name matches a module whose path ends with it. The spec's
 * module names follow transformers for most architectures; where the spec names a module by its
 * function instead (Mixtral's experts {@code w1}, {@code w2}, {@code w3}, the MoE router {@code
 * gate}), the transformers name maps onto the spec's module here.
 */
final class LoraTargets {
  private LoraTargets() {}

  private static final Map<String, List<String>> MIXTRAL =
      Map.of(
          "w1", List.of("experts.gate_proj"),
          "w2", List.of("experts.down_proj"),
          "w3", List.of("experts.up_proj"),
          "gate", List.of("router"));

  /** Per model type: transformers module name to the spec modules it stands for. */
  private static final Map<String, Map<String, List<String>>> ALIASES =
      Map.of(
          "mixtral", MIXTRAL,
          "phimoe", MIXTRAL,
          "qwen2_moe", Map.of("gate", List.of("router")),
          "qwen3_moe", Map.of("gate", List.of("router")),
          "gptj", Map.of("out_proj", List.of("o_proj")),
          "mpnet",
              Map.of(
                  "q", List.of("q_lin"),
                  "k", List.of("k_lin"),
                  "v", List.of("v_lin"),
                  "o", List.of("out_lin"),
                  "dense", List.of("ffn.lin1", "ffn.lin2")));

  /** Matrices that are not linear layers (convolutions, SSM decay, position bias tables). */
  private static final Set<String> NOT_LINEAR =
      Set.of("conv", "conv1d", "conv1", "conv2", "a_log", "relative_attention_bias");

  /** Roles of the projections adapted by default: every attention and MLP (expert) projection. */
  private static final Set<Role> DEFAULT_ROLES =
      Set.of(Role.ATTENTION, Role.MLP, Role.EXPERT, Role.SHARED_EXPERT);

  /** True for a linear layer PEFT can adapt (embeddings, the head and vision towers excluded). */
  static boolean linear(WeightGroup g) {
    if (!g.isMatrix()) {
      return false;
    }
    Role r = g.role();
    if (r == Role.EMBEDDING || r == Role.NORM || r == Role.LM_HEAD || r == Role.VISION) {
      return false;
    }
    return !NOT_LINEAR.contains(leaf(g.module().toLowerCase(Locale.ROOT)));
  }

  /** True when the group is adapted under the given targets (empty = the default set). */
  static boolean targeted(ModelSpec spec, WeightGroup g, List<String> targets) {
    if (g.role() == Role.LM_HEAD && g.isMatrix()) {
      // the output head only when named (PEFT's all-linear leaves it out; torchtune's
      // apply_lora_to_output)
      String module = g.module().toLowerCase(Locale.ROOT);
      return targets.stream().anyMatch(t -> names(module, t.toLowerCase(Locale.ROOT)));
    }
    if (!linear(g)) {
      return false;
    }
    if (targets.isEmpty()) {
      return DEFAULT_ROLES.contains(g.role());
    }
    for (String t : targets) {
      if (matches(spec, g, t)) {
        return true;
      }
    }
    return false;
  }

  /** True when one target names the group: all-linear, its path, or a transformers alias. */
  static boolean matches(ModelSpec spec, WeightGroup g, String target) {
    String t = target.toLowerCase(Locale.ROOT);
    if (t.equals("all-linear")) {
      return true;
    }
    String module = g.module().toLowerCase(Locale.ROOT);
    if (names(module, t)) {
      return true;
    }
    // A dotted PEFT path (block_sparse_moe.experts.0.w1) is read by its last name.
    String last = t.contains(".") ? leafName(t) : t;
    if (!last.equals(t) && names(module, last) && !anyNamed(spec, t)) {
      return true;
    }
    for (String a : aliases(spec).getOrDefault(last, List.of())) {
      if (names(module, a)) {
        return true;
      }
    }
    return false;
  }

  /** The names a user may pass for this model: transformers leaf names of its linear layers. */
  static TreeSet<String> names(ModelSpec spec) {
    Map<String, List<String>> aliases = aliases(spec);
    TreeSet<String> out = new TreeSet<>();
    for (WeightGroup g : spec.weights()) {
      if (g.role() == Role.LM_HEAD && g.isMatrix()) {
        out.add(leaf(g.module()));
        continue;
      }
      if (!linear(g)) {
        continue;
      }
      String module = g.module();
      String alias = null;
      for (Map.Entry<String, List<String>> e : aliases.entrySet()) {
        if (e.getValue().contains(module.toLowerCase(Locale.ROOT))) {
          alias = e.getKey();
        }
      }
      out.add(alias != null ? alias : leaf(module));
    }
    return out;
  }

  private static Map<String, List<String>> aliases(ModelSpec spec) {
    return ALIASES.getOrDefault(spec.modelType().toLowerCase(Locale.ROOT), Map.of());
  }

  private static boolean anyNamed(ModelSpec spec, String t) {
    return spec.weights().stream()
        .anyMatch(g -> linear(g) && names(g.module().toLowerCase(Locale.ROOT), t));
  }

  /** PEFT's rule: the module's name is the target or ends with "." + target. */
  private static boolean names(String module, String t) {
    return module.equals(t) || module.endsWith("." + t) || leaf(module).equals(t);
  }

  private static String leaf(String module) {
    return module.substring(module.lastIndexOf('.') + 1);
  }

  /** The last non-numeric part of a dotted path. */
  private static String leafName(String path) {
    String[] parts = path.split("\\.");
    for (int i = parts.length - 1; i >= 0; i--) {
      if (!parts[i].isEmpty() && !parts[i].chars().allMatch(Character::isDigit)) {
        return parts[i];
      }
    }
    return path;
  }
}
