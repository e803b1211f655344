package io.hfvram.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.Fixtures;
import io.hfvram.estimate.Workload;
import io.hfvram.report.Row;
import io.hfvram.source.LocalLoader;
import io.hfvram.source.ModelLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A failure of any kind is that input's row; the scan goes on and loses no row. */
final class ScannerTest {
  private static final String GOOD = Fixtures.model("meta-llama--Llama-2-7b-hf").toString();

  private static List<Row> scan(ModelLoader loader, List<String> inputs, Scanner.Listener l)
      throws InterruptedException {
    List<Row> rows = new ArrayList<>();
    Scanner.Summary s =
        new Scanner(loader, Workload.defaults(), 3, Throwable::toString)
            .run(inputs.iterator(), rows::add, l);
    assertEquals(inputs.size(), s.rows());
    return rows;
  }

  private static ModelLoader failingOn(String bad, Throwable t) {
    return ref -> {
      if (ref.equals(bad)) {
        if (t instanceof Error e) {
          throw e;
        }
        throw (RuntimeException) t;
      }
      return LocalLoader.load(ref, Path.of(ref));
    };
  }

  @Test
  void anOutOfMemoryErrorInOneWorkerIsThatRowsError() throws InterruptedException {
    List<String> inputs = List.of(GOOD, "bomb", GOOD, GOOD, GOOD, GOOD, GOOD, GOOD);
    List<Row> rows = scan(failingOn("bomb", new OutOfMemoryError("Java heap space")), inputs, null);
    assertEquals(8, rows.size());
    assertTrue(rows.get(1).failed());
    assertTrue(rows.get(1).error().contains("out of memory"), rows.get(1).error());
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(i, rows.get(i).index());
      assertEquals(i != 1, !rows.get(i).failed(), "row " + i);
    }
  }

  @Test
  void anErrorThrownOutsideTheRowHandlingStillYieldsTheRow() throws InterruptedException {
    List<String> inputs = List.of(GOOD, GOOD, GOOD, GOOD);
    Scanner.Listener explodes =
        row -> {
          if (row.index() == 2) {
            throw new IllegalStateException("listener broke");
          }
        };
    List<Row> rows = scan(failingOn("none", new RuntimeException()), inputs, explodes);
    assertEquals(4, rows.size());
    assertTrue(rows.get(2).failed());
    assertTrue(rows.get(2).error().contains("listener broke"), rows.get(2).error());
    assertFalse(rows.get(3).failed());
    assertEquals(GOOD, rows.get(2).input());
  }
}
