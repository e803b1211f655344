package io.hfvram.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.Fixtures;
import io.hfvram.HfVram;
import io.hfvram.core.Printable;
import io.hfvram.estimate.Gpus;
import io.hfvram.estimate.Serving;
import io.hfvram.estimate.Workload;
import io.hfvram.source.LoadedModel;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * A scan's HTML page keeps row text, not reports, and spills it to a temporary file, so memory
 * stays bounded however many rows; the chart caps its bars with a note. Also the sanitisers every
 * renderer uses for text from outside.
 */
final class ScanPageTest {
  private static final HfVram HF = HfVram.builder().workingDir(Fixtures.root()).build();
  private static final String M = "fixtures/models/meta-llama--Llama-2-7b-hf";

  private static RenderContext context() {
    Gpus.Gpu g = Gpus.find("l4");
    Workload w =
        Workload.defaults().withServing(Serving.defaults().withGpu(g.id(), g.memoryBytes()));
    return new RenderContext(RenderOptions.plain(), w, false, "test");
  }

  private static String page(ScanPage p, Report report, int rows) throws Exception {
    p.begin();
    for (int i = 0; i < rows; i++) {
      p.row(
          i % 5 == 4
              ? new Row(i, "bad/" + i, null, "not found")
              : new Row(i, M + "#" + i, report, null));
    }
    StringWriter w = new StringWriter();
    p.end(w);
    return w.toString();
  }

  @Test
  void spilledRowsGiveTheSamePageAsRowsInMemory() throws Exception {
    LoadedModel m = HF.load(M);
    Report report = new Report(m, HF.estimate(m.spec(), context().workload()));
    ScanPage small = new ScanPage(context(), 1_000);
    String spilled = page(small, report, 40);
    assertTrue(small.spilled(), "rows went to a temporary file");
    ScanPage big = new ScanPage(context());
    assertEquals(page(big, report, 40), spilled);
    assertFalse(big.spilled());
    assertEquals(41, spilled.split("<tr>").length - 1, "a header and 40 rows");
  }

  @Test
  void theChartDrawsAtMostItsCapAndSaysSo() throws Exception {
    LoadedModel m = HF.load(M);
    Report report = new Report(m, HF.estimate(m.spec(), context().workload()));
    int rows = ScanPage.MAX_CHART_BARS + 200;
    String html = page(new ScanPage(context(), 64 << 10), report, rows);
    assertTrue(html.contains("<h1>GPU memory of " + rows + " models</h1>"));
    assertTrue(
        html.contains(
            "The chart shows the first "
                + ScanPage.MAX_CHART_BARS
                + " models estimated; "
                + (rows * 4 / 5 - ScanPage.MAX_CHART_BARS)
                + " more are in the table."),
        "a note on the capped chart");
    assertEquals(ScanPage.MAX_CHART_BARS, html.split("<rect ").length - 1);
  }

  @Test
  void printableEscapesForeignControlsAndKeepsOurColours() {
    assertEquals("plain text", Printable.line("plain text"));
    assertEquals("a\\x1b]52;c;SGk=\\x07b", Printable.line("a\u001b]52;c;SGk=\u0007b"));
    assertEquals("x\\x9b2J\\u202e", Printable.line("x\u009b2J\u202e"));
    assertEquals("one\\x0atwo", Printable.line("one\ntwo"));
    assertEquals("one\ntwo\t3", Printable.text("one\ntwo\t3"));
    assertEquals(
        "\u001b[1mbold\u001b[0m \\x1b[2J \\x1b]0;t\\x07",
        Printable.terminal("\u001b[1mbold\u001b[0m \u001b[2J \u001b]0;t\u0007"));
  }

  @Test
  void csvCellsAreNeutralised() {
    assertEquals("'=1+1", ScanLines.cell("=1+1"));
    assertEquals("'@SUM(A1)", ScanLines.cell("@SUM(A1)"));
    assertEquals("'+x", ScanLines.cell("+x"));
    assertEquals("'-x", ScanLines.cell("-x"));
    assertEquals("'cmd", ScanLines.cell("\tcmd"));
    assertEquals("'x", ScanLines.cell("\rx"));
    assertEquals("-12", ScanLines.cell("-12"), "numbers stay");
    assertEquals("ab", ScanLines.cell("a\u001bb"), "control characters dropped");
    assertEquals("org/model", ScanLines.cell("org/model"));
  }
}
