package io.hfvram.cli;

import io.hfvram.HfVram;
import io.hfvram.hub.HubUnavailableException;
import io.hfvram.report.RenderOptions;
import io.hfvram.serve.Server;
import io.hfvram.serve.Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hf-vram serve}: the calculator as a local web page and an HTTP API. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Serve the calculator as a web page and an HTTP API (docs/api.md).",
      "Requests use this server's Hub endpoint, token and caches; a request can choose none of"
          + " them."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  hf-vram serve",
      "  hf-vram serve --port 9000 --offline",
      "  hf-vram serve --host 0.0.0.0 --allow-remote"
    })
final class ServeCommand implements Callable<Integer> {
  private static final Pattern CACHED =
      Pattern.compile("^https?://[^/]+/(?:api/models/)?([\\w.-]+/[\\w.-]+)/(?:revision|resolve)/");

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only).")
  String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8337",
      description = "Port to listen on (0: any free port). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--allow-remote",
      description = "Allow a --host other machines can reach (e.g. 0.0.0.0 for a team).")
  boolean allowRemote;

  @Mixin HubOptions hub;

  private final Environment env;

  ServeCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    CommandLine cmd = spec.commandLine();
    PrintWriter err = cmd.getErr();
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(
          cmd, "--port must be between 0 and 65535, got " + port);
    }
    if (!loopback(cmd, host)) {
      if (!allowRemote) {
        throw new CommandLine.ParameterException(
            cmd,
            "--host "
                + host
                + " can be reached from"
                + " other machines: add --allow-remote to serve them");
      }
      err.println(
          "hf-vram: warning: listening on "
              + host
              + ": anyone who can reach it can use"
              + " this server, and the Hub access of its token");
    }
    Server server;
    try {
      server = Server.start(settings(cmd, env, host, port));
    } catch (BindException e) {
      throw new CommandLine.ParameterException(
          cmd,
          "cannot listen on "
              + host
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); pick another --port, or stop what holds it");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop(Duration.ofSeconds(10));
                  stopped.countDown();
                },
                "hf-vram-serve-stop"));
    PrintWriter out = cmd.getOut();
    out.println("hf-vram: serving on " + server.url() + " (Ctrl-C to stop)");
    out.flush();
    stopped.await();
    return ExitCode.OK.code();
  }

  /**
   * The server's settings: the one facade (from the Hub options, with an empty working folder so no
   * request can name a local file), the command line's workload parsing and error meanings.
   */
  Settings settings(CommandLine cmd, Environment e, String bindHost, int bindPort)
      throws IOException {
    if (hub.cacheDir != null) {
      hub.cacheDir = e.workingDir().resolve(hub.cacheDir);
    }
    Path empty = Files.createTempDirectory("hf-vram-serve-");
    empty.toFile().deleteOnExit();
    Environment served = new Environment(e.env(), empty, e.home(), e.clock(), false, e.stdin());
    HfVram hf = hub.facade(cmd, served);
    return Settings.of(
        bindHost,
        bindPort,
        hf,
        new Requests(),
        new Errors(),
        () -> cachedIds(hf),
        VersionProvider.version());
  }

  private static boolean loopback(CommandLine cmd, String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException ex) {
      throw new CommandLine.ParameterException(
          cmd, "--host '" + host + "' is not an address" + " of this machine");
    }
  }

  /** The model ids in the response cache, sorted. */
  static List<String> cachedIds(HfVram hf) {
    Set<String> ids = new TreeSet<>();
    try {
      for (String url : hf.cacheInfo().urls()) {
        Matcher m = CACHED.matcher(url);
        if (m.find()) {
          ids.add(m.group(1));
        }
      }
    } catch (IOException ex) {
      return List.of();
    }
    return new ArrayList<>(ids);
  }

  /** Query parameters as the command line's workload options, parsed by the same code. */
  static final class Requests implements Settings.Requests {
    private final ThreadLocal<CommandLine> parsers =
        ThreadLocal.withInitial(
            () -> {
              CommandLine c = new CommandLine(new RequestOptions());
              c.setCaseInsensitiveEnumValuesAllowed(true);
              return c;
            });

    @Override
    public Settings.Choice parse(Map<String, String> params) {
      CommandLine cmd = parsers.get();
      List<String> args = new ArrayList<>();
      for (Map.Entry<String, String> p : params.entrySet()) {
        String k = p.getKey();
        CommandLine.Model.OptionSpec o =
            k.matches("[a-z][a-z0-9-]*") ? cmd.getCommandSpec().findOption("--" + k) : null;
        if (o == null) {
          throw new CommandLine.ParameterException(
              cmd,
              "unknown parameter '"
                  + k
                  + "': use the"
                  + " workload options of 'hf-vram --help' without the dashes (docs/api.md)");
        }
        if (o.typeInfo().isBoolean()) {
          if (Set.of("", "1", "true", "yes", "on").contains(p.getValue())) {
            args.add("--" + k);
          } else if (!Set.of("0", "false", "no", "off").contains(p.getValue())) {
            throw new CommandLine.ParameterException(
                cmd,
                "parameter '" + k + "' must be true or" + " false, got '" + p.getValue() + "'");
          }
        } else {
          args.add("--" + k + "=" + p.getValue());
        }
      }
      cmd.parseArgs(args.toArray(new String[0]));
      RequestOptions r = cmd.getCommand();
      RenderOptions.UnitSystem u =
          WorkloadOptions.choice(cmd, "--units", r.units, RenderOptions.UnitSystem.values());
      r.workload.refuseDraft(cmd);
      return new Settings.Choice(r.workload.toWorkload(cmd), r.explain, u);
    }
  }

  /** The options a request may set: the workload's, --explain and --units. */
  @Command(name = "request")
  static final class RequestOptions {
    @Mixin WorkloadOptions workload;

    @Option(names = "--explain")
    boolean explain;

    @Option(names = "--units", defaultValue = "gib")
    String units;
  }

  /** Errors: the command line's messages and exit codes; HTTP statuses by their meaning. */
  static final class Errors implements Settings.Errors {
    @Override
    public String message(Throwable t) {
      return ErrorHandler.message(t);
    }

    @Override
    public int exitCode(Throwable t) {
      return ErrorHandler.code(t);
    }

    @Override
    public int status(Throwable t) {
      return httpStatus(t);
    }
  }

  /** 400 usage, 404 not found or gated, 422 invalid config, 502/503/504 Hub, 500 a bug. */
  static int httpStatus(Throwable t) {
    if (t instanceof HubUnavailableException) {
      switch (((HubUnavailableException) t).kind()) {
        case TIMEOUT:
          return 504;
        case RATE_LIMITED:
        case OFFLINE:
          return 503;
        default:
          return 502;
      }
    }
    int code = ErrorHandler.code(t);
    if (code == ExitCode.USAGE.code()) {
      return 400;
    }
    if (code == ExitCode.NOT_FOUND.code()) {
      return 404;
    }
    if (code == ExitCode.INVALID_CONFIG.code()) {
      return 422;
    }
    return code == ExitCode.UNAVAILABLE.code() ? 503 : 500;
  }
}
