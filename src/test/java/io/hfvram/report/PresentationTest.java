package io.hfvram.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.Fixtures;
import io.hfvram.HfVram;
import io.hfvram.estimate.Gpus;
import io.hfvram.estimate.Method;
import io.hfvram.estimate.Serving;
import io.hfvram.estimate.Sweeps;
import io.hfvram.estimate.TrainingSetup;
import io.hfvram.estimate.Workload;
import io.hfvram.source.LoadedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a user sees (issue 16, items 7, 8, 10 to 13, 15, 16, 18): round ticks over the data, one
 * colour per part, the scan chart's axis and GPU lines, the fit line beyond one GPU, tight fits,
 * and labels that say what a figure is.
 */
final class PresentationTest {
  private static final HfVram HF = HfVram.builder().workingDir(Fixtures.root()).build();
  private static final String LLAMA70 = "fixtures/models/meta-llama--Llama-2-70b-hf";
  private static final String DEEPSEEK = "fixtures/models/deepseek-ai--DeepSeek-V3";
  private static final String LLAMA7 = "fixtures/models/meta-llama--Llama-2-7b-hf";

  private static Report report(String model, Workload w) throws Exception {
    LoadedModel m = HF.load(model);
    return new Report(m, HF.estimate(m.spec(), w));
  }

  private static Workload on(String gpu) {
    Gpus.Gpu g = Gpus.find(gpu);
    return Workload.defaults().withServing(Serving.defaults().withGpu(g.id(), g.memoryBytes()));
  }

  private static String html(Report r, Workload w) {
    return Format.HTML
        .models(new RenderContext(RenderOptions.plain(), w, false, "test"))
        .render(List.of(Row.of(0, r)));
  }

  /** Whether v is 1, 2 or 5 x 10^n. */
  private static boolean round(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
    double f = v / p;
    return Math.abs(f - 1) < 1e-9 || Math.abs(f - 2) < 1e-9 || Math.abs(f - 5) < 1e-9;
  }

  @Test
  void axisTicksAreRoundStepsOverTheData() {
    for (double max : new double[] {0.7, 3.2, 24, 161.3, 259.6, 1288, 10304}) {
      Axis a = Axis.linear(max);
      assertTrue(a.hi() >= max, "covers " + max);
      assertTrue(a.hi() < 2.5 * max, "not far above " + max + ": " + a.hi());
      double step = a.ticks().get(1) - a.ticks().get(0);
      assertEquals(Axis.niceStep(step), step, 1e-9 * step, "step 1, 2 or 5 x 10^n: " + step);
      for (int k = 0; k < a.ticks().size(); k++) {
        assertEquals(k * step, a.ticks().get(k), 1e-9 * a.hi());
      }
    }
    assertEquals(List.of(0.0, 100.0, 200.0, 300.0), Axis.linear(259.6).ticks());
    assertEquals(50, Axis.niceStep(32.2));
    assertEquals(
        List.of("1", "0.5", "2000"), List.of(Axis.label(1), Axis.label(0.5), Axis.label(2000)));
    Axis log = Axis.fit(new double[] {3.2, 24, 643});
    assertTrue(log.log(), "one model 200x the smallest: log axis");
    assertEquals(1, log.lo());
    assertEquals(1000, log.hi());
    for (double t : log.ticks()) {
      assertTrue(round(t), "log tick " + t);
    }
    assertFalse(Axis.fit(new double[] {5, 15, 131}).log(), "ratio 26: linear");
  }

  @Test
  void contextChartIsScaledToTheDataNotClampedToTheGpus() throws Exception {
    Workload w = on("h100-80gb");
    Report r = report(LLAMA70, w);
    String doc = html(r, w);
    List<Sweeps.Curve> curves = Sweeps.memoryVsContext(r.model().spec(), w);
    Sweeps.Curve fp32 =
        curves.stream().filter(c -> c.dtype().toString().equals("fp32")).findFirst().orElseThrow();
    long last = fp32.totalBytes().get(fp32.totalBytes().size() - 1);
    double gib = last / (double) (1L << 30);
    assertTrue(gib > 250, "Llama-2-70b in fp32 is about 259 GiB: " + gib);
    List<Double> ticks = new ArrayList<>();
    Matcher m = Pattern.compile("text-anchor=\"end\">(\\d+)</text>").matcher(doc);
    while (m.find()) {
      ticks.add(Double.parseDouble(m.group(1)));
    }
    assertEquals(List.of(0.0, 100.0, 200.0, 300.0), ticks, "round ticks over the data");
    Matcher pts = Pattern.compile("points=\"([^\"]+)\"><title>fp32</title>").matcher(doc);
    assertTrue(pts.find());
    String[] xy = pts.group(1).split(" ");
    double y = Double.parseDouble(xy[xy.length - 1].split(",")[1]);
    // Plot area: top 16, height 320; 0 at 336.
    double read = (336 - y) / 320 * 300;
    assertEquals(gib, read, 0.3, "the fp32 line reads its own value, not the plot's edge");
    assertTrue(doc.contains("h100-80gb (chosen)"), "the chosen GPU is drawn");
  }

  @Test
  void contextChartDrawsAChosenGpuOffTheCommonList() throws Exception {
    Workload w = on("a100-40gb");
    String doc = html(report(LLAMA7, w), w);
    assertTrue(doc.contains(">a100-40gb (chosen)</text>"), doc);
  }

  @Test
  void eachPartHasOneColourAndGlyphEverywhere() throws Exception {
    Report r = report(LLAMA70, on("h100-80gb"));
    String color =
        TableReport.render(r, new RenderOptions(true, 100, RenderOptions.UnitSystem.GIB, false));
    for (Part p : Part.values()) {
      Matcher m =
          Pattern.compile("\u001b\\[38;5;(\\d+)m█\u001b\\[0m " + Pattern.quote(p.label()))
              .matcher(color);
      int n = 0;
      while (m.find()) {
        assertEquals(p.ansi(), Integer.parseInt(m.group(1)), p.label());
        n++;
      }
      // Transients appear only under a framework profile (--framework hf or torchtune).
      int expected =
          p == Part.TRANSIENTS
              ? 0
              : p == Part.WEIGHTS || p == Part.ACTIVATIONS || p == Part.OVERHEAD ? 2 : 1;
      assertEquals(expected, n, p.label() + " keyed in every bar it is part of");
    }
    String plain = TableReport.render(r);
    for (Part p : Part.values()) {
      Matcher m = Pattern.compile("\n  (.) " + Pattern.quote(p.label()) + " +\\d").matcher(plain);
      while (m.find()) {
        assertEquals(String.valueOf(p.glyph()), m.group(1), p.label());
      }
    }
    String doc = html(r, on("h100-80gb"));
    for (Part p : Part.values()) {
      Matcher m =
          Pattern.compile("background:(#[0-9a-f]{6})\"></span>" + Pattern.quote(p.label()) + "<")
              .matcher(doc);
      int n = 0;
      while (m.find()) {
        assertEquals(p.hex(), m.group(1), p.label());
        n++;
      }
      assertTrue(n >= 1 || p == Part.TRANSIENTS, p.label() + " in the legend");
    }
    assertEquals(
        Part.values().length,
        java.util.Arrays.stream(Part.values()).map(Part::hex).distinct().count(),
        "distinct colours");
    assertEquals(
        Part.values().length,
        java.util.Arrays.stream(Part.values()).map(Part::glyph).distinct().count(),
        "distinct glyphs");
  }

  private static String scan(Workload w, String... models) throws Exception {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < models.length; i++) {
      rows.add(Row.of(i, report(models[i], w)));
    }
    return Format.HTML
        .scan(new RenderContext(RenderOptions.plain(), w, false, "test"))
        .render(rows);
  }

  @Test
  void scanChartUsesALabelledLogAxisAndDrawsTheChosenGpuWithoutLabelOverlap() throws Exception {
    Workload w = on("a100-80gb");
    String doc =
        scan(
            w,
            DEEPSEEK,
            "fixtures/models/meta-llama--Llama-3.2-1B",
            "fixtures/models/google--gemma-2b");
    assertTrue(doc.contains("log scale"), "labelled log axis");
    assertTrue(doc.contains(">a100-80gb (chosen)</text>"), "the chosen GPU is drawn");
    assertFalse(doc.contains("overflow-wrap:anywhere"), "words are not split at any letter");
    // GPU labels: their estimated boxes do not overlap.
    Matcher m =
        Pattern.compile(
                "<text x=\"([\\d.]+)\" y=\"(-?\\d+)\"[^>]*fill=\"#(?:555|b42318)\""
                    + "[^>]*>([^<]+)</text>")
            .matcher(doc);
    List<double[]> boxes = new ArrayList<>();
    while (m.find()) {
      double x = Double.parseDouble(m.group(1));
      double y = Double.parseDouble(m.group(2));
      boxes.add(new double[] {x, y - 12, x + TotalsChart.width(m.group(3)) - 4, y + 2});
    }
    assertEquals(5, boxes.size(), "four common GPUs and the chosen one: " + doc);
    for (int i = 0; i < boxes.size(); i++) {
      assertTrue(boxes.get(i)[1] >= 0, "inside the chart");
      for (int j = 0; j < i; j++) {
        double[] a = boxes.get(i);
        double[] b = boxes.get(j);
        boolean overlap = a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
        assertFalse(overlap, "labels " + i + " and " + j + " overlap");
      }
    }
    String linear = scan(on("h100-80gb"), LLAMA7, "fixtures/models/google--gemma-2b");
    assertFalse(linear.contains("log scale"), "similar sizes: linear axis");
  }

  @Test
  void fitLineBeyondOneGpuSaysHowManyAndTheLimitsThere() throws Exception {
    Report r = report(DEEPSEEK, on("h100-80gb"));
    // DeepSeek-V3's 671B fp8 weights alone are over 600 GiB: several 80 GB GPUs are needed.
    int n = r.estimate().fit().gpusNeeded();
    assertTrue(n >= 8, "" + n);
    String t = TableReport.render(r);
    assertTrue(
        t.contains("  needs " + n + " GPUs; with --tp " + n + ": longest sequence at batch 1: "),
        t);
    assertFalse(t.contains("longest sequence at batch 1: 0;"), t);
    assertTrue(r.estimate().fit().neededMaxSequenceLength() > 4096);
    assertTrue(r.estimate().fit().neededMaxBatchSize() >= 1);
    String doc = html(r, on("h100-80gb"));
    assertTrue(doc.contains("needs " + n + " GPUs; with --tp " + n + ": longest sequence"), doc);
    // On enough GPUs the line is the plain one.
    Workload enough =
        on("h100-80gb")
            .withServing(
                Serving.defaults()
                    .withGpu("h100-80gb", Gpus.find("h100-80gb").memoryBytes())
                    .withTensorParallel(n));
    String atN = TableReport.render(report(DEEPSEEK, enough));
    assertTrue(atN.contains("  longest sequence at batch 1: "), atN);
    assertFalse(atN.contains("needs " + n + " GPUs"), atN);
  }

  @Test
  void tightFitsSayHowLittleIsLeft() throws Exception {
    assertEquals(
        "fits", FitText.verdict(true, 100L << 30, 50L << 30, RenderOptions.UnitSystem.GIB));
    assertEquals(
        "fits with 0.70 GiB to spare (tight: under 5% headroom)",
        FitText.verdict(
            true,
            24L << 30,
            (24L << 30) - (long) (0.7 * (1L << 30)),
            RenderOptions.UnitSystem.GIB));
    assertEquals("does not fit", FitText.verdict(false, 1, 2, RenderOptions.UnitSystem.GIB));
    long total = report(LLAMA7, Workload.defaults()).estimate().inference().totalBytes();
    long mem = total + total / 50;
    Workload w = Workload.defaults().withServing(Serving.defaults().withGpu("custom", mem));
    String t = TableReport.render(report(LLAMA7, w));
    assertTrue(
        t.contains("inference: fits with ")
            && t.contains(" to spare (tight: under 5%" + " headroom)"),
        t);
    assertTrue(
        html(report(LLAMA7, w), w).contains("<span class=\"warn\">fits with "),
        "HTML marks a tight fit as a warning");
    Workload roomy =
        Workload.defaults().withServing(Serving.defaults().withGpu("custom", total * 2));
    assertTrue(TableReport.render(report(LLAMA7, roomy)).contains("inference: fits;"));
  }

  @Test
  void mlaModelsShowTheMlaFormulaAndHeader() throws Exception {
    Report r = report(DEEPSEEK, Workload.defaults());
    String t = TableReport.render(r);
    assertTrue(t.contains("heads 128 (MLA latent 576 = kv_lora_rank + qk_rope_head_dim"), t);
    assertFalse(t.contains("KV 128"), t);
    assertTrue(
        t.contains(
            "KV cache (MLA) = (kv_lora_rank + qk_rope_head_dim) x layers x 2 B"
                + " (bf16) = 576 x 61 x 2 B per token"),
        t);
    assertFalse(t.contains("KV heads x head_dim"), "no GQA formula: " + t);
    long perToken = r.estimate().inference().kvCacheBytesPerToken();
    assertEquals(576L * 61 * 2, perToken, "the figure is the latent's");
    assertTrue(MarkdownReport.render(r, RenderOptions.plain()).contains("MLA latent 576"));
    String llama = TableReport.render(report(LLAMA70, Workload.defaults()));
    assertTrue(llama.contains("(KV 8, head_dim 128)"));
    assertTrue(llama.contains("KV cache = 2 (K and V) x layers x KV heads x head_dim"));
  }

  @Test
  void qloraWeightsSayWhatIsStored() throws Exception {
    Workload w =
        Workload.defaults()
            .withTraining(TrainingSetup.defaults().withMethod(Method.QLORA, 16, List.of()));
    Report r = report(LLAMA7, w);
    String weights = line(TableReport.render(r), "# Weights", 1);
    assertTrue(weights.contains("4-bit NF4 base + 16-bit non-quantized layers"), weights);
    assertFalse(weights.contains("2 B/param"), weights);
    double effective =
        r.estimate().training().weightsBytes() / (double) r.model().spec().parameters();
    assertTrue(effective < 1, "NF4 is well under 2 B per parameter: " + effective);
    assertTrue(
        weights.contains(String.format(Locale.ROOT, "%.2f B/param overall", effective)), weights);
    assertTrue(line(TableReport.render(r), "~ Gradients", 0).contains("B/trainable param"));
    assertTrue(html(r, w).contains("4-bit NF4 base"), "and in HTML");
  }

  /** The n-th line (0 first) containing {@code key}. */
  private static String line(String text, String key, int n) {
    return text.lines().filter(l -> l.contains(key)).skip(n).findFirst().orElseThrow();
  }

  @Test
  void tensorParallelFiguresAreLabelledAndComparedPerGpu() throws Exception {
    Workload w =
        Workload.defaults()
            .withServing(Serving.defaults().withTensorParallel(2))
            .withTraining(TrainingSetup.defaults().withParallelism(2, false));
    Report r = report(LLAMA7, w);
    String t = TableReport.render(r);
    assertTrue(line(t, "Training ", 0).contains("per GPU (tensor parallel 2)"), t);
    assertTrue(line(t, "Inference ", 0).contains("per GPU of 2"), t);
    RenderOptions.UnitSystem u = RenderOptions.UnitSystem.GIB;
    long rule = r.estimate().comparisons().ruleOfThumbInferenceBytes();
    assertTrue(
        t.contains(
            "inference = parameters x bytes / 2: "
                + u.format(rule / 2)
                + " (detailed per GPU: "
                + u.format(r.estimate().inference().totalBytes())
                + ")"),
        t);
    assertTrue(
        t.contains(
            "training = 4-6 x that: "
                + u.format(r.estimate().comparisons().ruleOfThumbTrainingLowBytes() / 2)),
        t);
    String doc = html(r, w);
    assertTrue(doc.contains("per GPU (tensor parallel 2)"), "HTML training heading");
    assertTrue(doc.contains("per GPU of 2 (tensor parallel)"), "HTML inference heading");
    assertTrue(doc.contains("Rules of thumb, for comparison (per GPU: / tp 2)"));
    String md = MarkdownReport.render(r, RenderOptions.plain());
    assertTrue(
        md.contains("Rules of thumb (per GPU): parameters x bytes / tp 2 = " + u.format(rule / 2)),
        md);
    String one = TableReport.render(report(LLAMA7, Workload.defaults()));
    assertFalse(one.contains("per GPU"), "one GPU: no per-GPU labels");
  }
}
