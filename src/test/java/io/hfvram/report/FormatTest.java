package io.hfvram.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.Fixtures;
import io.hfvram.HfVram;
import io.hfvram.estimate.Gpus;
import io.hfvram.estimate.Serving;
import io.hfvram.estimate.Workload;
import io.hfvram.source.LoadedModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Format factory: which formats stream row by row, which buffer, and what each makes. */
final class FormatTest {
  private static final HfVram HF = HfVram.builder().workingDir(Fixtures.root()).build();
  private static final String GEMMA = "fixtures/models/google--gemma-2b";
  private static final String MISTRAL = "fixtures/models/mistralai--Mistral-7B-v0.1";

  private static Workload onL4() {
    Gpus.Gpu g = Gpus.find("l4");
    return Workload.defaults().withServing(Serving.defaults().withGpu(g.id(), g.memoryBytes()));
  }

  private static Row row(long index, String model, Workload w) throws Exception {
    LoadedModel m = HF.load(model);
    return new Row(index, model, new Report(m, HF.estimate(m.spec(), w)), null);
  }

  private static RenderContext context(Workload w, boolean sweep) {
    return new RenderContext(RenderOptions.plain(), w, sweep, "test");
  }

  @Test
  void namesAreTheOnesTheCliAccepts() {
    assertEquals("[table, json, markdown, html]", Format.forModels().toString());
    assertEquals("[table, csv, jsonl, markdown, html]", Format.forScan().toString());
  }

  @Test
  void rowFormatsStreamEachRowAsItComes() throws Exception {
    Row failed = new Row(1, "org/missing", null, "repository not found (HTTP 404)");
    for (Format f : List.of(Format.TABLE, Format.CSV, Format.JSONL, Format.MARKDOWN)) {
      // Wide enough for the whole table: narrower, the table shortens ids (see ScanTable).
      Renderer r =
          f.scan(
              new RenderContext(
                  new RenderOptions(false, 240, RenderOptions.UnitSystem.GIB, false),
                  onL4(),
                  false,
                  "test"));
      String begin = r.begin();
      assertEquals(f == Format.JSONL, begin.isEmpty(), f + " header");
      assertTrue(r.row(row(0, GEMMA, onL4())).contains(GEMMA), f + " streams the row");
      assertTrue(r.row(failed).contains("repository not found"), f + " streams the failure");
      assertEquals("", r.end(), f.toString());
    }
    String csv = Format.CSV.scan(context(Workload.defaults(), false)).begin();
    assertTrue(csv.endsWith("trainingTotalBytes\r\n"), "no fit columns without a GPU: " + csv);
  }

  @Test
  void scanHtmlBuffersUntilTheEnd() throws Exception {
    Renderer r = Format.HTML.scan(context(onL4(), false));
    assertEquals("", r.begin());
    assertEquals("", r.row(row(0, GEMMA, onL4())));
    String page = r.end();
    assertTrue(
        page.startsWith("<!DOCTYPE html>")
            && page.contains("GPU memory of 1 models")
            && page.contains(">GPUs needed<"),
        page);
  }

  @Test
  void modelsGiveOneObjectOrPageForOneAndArraysOrTheScanPageForSeveral() throws Exception {
    Workload w = onL4();
    List<Row> one = List.of(row(0, GEMMA, w));
    List<Row> two = List.of(row(0, GEMMA, w), row(1, MISTRAL, w));
    assertTrue(Format.JSON.models(context(w, false)).render(one).startsWith("{\n"));
    assertTrue(Format.JSON.models(context(w, false)).render(two).startsWith("[\n"));
    assertTrue(
        Format.HTML
            .models(context(w, false))
            .render(one)
            .contains("Memory against context length"));
    assertTrue(
        Format.HTML.models(context(w, false)).render(two).contains("GPU memory of 2 models"));
    String tables = Format.TABLE.models(context(w, false)).render(two);
    assertEquals(
        TableReport.render(one.get(0).report()) + "\n" + TableReport.render(two.get(1).report()),
        tables,
        "blocks apart by a blank line");
  }

  @Test
  void sweepsAreComputedFromTheContextsWorkload() throws Exception {
    Workload w = Workload.defaults();
    List<Row> one = List.of(row(0, GEMMA, w));
    String table = Format.TABLE.models(context(w, true)).render(one);
    assertTrue(table.contains("int4 ctx / batch") && table.contains("h100-80gb"), table);
    assertEquals(table, Format.HTML.models(context(w, true)).render(one), "html gets the table");
    String json = Format.JSON.models(context(w, true)).render(one);
    assertTrue(json.startsWith("{\n  \"model\": \"" + GEMMA + "\",\n  \"sweep\": ["), json);
    assertTrue(Format.MARKDOWN.models(context(w, true)).render(one).contains(": what fits where"));
  }

  @Test
  void jsonIsNotAScanFormat() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Format.JSON.scan(context(Workload.defaults(), false)));
  }
}
