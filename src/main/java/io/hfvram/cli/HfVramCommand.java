package io.hfvram.cli;

import io.hfvram.HfVram;
import io.hfvram.core.Printable;
import io.hfvram.estimate.EngineSetup;
import io.hfvram.estimate.Estimate;
import io.hfvram.estimate.VllmSpeculation;
import io.hfvram.estimate.Workload;
import io.hfvram.report.Format;
import io.hfvram.report.RenderContext;
import io.hfvram.report.Report;
import io.hfvram.report.Row;
import io.hfvram.source.LoadedModel;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hf-vram [OPTIONS] MODEL...}: estimate one or more models. */
@Command(
    name = "hf-vram",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "How much GPU memory does a Hugging Face model need to run, or to train?",
      "MODEL is a Hub id (org/name[@revision]), a checkpoint folder holding",
      "config.json, a path to a config.json, or a .gguf file."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  hf-vram meta-llama/Llama-2-70b-hf",
      "  hf-vram Qwen/Qwen3-8B@main -b 8 -s 8192 --kv-dtype fp8",
      "  hf-vram ./checkpoints/my-finetune",
      "  hf-vram ./llama-2-70b --dtype bf16 -s 4096 --format json",
      "  hf-vram ./mistral-7b/config.json -b 8 -s 8192 --kv-dtype fp8",
      "  hf-vram meta-llama/Llama-3.1-8B --gpu rtx-4090 --method qlora",
      "  hf-vram meta-llama/Llama-3.1-8B --engine vllm --gpu l4 -s 8192",
      "  hf-vram scan models.txt --gpu a100-80gb --format csv",
    })
final class HfVramCommand implements Callable<Integer> {
  CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "MODEL",
      arity = "0..*",
      description = "A Hub id, checkpoint folder or config.json path.")
  List<String> models = new ArrayList<>();

  @Mixin WorkloadOptions workload;

  @Mixin HubOptions hub;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      completionCandidates = Completions.ModelFormats.class,
      defaultValue = "table",
      description =
          "Output format: table, json, markdown or html (one self-contained file)."
              + " Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(
      names = "--sweep",
      description =
          "For each dtype, the longest context and the largest batch that fit on each"
              + " common GPU.")
  boolean sweep;

  @Option(
      names = "--brief",
      description =
          "The one-screen answer: weights, KV cache, total and the fit (table format only).")
  boolean brief;

  @Mixin OutputOptions output;

  @Option(names = "--verbose", description = "Show stack traces for errors.")
  boolean verbose;

  private final Environment environment;

  HfVramCommand(Environment environment) {
    this.environment = environment;
  }

  /** Injected by picocli once the annotations are read: adds the exit codes to --help. */
  @Spec
  void spec(CommandLine.Model.CommandSpec commandSpec) {
    this.spec = commandSpec;
    ExitCode.listIn(commandSpec.usageMessage());
  }

  private static Row estimate(HfVram hf, String ref, Workload w, int index, PrintWriter err)
      throws Exception {
    LoadedModel m = hf.load(ref);
    TensorParallel.check(m.spec(), w.serving().tensorParallel());
    for (String warning : m.warnings()) {
      err.println("hf-vram: warning: " + Printable.line(warning));
    }
    Estimate e = hf.estimate(m.spec(), w);
    return Row.of(index, new Report(m, e));
  }

  /**
   * Loads the --speculative-model draft through the same facade as the models and puts it in the
   * workload's vLLM speculation; the workload unchanged without one.
   */
  private Workload withDraft(HfVram hf, Workload w, PrintWriter err) throws Exception {
    String ref = workload.speculativeModel();
    if (ref == null) {
      return w;
    }
    LoadedModel d = hf.load(ref);
    TensorParallel.check(d.spec(), w.serving().tensorParallel());
    for (String warning : d.warnings()) {
      err.println("hf-vram: warning: draft model: " + Printable.line(warning));
    }
    EngineSetup e = w.serving().engines();
    VllmSpeculation sp = new VllmSpeculation(null, workload.engines.speculativeTokens, d.spec());
    return w.withServing(w.serving().withEngines(e.withSpeculation(sp)));
  }

  /** Refuses no MODEL, an empty one, a mistyped subcommand and a revision given twice. */
  private void checkModels(CommandLine cmd) {
    if (models.isEmpty()) {
      throw new CommandLine.ParameterException(
          cmd,
          "Missing MODEL: give a Hub id, a checkpoint"
              + " folder or a config.json path (see --help)");
    }
    for (String m : models) {
      if (m.isBlank()) {
        throw new CommandLine.ParameterException(
            cmd, "an empty MODEL: give a Hub id, a" + " checkpoint folder or a config.json path");
      }
    }
    for (String m : models) {
      Suggestions.checkModelWord(cmd, m, environment.workingDir());
      hub.checkRevision(cmd, m);
    }
  }

  @Override
  public Integer call() throws Exception {
    CommandLine cmd = spec.commandLine();
    checkModels(cmd);
    Format fmt =
        WorkloadOptions.choice(cmd, "--format", format, Format.forModels().toArray(new Format[0]));
    if (brief && (fmt != Format.TABLE || sweep || output.explain)) {
      throw new CommandLine.ParameterException(
          cmd,
          "--brief is a short table: it cannot go with --format "
              + format
              + ", --sweep or --explain");
    }
    Workload w = workload.toWorkload(cmd);
    PrintWriter err = cmd.getErr();
    HfVram hf =
        hub.facade(
            cmd, environment, RetryNotice.forRun(environment, false, fmt == Format.JSON, err));
    w = withDraft(hf, w, err);
    List<Row> rows = new ArrayList<>();
    Exception firstFailure = null;
    for (String ref : models) {
      try {
        rows.add(estimate(hf, ref, w, rows.size(), err));
      } catch (Exception e) {
        // With several models, one that fails is one line; the others are still printed.
        if (models.size() == 1 || ErrorHandler.code(e) == ExitCode.INTERNAL.code()) {
          throw e;
        }
        err.println("hf-vram: " + ErrorHandler.message(e));
        firstFailure = firstFailure == null ? e : firstFailure;
      }
    }
    err.flush();
    if (rows.isEmpty()) {
      return ErrorHandler.code(firstFailure);
    }
    RenderContext context =
        new RenderContext(output.render(cmd, environment), w, sweep, VersionProvider.version());
    String text =
        brief
            ? Brief.render(rows.stream().map(Row::report).toList(), context.options().units())
            : fmt.models(context).render(rows);
    OutputOptions.write(cmd, output.open(cmd, environment), text);
    if (firstFailure != null) {
      return ExitCode.PARTIAL.code();
    }
    return ExitCode.OK.code();
  }
}
