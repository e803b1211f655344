package io.hfvram.cli;

import io.hfvram.core.Printable;
import io.hfvram.estimate.WorkloadException;
import io.hfvram.hub.HubAccessException;
import io.hfvram.hub.HubException;
import io.hfvram.hub.HubUnavailableException;
import io.hfvram.hub.InvalidReferenceException;
import io.hfvram.source.ModelNotFoundException;
import io.hfvram.spec.InvalidConfigException;
import io.hfvram.spec.UnsupportedModelException;
import io.hfvram.weights.WeightsException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The one place where errors become exit codes and one-line messages. Stack traces are printed only
 * under --verbose.
 */
final class ErrorHandler
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IExitCodeExceptionMapper {

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    if (ex instanceof OutputException o && o.closedPipe()) {
      // The reader went away (| head): nothing to say, and nowhere to say it on stdout.
      return code(ex);
    }
    err.println("hf-vram: " + message(ex));
    if (verbose(parseResult)) {
      ex.printStackTrace(err);
    } else if (code(ex) == ExitCode.INTERNAL.code()) {
      err.println("hf-vram: run again with --verbose for details");
    }
    err.flush();
    return code(ex);
  }

  @Override
  public int getExitCode(Throwable ex) {
    return code(ex);
  }

  /** The exit code for an error. */
  static int code(Throwable ex) {
    if (ex instanceof OutputException o) {
      return o.closedPipe() ? ExitCode.CLOSED_PIPE.code() : ExitCode.OUTPUT.code();
    }
    if (ex instanceof HubException h) {
      return hubCode(h);
    }
    if (ex instanceof ModelNotFoundException) {
      return ExitCode.NOT_FOUND.code();
    }
    if (ex instanceof WeightsException) {
      return ExitCode.INVALID_CONFIG.code();
    }
    if (ex instanceof InvalidConfigException || ex instanceof UnsupportedModelException) {
      return ExitCode.INVALID_CONFIG.code();
    }
    if (ex instanceof ArithmeticException) {
      return ExitCode.INVALID_CONFIG.code();
    }
    if (ex instanceof WorkloadException) {
      return ExitCode.USAGE.code();
    }
    if (ex instanceof CommandLine.ParameterException) {
      return ExitCode.USAGE.code();
    }
    return ExitCode.INTERNAL.code();
  }

  /** The exit code for each kind of the sealed Hub failure. */
  private static int hubCode(HubException h) {
    if (h instanceof HubAccessException) {
      return ExitCode.NOT_FOUND.code();
    }
    if (h instanceof HubUnavailableException) {
      return ExitCode.UNAVAILABLE.code();
    }
    if (h instanceof InvalidReferenceException) {
      return ExitCode.USAGE.code();
    }
    throw new AssertionError("unhandled Hub failure " + h.getClass().getName());
  }

  /**
   * The one-line message for an error. Its text may come from outside (a server's error body, a
   * config string, a listing id): control characters are escaped ({@link Printable#line}).
   */
  static String message(Throwable ex) {
    if (ex instanceof ArithmeticException) {
      return "the model's sizes overflow 64-bit byte counts (over 2^63 bytes); check the config"
          + " and the batch and sequence options";
    }
    String m = ex.getMessage();
    if (m == null || m.isBlank()) {
      m = ex.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return Printable.line(nl < 0 ? m : m.substring(0, nl));
  }

  private static boolean verbose(CommandLine.ParseResult pr) {
    for (CommandLine.ParseResult r = pr; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
