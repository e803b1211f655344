package io.hfvram.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.Fixtures;
import io.hfvram.HfVram;
import io.hfvram.estimate.Gpus;
import io.hfvram.estimate.Serving;
import io.hfvram.estimate.Sweeps;
import io.hfvram.estimate.Workload;
import io.hfvram.source.LoadedModel;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/**
 * Markdown and HTML reports: golden files, well-formedness, self-containment (rendering: {@link
 * HtmlRenderingTest}).
 */
final class ReportsTest {
  private static final HfVram HF = HfVram.builder().workingDir(Fixtures.root()).build();

  private static Report report(String model, Workload w) throws Exception {
    LoadedModel m = HF.load(model);
    return new Report(m, HF.estimate(m.spec(), w));
  }

  private static Workload onH100() {
    Gpus.Gpu g = Gpus.find("h100-80gb");
    return Workload.defaults().withServing(Serving.defaults().withGpu(g.id(), g.memoryBytes()));
  }

  private static RenderContext context(Workload w) {
    return new RenderContext(RenderOptions.plain(), w, false, "test");
  }

  static String html() throws Exception {
    Report r = report("fixtures/models/meta-llama--Llama-2-70b-hf", onH100());
    return Format.HTML.models(context(onH100())).render(List.of(Row.of(0, r)));
  }

  static String scanHtml() throws Exception {
    List<Row> rows = new ArrayList<>();
    String[] models = {
      "fixtures/models/meta-llama--Llama-2-70b-hf",
      "fixtures/models/google--gemma-2b",
      "fixtures/models/mistralai--Mistral-7B-v0.1"
    };
    for (int i = 0; i < models.length; i++) {
      rows.add(new Row(i, models[i], report(models[i], onH100()), null));
    }
    rows.add(new Row(3, "org/<broken>&", null, "repository not found (HTTP 404)"));
    return Format.HTML.scan(context(onH100())).render(rows);
  }

  @Test
  void markdownGolden() throws Exception {
    GoldenTest.check(
        "llama-2-70b.md",
        MarkdownReport.render(
            report("fixtures/models/meta-llama--Llama-2-70b-hf", onH100()), RenderOptions.plain()));
  }

  @Test
  void htmlGolden() throws Exception {
    GoldenTest.check("llama-2-70b.html", html());
    GoldenTest.check("scan.html", scanHtml());
  }

  @Test
  void htmlIsWellFormedAndSelfContained() throws Exception {
    for (String doc : List.of(html(), scanHtml())) {
      String xml = doc.replace("<!DOCTYPE html>", "");
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
      String noNamespaces =
          doc.replace("http://www.w3.org/1999/xhtml", "").replace("http://www.w3.org/2000/svg", "");
      assertFalse(
          noNamespaces.contains("http://") || noNamespaces.contains("https://"),
          "no external resources");
      assertFalse(
          doc.contains("<link")
              || doc.contains(" src=")
              || doc.contains("@import")
              || doc.contains("url("),
          "no external scripts, styles or fonts");
      assertTrue(doc.contains("<svg"), "inline SVG charts");
    }
    assertTrue(scanHtml().contains("org/&lt;broken&gt;&amp;"), "escaped");
  }

  @Test
  void htmlShowsEveryGpuLineAndDtypeCurve() throws Exception {
    String doc = html();
    for (String s :
        List.of(
            ">fp32<",
            ">bf16<",
            ">int8<",
            ">int4<",
            ">rtx-4090<",
            ">l40s<",
            ">h100-80gb (chosen)<")) {
      assertTrue(doc.contains(s), s);
    }
  }

  @Test
  void sweepTableCoversEveryDtypeAndGpu() throws Exception {
    Report r = report("fixtures/models/meta-llama--Llama-3.1-8B", Workload.defaults());
    List<Sweeps.Cell> cells = Sweeps.sweep(r.model().spec(), Workload.defaults(), Gpus.all());
    assertEquals(Sweeps.DTYPES.size() * Gpus.all().size(), cells.size());
    String text = SweepReport.table(r, cells);
    for (Gpus.Gpu g : Gpus.all()) {
      assertTrue(text.contains(g.id()), g.id());
    }
    // Llama-3.1-8B in int4 fits a T4 at some context; in fp32 it does not fit 16 GB at all.
    Sweeps.Cell t4fp32 =
        cells.stream()
            .filter(c -> c.gpu().id().equals("t4") && c.dtype().id().equals("fp32"))
            .findFirst()
            .orElseThrow();
    assertEquals(0, t4fp32.maxSequenceLength());
    Sweeps.Cell t4int4 =
        cells.stream()
            .filter(c -> c.gpu().id().equals("t4") && c.dtype().id().equals("int4"))
            .findFirst()
            .orElseThrow();
    assertTrue(t4int4.maxSequenceLength() > 4096);
  }

  @Test
  void decimalUnitsAndExplanations() throws Exception {
    Report r = report("fixtures/models/meta-llama--Llama-2-70b-hf", Workload.defaults());
    String gb =
        TableReport.render(r, new RenderOptions(false, 100, RenderOptions.UnitSystem.GB, true));
    assertTrue(gb.contains("137.95 GB"), "weights in decimal GB");
    assertTrue(gb.contains("GB = 10^9 bytes"));
    for (String figure :
        List.of(
            "inference.weightsBytes",
            "inference.kvCacheBytesPerToken",
            "inference.kvCacheBytes",
            "inference.activationBytes",
            "inference.overheadBytes",
            "training.weightsBytes",
            "training.gradientBytes",
            "training.optimizerBytes",
            "training.activationBytes",
            "training.overheadBytes")) {
      assertTrue(gb.contains(figure + " = "), figure);
    }
    assertTrue(
        gb.contains("(80 attention layers x 2 x 8 KV heads x 128) x 2 B (fp16) = 327,680"), gb);
  }
}
