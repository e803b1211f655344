package io.hfvram.weights;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses safetensors headers: an 8-byte little-endian length N, then N bytes of JSON mapping tensor
 * names to {dtype, shape, data_offsets}. Only the header is ever read, never the tensors. Counts
 * are the product of each shape, summed per dtype. The JSON is read as a stream of tokens, never
 * built into a tree: memory is the header's bytes and one tensor entry.
 */
public final class SafetensorsHeader {
  /**
   * Our cap on the header: 32 MiB. The format allows 100,000,000 bytes; real headers are far
   * smaller (a DeepSeek-V3 shard's, about 1,000 tensors with their FP8 scales, is under 200 KB;
   * even an unsharded file of 100,000 tensors stays near 15 MB), and the header is held in memory
   * whole while it is read, from a file or from the Hub.
   */
  public static final long MAX_HEADER = 32L << 20;

  /** Longest tensor name, dtype or metadata string, in characters. */
  static final int MAX_STRING = 1 << 20;

  private static final BigDecimal MAX_DIM = BigDecimal.valueOf(1L << 40);
  private static final BigDecimal MAX_OFFSET = BigDecimal.valueOf(Long.MAX_VALUE);

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(64)
                  .maxStringLength(MAX_STRING)
                  .maxNameLength(MAX_STRING)
                  .maxNumberLength(1000)
                  .build())
          .build();

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
      throw new WeightsException(
          file
              + ": safetensors header length "
              + Long.toUnsignedString(n)
              + " is outside 2.."
              + MAX_HEADER
              + " bytes; the file is corrupt or not safetensors");
    }
    return n;
  }

  /** Adds the header's tensor element counts per dtype into {@code counts}. */
  public static void count(byte[] json, String file, Map<String, Long> counts)
      throws WeightsException {
    countAndExtent(json, file, counts, null);
  }

  /**
   * Adds the header's counts per dtype into {@code counts} and each tensor's shape into {@code
   * shapes} (name to dimensions; {@code null} to skip them).
   */
  public static void count(
      byte[] json, String file, Map<String, Long> counts, Map<String, List<Long>> shapes)
      throws WeightsException {
    countAndExtent(json, file, counts, shapes);
  }

  /**
   * Adds the counts into {@code counts} and returns the data extent: the largest end offset in any
   * tensor's {@code data_offsets} (0 when none gives one).
   */
  static long countAndExtent(
      byte[] json, String file, Map<String, Long> counts, Map<String, List<Long>> shapes)
      throws WeightsException {
    int start =
        json.length >= 3
                && (json[0] & 0xFF) == 0xEF
                && (json[1] & 0xFF) == 0xBB
                && (json[2] & 0xFF) == 0xBF
            ? 3
            : 0;
    Map<String, Long> local = new HashMap<>();
    Map<String, List<Long>> localShapes = shapes == null ? null : new HashMap<>();
    long extent = 0;
    try (JsonParser p = FACTORY.createParser(json, start, json.length - start)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new WeightsException(file + ": safetensors header is not a JSON object");
      }
      for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if ("__metadata__".equals(name)) {
          p.skipChildren();
          continue;
        }
        if (v != JsonToken.START_OBJECT) {
          throw new WeightsException(file + ": tensor '" + name + "' is not an object");
        }
        extent = Math.max(extent, tensor(p, file, name, local, localShapes));
      }
      if (p.nextToken() != null) {
        throw new WeightsException(
            file
                + ": safetensors header is not valid JSON: "
                + "content after the top-level object");
      }
      for (Map.Entry<String, Long> e : local.entrySet()) {
        counts.merge(e.getKey(), e.getValue(), Math::addExact);
      }
      if (shapes != null) {
        shapes.putAll(localShapes);
      }
    } catch (JsonProcessingException e) {
      throw new WeightsException(
          file + ": safetensors header is not valid JSON: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new WeightsException(file + ": safetensors header cannot be read: " + e.getMessage());
    } catch (ArithmeticException e) {
      throw new WeightsException(file + ": safetensors tensor counts overflow 64 bits");
    } catch (NumberFormatException e) {
      throw new WeightsException(file + ": safetensors header has a number out of range");
    }
    return extent;
  }

  /** Reads one tensor entry (the parser is on its START_OBJECT); returns its data end. */
  private static long tensor(
      JsonParser p,
      String file,
      String name,
      Map<String, Long> local,
      Map<String, List<Long>> shapes)
      throws IOException, WeightsException {
    String dtype = null;
    long n = -1;
    List<Long> dims = new ArrayList<>();
    long end = 0;
    for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      if ("dtype".equals(field)) {
        dtype = v == JsonToken.VALUE_STRING ? p.getText() : null;
        p.skipChildren();
      } else if ("shape".equals(field) && v == JsonToken.START_ARRAY) {
        n = 1;
        dims.clear();
        for (JsonToken d = p.nextToken(); d != JsonToken.END_ARRAY; d = p.nextToken()) {
          BigDecimal dim =
              d == JsonToken.VALUE_NUMBER_INT || d == JsonToken.VALUE_NUMBER_FLOAT && !p.isNaN()
                  ? p.getDecimalValue()
                  : null;
          if (dim == null
              || dim.signum() < 0
              || dim.compareTo(MAX_DIM) > 0
              || dim.scale() > 0 && dim.stripTrailingZeros().scale() > 0) {
            throw new WeightsException(file + ": tensor '" + name + "' has a bad shape");
          }
          n = Math.multiplyExact(n, dim.longValue());
          dims.add(dim.longValue());
        }
      } else if ("shape".equals(field)) {
        n = -1;
        dims.clear();
        p.skipChildren();
      } else if ("data_offsets".equals(field) && v == JsonToken.START_ARRAY) {
        end = offsetsEnd(p);
      } else {
        p.skipChildren();
      }
    }
    if (dtype == null || n < 0) {
      throw new WeightsException(file + ": tensor '" + name + "' lacks a dtype or shape");
    }
    local.merge(dtype, n, Math::addExact);
    if (shapes != null) {
      shapes.put(name, List.copyOf(dims));
    }
    return end;
  }

  /** The end of a [start, end] pair (the parser is on its START_ARRAY), or 0. */
  private static long offsetsEnd(JsonParser p) throws IOException {
    int i = 0;
    long end = 0;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      i++;
      if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT && !p.isNaN()) {
        BigDecimal v = p.getDecimalValue();
        end = i == 2 && v.signum() >= 0 && v.compareTo(MAX_OFFSET) <= 0 ? v.longValue() : end;
      } else {
        p.skipChildren();
      }
    }
    return i == 2 ? end : 0;
  }

  private static String firstLine(String msg) {
    if (msg == null) {
      return "malformed JSON";
    }
    int nl = msg.indexOf('\n');
    String line = nl < 0 ? msg : msg.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
