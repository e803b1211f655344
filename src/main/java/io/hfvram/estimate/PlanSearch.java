package io.hfvram.estimate;

import io.hfvram.estimate.Planner.Change;
import io.hfvram.estimate.Planner.Knob;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The planner's search over its knobs (docs/formulas.md, "Planner"): one, two, then three knobs at
 * a time, within {@link Planner#BUDGET} training estimates.
 */
final class PlanSearch {
  private final Plan base;
  private final long mem;
  private int calls;

  PlanSearch(Plan base, long mem) {
    this.base = base;
    this.mem = mem;
  }

  /** Estimator calls made so far. */
  int calls() {
    return calls;
  }

  /** Searches one, two, then three knobs; returns the cheapest configurations that fit. */
  List<Suggestion> run() {
    List<Knob> knobs = effective(Planner.candidates(base));
    List<Integer> fitting = new ArrayList<>();
    List<Found> found = new ArrayList<>();
    for (int k = 1;
        k <= Math.min(Planner.MAX_CHANGES, knobs.size()) && found.size() < Planner.LIMIT;
        k++) {
      for (int mask : masks(knobs.size(), k)) {
        if (fitting.stream().anyMatch(m -> (m & mask) == m) || exhausted()) {
          continue;
        }
        Suggestion best = best(knobs, mask);
        if (best != null) {
          fitting.add(mask);
          found.add(new Found(best, cost(knobs, mask)));
        }
      }
    }
    return found.stream()
        .sorted(
            Comparator.comparingInt((Found x) -> x.suggestion().changes().size())
                .thenComparingInt(Found::cost)
                .thenComparingInt(x -> x.suggestion().gpus())
                .thenComparingLong(x -> x.suggestion().totalBytes()))
        .limit(Planner.LIMIT)
        .map(Found::suggestion)
        .toList();
  }

  boolean exhausted() {
    return calls >= Planner.BUDGET;
  }

  /** The training total of a workload, or -1 when it cannot be estimated. */
  long total(Workload w) {
    TrainingEstimate t = estimate(w);
    return t == null ? -1 : t.totalBytes();
  }

  /** The training estimate of a workload, or null when it cannot be estimated. */
  TrainingEstimate estimate(Workload w) {
    calls++;
    try {
      return TrainingEstimator.estimate(
          Plan.of(base.stored(), base.spec(), w), new ArrayList<>(), new ArrayList<>());
    } catch (ArithmeticException | IllegalArgumentException e) {
      return null;
    }
  }

  /** The knobs with only the settings that lower the total on their own. */
  List<Knob> effective(List<Knob> knobs) {
    long now = total(base.workload());
    List<Knob> out = new ArrayList<>();
    for (Knob k : knobs) {
      List<Change> keep = new ArrayList<>();
      for (Change c : k.settings()) {
        long t = total(apply(List.of(c)));
        if (t >= 0 && (now < 0 || t < now)) {
          keep.add(c);
        }
      }
      if (!keep.isEmpty()) {
        out.add(new Knob(k.name(), k.cost(), keep));
      }
    }
    return out;
  }

  /**
   * The mildest fitting configuration of exactly the knobs in {@code mask} (smallest sum of setting
   * indices, then the smaller total), or null.
   */
  Suggestion best(List<Knob> knobs, int mask) {
    List<Knob> chosen = new ArrayList<>();
    for (int k = 0; k < knobs.size(); k++) {
      if ((mask & (1 << k)) != 0) {
        chosen.add(knobs.get(k));
      }
    }
    List<int[]> tuples = tuples(chosen);
    if (!fits(total(pick(chosen, tuples.get(tuples.size() - 1))))) {
      return null;
    }
    for (int[] tuple : tuples) {
      if (exhausted()) {
        return null;
      }
      List<Change> changes = changes(chosen, tuple);
      Workload w = apply(changes);
      TrainingEstimate t = estimate(w);
      if (t != null && fits(t.totalBytes())) {
        Plan q = Plan.of(base.stored(), base.spec(), w);
        return new Suggestion(
            Planner.flags(base, q),
            t.totalBytes(),
            q.training().gpus() * q.training().tensorParallel(),
            t.cpuBytes(),
            changes.stream().map(Change::description).toList());
      }
    }
    return null;
  }

  private boolean fits(long total) {
    return total >= 0 && total <= mem;
  }

  private Workload pick(List<Knob> chosen, int[] tuple) {
    return apply(changes(chosen, tuple));
  }

  private static List<Change> changes(List<Knob> chosen, int[] tuple) {
    List<Change> changes = new ArrayList<>();
    for (int k = 0; k < chosen.size(); k++) {
      changes.add(chosen.get(k).settings().get(tuple[k]));
    }
    return changes;
  }

  private Workload apply(List<Change> changes) {
    Workload w = base.workload();
    for (Change c : changes) {
      w = c.apply().apply(w);
    }
    return w;
  }

  /** A configuration found, with the summed cost of its knobs. */
  private record Found(Suggestion suggestion, int cost) {}

  private static int cost(List<Knob> knobs, int mask) {
    int c = 0;
    for (int k = 0; k < knobs.size(); k++) {
      c += (mask & (1 << k)) != 0 ? knobs.get(k).cost() : 0;
    }
    return c;
  }

  /** Every index tuple over the knobs' settings, by increasing sum, strongest last. */
  static List<int[]> tuples(List<Knob> knobs) {
    List<int[]> all = new ArrayList<>();
    all.add(new int[knobs.size()]);
    for (int k = 0; k < knobs.size(); k++) {
      List<int[]> next = new ArrayList<>();
      for (int[] t : all) {
        for (int v = 0; v < knobs.get(k).settings().size(); v++) {
          int[] c = t.clone();
          c[k] = v;
          next.add(c);
        }
      }
      all = next;
    }
    all.sort(Comparator.comparingInt(PlanSearch::sum));
    return all;
  }

  /** The bit masks of {@code k} knobs out of {@code n}, in increasing order. */
  static List<Integer> masks(int n, int k) {
    List<Integer> out = new ArrayList<>();
    for (int m = 1; m < 1 << n; m++) {
      if (Integer.bitCount(m) == k) {
        out.add(m);
      }
    }
    return out;
  }

  private static int sum(int[] t) {
    int s = 0;
    for (int v : t) {
      s += v;
    }
    return s;
  }
}
