package io.hfvram.weights;

import io.hfvram.core.Json;
import io.hfvram.core.JsonException;
import io.hfvram.spec.ParameterSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Exact parameter counts from the safetensors files of a local folder: the shards named by {@code
 * model.safetensors.index.json}, or every {@code *.safetensors} file. Reads only each file's
 * header.
 */
public final class LocalWeights {
  private LocalWeights() {}

  /**
   * Reads the folder's weights metadata, or returns null when it has no safetensors files.
   *
   * @param resolver maps a file name in the folder to a readable path, or null to skip it (the
   *     Hugging Face cache uses this to refuse links that leave the cache)
   */
  public static WeightsMetadata read(Path folder, Function<String, Path> resolver)
      throws WeightsException {
    TreeSet<String> files = new TreeSet<>();
    Path index = resolver.apply("model.safetensors.index.json");
    if (index != null) {
      files.addAll(shards(index));
    } else {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "*.safetensors")) {
        for (Path p : ds) {
          files.add(p.getFileName().toString());
        }
      } catch (IOException e) {
        return null;
      }
    }
    if (files.isEmpty()) {
      return null;
    }
    Map<String, Long> counts = new HashMap<>();
    Map<String, List<Long>> shapes = new HashMap<>();
    List<String> warnings = new ArrayList<>();
    long bytes = 0;
    for (String name : files) {
      Path p = resolver.apply(name);
      if (p == null) {
        throw new WeightsException(folder.resolve(name) + ": listed in the index but missing");
      }
      bytes = Math.addExact(bytes, header(p, counts, shapes, warnings));
    }
    return new WeightsMetadata(
        counts,
        bytes,
        ParameterSource.SAFETENSORS,
        files.size() == 1 ? files.first() : files.size() + " safetensors shards",
        warnings,
        shapes);
  }

  /** Shard file names from an index, validated. */
  static List<String> shards(Path index) throws WeightsException {
    Object parsed;
    try {
      if (Files.size(index) > (64L << 20)) {
        throw new WeightsException(index + ": index over 64 MiB");
      }
      parsed = Json.parse(Files.readAllBytes(index));
    } catch (IOException | JsonException e) {
      throw new WeightsException(index + ": cannot be read as JSON (" + e.getMessage() + ")");
    }
    return shardNames(parsed, index.toString());
  }

  /** The distinct, safe shard names in a parsed index's weight_map. */
  public static List<String> shardNames(Object parsed, String file) throws WeightsException {
    if (!(parsed instanceof Map) || !(((Map<?, ?>) parsed).get("weight_map") instanceof Map)) {
      throw new WeightsException(file + ": no 'weight_map' object");
    }
    TreeSet<String> names = new TreeSet<>();
    for (Object v : ((Map<?, ?>) ((Map<?, ?>) parsed).get("weight_map")).values()) {
      if (!(v instanceof String)) {
        throw new WeightsException(file + ": 'weight_map' values must be file names");
      }
      String s = (String) v;
      if (!safeName(s)) {
        throw new WeightsException(file + ": refusing shard name '" + s + "'");
      }
      names.add(s);
    }
    return List.copyOf(names);
  }

  /** A relative file name with no parent segments, scheme, absolute path or odd characters. */
  public static boolean safeName(String s) {
    if (s.isEmpty()
        || s.length() > 255
        || s.startsWith("/")
        || s.contains("\\")
        || s.contains("://")
        || s.indexOf('\0') >= 0
        || s.contains("%")) {
      return false;
    }
    for (String seg : s.split("/")) {
      if (seg.isEmpty() || seg.equals("..") || seg.equals(".")) {
        return false;
      }
    }
    return true;
  }

  /** Reads one file's header into counts (shapes not kept); returns its data bytes. */
  static long header(Path file, Map<String, Long> counts, List<String> warnings)
      throws WeightsException {
    return header(file, counts, null, warnings);
  }

  /**
   * Reads one file's header into counts and shapes, adding a warning when the file ends before the
   * data its header describes; returns the file's tensor data bytes.
   */
  static long header(
      Path file, Map<String, Long> counts, Map<String, List<Long>> shapes, List<String> warnings)
      throws WeightsException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer first = ByteBuffer.allocate(8);
      readFully(ch, first);
      long n = SafetensorsHeader.headerLength(first.array(), file.toString());
      long size = ch.size();
      if (8 + n > size) {
        throw new WeightsException(
            file + ": header of " + n + " bytes runs past the end of a " + size + "-byte file");
      }
      ByteBuffer json = ByteBuffer.allocate((int) n);
      readFully(ch, json);
      long extent = SafetensorsHeader.countAndExtent(json.array(), file.toString(), counts, shapes);
      if (extent > size - 8 - n) {
        warnings.add(
            file
                + " is "
                + size
                + " bytes but its tensors end at byte "
                + (extent > Long.MAX_VALUE - 8 - n ? "past 2^63" : Long.toString(8 + n + extent))
                + ": the file looks truncated (an interrupted download?)");
      }
      return size - 8 - n;
    } catch (IOException e) {
      throw new WeightsException(file + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      if (ch.read(buf) < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }
}
