package io.hfvram.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lean JSON reader: Jackson's streaming parser (no data binding, so it loads fast) into plain
 * Java values: {@code Map<String,Object>} (insertion order), {@code List<Object>}, {@code String},
 * {@code Long}, {@code BigDecimal}, {@code Double} (only for NaN/Infinity), {@code Boolean} and
 * {@code null}.
 *
 * <p>Limits protect against hostile files: nesting depth, string length and document length are
 * capped with Jackson's {@link StreamReadConstraints}. Non-standard {@code NaN}/{@code Infinity}
 * tokens, which Python's json module writes and some real configs contain, are accepted.
 */
public final class Json {
  /** Deepest nesting accepted. */
  public static final int MAX_DEPTH = 64;

  /** Longest string accepted, in characters. */
  public static final int MAX_STRING = 1 << 20;

  /** Longest number literal accepted, in characters. */
  public static final int MAX_NUMBER = 1000;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH)
                  .maxStringLength(MAX_STRING)
                  .maxNumberLength(MAX_NUMBER)
                  .maxNameLength(MAX_STRING)
                  .build())
          .build();

  private Json() {}

  /** Parses a whole document. A UTF-8 byte-order mark is skipped. */
  public static Object parse(byte[] bytes) throws JsonException {
    int start = 0;
    if (bytes.length >= 3
        && (bytes[0] & 0xFF) == 0xEF
        && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF) {
      start = 3;
    }
    try (JsonParser p = FACTORY.createParser(bytes, start, bytes.length - start)) {
      return parseAll(p);
    } catch (StreamConstraintsException e) {
      throw new JsonException(firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new JsonException(describe(e));
    } catch (NumberFormatException e) {
      throw new JsonException(firstLine(e.getMessage()));
    }
  }

  /** Parses a whole document from a stream. */
  public static Object parse(InputStream in) throws JsonException {
    try (JsonParser p = FACTORY.createParser(in)) {
      return parseAll(p);
    } catch (StreamConstraintsException e) {
      throw new JsonException(firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new JsonException(describe(e));
    } catch (NumberFormatException e) {
      throw new JsonException(firstLine(e.getMessage()));
    }
  }

  private static Object parseAll(JsonParser p) throws IOException, JsonException {
    JsonToken t = p.nextToken();
    if (t == null) {
      throw new JsonException("empty document");
    }
    Object value = read(p, t);
    if (p.nextToken() != null) {
      throw new JsonException(
          "unexpected content after the JSON value at line " + p.currentLocation().getLineNr());
    }
    return value;
  }

  private static Object read(JsonParser p, JsonToken t) throws IOException, JsonException {
    switch (t) {
      case START_OBJECT:
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          String name = p.currentName();
          map.put(name, read(p, p.nextToken()));
        }
        return map;
      case START_ARRAY:
        List<Object> list = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          list.add(read(p, e));
        }
        return list;
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        if (p.getNumberType() == JsonParser.NumberType.INT
            || p.getNumberType() == JsonParser.NumberType.LONG) {
          return p.getLongValue();
        }
        return decimal(p);
      case VALUE_NUMBER_FLOAT:
        if (p.isNaN()) {
          return p.getDoubleValue();
        }
        return decimal(p);
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new JsonException("unexpected token " + t);
    }
  }

  /**
   * The number under the parser, unexpanded: {@code 1e-999999999} stays a one-digit BigDecimal
   * (readers must never ask for its plain digits). An exponent beyond BigDecimal's int scale is
   * refused with one line instead of an unchecked NumberFormatException.
   */
  private static BigDecimal decimal(JsonParser p) throws IOException, JsonException {
    BigDecimal d;
    try {
      d = p.getDecimalValue();
    } catch (NumberFormatException | ArithmeticException e) {
      throw outOfRange(p);
    }
    // The JDKs differ at BigDecimal's edge: JDK 25 parses a scale of exactly Integer.MIN_VALUE
    // that JDK 17 refuses; refuse it on every JDK (readers negate scales).
    if (Math.abs((long) d.scale()) > MAX_SCALE) {
      throw outOfRange(p);
    }
    return d;
  }

  /** The largest scale magnitude a parsed number may have (RawConfig bounds real values). */
  static final long MAX_SCALE = Integer.MAX_VALUE;

  private static JsonException outOfRange(JsonParser p) throws IOException {
    String text = p.getText();
    if (text.length() > 40) {
      text = text.substring(0, 20) + "..." + text.substring(text.length() - 15);
    }
    return new JsonException(
        "number "
            + text
            + " has an exponent out of range (line "
            + p.currentTokenLocation().getLineNr()
            + ", column "
            + p.currentTokenLocation().getColumnNr()
            + ")");
  }

  private static String describe(IOException e) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
      var jpe = (com.fasterxml.jackson.core.JsonProcessingException) e;
      msg = jpe.getOriginalMessage();
      if (jpe.getLocation() != null) {
        msg =
            msg
                + " (line "
                + jpe.getLocation().getLineNr()
                + ", column "
                + jpe.getLocation().getColumnNr()
                + ")";
      }
    }
    return firstLine(msg);
  }

  private static String firstLine(String msg) {
    if (msg == null) {
      return "malformed JSON";
    }
    int marker = msg.indexOf(" (start marker at");
    if (marker > 0) {
      msg = msg.substring(0, marker);
    }
    int nl = msg.indexOf('\n');
    String line = nl < 0 ? msg : msg.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  /** Returns a number as BigDecimal, or null when it is not a finite number. */
  public static BigDecimal decimal(Object value) {
    if (value instanceof Long) {
      return BigDecimal.valueOf((Long) value);
    }
    if (value instanceof BigDecimal) {
      return (BigDecimal) value;
    }
    return null;
  }
}
