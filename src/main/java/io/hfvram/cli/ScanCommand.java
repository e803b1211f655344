package io.hfvram.cli;

import io.hfvram.HfVram;
import io.hfvram.core.HfVramException;
import io.hfvram.estimate.Workload;
import io.hfvram.estimate.WorkloadException;
import io.hfvram.report.Format;
import io.hfvram.report.RenderContext;
import io.hfvram.report.RenderOptions;
import io.hfvram.report.Renderer;
import io.hfvram.report.Row;
import io.hfvram.scan.ScanList;
import io.hfvram.scan.Scanner;
import io.hfvram.source.LoadedModel;
import io.hfvram.source.ModelLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hf-vram scan FILE|-} or {@code hf-vram scan --author ORG}: many models, one row each. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Estimate many models for one workload: one row per input line, in order.",
      "FILE holds one model per line (Hub ids with optional @revision, local paths, .gguf"
          + " files); blank lines and # comments are skipped; - reads standard input."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  hf-vram scan models.txt --format csv --gpu a100-80gb -s 8192",
      "  hf-vram scan --author Qwen --search Qwen3 --limit 50 --format markdown",
      "  cat ids.txt | hf-vram scan - --format jsonl"
    })
final class ScanCommand implements Callable<Integer> {
  CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "0..1", description = "A list of models, or -.")
  String file;

  @Option(names = "--author", paramLabel = "ORG", description = "Scan an author's models.")
  String author;

  @Option(names = "--search", paramLabel = "TEXT", description = "Only ids containing TEXT.")
  String search;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "100",
      description = "At most N listed models. Default: ${DEFAULT-VALUE}.")
  int limit;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "8",
      description = "Models fetched at once. Default: ${DEFAULT-VALUE}.")
  int concurrency;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      completionCandidates = Completions.ScanFormats.class,
      defaultValue = "table",
      description =
          "table, csv, jsonl, markdown or html (a sortable report with a chart)."
              + " Default: ${DEFAULT-VALUE}.")
  String format;

  @Mixin OutputOptions output;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress bar or summary.")
  boolean quiet;

  @Option(names = "--verbose", description = "Show stack traces for errors.")
  boolean verbose;

  @Mixin WorkloadOptions workload;

  @Mixin HubOptions hub;

  private final Environment env;

  ScanCommand(Environment env) {
    this.env = env;
  }

  /** Injected by picocli once the annotations are read: adds the exit codes to --help. */
  @Spec
  void spec(CommandLine.Model.CommandSpec commandSpec) {
    this.spec = commandSpec;
    ExitCode.listIn(commandSpec.usageMessage());
  }

  @Override
  public Integer call() throws Exception {
    CommandLine cmd = spec.commandLine();
    Format fmt =
        WorkloadOptions.choice(cmd, "--format", format, Format.forScan().toArray(new Format[0]));
    RenderOptions ro = scanOptions(output.render(cmd, env));
    validate(cmd, fmt);
    workload.refuseDraft(cmd);
    Workload w = workload.toWorkload(cmd);
    PrintWriter err = cmd.getErr();
    AtomicReference<Progress> bar = new AtomicReference<>();
    HfVram hf =
        hub.facade(cmd, env, RetryNotice.forRun(env, quiet, fmt == Format.JSONL, err, bar::get));
    boolean drawBar = !quiet && env.stderrTerminal();
    Inputs inputs = inputs(cmd, hf, drawBar);
    PrintWriter out = output.open(cmd, env);
    Progress progress = drawBar ? new Progress(err, env.clock(), inputs.total, ro.width()) : null;
    bar.set(progress);
    RowSink sink =
        new RowSink(
            out, fmt.scan(new RenderContext(ro, w, false, VersionProvider.version())), progress);
    // Ctrl-C: no more rows, and no bar left on the terminal's last line.
    Thread hook = new Thread(sink::close, "hf-vram-scan-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    Scanner.Summary summary;
    try {
      sink.begin();
      summary =
          new Scanner(loader(hf, w), w, concurrency, ErrorHandler::message)
              .scan(inputs.lines, sink::write, progress);
    } catch (UncheckedIOException e) {
      // the list itself failed mid-way (standard input from a directory, a vanished file)
      throw new CommandLine.ParameterException(
          cmd,
          ("-".equals(file) ? "standard input" : file)
              + ": cannot be read ("
              + e.getCause().getMessage()
              + "); the rows before it were written");
    } finally {
      inputs.close();
      if (progress != null) {
        progress.clear();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running already.
      }
      sink.close();
    }
    sink.end();
    return finish(cmd, out, summary);
  }

  /** Closes a file, prints the summary; the exit code. */
  private int finish(CommandLine cmd, PrintWriter out, Scanner.Summary summary) {
    if (out != cmd.getOut()) {
      out.close();
      Output.check(out);
    }
    if (!quiet) {
      cmd.getErr()
          .println(
              "hf-vram: scanned " + summary.rows() + " models, " + summary.failed() + " failed");
      cmd.getErr().flush();
    }
    return summary.failed() > 0 ? ExitCode.PARTIAL.code() : ExitCode.OK.code();
  }

  /**
   * The table fits the terminal (COLUMNS, which the launcher sets from the terminal); into a pipe
   * or a file without COLUMNS it keeps every column at full width.
   */
  private RenderOptions scanOptions(RenderOptions ro) {
    if (env.get("COLUMNS") != null || (env.terminal() && output.output == null)) {
      return ro;
    }
    return new RenderOptions(ro.color(), 240, ro.units(), ro.explain());
  }

  /**
   * Loads each input: listed ids came from the network, so they are Hub ids only, never read as
   * local paths. A revision that disagrees with --revision, or a --tp the model's heads refuse, is
   * that row's error.
   */
  private ModelLoader loader(HfVram hf, Workload w) {
    ModelLoader base = file == null ? hf::loadHubId : hf::load;
    int tp = w.serving().tensorParallel();
    return ref -> {
      String conflict = hub.revisionConflict(ref);
      if (conflict != null) {
        throw new WorkloadException(conflict);
      }
      LoadedModel m = base.load(ref);
      TensorParallel.check(m.spec(), tp);
      return m;
    };
  }

  private void validate(CommandLine cmd, Format fmt) {
    if (output.explain && fmt != Format.JSONL) {
      throw new CommandLine.ParameterException(
          cmd,
          "--explain in a scan needs --format jsonl"
              + " (each line gets its formulas); for one model's explained table run"
              + " 'hf-vram MODEL --explain'");
    }
    if ((file == null) == (author == null && search == null)) {
      throw new CommandLine.ParameterException(
          cmd, "give a FILE (or -) or --author/--search," + " not both and not neither");
    }
    if (concurrency < 1 || concurrency > 256) {
      throw new CommandLine.ParameterException(cmd, "--concurrency must be between 1 and 256");
    }
    if (limit < 1 || limit > 100_000) {
      throw new CommandLine.ParameterException(cmd, "--limit must be between 1 and 100000");
    }
  }

  /** The models to scan: the file's lines, standard input's, or the Hub's listing. */
  /** The models to scan; {@code count}: whether a progress bar needs the total of a FILE. */
  private Inputs inputs(CommandLine cmd, HfVram hf, boolean count) throws HfVramException {
    if (file == null) {
      List<String> ids = hf.list(author, search, limit);
      return new Inputs(ids.stream().map(Scanner.Input::of).iterator(), ids.size(), null);
    }
    if (file.equals("-")) {
      ScanList list = new ScanList(env.stdin());
      return new Inputs(list, -1, list);
    }
    return Inputs.of(cmd, env.workingDir().resolve(file), count);
  }

  /**
   * Writes each row's text as soon as the renderer gives it, under a lock, and checks every write
   * ({@link Output#check}): a full disk or a closed pipe ends the scan at once. After close
   * (Ctrl-C) no more rows are written. What the renderer buffers (HTML) comes at {@link #end}.
   */
  static final class RowSink {
    private final PrintWriter out;
    private final Renderer renderer;
    private final Progress progress;
    private boolean closed;

    RowSink(PrintWriter out, Renderer renderer) {
      this(out, renderer, null);
    }

    /** A sink that erases the progress bar before each row and draws it again after. */
    RowSink(PrintWriter out, Renderer renderer, Progress progress) {
      this.out = out;
      this.renderer = renderer;
      this.progress = progress;
    }

    synchronized void begin() {
      out.print(renderer.begin());
      Output.check(out);
    }

    synchronized void write(Row r) {
      if (closed) {
        return;
      }
      String text;
      try {
        text = renderer.row(r);
      } catch (UncheckedIOException e) {
        throw new OutputException("a temporary file of the HTML rows", e.getCause());
      }
      if (progress == null || text.isEmpty()) {
        out.print(text);
        Output.check(out);
      } else {
        progress.aroundRow(
            () -> {
              out.print(text);
              Output.check(out);
            });
      }
    }

    synchronized void end() throws IOException {
      renderer.end(out);
      Output.check(out);
    }

    synchronized void close() {
      closed = true;
      out.flush();
      if (progress != null) {
        progress.clear();
      }
    }
  }

  /** The inputs, blank lines and comments skipped, with the total when known. */
  static final class Inputs implements AutoCloseable {
    final Iterator<Scanner.Input> lines;
    final long total;
    private final AutoCloseable source;

    Inputs(Iterator<Scanner.Input> lines, long total, AutoCloseable source) {
      this.lines = lines;
      this.total = total;
      this.source = source;
    }

    static Inputs of(CommandLine cmd, Path path, boolean count) {
      if (Files.isDirectory(path)) {
        throw new CommandLine.ParameterException(
            cmd,
            path
                + ": is a directory, not a list of"
                + " models (give a file with one model per line, or - for standard input)");
      }
      if (!Files.isRegularFile(path)) {
        throw new CommandLine.ParameterException(
            cmd,
            path
                + (Files.exists(path) ? ": not a regular file" : ": no such file")
                + " (the list of models to scan; - reads standard input)");
      }
      try {
        long total = count ? ScanList.count(Files.newInputStream(path)) : -1;
        ScanList list = new ScanList(Files.newInputStream(path));
        return new Inputs(list, total, list);
      } catch (IOException | UncheckedIOException e) {
        throw new CommandLine.ParameterException(
            cmd, path + ": cannot be read (" + e.getMessage() + ")");
      }
    }

    @Override
    public void close() {
      if (source != null) {
        try {
          source.close();
        } catch (Exception ignored) {
          // Nothing was lost: every row is written.
        }
      }
    }
  }
}
