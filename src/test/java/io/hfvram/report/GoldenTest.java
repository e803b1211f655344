package io.hfvram.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hfvram.Fixtures;
import io.hfvram.HfVram;
import io.hfvram.estimate.Workload;
import io.hfvram.source.LoadedModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Golden files for the table and the JSON of one model. Run with {@code -Dgolden.update=true} to
 * rewrite them, then review the diff.
 */
final class GoldenTest {
  private static final String MODEL = "fixtures/models/meta-llama--Llama-2-70b-hf";

  private static Report report() throws Exception {
    HfVram hf = HfVram.builder().workingDir(Fixtures.root()).build();
    LoadedModel m = hf.load(MODEL);
    return new Report(m, hf.estimate(m.spec(), Workload.defaults()));
  }

  /** Normalises the machine-specific absolute path and line endings. */
  static String normalise(String text) {
    return text.replace(Fixtures.root().toString(), "<root>").replace("\r\n", "\n");
  }

  static void check(String name, String actual) throws IOException {
    Path golden = Fixtures.path("golden/" + name);
    String got = normalise(actual);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, got, StandardCharsets.UTF_8);
    }
    assertEquals(
        Files.readString(golden, StandardCharsets.UTF_8).replace("\r\n", "\n"),
        got,
        "golden file " + golden + " differs; rerun with -Dgolden.update=true and review");
  }

  @Test
  void table() throws Exception {
    check("llama-2-70b.table.txt", TableReport.render(report()));
  }

  @Test
  void json() throws Exception {
    check("llama-2-70b.json", JsonReport.render(report()) + "\n");
  }
}
