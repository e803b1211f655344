package io.hfvram.weights;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes small GGUF headers for tests (no tensor data). */
final class GgufWriter {
  private final List<byte[]> kvs = new ArrayList<>();
  private final List<byte[]> tensors = new ArrayList<>();

  private static byte[] str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + b.length)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(b.length)
        .put(b)
        .array();
  }

  private void kv(String key, int type, byte[] value) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(str(key));
    o.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(type).array());
    o.writeBytes(value);
    kvs.add(o.toByteArray());
  }

  GgufWriter u32(String key, long v) {
    kv(key, 4, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
    return this;
  }

  GgufWriter string(String key, String v) {
    kv(key, 8, str(v));
    return this;
  }

  GgufWriter u32Array(String key, long... values) {
    ByteBuffer b =
        ByteBuffer.allocate(12 + 4 * values.length)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(4)
            .putLong(values.length);
    for (long v : values) {
      b.putInt((int) v);
    }
    kv(key, 9, b.array());
    return this;
  }

  GgufWriter stringArray(String key, int count) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(
        ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(8).putLong(count).array());
    for (int i = 0; i < count; i++) {
      o.writeBytes(str("t" + i));
    }
    kv(key, 9, o.toByteArray());
    return this;
  }

  GgufWriter tensor(String name, int type, long... dims) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(str(name));
    ByteBuffer b =
        ByteBuffer.allocate(4 + 8 * dims.length + 4 + 8)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(dims.length);
    for (long d : dims) {
      b.putLong(d);
    }
    b.putInt(type).putLong(0);
    o.writeBytes(b.array());
    tensors.add(o.toByteArray());
    return this;
  }

  byte[] bytes() {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(new byte[] {'G', 'G', 'U', 'F'});
    o.writeBytes(
        ByteBuffer.allocate(20)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(3)
            .putLong(tensors.size())
            .putLong(kvs.size())
            .array());
    kvs.forEach(o::writeBytes);
    tensors.forEach(o::writeBytes);
    return o.toByteArray();
  }
}
