package io.hfvram.weights;

import io.hfvram.spec.ParameterSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parameter counts read from weights metadata (safetensors headers, the Hub's summary of them, or
 * GGUF tensor infos), per stored dtype.
 *
 * @param byDtype elements per stored dtype name ("BF16", "U8", "F8_E4M3"...; GGUF type names)
 * @param bytes stored bytes of the tensors, or -1 when unknown
 * @param source safetensors or gguf
 * @param origin what was read, for the source details ("model info API", "3 shard headers")
 * @param warnings what looks wrong in the files but does not stop the estimate (truncation)
 * @param shapes every tensor's name and shape when the headers themselves were read (empty for the
 *     Hub's summary and GGUF files)
 */
public record WeightsMetadata(
    Map<String, Long> byDtype,
    long bytes,
    ParameterSource source,
    String origin,
    List<String> warnings,
    Map<String, List<Long>> shapes) {
  public WeightsMetadata {
    byDtype = Map.copyOf(new TreeMap<>(byDtype));
    warnings = List.copyOf(warnings);
    shapes = Map.copyOf(shapes);
  }

  /** Metadata without tensor shapes. */
  public WeightsMetadata(
      Map<String, Long> byDtype,
      long bytes,
      ParameterSource source,
      String origin,
      List<String> warnings) {
    this(byDtype, bytes, source, origin, warnings, Map.of());
  }

  /** Metadata with no warnings. */
  public WeightsMetadata(
      Map<String, Long> byDtype, long bytes, ParameterSource source, String origin) {
    this(byDtype, bytes, source, origin, List.of());
  }

  /** Total elements over all dtypes. */
  public long total() {
    long t = 0;
    for (long n : byDtype.values()) {
      t = Math.addExact(t, n);
    }
    return t;
  }
}
