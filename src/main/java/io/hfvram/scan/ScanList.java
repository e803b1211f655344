package io.hfvram.scan;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads a scan list (a file or standard input) one line at a time, with bounded memory: blank lines
 * and {@code #} comments are skipped, a UTF-8 byte-order mark at the start is dropped, and a line
 * that is not valid UTF-8 or is longer than {@link #MAX_LINE} bytes becomes that line's error row
 * instead of refusing the whole scan (the rest of an overlong line is skipped unread into memory).
 */
public final class ScanList implements Iterator<Scanner.Input>, AutoCloseable {
  /** The longest line read, in bytes: a Hub id with a revision, or a path of PATH_MAX. */
  public static final int MAX_LINE = 8192;

  private final InputStream in;
  private long lineNumber;
  private Scanner.Input next;
  private boolean started;

  /** A reader of {@code in}; closing the list closes it. */
  public ScanList(InputStream in) {
    this.in = new BufferedInputStream(in, 65_536);
  }

  /** Counts the inputs {@code in} holds (for the progress bar), then closes it. */
  public static long count(InputStream in) {
    long n = 0;
    try (ScanList l = new ScanList(in)) {
      while (l.hasNext()) {
        l.next();
        n++;
      }
    }
    return n;
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      next = advance();
    }
    return next != null;
  }

  @Override
  public Scanner.Input next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Scanner.Input i = next;
    next = null;
    return i;
  }

  private Scanner.Input advance() {
    try {
      ByteArrayOutputStream line = new ByteArrayOutputStream(128);
      while (true) {
        line.reset();
        Boolean more = readLine(line);
        if (more == null) {
          return null;
        }
        lineNumber++;
        Scanner.Input input = input(line.toByteArray(), !more);
        if (input != null) {
          return input;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads up to the next newline into {@code line}, at most MAX_LINE + 1 bytes kept. Returns null
   * at the end of input, TRUE when the line fits, FALSE when it was cut.
   */
  private Boolean readLine(ByteArrayOutputStream line) throws IOException {
    int b = in.read();
    if (b < 0) {
      return null;
    }
    boolean fits = true;
    for (; b >= 0 && b != '\n'; b = in.read()) {
      if (line.size() <= MAX_LINE) {
        line.write(b);
      } else {
        fits = false;
      }
    }
    return fits && line.size() <= MAX_LINE;
  }

  /** The input for one line's bytes, or null for a blank line or a comment. */
  private Scanner.Input input(byte[] bytes, boolean cut) {
    int from = 0;
    if (!started) {
      started = true;
      if (bytes.length >= 3
          && (bytes[0] & 0xff) == 0xef
          && (bytes[1] & 0xff) == 0xbb
          && (bytes[2] & 0xff) == 0xbf) {
        from = 3;
      }
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes, from, bytes.length - from);
    if (cut) {
      String head =
          new String(bytes, from, Math.min(60, bytes.length - from), StandardCharsets.UTF_8)
              .strip();
      return new Scanner.Input(
          head + "…",
          "line " + lineNumber + " is longer than " + MAX_LINE + " bytes: not a model id or path");
    }
    String s;
    try {
      s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(buf)
              .toString()
              .strip();
    } catch (CharacterCodingException e) {
      String shown = new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8).strip();
      return new Scanner.Input(shown, "line " + lineNumber + " is not valid UTF-8");
    }
    return s.isEmpty() || s.startsWith("#") ? null : new Scanner.Input(s, null);
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException ignored) {
      // Nothing was lost: the lines read are the rows.
    }
  }
}
