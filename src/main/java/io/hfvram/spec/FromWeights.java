package io.hfvram.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Specs from the weights themselves: a model whose {@code model_type} no mapper knows is sized from
 * its safetensors tensor names and shapes (every tensor a weight group, the cache from {@link
 * TensorLayout}), and a mapped model's KV layout is checked against its tensors. Fed plain shapes
 * (tensor name to dimensions), so this package never reads files.
 */
public final class FromWeights {
  /** Relative disagreement past which the cross-check speaks: 0.5%. */
  static final double TOLERANCE = 0.005;

  /** Prefix of the assumptions that report a config/weights disagreement. */
  public static final String CROSS_CHECK = "cross-check: ";

  private static final Pattern INDEX = Pattern.compile("\\.\\d+(?=\\.|$)");
  private static final Pattern EXPERT = Pattern.compile("\\.experts\\.(\\d+)\\.");
  private static final Pattern TOWER =
      Pattern.compile(".*(vision|visual|vit\\b|image|audio|projector|speech).*");

  private FromWeights() {}

  /**
   * Maps a model from its tensors; the config (whose {@code model_type} is unknown) lends the
   * context length, dtype and the hints shapes cannot show.
   *
   * @param parsed the parsed config.json
   * @param file its name for messages
   * @param shapes every tensor's name and shape
   */
  public static ModelSpec map(Object parsed, String file, Map<String, List<Long>> shapes)
      throws InvalidConfigException {
    RawConfig c = RawConfig.of(parsed, file);
    String type = c.string("unknown", "model_type");
    String arch = c.firstString("architectures");
    TensorLayout layout = TensorLayout.read(shapes, c);
    SpecBuilder b =
        SpecBuilder.of(
            new FamilyMapper.Context(
                type.toLowerCase(Locale.ROOT),
                arch == null ? type : arch,
                ConfigMapper.dtype(c),
                false));
    groups(b, shapes);
    dims(b, c, shapes, layout);
    b.cache.addAll(layout.cache());
    c.assume(
        "model_type '"
            + type
            + "' has no dedicated mapper: parameters and the cache layout"
            + " read from the weights' tensor names and shapes (stack '"
            + layout.stack()
            + "', "
            + layout.layers()
            + " layers: "
            + describe(layout)
            + ")");
    layout.notes().forEach(c::assume);
    ModelSpec spec = b.build(c);
    return spec.withParameters(spec.parameters(), ParameterSource.WEIGHTS, Map.of());
  }

  /**
   * Compares a config-mapped spec with its tensors: KV elements per token and, when the shapes are
   * complete, the parameter count. Returns one {@link #CROSS_CHECK} sentence per figure that
   * disagrees by more than 0.5%, none when they agree or cannot be compared (encoder-decoder and
   * cross-attention models, no attention tensors).
   */
  public static List<String> crossCheck(
      ModelSpec spec, Object parsed, String file, Map<String, List<Long>> shapes)
      throws InvalidConfigException {
    List<String> out = new ArrayList<>();
    if (shapes.isEmpty() || spec.quantization() != null) {
      return out; // packed quantized tensors do not show the logical shapes
    }
    boolean cross = spec.cache().stream().anyMatch(g -> g.kind() == CacheKind.CROSS);
    long config = spec.cacheElementsPerToken();
    if (!cross && config > 0) {
      TensorLayout layout = TensorLayout.read(shapes, RawConfig.of(parsed, file));
      long weights = layout.kvElementsPerToken();
      if (weights > 0 && disagree(config, weights)) {
        out.add(
            String.format(
                Locale.ROOT,
                CROSS_CHECK
                    + "the config gives %,d KV elements per"
                    + " token, the weights' k/v projections %,d (%+.2f%%; %s): check the mapping",
                config,
                weights,
                100.0 * (config - weights) / weights,
                describe(layout)));
      }
    }
    return out;
  }

  /** True when two figures differ by more than {@link #TOLERANCE} of the second. */
  public static boolean disagree(long config, long weights) {
    return weights > 0 && Math.abs((double) config - weights) > TOLERANCE * weights;
  }

  /** "24 attention (8 KV heads x 128), 24 state, 0 without cache". */
  static String describe(TensorLayout l) {
    List<String> parts = new ArrayList<>();
    for (CacheGroup g : l.cache()) {
      parts.add(
          g.layers()
              + " "
              + g.kind().name().toLowerCase(Locale.ROOT)
              + (g.kind() == CacheKind.STATE
                  ? " (" + g.stateElements() + " elements)"
                  : " ("
                      + g.kvHeads()
                      + " KV heads x "
                      + g.keyDim()
                      + (g.valueDim() != g.keyDim() ? "+" + g.valueDim() : "")
                      + ")"));
    }
    if (l.noCache() > 0) {
      parts.add(l.noCache() + " without own cache");
    }
    return parts.isEmpty() ? "no cache" : String.join(", ", parts);
  }

  /** Every tensor as a weight group; equal tensors of different layers or experts merged. */
  private static void groups(SpecBuilder b, Map<String, List<Long>> shapes) {
    Map<String, long[]> merged = new LinkedHashMap<>();
    for (Map.Entry<String, List<Long>> e : new java.util.TreeMap<>(shapes).entrySet()) {
      List<Long> s = e.getValue();
      long out = s.isEmpty() ? 1 : s.get(0);
      long rest = 1;
      for (int i = 1; i < s.size(); i++) {
        rest = Math.multiplyExact(rest, s.get(i));
      }
      long in = rest;
      if (out == 0 || in == 0) {
        continue;
      }
      String key = INDEX.matcher(e.getKey()).replaceAll(".*") + "|" + in + "|" + out;
      merged.computeIfAbsent(key, k -> new long[] {in, out, 0})[2]++;
    }
    merged.forEach(
        (k, v) -> {
          String name = k.substring(0, k.indexOf('|'));
          b.add(new WeightGroup(module(name), role(name, v[0]), v[0], v[1], v[2], false));
        });
  }

  /** The transformers module name: the last segment before weight/bias ("q_proj"). */
  static String module(String name) {
    String[] seg = name.split("\\.");
    int i = seg.length - 1;
    while (i > 0 && (seg[i].equals("weight") || seg[i].equals("bias") || seg[i].equals("*"))) {
      i--;
    }
    String m = seg[i];
    return name.startsWith(ModelSpec.MTP_PREFIX) ? ModelSpec.MTP_PREFIX + m : m;
  }

  static Role role(String name, long in) {
    String n = name.toLowerCase(Locale.ROOT);
    if (TOWER.matcher(n).matches()) {
      return Role.VISION;
    }
    if (n.contains("lm_head") || n.equals("output.weight") || n.contains("embed_out")) {
      return Role.LM_HEAD;
    }
    if (n.contains("embed") || n.contains("wte") || n.contains("wpe")) {
      return Role.EMBEDDING;
    }
    if (n.contains("shared_expert")) {
      return Role.SHARED_EXPERT;
    }
    if (n.contains("experts")) {
      return Role.EXPERT;
    }
    if (n.contains("router") || n.endsWith("mlp.gate.weight")) {
      return Role.ROUTER;
    }
    if (in == 1 || n.contains("norm") || n.contains("ln_")) {
      return Role.NORM;
    }
    if (n.contains("attn") || n.contains("attention")) {
      return Role.ATTENTION;
    }
    if (n.contains("mixer") || n.contains("mamba") || n.contains("ssm")) {
      return Role.SSM;
    }
    return n.contains("mlp") || n.contains("ffn") || n.contains("feed_forward")
        ? Role.MLP
        : Role.OTHER;
  }

  /** The summary dimensions: the embedding's shape first, the config's hints next. */
  private static void dims(
      SpecBuilder b, RawConfig c, Map<String, List<Long>> shapes, TensorLayout layout)
      throws InvalidConfigException {
    RawConfig t = Conventions.textConfig(c);
    t = t != null ? t : c;
    List<Long> emb = embedding(shapes);
    long hidden = emb != null ? emb.get(1) : t.require(1, RawConfig.MAX_WIDTH, "hidden_size");
    long vocab = emb != null ? emb.get(0) : t.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    boolean tied =
        shapes.keySet().stream()
            .noneMatch(
                n ->
                    n.endsWith("lm_head.weight")
                        || n.equals("output.weight")
                        || n.endsWith("embed_out.weight"));
    CacheGroup attn =
        layout.cache().stream().filter(g -> g.kind() != CacheKind.STATE).findFirst().orElse(null);
    long kv = attn == null ? 0 : attn.kvHeads();
    long hd = attn == null ? 0 : attn.keyDim();
    Long heads = t.find(1, RawConfig.MAX_COUNT, "num_attention_heads", "n_head", "num_heads");
    long ffn =
        t.integer(
            4 * hidden,
            "not in the config: 4 x hidden assumed for reports only",
            1,
            RawConfig.MAX_WIDTH,
            "intermediate_size",
            "ffn_hidden_size",
            "n_inner",
            "ffn_dim");
    long ctx =
        t.integer(
            4096,
            "no context key: 4096 assumed",
            1,
            RawConfig.MAX_CONTEXT,
            "max_position_embeddings",
            "n_positions",
            "max_seq_len",
            "seq_length",
            "n_ctx");
    b.dims(
        hidden,
        Math.max(1, layout.layers()),
        heads != null ? heads : Math.max(1, kv),
        Math.max(kv, 0),
        hd,
        ffn,
        vocab,
        ctx,
        tied);
    experts(b, t, shapes);
  }

  /** Routed experts: distinct {@code experts.N} indices; top-k from the config. */
  private static void experts(SpecBuilder b, RawConfig t, Map<String, List<Long>> shapes)
      throws InvalidConfigException {
    TreeSet<Integer> experts = new TreeSet<>();
    for (String n : shapes.keySet()) {
      Matcher m = EXPERT.matcher(n);
      if (m.find()) {
        experts.add(Integer.parseInt(m.group(1)));
      }
    }
    b.numExperts = experts.size();
    if (!experts.isEmpty()) {
      b.expertsPerToken =
          t.integer(
              0,
              "no top-k key: all experts counted active",
              0,
              RawConfig.MAX_COUNT,
              "num_experts_per_tok",
              "moe_top_k",
              "top_k");
    }
  }

  /** The token embedding [vocab, hidden] outside the towers, or null. */
  private static List<Long> embedding(Map<String, List<Long>> shapes) {
    List<Long> best = null;
    for (Map.Entry<String, List<Long>> e : shapes.entrySet()) {
      String n = e.getKey().toLowerCase(Locale.ROOT);
      boolean name =
          n.endsWith("embed_tokens.weight")
              || n.endsWith("wte.weight")
              || n.endsWith("word_embeddings.weight")
              || n.endsWith("tok_embeddings.weight")
              || n.endsWith("embed_in.weight")
              || n.endsWith("embeddings.weight");
      List<Long> s = e.getValue();
      if (name
          && s.size() == 2
          && s.get(0) > 0
          && s.get(1) > 0
          && !TOWER.matcher(n).matches()
          && !n.contains("per_layer")
          && (best == null || s.get(0) > best.get(0))) {
        best = s;
      }
    }
    return best;
  }
}
