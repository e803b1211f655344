package io.hfvram.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hfvram.Fixtures;
import io.hfvram.cli.CliAccess;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page in a real browser: headless Chromium driven over the DevTools protocol types a model,
 * changes the context, and the numbers and the chart must equal the command line's for the same
 * input; screenshots at desktop and phone widths must not be blank, overflow or overlap labels.
 */
final class BrowserTest {
  private static final String LLAMA = "meta-llama/Llama-2-7b-hf";

  /** Every visible label's box, and the pairs that overlap (HTML labels; SVG texts per chart). */
  private static final String OVERLAPS =
      "(function(){var bad=[];"
          + "function vis(e){var r=e.getBoundingClientRect();return r.width>0&&r.height>0;}"
          + "function check(list){for(var i=0;i<list.length;i++){for(var j=i+1;j<list.length;j++){"
          + "var a=list[i].getBoundingClientRect(),b=list[j].getBoundingClientRect();"
          + "if(a.left<b.right-1&&b.left<a.right-1&&a.top<b.bottom-1&&b.top<a.bottom-1){"
          + "bad.push(list[i].textContent.trim()+' / '+list[j].textContent.trim());}}}}"
          + "check(Array.prototype.filter.call(document.querySelectorAll('header h1,label.field>span,"
          + "legend,.card h2,.card .big,.card .sub,#cli,#copy,#report h2'),vis));"
          + "document.querySelectorAll('#report svg').forEach(function(s){"
          + "check(Array.prototype.filter.call(s.querySelectorAll('text'),vis));});"
          + "return JSON.stringify({bad:bad,texts:document.querySelectorAll('#report svg text').length,"
          + "width:document.documentElement.scrollWidth});})()";

  @TempDir Path tmp;

  @Test
  void thePageAnswersLikeTheCliInARealBrowser() throws Exception {
    String chromium = DevTools.chromium();
    if (chromium == null) {
      System.out.println(
          "BrowserTest: SKIPPED: no Chromium installed (apt-get install"
              + " chromium); the page was not tested in a browser");
    }
    assumeTrue(chromium != null, "no Chromium installed: browser test skipped");
    // The profile lives outside @TempDir: Chromium's helpers may still touch it while they exit.
    Path profile = Files.createTempDirectory("hf-vram-chromium-");
    try (ServeFixture fx = new ServeFixture();
        DevTools page = DevTools.start(chromium, profile)) {
      page.navigate(fx.server.url().toString());
      page.waitFor("document.body.dataset.ready==='true'");
      page.eval("document.getElementById('model').focus()");
      page.type(LLAMA);
      page.waitFor(
          "document.body.dataset.state==='done'&&document.body.dataset.model==='" + LLAMA + "'");
      matches(page, LLAMA, "--format", "json");
      // change the context length as a user would: clear the field and type
      page.eval("(function(){var s=document.getElementById('seq');s.value='';s.focus();})()");
      page.type("16384");
      page.waitFor("document.body.dataset.state==='done'&&document.body.dataset.seq==='16384'");
      matches(page, LLAMA, "-s", "16384");
      String query = (String) page.eval("location.search");
      assertTrue(query.contains("seq-len=16384") && query.contains("model="), query);
      assertEquals(
          "hf-vram " + LLAMA + " --seq-len 16384",
          page.eval("document.getElementById('cli').textContent"));
      // the URL holds the state: opening it again gives the same answer
      page.navigate(fx.server.url().resolve("/" + query).toString());
      page.waitFor("document.body.dataset.state==='done'&&document.body.dataset.seq==='16384'");
      matches(page, LLAMA, "-s", "16384");
      // pick a GPU: the fit appears
      page.eval(
          "(function(){var g=document.getElementById('gpu');g.value='l4';"
              + "g.dispatchEvent(new Event('change',{bubbles:true}));})()");
      page.waitFor(
          "document.body.dataset.state==='done'&&location.search.indexOf('gpu=l4')>0"
              + "&&document.getElementById('fit').textContent.indexOf('l4')>=0");
      matches(page, LLAMA, "-s", "16384", "--gpu", "l4");
      assertEquals("does not fit l4", page.eval("document.getElementById('fit').textContent"));
      for (int width : new int[] {1280, 390}) {
        shoot(page, width);
      }
      // a config.json given to the page (the file input the drop zone also feeds) is posted
      Path config =
          Fixtures.root().resolve("fixtures/models/mistralai--Mistral-7B-v0.1/" + "config.json");
      Map<String, Object> doc = page.call("DOM.getDocument", Map.of());
      Object root = ((Map<?, ?>) doc.get("root")).get("nodeId");
      Object input =
          page.call("DOM.querySelector", Map.of("nodeId", root, "selector", "#file")).get("nodeId");
      page.call(
          "DOM.setFileInputFiles", Map.of("nodeId", input, "files", List.of(config.toString())));
      page.waitFor(
          "document.body.dataset.state==='done'&&document.body.dataset.model===" + "'config.json'");
      Map<?, ?> want =
          (Map<?, ?>)
              ApiTest.json(
                      ServeFixture.cli(
                              config.toString(), "-s", "16384", "--gpu", "l4", "--format", "json")
                          .out())
                  .get("inference");
      assertEquals(
          String.valueOf(want.get("totalBytes")),
          page.eval("document.getElementById('inference-total').dataset.bytes"));
      assertEquals(
          "hf-vram ./config.json --seq-len 16384 --gpu l4",
          page.eval("document.getElementById('cli').textContent"));
      // a GGUF file: the page posts its start, the header; its cut-off data only warns
      Path gguf = tmp.resolve("tiny.gguf");
      Files.write(gguf, GgufUploadApiTest.header());
      page.call(
          "DOM.setFileInputFiles", Map.of("nodeId", input, "files", List.of(gguf.toString())));
      page.waitFor(
          "document.body.dataset.state==='done'&&document.body.dataset.model===" + "'tiny.gguf'");
      Map<?, ?> fromGguf =
          (Map<?, ?>)
              ApiTest.json(
                      ServeFixture.cli(
                              gguf.toString(), "-s", "16384", "--gpu", "l4", "--format", "json")
                          .out())
                  .get("inference");
      assertEquals(
          String.valueOf(fromGguf.get("totalBytes")),
          page.eval("document.getElementById('inference-total').dataset.bytes"));
      String note = (String) page.eval("document.getElementById('warnings').textContent");
      assertTrue(note.contains("tiny.gguf") && note.contains("truncated"), note);
    } finally {
      Fixtures.deleteQuietly(profile);
    }
  }

  /** The page's figures and chart equal the CLI's JSON and HTML for the same arguments. */
  private static void matches(DevTools page, String... args) throws Exception {
    CliAccess.Result json = ServeFixture.cli(with(args, "--format", "json"));
    CliAccess.Result html = ServeFixture.cli(with(args, "--format", "html"));
    assertEquals(0, json.code(), json.err());
    Map<String, Object> cli = ApiTest.json(json.out());
    Map<?, ?> inf = (Map<?, ?>) cli.get("inference");
    Map<?, ?> train = (Map<?, ?>) cli.get("training");
    Map<String, Object> shown =
        ApiTest.json(
            (String)
                page.eval(
                    "JSON.stringify({"
                        + "inference:document.getElementById('inference-total').dataset.bytes,"
                        + "inferenceText:document.getElementById('inference-total').textContent,"
                        + "training:document.getElementById('training-total').dataset.bytes,"
                        + "seq:document.body.dataset.seq,"
                        + "points:Array.prototype.map.call(document.querySelectorAll('#report polyline'),"
                        + "function(p){return p.getAttribute('points');}),"
                        + "titles:Array.prototype.map.call(document.querySelectorAll('#report rect title'),"
                        + "function(t){return t.textContent;})})"));
    assertEquals(String.valueOf(inf.get("totalBytes")), shown.get("inference"));
    assertEquals(
        String.format(
            java.util.Locale.ROOT,
            "%.2f GiB",
            ((Number) inf.get("totalBytes")).longValue() / (double) (1L << 30)),
        shown.get("inferenceText"));
    assertEquals(String.valueOf(train.get("totalBytes")), shown.get("training"));
    assertEquals(String.valueOf(inf.get("sequenceLength")), shown.get("seq"));
    assertEquals(all(html.out(), "points=\"([^\"]*)\""), shown.get("points"));
    assertEquals(all(html.out(), "<rect [^>]*><title>([^<]*)</title>"), shown.get("titles"));
    assertTrue(((List<?>) shown.get("points")).size() >= 3, "the chart has its curves");
  }

  private static void shoot(DevTools page, int width) throws Exception {
    page.resize(width);
    byte[] png = page.screenshot();
    Path out = Fixtures.root().resolve("target/serve-screenshots/page-" + width + ".png");
    Files.createDirectories(out.getParent());
    Files.write(out, png);
    Map<String, Object> layout = ApiTest.json((String) page.eval(OVERLAPS));
    assertEquals(List.of(), layout.get("bad"), "labels overlap at " + width + " px");
    assertTrue(((Number) layout.get("texts")).longValue() > 10, "the chart's labels are drawn");
    assertTrue(
        ((Number) layout.get("width")).longValue() <= width,
        "no sideways scrolling at " + width + " px: " + layout.get("width"));
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(width, img.getWidth());
    Set<Integer> colours = new HashSet<>();
    long ink = 0;
    long n = 0;
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        int rgb = img.getRGB(x, y) & 0xFFFFFF;
        colours.add(rgb);
        ink += rgb == 0xFFFFFF ? 0 : 1;
        n++;
      }
    }
    assertTrue(
        colours.size() > 50, "not blank at " + width + " px: " + colours.size() + " colours");
    assertTrue(ink * 50 > n, "ink on at least 2% of the page at " + width + " px");
  }

  private static List<Object> all(String text, String regex) {
    List<Object> found = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      found.add(m.group(1).replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", "\""));
    }
    return found;
  }

  private static String[] with(String[] args, String... more) {
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.contains("--format")) {
      all.addAll(List.of(more));
    } else {
      int i = all.indexOf("--format");
      all.set(i + 1, more[1]);
    }
    return all.toArray(new String[0]);
  }
}
