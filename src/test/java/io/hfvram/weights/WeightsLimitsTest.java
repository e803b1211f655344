package io.hfvram.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and damaged weights files (issue 12 item 6, issue 16 item 21): every cap refuses with a
 * one-line WeightsException before allocating, and truncated files are flagged. Large files are
 * sparse (RandomAccessFile.setLength), so they cost no disk.
 */
final class WeightsLimitsTest {
  @TempDir Path tmp;

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Writes {@code head}, then extends the file with zeros (a hole) to {@code length}. */
  private Path sparse(String name, byte[] head, long length) throws IOException {
    Path f = tmp.resolve(name);
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.write(head);
      raf.setLength(Math.max(length, head.length));
    }
    return f;
  }

  private static byte[] ggufStart(long tensors, long kvs) {
    return le(24)
        .put(new byte[] {'G', 'G', 'U', 'F'})
        .putInt(3)
        .putLong(tensors)
        .putLong(kvs)
        .array();
  }

  private static String refused(Path f) {
    WeightsException e = assertThrows(WeightsException.class, () -> GgufReader.read(f));
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    return e.getMessage();
  }

  @Test
  void hugeTensorNameIsRefusedBeforeItIsRead() throws IOException {
    byte[] head = le(32).put(ggufStart(1_000_000, 0)).putLong(16L << 20).array();
    Path f = sparse("names.gguf", head, 1L << 40);
    assertTrue(refused(f).contains("tensor name of 16777216 bytes, over the 4096-byte limit"));
  }

  @Test
  void hugeKeyIsRefused() throws IOException {
    Path f = sparse("key.gguf", le(32).put(ggufStart(0, 1)).putLong(1L << 20).array(), 1L << 30);
    assertTrue(refused(f).contains("key of 1048576 bytes"));
  }

  @Test
  void arrayPayloadsPastTheHeaderCapAreRefusedWithoutReadingThem() throws IOException {
    // 50,000,000 u64 elements (400 MB) in one array: skipped in bulk, refused by the byte cap.
    ByteBuffer b =
        le(24 + 8 + 1 + 4 + 4 + 8)
            .put(ggufStart(0, 1))
            .putLong(1)
            .put((byte) 'k')
            .putInt(9)
            .putInt(10)
            .putLong(50_000_000);
    Path f = sparse("array.gguf", b.array(), 1L << 40);
    assertTrue(refused(f).contains("GGUF header runs past the 128 MiB limit"));
  }

  @Test
  void manyStringArraysAreBoundedByTheHeaderCap() throws IOException {
    // Every element an empty string: 8 bytes each, so the cap stops it after 16 M elements.
    ByteBuffer b =
        le(24 + 8 + 1 + 4 + 4 + 8)
            .put(ggufStart(0, 1))
            .putLong(1)
            .put((byte) 'k')
            .putInt(9)
            .putInt(8)
            .putLong(50_000_000);
    Path f = sparse("strings.gguf", b.array(), 1L << 40);
    assertTrue(refused(f).contains("128 MiB limit"));
  }

  @Test
  void arrayCountOverTheCapIsRefused() throws IOException {
    ByteBuffer b =
        le(24 + 8 + 1 + 4 + 4 + 8)
            .put(ggufStart(0, 1))
            .putLong(1)
            .put((byte) 'k')
            .putInt(9)
            .putInt(0)
            .putLong(-1);
    Path f = sparse("count.gguf", b.array(), 1 << 20);
    assertTrue(refused(f).contains("GGUF array of 18446744073709551615 elements"));
  }

  @Test
  void keptStringsAreCapped() throws IOException {
    // Five 16 MiB string values: each under its own cap, together over the 64 MiB kept cap.
    int n = 5;
    long len = 16L << 20;
    Path f = tmp.resolve("kept.gguf");
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.write(ggufStart(0, n));
      for (int i = 0; i < n; i++) {
        raf.write(
            le(8 + 1 + 4 + 8).putLong(1).put((byte) ('a' + i)).putInt(8).putLong(len).array());
        raf.seek(raf.getFilePointer() + len);
      }
      raf.setLength(raf.getFilePointer());
    }
    assertTrue(refused(f).contains("strings exceed the 64 MiB limit"));
  }

  @Test
  void truncatedGgufIsFlagged() throws Exception {
    byte[] head =
        new GgufWriter().string("general.architecture", "llama").tensor("w", 0, 1000, 1000).bytes();
    Path f = tmp.resolve("cut.gguf");
    Files.write(f, head);
    GgufReader.Header h = GgufReader.read(f);
    assertEquals(1, h.warnings().size());
    assertTrue(h.warnings().get(0).contains("looks truncated"), h.warnings().get(0));
    long aligned = (head.length + 31) / 32 * 32;
    Path whole = sparse("whole.gguf", head, aligned + 4_000_000);
    assertEquals(List.of(), GgufReader.read(whole).warnings());
  }

  @Test
  void safetensorsHeaderOverTheCapIsRefused() throws IOException {
    long n = SafetensorsHeader.MAX_HEADER + 1;
    Path f = sparse("big.safetensors", le(8).putLong(n).array(), 8 + n);
    WeightsException e =
        assertThrows(
            WeightsException.class,
            () -> LocalWeights.header(f, new HashMap<>(), new ArrayList<>()));
    assertTrue(e.getMessage().contains("outside 2..33554432 bytes"), e.getMessage());
  }

  @Test
  void truncatedSafetensorsIsFlagged() throws Exception {
    byte[] h =
        "{\"a\":{\"dtype\":\"BF16\",\"shape\":[100],\"data_offsets\":[0,200]}}"
            .getBytes(StandardCharsets.UTF_8);
    Path f =
        sparse(
            "cut.safetensors",
            le(8 + h.length).putLong(h.length).put(h).array(),
            8 + h.length + 150);
    List<String> warnings = new ArrayList<>();
    assertEquals(150, LocalWeights.header(f, new HashMap<>(), warnings));
    assertEquals(1, warnings.size());
    assertTrue(
        warnings.get(0).contains("ends at byte") || warnings.get(0).contains("end at byte"),
        warnings.get(0));
    Path whole =
        sparse(
            "whole.safetensors",
            le(8 + h.length).putLong(h.length).put(h).array(),
            8 + h.length + 200);
    warnings.clear();
    LocalWeights.header(whole, new HashMap<>(), warnings);
    assertEquals(List.of(), warnings);
  }

  @Test
  void overflowingShapesAreWeightsErrors() throws Exception {
    byte[] gguf = new GgufWriter().tensor("w", 0, 1L << 40, 1L << 40).bytes();
    Path g = tmp.resolve("overflow.gguf");
    Files.write(g, gguf);
    assertTrue(refused(g).contains("overflow 64 bits"));
    byte[] h =
        ("{\"a\":{\"dtype\":\"F32\",\"shape\":[1099511627776,1099511627776],"
                + "\"data_offsets\":[0,4]}}")
            .getBytes(StandardCharsets.UTF_8);
    Path f =
        sparse(
            "overflow.safetensors",
            le(8 + h.length).putLong(h.length).put(h).array(),
            8 + h.length + 4);
    WeightsException e =
        assertThrows(
            WeightsException.class,
            () -> LocalWeights.header(f, new HashMap<>(), new ArrayList<>()));
    assertTrue(e.getMessage().contains("overflow 64 bits"), e.getMessage());
  }
}
