package io.hfvram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.weights.SafetensorsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Item 5 of issue 13: approximate and from-weights figures say so in tables and scan rows. */
class FromWeightsCliTest {
  private static Path weightsModel(Path dir) throws Exception {
    Path m = Files.createDirectories(dir.resolve("frob-weights"));
    Files.writeString(
        m.resolve("config.json"),
        "{\"model_type\": \"frobnicator9\","
            + " \"num_attention_heads\": 8, \"torch_dtype\": \"bfloat16\"}");
    SafetensorsFiles.write(
        m.resolve("model.safetensors"),
        SafetensorsFiles.llama(4, 256, 8, 2, 32, 512, 4000),
        "BF16");
    return m;
  }

  private static Path genericModel(Path dir) throws Exception {
    Path m = Files.createDirectories(dir.resolve("frob-generic"));
    Files.writeString(
        m.resolve("config.json"),
        "{\"model_type\": \"frobnicator9\","
            + " \"hidden_size\": 256, \"num_hidden_layers\": 4, \"num_attention_heads\": 8,"
            + " \"vocab_size\": 4000, \"torch_dtype\": \"bfloat16\"}");
    return m;
  }

  @Test
  void tableHeaderNamesTheSource(@TempDir Path tmp) throws Exception {
    CliRunner.Result w = CliRunner.run(weightsModel(tmp).toString());
    assertEquals(0, w.code(), w.err());
    assertTrue(w.out().contains(", from weights)"), w.out());
    CliRunner.Result g = CliRunner.run(genericModel(tmp).toString());
    assertEquals(0, g.code(), g.err());
    assertTrue(g.out().contains(", from generic; approximate)"), g.out());
    CliRunner.Result json = CliRunner.run(genericModel(tmp).toString(), "--format", "json");
    assertTrue(
        json.out().contains("\"parameterSource\": \"generic\"")
            || json.out().contains("\"parameterSource\":\"generic\""),
        json.out());
  }

  @Test
  void scanRowsSayApproximateOrFromWeights(@TempDir Path tmp) throws Exception {
    Path list = tmp.resolve("list.txt");
    Files.writeString(list, weightsModel(tmp) + "\n" + genericModel(tmp) + "\n");
    CliRunner.Result table = CliRunner.run("scan", list.toString(), "-q");
    assertEquals(0, table.code(), table.err());
    String[] rows = table.out().split("\n");
    assertTrue(rows[1].contains("local, from weights"), table.out());
    assertTrue(rows[2].contains("local, approximate"), table.out());
    CliRunner.Result md = CliRunner.run("scan", list.toString(), "--format", "markdown", "-q");
    assertTrue(md.out().contains("| local, from weights |"), md.out());
    CliRunner.Result csv = CliRunner.run("scan", list.toString(), "--format", "csv", "-q");
    assertTrue(csv.out().contains(",weights,"), csv.out());
    assertTrue(csv.out().contains(",generic,"), csv.out());
  }

  @Test
  void aFailedCrossCheckIsShown(@TempDir Path tmp) throws Exception {
    Path m = Files.createDirectories(tmp.resolve("llama-wrong"));
    Files.writeString(
        m.resolve("config.json"),
        "{\"model_type\": \"llama\", \"hidden_size\": 256, \"num_hidden_layers\": 4,"
            + " \"num_attention_heads\": 8, \"num_key_value_heads\": 8,"
            + " \"intermediate_size\": 512, \"vocab_size\": 4000, \"torch_dtype\": \"bfloat16\"}");
    SafetensorsFiles.write(
        m.resolve("model.safetensors"),
        SafetensorsFiles.llama(4, 256, 8, 2, 32, 512, 4000),
        "BF16");
    CliRunner.Result r = CliRunner.run(m.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains(", from safetensors; config and weights disagree)"), r.out());
    assertTrue(r.out().contains("cross-check: the config gives"), r.out());
    Path list = tmp.resolve("list.txt");
    Files.writeString(list, m + "\n");
    CliRunner.Result scan = CliRunner.run("scan", list.toString(), "-q");
    assertTrue(scan.out().contains("local, config and weights disagree"), scan.out());
  }
}
