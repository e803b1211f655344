package io.hfvram.weights;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a GGUF file's header (hub-protocol.md §8): the key-value metadata and the tensor infos,
 * never the tensor data. Counts and lengths are checked against sane bounds so a hostile file
 * cannot make the reader allocate without limit.
 */
public final class GgufReader {
  static final long MAX_TENSORS = 1_000_000;
  static final long MAX_KV = 100_000;
  static final long MAX_STRING = 16L << 20;
  static final long MAX_ARRAY = 50_000_000;
  static final int MAX_DIMS = 8;
  static final long MAX_DIM = 1L << 40;

  /**
   * What a GGUF header says.
   *
   * @param metadata keys to values: numbers as Long or Double, strings, booleans; arrays of
   *     numbers as lists; arrays of strings as {@link ArrayInfo} (only their length is kept)
   * @param elementsByType tensor elements per ggml type name
   * @param tensorNames the tensor names
   */
  public record Header(Map<String, Object> metadata, Map<String, Long> elementsByType,
      List<String> tensorNames) {
    /** Total tensor elements: the parameter count. */
    public long parameters() {
      long n = 0;
      for (long v : elementsByType.values()) {
        n = Math.addExact(n, v);
      }
      return n;
    }
  }

  /** An array whose elements are not kept. */
  public record ArrayInfo(long length) {}

  private GgufReader() {}

  /** Reads the header of a .gguf file. */
  public static Header read(Path file) throws WeightsException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return read(in, file.toString());
    } catch (EOFException e) {
      throw new WeightsException(file + ": the GGUF header is truncated");
    } catch (IOException e) {
      throw new WeightsException(file + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  static Header read(InputStream raw, String name) throws IOException, WeightsException {
    Le in = new Le(new DataInputStream(raw));
    byte[] magic = in.bytes(4);
    if (magic[0] != 'G' || magic[1] != 'G' || magic[2] != 'U' || magic[3] != 'F') {
      throw new WeightsException(name + ": not a GGUF file (bad magic)");
    }
    long version = in.u32();
    if (version < 2 || version > 3) {
      throw new WeightsException(name + ": GGUF version " + version + " is not supported"
          + ((version & 0xFFFF) == 0 ? " (a big-endian file?)" : ""));
    }
    long tensors = in.u64();
    long kvs = in.u64();
    if (tensors < 0 || tensors > MAX_TENSORS || kvs < 0 || kvs > MAX_KV) {
      throw new WeightsException(name + ": GGUF counts out of bounds (" + tensors + " tensors, "
          + kvs + " keys)");
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    for (long i = 0; i < kvs; i++) {
      String key = in.string(name);
      int type = (int) in.u32();
      meta.put(key, value(in, type, name, 0));
    }
    Map<String, Long> byType = new TreeMap<>();
    List<String> names = new ArrayList<>();
    for (long i = 0; i < tensors; i++) {
      String tname = in.string(name);
      long dims = in.u32();
      if (dims < 0 || dims > MAX_DIMS) {
        throw new WeightsException(name + ": tensor '" + tname + "' has " + dims + " dims");
      }
      long n = 1;
      for (int d = 0; d < dims; d++) {
        long v = in.u64();
        if (v < 0 || v > MAX_DIM) {
          throw new WeightsException(name + ": tensor '" + tname + "' has a dimension of " + v);
        }
        n = Math.multiplyExact(n, v);
      }
      int type = (int) in.u32();
      in.u64();
      byType.merge(GgufTypes.name(type), n, Math::addExact);
      names.add(tname);
    }
    return new Header(meta, byType, names);
  }

  private static Object value(Le in, int type, String name, int depth)
      throws IOException, WeightsException {
    switch (type) {
      case 0:
        return (long) in.u8();
      case 1:
        return (long) (byte) in.u8();
      case 2:
        return (long) in.u16();
      case 3:
        return (long) (short) in.u16();
      case 4:
        return in.u32();
      case 5:
        return (long) (int) in.u32();
      case 6:
        return (double) Float.intBitsToFloat((int) in.u32());
      case 7:
        return in.u8() != 0;
      case 8:
        return in.string(name);
      case 9: {
        if (depth > 4) {
          throw new WeightsException(name + ": GGUF arrays nested too deep");
        }
        int et = (int) in.u32();
        long count = in.u64();
        if (count < 0 || count > MAX_ARRAY) {
          throw new WeightsException(name + ": GGUF array of " + count + " elements");
        }
        if (et == 8 || et == 9) {
          for (long i = 0; i < count; i++) {
            value(in, et, name, depth + 1);
          }
          return new ArrayInfo(count);
        }
        if (count > 100_000) {
          for (long i = 0; i < count; i++) {
            value(in, et, name, depth + 1);
          }
          return new ArrayInfo(count);
        }
        List<Object> list = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
          list.add(value(in, et, name, depth + 1));
        }
        return list;
      }
      case 10:
      case 11:
        return in.u64();
      case 12:
        return Double.longBitsToDouble(in.u64());
      default:
        throw new WeightsException(name + ": unknown GGUF value type " + type);
    }
  }

  /** Little-endian reads. */
  private static final class Le {
    private final DataInputStream in;

    Le(DataInputStream in) {
      this.in = in;
    }

    int u8() throws IOException {
      return in.readUnsignedByte();
    }

    int u16() throws IOException {
      return Short.reverseBytes(in.readShort()) & 0xFFFF;
    }

    long u32() throws IOException {
      return Integer.reverseBytes(in.readInt()) & 0xFFFFFFFFL;
    }

    long u64() throws IOException {
      return Long.reverseBytes(in.readLong());
    }

    byte[] bytes(int n) throws IOException {
      byte[] b = new byte[n];
      in.readFully(b);
      return b;
    }

    String string(String name) throws IOException, WeightsException {
      long len = u64();
      if (len < 0 || len > MAX_STRING) {
        throw new WeightsException(name + ": GGUF string of " + len + " bytes");
      }
      return new String(bytes((int) len), StandardCharsets.UTF_8);
    }
  }
}
