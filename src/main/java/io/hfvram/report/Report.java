package io.hfvram.report;

import io.hfvram.estimate.Estimate;
import io.hfvram.source.LoadedModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one model's output shows: the loaded model and its estimate.
 *
 * @param model the loaded model
 * @param estimate its estimate
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
