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
 * never the tensor data. Every input is capped (docs/reliability.md) so that a hostile file cannot
 * make the reader allocate or spin without limit: the whole header may span at most {@link
 * #MAX_HEADER_BYTES}, the strings it keeps at most {@link #MAX_KEPT_BYTES}, and skipped array
 * payloads are skipped in bulk, never decoded.
 */
public final class GgufReader {
  static final long MAX_TENSORS = 1_000_000;
  static final long MAX_KV = 100_000;

  /** Keys and tensor names (ggml's own limit on tensor names is 64 bytes). */
  static final long MAX_NAME = 4096;

  /** One string value (chat templates are the longest, tens of KiB). */
  static final long MAX_STRING = 16L << 20;

  static final long MAX_ARRAY = 50_000_000;
  static final int MAX_DIMS = 8;
  static final long MAX_DIM = 1L << 40;

  /** Bytes the header may span: real ones (a 262k-token vocabulary included) are under 20 MiB. */
  static final long MAX_HEADER_BYTES = 128L << 20;

  /** Bytes of the strings kept (keys, tensor names, string values): bounds the heap. */
  static final long MAX_KEPT_BYTES = 64L << 20;

  /** Array elements kept as lists over the whole header; longer arrays keep only their length. */
  static final long MAX_KEPT_ELEMENTS = 1_000_000;

  private static final int KEPT_ARRAY = 100_000;

  /**
   * What a GGUF header says.
   *
   * @param metadata keys to values: numbers as Long or Double, strings, booleans; arrays of numbers
   *     as lists; arrays of strings as {@link ArrayInfo} (only their length is kept)
   * @param elementsByType tensor elements per ggml type name
   * @param tensorNames the tensor names
   * @param warnings what looks wrong but does not stop the estimate (a truncated file)
   */
  public record Header(
      Map<String, Object> metadata,
      Map<String, Long> elementsByType,
      List<String> tensorNames,
      List<String> warnings) {
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
      Header h = read(in, file.toString(), Files.size(file));
      h.parameters();
      return h;
    } catch (ArithmeticException e) {
      throw new WeightsException(file + ": GGUF tensor element counts overflow 64 bits");
    } catch (EOFException e) {
      throw new WeightsException(file + ": the GGUF header is truncated");
    } catch (IOException e) {
      throw new WeightsException(file + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  /** Reads a header from a stream; {@code fileSize} (or -1) is checked against the data. */
  static Header read(InputStream raw, String name, long fileSize)
      throws IOException, WeightsException {
    Le in = new Le(new DataInputStream(raw), name);
    byte[] magic = in.bytes(4);
    if (magic[0] != 'G' || magic[1] != 'G' || magic[2] != 'U' || magic[3] != 'F') {
      throw new WeightsException(name + ": not a GGUF file (bad magic)");
    }
    long version = in.u32();
    if (version < 2 || version > 3) {
      throw new WeightsException(
          name
              + ": GGUF version "
              + version
              + " is not supported"
              + ((version & 0xFFFF) == 0 ? " (a big-endian file?)" : ""));
    }
    long tensors = in.u64();
    long kvs = in.u64();
    if (tensors < 0 || tensors > MAX_TENSORS || kvs < 0 || kvs > MAX_KV) {
      throw new WeightsException(
          name + ": GGUF counts out of bounds (" + tensors + " tensors, " + kvs + " keys)");
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    for (long i = 0; i < kvs; i++) {
      String key = in.string(MAX_NAME, "key");
      int type = (int) in.u32();
      meta.put(key, value(in, type, name, 0));
    }
    Map<String, Long> byType = new TreeMap<>();
    List<String> names = new ArrayList<>();
    long extent = 0;
    for (long i = 0; i < tensors; i++) {
      String tname = in.string(MAX_NAME, "tensor name");
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
      long offset = in.u64();
      if (offset >= 0) {
        extent = Math.max(extent, saturatedAdd(offset, GgufTypes.bytes(type, n)));
      }
      byType.merge(GgufTypes.name(type), n, Math::addExact);
      names.add(tname);
    }
    return new Header(
        meta,
        byType,
        names,
        truncation(name, fileSize, in.position(), extent, meta.get("general.alignment")));
  }

  /** A warning when the file ends before the last tensor's data does. */
  private static List<String> truncation(
      String name, long fileSize, long headerEnd, long extent, Object alignment) {
    long align =
        alignment instanceof Long && (Long) alignment > 0 && (Long) alignment <= 1 << 20
            ? (Long) alignment
            : 32;
    long dataStart = (headerEnd + align - 1) / align * align;
    long need = saturatedAdd(dataStart, extent);
    if (fileSize < 0 || extent == 0 || fileSize >= need) {
      return List.of();
    }
    return List.of(
        name
            + " is "
            + fileSize
            + " bytes but its tensors end at byte "
            + need
            + ": the file looks truncated (an interrupted download?)");
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
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
        return in.string(MAX_STRING, "string");
      case 9:
        return array(in, name, depth);
      case 10:
      case 11:
        return in.u64();
      case 12:
        return Double.longBitsToDouble(in.u64());
      default:
        throw new WeightsException(name + ": unknown GGUF value type " + type);
    }
  }

  private static Object array(Le in, String name, int depth) throws IOException, WeightsException {
    if (depth > 4) {
      throw new WeightsException(name + ": GGUF arrays nested too deep");
    }
    int et = (int) in.u32();
    long count = in.u64();
    if (count < 0 || count > MAX_ARRAY) {
      throw new WeightsException(
          name
              + ": GGUF array of "
              + Long.toUnsignedString(count)
              + " elements, over the "
              + MAX_ARRAY
              + " limit");
    }
    int size = fixedSize(et);
    if (size > 0 && (count > KEPT_ARRAY || !in.keep(count))) {
      in.skip(count * size);
      return new ArrayInfo(count);
    }
    if (size == 0) {
      for (long i = 0; i < count; i++) {
        if (et == 8) {
          in.skipString();
        } else if (et == 9) {
          array(in, name, depth + 1);
        } else {
          throw new WeightsException(name + ": unknown GGUF value type " + et);
        }
      }
      return new ArrayInfo(count);
    }
    List<Object> list = new ArrayList<>((int) count);
    for (long i = 0; i < count; i++) {
      list.add(value(in, et, name, depth + 1));
    }
    return list;
  }

  /** Bytes of one value of a fixed-size type, 0 for strings, arrays and unknown types. */
  private static int fixedSize(int type) {
    switch (type) {
      case 0:
      case 1:
      case 7:
        return 1;
      case 2:
      case 3:
        return 2;
      case 4:
      case 5:
      case 6:
        return 4;
      case 10:
      case 11:
      case 12:
        return 8;
      default:
        return 0;
    }
  }

  /** Little-endian reads, counted against the header caps. */
  private static final class Le {
    private final DataInputStream in;
    private final String name;
    private long pos;
    private long kept;
    private long keptElements;

    Le(DataInputStream in, String name) {
      this.in = in;
      this.name = name;
    }

    long position() {
      return pos;
    }

    private void take(long n) throws WeightsException {
      if (n < 0 || n > MAX_HEADER_BYTES - pos) {
        throw new WeightsException(
            name
                + ": GGUF header runs past the "
                + (MAX_HEADER_BYTES >> 20)
                + " MiB limit (the file is corrupt or hostile)");
      }
      pos += n;
    }

    /** Whether {@code count} more array elements may be kept. */
    boolean keep(long count) {
      if (keptElements + count > MAX_KEPT_ELEMENTS) {
        return false;
      }
      keptElements += count;
      return true;
    }

    int u8() throws IOException, WeightsException {
      take(1);
      return in.readUnsignedByte();
    }

    int u16() throws IOException, WeightsException {
      take(2);
      return Short.reverseBytes(in.readShort()) & 0xFFFF;
    }

    long u32() throws IOException, WeightsException {
      take(4);
      return Integer.reverseBytes(in.readInt()) & 0xFFFFFFFFL;
    }

    long u64() throws IOException, WeightsException {
      take(8);
      return Long.reverseBytes(in.readLong());
    }

    byte[] bytes(int n) throws IOException, WeightsException {
      take(n);
      byte[] b = new byte[n];
      in.readFully(b);
      return b;
    }

    void skip(long n) throws IOException, WeightsException {
      take(n);
      in.skipNBytes(n);
    }

    private long length(long max, String what) throws IOException, WeightsException {
      long len = u64();
      if (len < 0 || len > max) {
        throw new WeightsException(
            name
                + ": GGUF "
                + what
                + " of "
                + Long.toUnsignedString(len)
                + " bytes, over the "
                + max
                + "-byte limit");
      }
      return len;
    }

    String string(long max, String what) throws IOException, WeightsException {
      long len = length(max, what);
      if (len > MAX_KEPT_BYTES - kept) {
        throw new WeightsException(
            name + ": GGUF header strings exceed the " + (MAX_KEPT_BYTES >> 20) + " MiB limit");
      }
      kept += len;
      return new String(bytes((int) len), StandardCharsets.UTF_8);
    }

    void skipString() throws IOException, WeightsException {
      skip(length(MAX_STRING, "string"));
    }
  }
}
