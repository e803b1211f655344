package io.hfvram.cli;

import io.hfvram.estimate.VllmVersion;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The ranges of vLLM's options (--gpu-memory-utilization, --max-num-seqs...). */
final class VllmChecks {
  private VllmChecks() {}

  static double utilization(CommandLine cmd, double gpuMemoryUtilization) {
    if (!(gpuMemoryUtilization > 0 && gpuMemoryUtilization <= 1)) {
      throw new ParameterException(
          cmd, "--gpu-memory-utilization must be in (0, 1], got " + gpuMemoryUtilization);
    }
    return gpuMemoryUtilization;
  }

  static long batchedTokens(CommandLine cmd, long maxNumBatchedTokens) {
    if (maxNumBatchedTokens < 0 || maxNumBatchedTokens > (1L << 24)) {
      throw new ParameterException(cmd, "--max-num-batched-tokens must be between 1 and 2^24");
    }
    return maxNumBatchedTokens;
  }

  static long seqs(CommandLine cmd, long maxNumSeqs) {
    if (maxNumSeqs < 0 || maxNumSeqs > (1L << 20)) {
      throw new ParameterException(cmd, "--max-num-seqs must be between 1 and 2^20");
    }
    return maxNumSeqs;
  }

  static VllmVersion version(CommandLine cmd, String vllmVersion) {
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

  static long modelLen(CommandLine cmd, long maxModelLen) {
    if (maxModelLen < 0 || maxModelLen > (1L << 34)) {
      throw new ParameterException(cmd, "--max-model-len must be between 1 and 2^34");
    }
    return maxModelLen;
  }
}
