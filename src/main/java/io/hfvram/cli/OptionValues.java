package io.hfvram.cli;

import io.hfvram.estimate.VllmVersion;
import io.hfvram.spec.DType;
import picocli.CommandLine.ParameterException;

/** Parsers for option values shared by the workload options: dtypes and vLLM releases. */
final class OptionValues {
  private OptionValues() {}

  /** A --dtype/--kv-dtype value: null for auto; int4 only for weights. */
  static DType dtype(picocli.CommandLine cmd, String opt, String value, boolean kv) {
    if ("auto".equalsIgnoreCase(value)) {
      return null;
    }
    DType d = null;
    for (DType t : DType.values()) {
      if (t.id().equalsIgnoreCase(value)) {
        d = t;
      }
    }
    if (d == null || (kv && d == DType.INT4)) {
      throw new ParameterException(
          cmd,
          opt
              + " must be one of auto, fp32, fp16, bf16, fp8, int8"
              + (kv ? "" : ", int4")
              + "; got '"
              + value
              + "'");
    }
    return d;
  }

  /** A --vllm-version value, or null when none was given. */
  static VllmVersion vllmVersion(picocli.CommandLine cmd, String vllmVersion) {
    if (vllmVersion == null) {
      return null;
    }
    VllmVersion v = VllmVersion.parse(vllmVersion);
    if (v == null) {
      throw new ParameterException(
          cmd,
          "--vllm-version must be a release from 0.6 on (e.g."
              + " 0.6.3, 0.16.0, 0.19), got '"
              + vllmVersion
              + "'");
    }
    return v;
  }
}
