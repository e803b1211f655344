package io.hfvram.report;

import io.hfvram.estimate.Workload;
import java.util.Objects;

/**
 * What a renderer needs besides the rows.
 *
 * @param options how text is drawn (colour, width, units, explanations)
 * @param workload the workload every row was estimated for (sweeps and charts re-estimate it)
 * @param sweep per dtype and GPU, the longest context and the largest batch that fit, instead of
 *     the breakdown (the estimate command's {@code --sweep})
 * @param version hf-vram's version, named in HTML footers
 */
public record RenderContext(
    RenderOptions options, Workload workload, boolean sweep, String version) {
  public RenderContext {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(version, "version");
  }

  /** True when the workload names a GPU, so every report has a fit. */
  boolean withFit() {
    return workload.serving().gpuMemoryBytes() != null;
  }
}
