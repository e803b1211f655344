package io.hfvram.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.Fixtures;
import io.hfvram.estimate.Workload;
import io.hfvram.report.Row;
import io.hfvram.source.LocalLoader;
import io.hfvram.source.ModelLoader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Scan lists in bounded memory: a line that cannot be read is its row, not the scan's end. */
final class ScanListTest {
  private static final String GOOD = Fixtures.model("meta-llama--Llama-2-7b-hf").toString();

  private static List<Scanner.Input> read(byte[] bytes) {
    List<Scanner.Input> all = new ArrayList<>();
    try (ScanList l = new ScanList(new ByteArrayInputStream(bytes))) {
      l.forEachRemaining(all::add);
    }
    return all;
  }

  @Test
  void aBomIsDroppedAndBlankLinesAndCommentsSkipped() {
    byte[] b =
        ("\ufeff# models\r\norg/a\r\n\r\n  org/b  \n#x\norg/c").getBytes(StandardCharsets.UTF_8);
    List<Scanner.Input> in = read(b);
    assertEquals(
        List.of(Scanner.Input.of("org/a"), Scanner.Input.of("org/b"), Scanner.Input.of("org/c")),
        in);
    assertEquals(3, ScanList.count(new ByteArrayInputStream(b)));
    assertEquals(
        List.of(Scanner.Input.of("org/a")), read("\ufefforg/a\n".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void invalidUtf8IsThatLinesError() {
    byte[] b = {'o', 'r', 'g', '/', 'a', '\n', 'o', (byte) 0xc3, '\n', 'o', 'r', 'g', '/', 'b'};
    List<Scanner.Input> in = read(b);
    assertEquals(3, in.size());
    assertNull(in.get(0).error());
    assertEquals("line 2 is not valid UTF-8", in.get(1).error());
    assertEquals(Scanner.Input.of("org/b"), in.get(2));
  }

  /** An endless line of 'a' that is never held in memory. */
  private static InputStream longLine(long n, String after) {
    byte[] tail = after.getBytes(StandardCharsets.UTF_8);
    return new InputStream() {
      private long pos;

      @Override
      public int read() {
        long p = pos++;
        if (p < n) {
          return 'a';
        }
        return p - n < tail.length ? tail[(int) (p - n)] : -1;
      }
    };
  }

  @Test
  void anOverlongLineIsItsRowAndIsNotKept() {
    List<Scanner.Input> in = new ArrayList<>();
    // 64 MiB of one line: read through, never kept (the test runs in a small heap too).
    try (ScanList l = new ScanList(longLine(64L << 20, "\norg/next\n"))) {
      l.forEachRemaining(in::add);
    }
    assertEquals(2, in.size());
    assertTrue(in.get(0).error().startsWith("line 1 is longer than 8192 bytes"));
    assertTrue(in.get(0).text().length() < 100, "the line is not quoted back");
    assertEquals(Scanner.Input.of("org/next"), in.get(1));
    ByteArrayOutputStream exact = new ByteArrayOutputStream();
    exact.writeBytes("a".repeat(ScanList.MAX_LINE).getBytes(StandardCharsets.UTF_8));
    assertNull(read(exact.toByteArray()).get(0).error(), "a line of exactly the cap is read");
  }

  @Test
  void inputErrorsAreRowsInOrder() throws Exception {
    List<Row> rows = new ArrayList<>();
    Iterator<Scanner.Input> it =
        List.of(
                Scanner.Input.of(GOOD),
                new Scanner.Input("x", "line 2 is not valid UTF-8"),
                Scanner.Input.of(GOOD))
            .iterator();
    ModelLoader loader = ref -> LocalLoader.load(ref, Path.of(ref));
    Scanner.Summary s =
        new Scanner(loader, Workload.defaults(), 2, Throwable::toString).scan(it, rows::add, null);
    assertEquals(3, s.rows());
    assertEquals(1, s.failed());
    assertEquals("line 2 is not valid UTF-8", rows.get(1).error());
  }

  @Test
  void aFailingSinkStopsTheScanWithoutFetchingTheRest() {
    AtomicInteger loads = new AtomicInteger();
    ModelLoader loader =
        ref -> {
          loads.incrementAndGet();
          return LocalLoader.load(GOOD, Path.of(GOOD));
        };
    Iterator<String> endless =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public String next() {
            return "m" + loads.get();
          }
        };
    AtomicInteger written = new AtomicInteger();
    RuntimeException closed = new IllegalStateException("closed pipe");
    Scanner scanner = new Scanner(loader, Workload.defaults(), 2, Throwable::toString);
    assertThrows(
        IllegalStateException.class,
        () ->
            scanner.run(
                endless,
                r -> {
                  if (written.incrementAndGet() > 3) {
                    throw closed;
                  }
                },
                null));
    assertTrue(loads.get() <= 3 + 1 + 2 * 4 + 2, "loads: " + loads.get());
  }
}
