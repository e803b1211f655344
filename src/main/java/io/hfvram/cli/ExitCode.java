package io.hfvram.cli;

/** The process exit codes, listed in --help and the README. */
final class ExitCode {
  static final int OK = 0;
  static final int INTERNAL = 1;
  static final int USAGE = 2;
  static final int NOT_FOUND = 3;
  static final int INVALID_CONFIG = 4;
  static final int UNAVAILABLE = 5;
  static final int PARTIAL = 6;

  /** Lines for picocli's exit-code list ("key:description"). */
  static final String[] LIST = {
    "0:success",
    "1:internal error (a bug: please report it with --verbose output)",
    "2:usage error (unknown option, bad value)",
    "3:model not found, or no access (missing path, unknown repo, gated without HF_TOKEN)",
    "4:invalid or unsupported config (malformed JSON, missing or absurd keys, unknown model_type)",
    "5:Hub unreachable, rate limited, server error, timeout, or cache miss under --offline",
    "6:scan finished but some rows failed",
  };

  private ExitCode() {}
}
