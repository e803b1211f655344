package io.hfvram.spec;

import java.util.List;

/** Reads which layers use full and which sliding-window attention. */
final class Layers {
  private Layers() {}

  /**
   * Splits {@code layers} attention layers into full and sliding groups from {@code layer_types}
   * when present, else from the given count of sliding layers.
   */
  static void attentionCache(
      SpecBuilder b,
      RawConfig c,
      long layers,
      long kvHeads,
      long keyDim,
      long valueDim,
      long window,
      long slidingLayers)
      throws InvalidConfigException {
    List<?> types = c.list("layer_types");
    if (types != null) {
      if (types.size() != layers) {
        throw c.error(
            "layer_types", "lists " + types.size() + " layers but the model has " + layers);
      }
      long sliding = 0;
      for (Object t : types) {
        if (!(t instanceof String)) {
          throw c.error("layer_types", "must list strings");
        }
        String s = (String) t;
        if (s.contains("sliding") || s.contains("local") || s.contains("chunked")) {
          sliding++;
        }
      }
      slidingLayers = window > 0 ? sliding : 0;
    }
    b.cache(CacheGroup.attention(layers - slidingLayers, kvHeads, keyDim, valueDim));
    if (slidingLayers > 0) {
      b.cache(CacheGroup.sliding(slidingLayers, kvHeads, keyDim, valueDim, window));
    }
  }

  /** Layers among {@code layers} for which {@code (i + 1) % pattern != 0}. */
  static long slidingByPattern(long layers, long pattern) {
    if (pattern <= 1) {
      return pattern == 1 ? 0 : layers;
    }
    return layers - layers / pattern;
  }
}
