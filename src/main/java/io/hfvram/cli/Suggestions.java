package io.hfvram.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/** "Did you mean": the nearest of a few names to a mistyped one, by edit distance. */
final class Suggestions {
  /** The subcommands a mistyped first word is compared with. */
  static final List<String> COMMANDS =
      List.of("scan", "cache", "gpus", "completion", "serve", "help");

  private Suggestions() {}

  /**
   * Refuses a MODEL that is a single word close to a subcommand ("scna"), which would otherwise be
   * looked up on the Hub. Other single words (legacy ids such as gpt2) and paths are models.
   */
  static void checkModelWord(CommandLine cmd, String model, Path workingDir) {
    if (model.contains("/") || model.contains("\\") || model.contains("@") || model.contains(".")) {
      return;
    }
    try {
      if (Files.exists(workingDir.resolve(model))) {
        return;
      }
    } catch (InvalidPathException e) {
      return;
    }
    String near = nearest(model, COMMANDS);
    if (near != null) {
      throw new CommandLine.ParameterException(
          cmd,
          "'"
              + model
              + "' is neither a command nor"
              + " a model id (org/name); did you mean 'hf-vram "
              + near
              + "'?");
    }
  }

  /** The name within two edits of {@code word} (one for short words), or null. */
  static String nearest(String word, List<String> names) {
    String w = word.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String n : names) {
      int d = distance(w, n);
      int allowed = n.length() <= 4 ? 1 : 2;
      if (d > 0 && d <= allowed && d < bestDistance) {
        best = n;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, transpositions. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
