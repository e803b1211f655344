package io.hfvram.estimate;

import java.util.List;

/**
 * A training configuration the planner found that fits the GPU (docs/formulas.md, "Planner").
 *
 * @param flags the command-line flags to add (or change) to the user's, e.g. {@code
 *     --grad-checkpointing full}
 * @param totalBytes the training total per GPU with those flags
 * @param gpus the GPUs it trains on (data parallel x tensor parallel)
 * @param cpuBytes CPU memory the node needs for offloaded states; 0 without offload
 * @param changes what each change does, one phrase per change, in the order of the flags
 */
public record Suggestion(
    String flags, long totalBytes, int gpus, long cpuBytes, List<String> changes) {
  public Suggestion {
    changes = List.copyOf(changes);
  }
}
