package io.hfvram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * "How do I make it fit?" end to end: the planner's flags, added to the user's own, give a run
 * whose training fits, with the total the suggestion announced.
 */
final class PlannerCliTest {
  private static final String L8 = "fixtures/models/meta-llama--Llama-3.1-8B";
  private static final String L70 = "fixtures/models/meta-llama--Llama-2-70b-hf";

  @SuppressWarnings("unchecked")
  private static Map<String, Object> fit(String... args) throws Exception {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(List.of("--format", "json"));
    CliRunner.Result r = CliRunner.run(all.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    Map<String, Object> m =
        (Map<String, Object>) Json.parse(r.out().getBytes(StandardCharsets.UTF_8));
    Map<String, Object> f = (Map<String, Object>) m.get("fit");
    f.put("trainingTotalBytes", ((Map<String, Object>) m.get("training")).get("totalBytes"));
    return f;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> suggestions(Map<String, Object> fit) {
    return (List<Map<String, Object>>) fit.get("suggestions");
  }

  /** The user's arguments with the flags set: an option already given takes the new value. */
  private static List<String> apply(List<String> user, String flags) {
    List<String> args = new ArrayList<>(user);
    String[] f = flags.split(" ");
    for (int k = 0; k < f.length; k += 2) {
      String name = f[k];
      String alias = Map.of("--batch-size", "-b", "--seq-len", "-s").getOrDefault(name, name);
      int at = Math.max(args.indexOf(name), args.indexOf(alias));
      if (at >= 0) {
        args.set(at + 1, f[k + 1]);
      } else {
        args.add(name);
        args.add(f[k + 1]);
      }
    }
    return args;
  }

  @Test
  void qloraOnA4090AnswersWithConfigurationsThatFit() throws Exception {
    CliRunner.Result table = CliRunner.run(L8, "--method", "qlora", "--gpu", "rtx-4090");
    assertEquals(0, table.code(), table.err());
    assertFalse(table.out().contains("use --method lora"), table.out());
    assertTrue(table.out().contains("to make training fit, add or change"), table.out());
    assertTrue(
        table.out().contains("  --grad-checkpointing full  (full checkpointing)"), table.out());
    CliRunner.Result md =
        CliRunner.run(L8, "--method", "qlora", "--gpu", "rtx-4090", "--format", "markdown");
    assertTrue(
        md.out().contains("| to make training fit, add or change | `--grad-checkpointing full`"),
        md.out());
  }

  @Test
  void everySuggestionFitsWhenItsFlagsAreApplied() throws Exception {
    List<List<String>> cases =
        List.of(
            List.of(L8, "--method", "qlora", "--gpu", "rtx-4090"),
            List.of(L8, "--gpu", "rtx-4090"),
            List.of(L8, "--method", "lora", "-b", "8", "--gpu", "rtx-4090"),
            List.of(L8, "--method", "qlora", "--attention", "eager", "--gpu", "l4"),
            List.of(L70, "--gpu", "h100-80gb"),
            List.of(L70, "--gpus", "4", "--zero", "1", "--gpu", "a100-80gb"));
    int checked = 0;
    for (List<String> c : cases) {
      Map<String, Object> f = fit(c.toArray(String[]::new));
      assertEquals(false, f.get("trainingFits"), c.toString());
      assertFalse(suggestions(f).isEmpty(), c.toString());
      for (Map<String, Object> s : suggestions(f)) {
        List<String> args = apply(c, (String) s.get("flags"));
        Map<String, Object> again = fit(args.toArray(String[]::new));
        String what = args.toString();
        assertEquals(true, again.get("trainingFits"), what);
        assertEquals(s.get("totalBytes"), again.get("trainingTotalBytes"), what);
        assertTrue(
            (Long) again.get("trainingTotalBytes") <= (Long) again.get("gpuMemoryBytes"), what);
        assertEquals(List.of(), suggestions(again), what);
        checked++;
      }
    }
    assertTrue(checked >= cases.size());
  }

  @Test
  void aModelThatFitsGetsNoSuggestions() throws Exception {
    Map<String, Object> f = fit(L8, "--method", "qlora", "--gpu", "h100-80gb");
    assertEquals(true, f.get("trainingFits"));
    assertEquals(List.of(), suggestions(f));
    CliRunner.Result table = CliRunner.run(L8, "--method", "qlora", "--gpu", "h100-80gb");
    assertFalse(table.out().contains("to make training fit"), table.out());
  }
}
