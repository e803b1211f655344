package io.hfvram.weights;

import io.hfvram.core.Json;
import io.hfvram.core.JsonException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses safetensors headers: an 8-byte little-endian length N, then N bytes of JSON mapping
 * tensor names to {dtype, shape, data_offsets}. Only the header is ever read, never the
 * tensors. Counts are the product of each shape, summed per dtype.
 */
public final class SafetensorsHeader {
  /**
   * Our cap on the header: 32 MiB. The format allows 100,000,000 bytes, but the header is parsed
   * into a tree that costs about 8 bytes of heap per byte of JSON, and real headers are far
   * smaller: a DeepSeek-V3 shard's (about 1,000 tensors with FP8 scales) is under 200 KB, and
   * even an unsharded file with 100,000 tensors stays near 15 MB.
   */
  public static final long MAX_HEADER = 32L << 20;

  private SafetensorsHeader() {}

  /** The header length from the first 8 bytes, checked against the cap. */
  public static long headerLength(byte[] first8, String file) throws WeightsException {
    if (first8.length < 8) {
      throw new WeightsException(file + ": too short to be a safetensors file");
    }
    long n = 0;
    for (int i = 7; i >= 0; i--) {
      n = (n << 8) | (first8[i] & 0xFF);
    }
    if (n < 2 || n > MAX_HEADER) {
      throw new WeightsException(file + ": safetensors header length " + Long.toUnsignedString(n)
          + " is outside 2.." + MAX_HEADER + " bytes; the file is corrupt or not safetensors");
    }
    return n;
  }

  /** Adds the header's tensor element counts per dtype into {@code counts}. */
  public static void count(byte[] json, String file, Map<String, Long> counts)
      throws WeightsException {
    countAndExtent(json, file, counts);
  }

  /**
   * Adds the counts into {@code counts} and returns the data extent: the largest end offset in
   * any tensor's {@code data_offsets} (0 when none gives one).
   */
  static long countAndExtent(byte[] json, String file, Map<String, Long> counts)
      throws WeightsException {
    Object parsed;
    try {
      parsed = Json.parse(json);
    } catch (JsonException e) {
      throw new WeightsException(file + ": safetensors header is not valid JSON: "
          + e.getMessage());
    }
    if (!(parsed instanceof Map)) {
      throw new WeightsException(file + ": safetensors header is not a JSON object");
    }
    Map<String, Long> local = new HashMap<>();
    long extent = 0;
    for (Map.Entry<?, ?> e : ((Map<?, ?>) parsed).entrySet()) {
      if ("__metadata__".equals(e.getKey())) {
        continue;
      }
      if (!(e.getValue() instanceof Map)) {
        throw new WeightsException(file + ": tensor '" + e.getKey() + "' is not an object");
      }
      Map<?, ?> t = (Map<?, ?>) e.getValue();
      Object dtype = t.get("dtype");
      Object shape = t.get("shape");
      if (!(dtype instanceof String) || !(shape instanceof List)) {
        throw new WeightsException(file + ": tensor '" + e.getKey()
            + "' lacks a dtype or shape");
      }
      long n = 1;
      for (Object d : (List<?>) shape) {
        BigDecimal v = Json.decimal(d);
        if (v == null || v.signum() < 0 || v.scale() > 0 && v.stripTrailingZeros().scale() > 0
            || v.compareTo(BigDecimal.valueOf(1L << 40)) > 0) {
          throw new WeightsException(file + ": tensor '" + e.getKey() + "' has a bad shape");
        }
        n = Math.multiplyExact(n, v.longValueExact());
      }
      local.merge((String) dtype, n, Math::addExact);
      extent = Math.max(extent, end(t.get("data_offsets")));
    }
    local.forEach((k, v) -> counts.merge(k, v, Math::addExact));
    return extent;
  }

  /** The end offset of a {@code data_offsets} pair, or 0 when it is not one. */
  private static long end(Object offsets) {
    if (offsets instanceof List && ((List<?>) offsets).size() == 2) {
      BigDecimal v = Json.decimal(((List<?>) offsets).get(1));
      if (v != null && v.signum() >= 0 && v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
        return v.longValue();
      }
    }
    return 0;
  }
}
