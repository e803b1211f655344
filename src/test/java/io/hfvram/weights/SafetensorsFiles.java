package io.hfvram.weights;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: writes header-only safetensors files whose data region is sparse. */
public final class SafetensorsFiles {
  private SafetensorsFiles() {}

  /**
   * The tensors of a Llama-like decoder with untied head: per layer q/k/v/o, gated MLP, two norms.
   * Layers listed in {@code noAttention} lack the attention tensors.
   */
  public static Map<String, List<Long>> llama(
      int layers, long h, long heads, long kv, long hd, long f, long vocab, int... noAttention) {
    Map<String, List<Long>> m = new LinkedHashMap<>();
    m.put("model.embed_tokens.weight", List.of(vocab, h));
    m.put("model.norm.weight", List.of(h));
    m.put("lm_head.weight", List.of(vocab, h));
    for (int i = 0; i < layers; i++) {
      String p = "model.layers." + i + ".";
      final int layer = i;
      if (java.util.Arrays.stream(noAttention).noneMatch(x -> x == layer)) {
        m.put(p + "self_attn.q_proj.weight", List.of(heads * hd, h));
        m.put(p + "self_attn.k_proj.weight", List.of(kv * hd, h));
        m.put(p + "self_attn.v_proj.weight", List.of(kv * hd, h));
        m.put(p + "self_attn.o_proj.weight", List.of(h, heads * hd));
      }
      m.put(p + "mlp.gate_proj.weight", List.of(f, h));
      m.put(p + "mlp.up_proj.weight", List.of(f, h));
      m.put(p + "mlp.down_proj.weight", List.of(h, f));
      m.put(p + "input_layernorm.weight", List.of(h));
      m.put(p + "post_attention_layernorm.weight", List.of(h));
    }
    return m;
  }

  /** Elements over all tensors. */
  public static long total(Map<String, List<Long>> shapes) {
    long t = 0;
    for (List<Long> s : shapes.values()) {
      long n = 1;
      for (long d : s) {
        n *= d;
      }
      t += n;
    }
    return t;
  }

  /**
   * Writes {@code file} with a header listing {@code shapes} (all {@code dtype}, 2 bytes per
   * element unless F32) and extends it with setLength so the data region exists but is sparse.
   */
  public static void write(Path file, Map<String, List<Long>> shapes, String dtype)
      throws IOException {
    int width = dtype.equals("F32") ? 4 : dtype.startsWith("F8") || dtype.equals("U8") ? 1 : 2;
    StringBuilder json = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
    long offset = 0;
    for (Map.Entry<String, List<Long>> e : shapes.entrySet()) {
      long n = 1;
      for (long d : e.getValue()) {
        n *= d;
      }
      long end = offset + n * width;
      json.append(",\"")
          .append(e.getKey())
          .append("\":{\"dtype\":\"")
          .append(dtype)
          .append("\",\"shape\":")
          .append(e.getValue().toString().replace(" ", ""))
          .append(",\"data_offsets\":[")
          .append(offset)
          .append(',')
          .append(end)
          .append("]}");
      offset = end;
    }
    json.append('}');
    byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long n = header.length;
      for (int i = 0; i < 8; i++) {
        f.write((int) (n >>> (8 * i)) & 0xFF);
      }
      f.write(header);
      f.setLength(8 + n + offset);
    }
  }
}
