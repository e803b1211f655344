package io.hfvram.report;

import io.hfvram.estimate.Estimate;
import io.hfvram.source.LoadedModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The value every renderer draws: one loaded model paired with its estimate. It holds no options
 * and no text; {@link Format} turns reports (inside {@link Row}s) into output.
 *
 * @param model the loaded model: its name, where it came from and its spec
 * @param estimate the estimate for the chosen workload
 */
public record Report(LoadedModel model, Estimate estimate) {

  /** The spec's and the estimator's assumptions, in that order, without repeats. */
  public List<String> assumptions() {
    List<String> all = new ArrayList<>(model.spec().assumptions());
    for (String s : estimate.assumptions()) {
      if (!all.contains(s)) {
        all.add(s);
      }
    }
    return all;
  }
}
