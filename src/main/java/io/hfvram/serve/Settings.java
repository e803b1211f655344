package io.hfvram.serve;

import io.hfvram.HfVram;
import io.hfvram.estimate.Workload;
import io.hfvram.report.RenderOptions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a server runs with: where it listens, the one facade every request shares (its Hub endpoint,
 * token, caches and rate gate are the server's own: a request chooses none of them), and the
 * command line's rules for workload parameters and for errors.
 *
 * @param host the address to bind
 * @param port the port (0: any free one)
 * @param hf the facade; its warm caches serve every request
 * @param requests turns query parameters into a workload, exactly as the command line's options
 * @param errors an error's message and HTTP status, by the command line's exit-code meaning
 * @param cachedIds the model ids in the local caches, for completion
 * @param version the version shown on the page and in reports
 * @param perClient requests one client may have in flight at once
 * @param threads worker threads
 */
public record Settings(
    String host,
    int port,
    HfVram hf,
    Requests requests,
    Errors errors,
    Supplier<List<String>> cachedIds,
    String version,
    int perClient,
    int threads) {
  public Settings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(hf, "hf");
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(errors, "errors");
    if (cachedIds == null) {
      cachedIds = List::of;
    }
    if (perClient < 1 || threads < 1) {
      throw new IllegalArgumentException("perClient and threads must be at least 1");
    }
  }

  /** The settings with the defaults for the limits: 8 requests per client, 16 threads. */
  public static Settings of(
      String host,
      int port,
      HfVram hf,
      Requests requests,
      Errors errors,
      Supplier<List<String>> cachedIds,
      String version) {
    return new Settings(host, port, hf, requests, errors, cachedIds, version, 8, 16);
  }

  /** A request's workload and rendering choices. */
  public record Choice(Workload workload, boolean explain, RenderOptions.UnitSystem units) {}

  /** Query parameters (long option names without the dashes) to a workload. */
  public interface Requests {
    /**
     * The workload for these parameters; throws the command line's usage error, with its message,
     * for an unknown parameter or a bad value.
     */
    Choice parse(Map<String, String> params);
  }

  /** The command line's reading of an error. */
  public interface Errors {
    /** The one-line message the command line prints. */
    String message(Throwable t);

    /** The HTTP status matching the exit code's meaning (400, 404, 422, 502/503/504, 500). */
    int status(Throwable t);

    /** The command line's exit code for the error. */
    int exitCode(Throwable t);
  }
}
