package io.hfvram.estimate;

/** A workload that cannot apply to this model (an unknown LoRA target, say). */
public final class WorkloadException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public WorkloadException(String message) {
    super(message);
  }
}
