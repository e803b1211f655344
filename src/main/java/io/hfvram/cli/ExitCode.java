package io.hfvram.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The process exit codes: the one source of the table that --help, the man page, the scan help and
 * the README (checked by a test) show.
 */
enum ExitCode {
  OK(0, "success"),
  INTERNAL(1, "internal error (a bug: please report it with --verbose output)"),
  USAGE(2, "usage error (unknown option, bad value)"),
  NOT_FOUND(
      3, "model not found, or no access (missing path, unknown repo, gated without" + " HF_TOKEN)"),
  INVALID_CONFIG(4, "invalid or unsupported config (malformed JSON, missing or absurd keys)"),
  UNAVAILABLE(
      5,
      "Hub unreachable, rate limited, server error, timeout, or cache miss under" + " --offline"),
  PARTIAL(
      6,
      "scan finished but some rows failed (or, with several models, some failed: the"
          + " others are printed)"),
  OUTPUT(7, "output could not be written (full disk, missing folder, unwritable -o file)"),
  INTERRUPTED(130, "interrupted (Ctrl-C: 128 + SIGINT); a scan keeps the rows written so far"),
  CLOSED_PIPE(
      141,
      "the reader of the output went away (a closed pipe, as when piped into"
          + " head: 128 + SIGPIPE); the run stops quietly");

  private final int code;
  private final String description;

  ExitCode(int code, String description) {
    this.code = code;
    this.description = description;
  }

  /** The number the process exits with. */
  int code() {
    return code;
  }

  /** One line for --help, the man page and the README. */
  String description() {
    return description;
  }

  /** Puts the table in a command's usage message, as its "Exit codes:" section. */
  static void listIn(UsageMessageSpec usage) {
    Map<String, String> list = new LinkedHashMap<>();
    for (ExitCode c : values()) {
      list.put(String.valueOf(c.code), c.description);
    }
    usage.exitCodeListHeading("%nExit codes:%n").exitCodeList(list);
  }
}
