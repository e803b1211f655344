package io.hfvram.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The generation cache read from tensor names and shapes (docs/formulas.md, "Layout from the
 * weights"): the main layer stack, and per layer its K/V widths (separate k/v projections, a fused
 * qkv split by the output projection's input width, or MLA's {@code kv_a_proj_with_mqa} latent),
 * its recurrent state (Mamba {@code A_log}/{@code conv1d}, Gated DeltaNet {@code
 * in_proj_qkvz}/{@code conv1d}), or nothing. The config only lends hints (head_dim, the SSM state
 * size) that shapes cannot show.
 *
 * @param stack the main stack's name prefix ("model.layers")
 * @param layers layers of the main stack that were read
 * @param cache the cache groups, equal layers merged
 * @param noCache layers with neither attention nor state (or sharing another layer's KV)
 * @param notes how the layout was read, one sentence each
 */
record TensorLayout(
    String stack, long layers, List<CacheGroup> cache, long noCache, List<String> notes) {
  private static final Pattern LAYER =
      Pattern.compile("^(.*?)\\.?(layers|h|blocks|block|layer)\\.(\\d+)\\.(.+)$");
  private static final Pattern TOWER =
      Pattern.compile(".*(vision|visual|vit|image|audio|mtp|speech|projector|encoder).*");

  /** Layer tensors: stack prefix to layer index to suffix to shape. */
  static Map<String, TreeMap<Integer, Map<String, List<Long>>>> stacks(
      Map<String, List<Long>> shapes) {
    Map<String, TreeMap<Integer, Map<String, List<Long>>>> out = new TreeMap<>();
    for (Map.Entry<String, List<Long>> e : shapes.entrySet()) {
      Matcher m = LAYER.matcher(e.getKey());
      if (!m.matches() || m.group(3).length() > 6) {
        continue;
      }
      String prefix = m.group(1).isEmpty() ? m.group(2) : m.group(1) + "." + m.group(2);
      out.computeIfAbsent(prefix, k -> new TreeMap<>())
          .computeIfAbsent(Integer.parseInt(m.group(3)), k -> new TreeMap<>())
          .put(m.group(4), e.getValue());
    }
    return out;
  }

  /** The main stack: most layers among those outside towers and MTP modules (null if none). */
  static String mainStack(Map<String, TreeMap<Integer, Map<String, List<Long>>>> stacks) {
    String best = null;
    for (Map.Entry<String, TreeMap<Integer, Map<String, List<Long>>>> e : stacks.entrySet()) {
      if (TOWER.matcher(e.getKey().toLowerCase(Locale.ROOT)).matches()) {
        continue;
      }
      if (best == null || e.getValue().size() > stacks.get(best).size()) {
        best = e.getKey();
      }
    }
    if (best == null) {
      for (String k : stacks.keySet()) {
        best = best == null || stacks.get(k).size() > stacks.get(best).size() ? k : best;
      }
    }
    return best;
  }

  /** Reads the layout; {@code c} gives hints only (never required). */
  static TensorLayout read(Map<String, List<Long>> shapes, RawConfig c) {
    Hints h = Hints.of(c);
    Map<String, TreeMap<Integer, Map<String, List<Long>>>> stacks = stacks(shapes);
    String main = mainStack(stacks);
    List<String> notes = new ArrayList<>();
    if (main == null) {
      return new TensorLayout("", 0, List.of(), 0, List.of("no layer stack in the tensor names"));
    }
    List<Map<String, List<Long>>> layers = new ArrayList<>(stacks.get(main).values());
    if (h.layers() > 0 && h.layers() < layers.size()) {
      notes.add(
          (layers.size() - h.layers())
              + " stored layer(s) past num_hidden_layers ("
              + h.layers()
              + ") read as multi-token-prediction layers: no cache");
      layers = layers.subList(0, (int) h.layers());
    }
    long shared = Math.min(h.kvShared(), layers.size());
    Map<CacheGroup, Long> groups = new LinkedHashMap<>();
    long none = 0;
    for (int i = 0; i < layers.size(); i++) {
      List<CacheGroup> own =
          i >= layers.size() - shared ? List.of() : layer(layers.get(i), h, notes);
      if (own.isEmpty()) {
        none++;
      }
      for (CacheGroup g : own) {
        if (g.kind() != CacheKind.STATE && h.sliding(i)) {
          g = CacheGroup.sliding(1, g.kvHeads(), g.keyDim(), g.valueDim(), h.window());
        }
        groups.merge(g, 1L, Long::sum);
      }
    }
    if (shared > 0) {
      notes.add("the last " + shared + " layers reuse earlier layers' KV (num_kv_shared_layers)");
    }
    List<CacheGroup> cache = new ArrayList<>();
    groups.forEach(
        (g, n) ->
            cache.add(
                new CacheGroup(
                    g.kind(),
                    n,
                    g.kvHeads(),
                    g.keyDim(),
                    g.valueDim(),
                    g.window(),
                    g.stateElements())));
    return new TensorLayout(main, layers.size(), cache, none, notes);
  }

  /** KV elements per token over all layers (state layers excluded). */
  long kvElementsPerToken() {
    long sum = 0;
    for (CacheGroup g : cache) {
      sum = Math.addExact(sum, Math.multiplyExact(g.layers(), g.elementsPerTokenPerLayer()));
    }
    return sum;
  }

  /** Recurrent-state elements per sequence over all layers. */
  long stateElements() {
    long sum = 0;
    for (CacheGroup g : cache) {
      sum = Math.addExact(sum, Math.multiplyExact(g.layers(), g.stateElements()));
    }
    return sum;
  }

  /** One layer's cache (one layer, merged later), or null when it keeps none. */
  private static List<CacheGroup> layer(Map<String, List<Long>> t, Hints h, List<String> notes) {
    List<CacheGroup> out = new ArrayList<>();
    if (find(t, "in_proj_qkvz.weight", "in_proj_qkv.weight") != null) {
      CacheGroup g = deltaNet(t, h, notes);
      if (g != null) {
        out.add(g);
      }
      return out;
    }
    if (find(t, "A_log") != null && find(t, "conv1d.weight") != null) {
      out.add(mamba(t, h, notes)); // Falcon-H1 runs attention beside it: read below
    }
    List<Long> mla = find(t, "kv_a_proj_with_mqa.weight");
    if (mla != null) {
      // DeepSeek-V3.2's lightning indexer caches one index key per token beside the latent
      List<Long> index = find(t, "indexer.wk.weight");
      long key = mla.get(0) + (index != null && index.size() == 2 ? index.get(0) : 0);
      out.add(new CacheGroup(CacheKind.MLA, 1, 1, key, 0, 0, 0));
      return out;
    }
    long[] kv = kvWidths(t);
    if (kv == null) {
      return out;
    }
    long hd = headDim(t, h);
    if (hd > 0 && kv[0] % hd == 0 && kv[1] % (kv[0] / hd) == 0) {
      long heads = kv[0] / hd;
      out.add(CacheGroup.attention(1, heads, hd, kv[1] / heads));
    } else {
      out.add(CacheGroup.attention(1, 1, kv[0], kv[1]));
    }
    return out;
  }

  /** K and V widths of a self-attention layer, or null when it has none. */
  private static long[] kvWidths(Map<String, List<Long>> t) {
    List<Long> k =
        find(
            t,
            "k_proj.weight",
            "key.weight",
            "wk.weight",
            "k.weight",
            "to_k.weight",
            "k_lin.weight");
    List<Long> v =
        find(
            t,
            "v_proj.weight",
            "value.weight",
            "wv.weight",
            "v.weight",
            "to_v.weight",
            "v_lin.weight");
    if (k != null && v != null) {
      return new long[] {k.get(0), v.get(0)};
    }
    List<Long> fused =
        find(
            t,
            "qkv_proj.weight",
            "query_key_value.weight",
            "Wqkv.weight",
            "wqkv.weight",
            "qkv.weight",
            "attn.c_attn.weight");
    if (fused == null || fused.size() != 2 || find(t, "output_gate.weight") != null) {
      return null; // MiniMax's lightning (linear) attention also fuses qkv, beside a gate
    }
    // GPT-2's Conv1D stores [in, out]; GPT-BigCode's c_attn is a Linear, [out, in]
    boolean conv1d = find(t, "attn.c_attn.weight") == fused && fused.get(1) > fused.get(0);
    long out = conv1d ? fused.get(1) : fused.get(0);
    List<Long> o =
        find(
            t,
            "attn.o_proj.weight",
            "attention.dense.weight",
            "attn.c_proj.weight",
            "attn.out_proj.weight",
            "attention.wo.weight",
            "attn.dense.weight",
            "o_proj.weight");
    long q = o == null || o.size() != 2 ? out / 3 : conv1d ? o.get(0) : o.get(1);
    long kv = out - q;
    return kv > 0 && kv % 2 == 0 ? new long[] {kv / 2, kv / 2} : null;
  }

  private static long headDim(Map<String, List<Long>> t, Hints h) {
    List<Long> norm = find(t, "k_norm.weight", "k_layernorm.weight");
    if (norm != null && norm.size() == 1) {
      return norm.get(0);
    }
    if (h.headDim() > 0) {
      return h.headDim();
    }
    List<Long> o = find(t, "o_proj.weight", "attention.dense.weight", "attn.out_proj.weight");
    return h.heads() > 0 && o != null && o.size() == 2 && o.get(1) % h.heads() == 0
        ? o.get(1) / h.heads()
        : 0;
  }

  /** Mamba-1 (A_log is d_inner x d_state) or Mamba-2 (A_log has one value per head). */
  private static CacheGroup mamba(Map<String, List<Long>> t, Hints h, List<String> notes) {
    List<Long> conv = find(t, "conv1d.weight");
    List<Long> aLog = find(t, "A_log");
    long convDim = conv.get(0);
    long kernel = conv.get(conv.size() - 1);
    long ssm;
    if (aLog.size() == 2) {
      ssm = aLog.get(0) * aLog.get(1);
    } else {
      List<Long> out = find(t, "out_proj.weight");
      long inner = out != null && out.size() == 2 ? out.get(1) : convDim / 2;
      long groupsTimesState = Math.max(0, (convDim - inner) / 2);
      long state = h.ssmState() > 0 ? h.ssmState() : groupsTimesState / Math.max(1, h.ssmGroups());
      if (h.ssmState() <= 0 && h.ssmGroups() <= 0) {
        note(notes, "Mamba-2 state size read from conv1d with one group assumed (no n_groups)");
      }
      ssm = inner * state;
    }
    return CacheGroup.state(1, convDim * (kernel - 1) + ssm);
  }

  /** Gated DeltaNet: nv x dk x dv recurrent state plus the conv window. */
  private static CacheGroup deltaNet(Map<String, List<Long>> t, Hints h, List<String> notes) {
    List<Long> conv = find(t, "conv1d.weight");
    List<Long> aLog = find(t, "A_log");
    if (conv == null || aLog == null) {
      return null;
    }
    long convDim = conv.get(0);
    long kernel = conv.get(conv.size() - 1);
    List<Long> z = find(t, "in_proj_z.weight");
    List<Long> qkvz = find(t, "in_proj_qkvz.weight");
    long valueDim = z != null ? z.get(0) : qkvz != null ? qkvz.get(0) - convDim : 0;
    long keyDim = (convDim - valueDim) / 2;
    long nv = aLog.get(0);
    List<Long> norm = find(t, "linear_attn.norm.weight");
    long dv = norm != null && norm.size() == 1 ? norm.get(0) : valueDim / Math.max(1, nv);
    long dk =
        h.linearKeyDim() > 0
            ? h.linearKeyDim()
            : h.linearKeyHeads() > 0 ? keyDim / h.linearKeyHeads() : dv;
    if (h.linearKeyDim() <= 0 && h.linearKeyHeads() <= 0) {
      note(notes, "linear-attention key head width taken equal to the value head width");
    }
    return CacheGroup.state(1, nv * dk * dv + convDim * (kernel - 1));
  }

  private static void note(List<String> notes, String s) {
    if (!notes.contains(s)) {
      notes.add(s);
    }
  }

  /**
   * The shape of the first tensor whose suffix ends with one of {@code names} (at a dot), self
   * attention only: cross-attention and encoder-attention tensors are never matched.
   */
  static List<Long> find(Map<String, List<Long>> t, String... names) {
    for (String n : names) {
      for (Map.Entry<String, List<Long>> e : t.entrySet()) {
        String k = e.getKey();
        if ((k.equals(n) || k.endsWith("." + n))
            && !k.contains("cross")
            && !k.contains("encoder_attn")
            && !e.getValue().isEmpty()) {
          return e.getValue();
        }
      }
    }
    return null;
  }

  /** What the config says about dims that shapes do not show; 0 when it says nothing. */
  record Hints(
      long headDim,
      long heads,
      long layers,
      long kvShared,
      long ssmState,
      long ssmGroups,
      long linearKeyDim,
      long linearKeyHeads,
      long window,
      List<?> layerTypes) {
    static Hints of(RawConfig c) {
      RawConfig t = c;
      try {
        RawConfig text = Conventions.textConfig(c);
        t = text != null ? text : c;
      } catch (InvalidConfigException e) {
        // hints only
      }
      long hd = get(t, "head_dim", "kv_channels", "attention_head_dim");
      long heads = get(t, "num_attention_heads", "n_head", "num_heads", "n_heads");
      long hidden = get(t, "hidden_size", "d_model", "n_embd", "dim");
      if (hd == 0 && heads > 0 && hidden % heads == 0) {
        hd = hidden / heads;
      }
      List<?> types = null;
      try {
        types = t.list("layer_types");
      } catch (InvalidConfigException e) {
        // hints only
      }
      return new Hints(
          hd,
          heads,
          get(t, "num_hidden_layers", "n_layer", "num_layers", "n_layers"),
          get(t, "num_kv_shared_layers"),
          get(t, "ssm_state_size", "state_size", "mamba_d_state", "d_state"),
          get(t, "n_groups", "mamba_n_groups", "ngroups"),
          get(t, "linear_key_head_dim"),
          get(t, "linear_num_key_heads"),
          get(t, "sliding_window"),
          types);
    }

    boolean sliding(int layer) {
      return window > 0
          && layerTypes != null
          && layer < layerTypes.size()
          && String.valueOf(layerTypes.get(layer)).toLowerCase(Locale.ROOT).contains("sliding");
    }

    private static long get(RawConfig c, String... keys) {
      try {
        Long v = c.find(0, RawConfig.MAX_CONTEXT, keys);
        return v == null ? 0 : v;
      } catch (InvalidConfigException e) {
        return 0;
      }
    }
  }
}
