package io.hfvram.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hfvram.Fixtures;
import io.hfvram.HfVram;
import io.hfvram.estimate.Gpus;
import io.hfvram.estimate.Serving;
import io.hfvram.estimate.Workload;
import io.hfvram.source.LoadedModel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML pages as a person sees them: rendered by headless Chromium at 1280 and 390 px, every SVG
 * label inside its chart and clear of every other label (bounding boxes through the DevTools
 * protocol), no table cell clipped, no word split inside, no page wider than the window, and a
 * screenshot that is not blank. Screenshots are kept in target/screenshots. Skipped, with a printed
 * line, where no Chromium is installed.
 */
final class HtmlRenderingTest {
  @TempDir Path tmp;

  private static final HfVram HF = HfVram.builder().workingDir(Fixtures.root()).build();

  /** The browser-side check: a JSON list of problems found on the page. */
  private static final String CHECK =
      String.join(
          "\n",
          "(() => {",
          " const out = []; const box = e => e.getBoundingClientRect();",
          " const name = e => (e.textContent || '').trim().slice(0, 48);",
          " document.querySelectorAll('svg').forEach((svg, si) => {",
          "  const b = box(svg); const texts = Array.from(svg.querySelectorAll('text'));",
          "  const bs = texts.map(box);",
          "  texts.forEach((t, i) => { const x = bs[i]; if (x.width === 0) return;",
          "   if (x.left < b.left - 1 || x.right > b.right + 1 || x.top < b.top - 1",
          "       || x.bottom > b.bottom + 1) out.push('chart ' + si + ': \"' + name(t)",
          "       + '\" lies outside the chart');",
          "   for (let j = 0; j < i; j++) { const y = bs[j]; if (y.width === 0) continue;",
          "    const w = Math.min(x.right, y.right) - Math.max(x.left, y.left);",
          "    const h = Math.min(x.bottom, y.bottom) - Math.max(x.top, y.top);",
          "    if (w > 0.5 && h > 0.5) out.push('chart ' + si + ': \"' + name(t) + '\" overlaps \"'",
          "       + name(texts[j]) + '\"'); } }); });",
          " const root = document.documentElement;",
          " if (root.scrollWidth > innerWidth + 1) out.push('page is ' + root.scrollWidth",
          "   + ' px wide in a ' + innerWidth + ' px window');",
          " document.querySelectorAll('td,th,p,h1,h2,li').forEach(c => {",
          "  if (c.scrollWidth > c.clientWidth + 1) out.push('clipped: ' + name(c));",
          "  const walker = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);",
          "  for (let n = walker.nextNode(); n; n = walker.nextNode()) {",
          "   const re = /[A-Za-z0-9]{2,}/g; let m;",
          "   while ((m = re.exec(n.data)) !== null) { const r = document.createRange();",
          "    r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);",
          "    const rects = Array.from(r.getClientRects()).filter(q => q.width > 0);",
          "    if (rects.length > 1) out.push('word split: \"' + m[0] + '\" in ' + name(c)); } } });",
          " if (innerWidth >= 1000) document.querySelectorAll('.wide').forEach(w => {",
          "  if (w.scrollWidth > w.clientWidth + 1) out.push('table scrolls sideways at '",
          "   + innerWidth + ' px'); });",
          " return JSON.stringify({problems: out, charts: document.querySelectorAll('svg').length,",
          "   labels: document.querySelectorAll('svg text').length}); })()");

  private static Report report(String model, Workload w) throws Exception {
    LoadedModel m = HF.load(model);
    return new Report(m, HF.estimate(m.spec(), w));
  }

  private static Workload on(String gpu) {
    Gpus.Gpu g = Gpus.find(gpu);
    return Workload.defaults().withServing(Serving.defaults().withGpu(g.id(), g.memoryBytes()));
  }

  private static RenderContext context(Workload w) {
    return new RenderContext(RenderOptions.plain(), w, false, "test");
  }

  /** The pages: one model, the golden scan, and a scan with a giant model on a GPU off the list. */
  private static Map<String, String> pages() throws Exception {
    Map<String, String> pages = new LinkedHashMap<>();
    pages.put("llama-2-70b", ReportsTest.html());
    pages.put("scan", ReportsTest.scanHtml());
    Workload w = on("a100-80gb");
    List<Row> rows = new ArrayList<>();
    String[] models = {
      "fixtures/models/deepseek-ai--DeepSeek-V3",
      "fixtures/models/meta-llama--Llama-3.2-1B",
      "fixtures/models/google--gemma-2b",
      "fixtures/models/mistralai--Mixtral-8x7B-v0.1"
    };
    for (int i = 0; i < models.length; i++) {
      rows.add(Row.of(i, report(models[i], w)));
    }
    pages.put("scan-deepseek", Format.HTML.scan(context(w)).render(rows));
    Report ds = report("fixtures/models/deepseek-ai--DeepSeek-V3", w);
    pages.put("deepseek-v3", Format.HTML.models(context(w)).render(List.of(Row.of(0, ds))));
    return pages;
  }

  @Test
  void pagesRenderWithoutClippedOrOverlappingText() throws Exception {
    Path exe = Chromium.find();
    if (exe == null) {
      System.out.println(
          "HtmlRenderingTest: SKIPPED: no chromium, chromium-browser or"
              + " google-chrome on the PATH (install Debian's chromium to run it)");
    }
    assumeTrue(exe != null, "no Chromium installed: headless rendering test skipped");
    System.setProperty("java.awt.headless", "true");
    Path shots = Path.of("target", "screenshots");
    Files.createDirectories(shots);
    ObjectMapper json = new ObjectMapper();
    List<String> problems = new ArrayList<>();
    // The profile lives outside @TempDir: Chromium's helpers may still touch it while they exit,
    // and a failed clean-up of a browser profile is no failure of the page.
    Path profile = Files.createTempDirectory("hf-vram-chromium-");
    try (Chromium browser = Chromium.start(exe, profile)) {
      for (Map.Entry<String, String> page : pages().entrySet()) {
        Path file = Files.writeString(tmp.resolve(page.getKey() + ".html"), page.getValue());
        for (int width : new int[] {1280, 390}) {
          Chromium.Page p = browser.open(file.toUri().toString(), width);
          JsonNode r = json.readTree(p.eval(CHECK));
          assertTrue(
              r.get("charts").asInt() >= 1 && r.get("labels").asInt() > 3,
              page.getKey() + ": charts drawn " + r);
          for (JsonNode n : r.get("problems")) {
            problems.add(page.getKey() + " at " + width + " px: " + n.asText());
          }
          byte[] png = p.screenshot();
          Files.write(shots.resolve(page.getKey() + "-" + width + ".png"), png);
          notBlank(page.getKey() + " at " + width, png);
          p.close();
        }
      }
    }
    Fixtures.deleteQuietly(profile);
    assertEquals(List.of(), problems, "rendering problems");
  }

  /** Many colours, and the parts' colours (weights blue, KV orange) drawn in quantity. */
  private static void notBlank(String what, byte[] png) throws Exception {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    Set<Integer> colours = new HashSet<>();
    int parts = 0;
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        int rgb = img.getRGB(x, y) & 0xFFFFFF;
        colours.add(rgb);
        if (rgb == 0x1f77b4 || rgb == 0x2ca02c || rgb == 0xd62728) {
          parts++;
        }
      }
    }
    assertTrue(colours.size() > 20, what + ": not blank: " + colours.size() + " colours");
    assertTrue(parts > 50, what + ": the charts' colours are drawn: " + parts);
  }
}
