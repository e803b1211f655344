package io.hfvram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --zero-grad}, {@code --torch-version} and {@code --lora-dropout}: their values, the
 * assumptions line, one-line usage errors.
 */
final class MechanismFlagsCliTest {
  private static final String BERT = "fixtures/models/google-bert--bert-large-uncased";

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of(BERT, "--framework", "hf", "-b", "4", "-s", "512"));
    args.addAll(List.of(extra));
    args.addAll(List.of("--format", "json"));
    CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    return (Map<String, Object>) Json.parse(r.out().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void bothValuesAreAcceptedAndNamedInTheAssumptions() throws Exception {
    Map<String, Object> none = json("--zero-grad", "set-to-none");
    Map<String, Object> inPlace = json("--zero-grad", "in-place");
    assertTrue(none.get("assumptions").toString().contains("zero_grad frees gradients"));
    assertTrue(inPlace.get("assumptions").toString().contains("zeroes gradients in place"));
    Map<?, ?> a = (Map<?, ?>) none.get("training");
    Map<?, ?> b = (Map<?, ?>) inPlace.get("training");
    // freeing the gradients between steps never raises the allocated peak
    assertTrue(toLong(a, "allocatorPeakBytes") <= toLong(b, "allocatorPeakBytes"));
    assertTrue(toLong(a, "reservedBytes") >= toLong(a, "allocatorPeakBytes"));
    assertTrue(toLong(b, "reservedBytes") >= toLong(b, "allocatorPeakBytes"));
  }

  private static long toLong(Map<?, ?> m, String k) {
    return ((Number) m.get(k)).longValue();
  }

  @Test
  void anUnknownValueIsAOneLineUsageError() {
    CliRunner.Result r = CliRunner.run(BERT, "--framework", "hf", "--zero-grad", "sometimes");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--zero-grad") && r.err().contains("set-to-none"), r.err());
    assertTrue(r.err().strip().lines().count() <= 2, r.err());
  }

  @Test
  void torchVersionSetsTheZeroGradDefaultAndRejectsNonVersions() throws Exception {
    assertTrue(
        json("--torch-version", "1.10")
            .get("assumptions")
            .toString()
            .contains("PyTorch 1.10 (softmax and log_softmax keep their input for backward)"));
    assertTrue(json("--torch-version", "1.13").get("assumptions").toString().contains("in place"));
    assertTrue(
        json("--torch-version", "1.13", "--zero-grad", "set-to-none")
            .get("assumptions")
            .toString()
            .contains("zero_grad frees gradients"));
    CliRunner.Result r = CliRunner.run(BERT, "--framework", "hf", "--torch-version", "latest");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--torch-version") && r.err().contains("1.10"), r.err());
  }

  @Test
  void loraDropoutAddsTheAdaptersDroppedInputsAndRejectsOutOfRange() throws Exception {
    String llama = "fixtures/models/meta-llama--Llama-3.2-1B";
    Map<String, Object> a = run(llama, "--method", "lora", "--lora-targets", "q_proj,v_proj");
    Map<String, Object> b =
        run(llama, "--method", "lora", "--lora-targets", "q_proj,v_proj", "--lora-dropout", "0.1");
    // 16 layers x 2 adapted 2048-wide inputs x (2 + 1) B per token, 4096 tokens (b 1 x s 4096)
    long grown =
        toLong((Map<?, ?>) b.get("training"), "activationBytes")
            - toLong((Map<?, ?>) a.get("training"), "activationBytes");
    assertEquals(16L * 2 * 2048 * 3 * 4096, grown);
    CliRunner.Result r = CliRunner.run(llama, "--method", "lora", "--lora-dropout", "1.5");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--lora-dropout"), r.err());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> run(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--framework", "hf", "--format", "json"));
    CliRunner.Result r = CliRunner.run(all.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    return (Map<String, Object>) Json.parse(r.out().getBytes(StandardCharsets.UTF_8));
  }
}
