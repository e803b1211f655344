package io.hfvram.cli;

import io.hfvram.HfVram;
import io.hfvram.estimate.Estimate;
import io.hfvram.estimate.Workload;
import io.hfvram.estimate.Gpus;
import io.hfvram.estimate.Sweeps;
import io.hfvram.report.HtmlReport;
import io.hfvram.report.JsonReport;
import io.hfvram.report.MarkdownReport;
import io.hfvram.report.RenderOptions;
import io.hfvram.report.SweepReport;
import io.hfvram.report.Report;
import io.hfvram.report.TableReport;
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

  @Parameters(paramLabel = "MODEL", arity = "0..*",
      description = "A Hub id, checkpoint folder or config.json path.")
  List<String> models = new ArrayList<>();

  @Mixin WorkloadOptions workload;

  @Mixin HubOptions hub;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "Output format: table, json, markdown or html (one self-contained file)."
          + " Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = "--sweep",
      description = "For each dtype, the longest context and the largest batch that fit on each"
          + " common GPU.")
  boolean sweep;

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

  @Override
  public Integer call() throws Exception {
    CommandLine cmd = spec.commandLine();
    if (models.isEmpty()) {
      throw new CommandLine.ParameterException(cmd, "Missing MODEL: give a Hub id, a checkpoint"
          + " folder or a config.json path (see --help)");
    }
    OutputFormat fmt = WorkloadOptions.choice(cmd, "--format", format, OutputFormat.values());
    Workload w = workload.toWorkload(cmd);
    HfVram hf = hub.facade(cmd, environment);
    List<Report> reports = new ArrayList<>();
    PrintWriter err = cmd.getErr();
    for (String ref : models) {
      LoadedModel m = hf.load(ref);
      for (String warning : m.warnings()) {
        err.println("hf-vram: warning: " + warning);
      }
      Estimate e = hf.estimate(m.spec(), w);
      reports.add(new Report(m, e));
    }
    err.flush();
    RenderOptions ro = output.render(cmd, environment);
    String text = sweep ? sweepText(fmt, reports, w, ro) : render(fmt, reports, w, ro);
    PrintWriter out = output.open(cmd, environment);
    out.print(text);
    out.flush();
    if (out != cmd.getOut()) {
      out.close();
      if (out.checkError()) {
        throw new CommandLine.ParameterException(cmd, "-o: the output could not be written");
      }
    }
    return ExitCode.OK.code();
  }

  private static String render(OutputFormat fmt, List<Report> reports, Workload w,
      RenderOptions ro) {
    StringBuilder sb = new StringBuilder();
    switch (fmt) {
      case JSON:
        if (reports.size() == 1) {
          return JsonReport.render(reports.get(0), ro.explain()) + "\n";
        }
        return JsonReport.render(reports, ro.explain()) + "\n";
      case HTML:
        if (reports.size() == 1) {
          Report r = reports.get(0);
          return HtmlReport.render(r, Sweeps.memoryVsContext(r.model().spec(), w), ro,
              VersionProvider.version());
        }
        List<io.hfvram.report.Row> rows = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
          rows.add(new io.hfvram.report.Row(i, reports.get(i).model().model(), reports.get(i),
              null));
        }
        return HtmlReport.renderScan(rows, w.serving().gpuMemoryBytes() != null, ro,
            VersionProvider.version());
      case MARKDOWN:
        for (int i = 0; i < reports.size(); i++) {
          sb.append(i > 0 ? "\n" : "").append(MarkdownReport.render(reports.get(i), ro));
        }
        return sb.toString();
      default:
        for (int i = 0; i < reports.size(); i++) {
          sb.append(i > 0 ? "\n" : "").append(TableReport.render(reports.get(i), ro));
        }
        return sb.toString();
    }
  }

  private static String sweepText(OutputFormat fmt, List<Report> reports, Workload w,
      RenderOptions ro) {
    StringBuilder sb = new StringBuilder();
    List<Object> json = new ArrayList<>();
    for (Report r : reports) {
      List<Sweeps.Cell> cells = Sweeps.sweep(r.model().spec(), w, Gpus.all());
      if (fmt == OutputFormat.JSON) {
        json.add(SweepReport.toMap(r, cells));
      } else if (fmt == OutputFormat.MARKDOWN) {
        sb.append(SweepReport.markdown(r, cells));
      } else {
        sb.append(SweepReport.table(r, cells));
      }
    }
    if (fmt == OutputFormat.JSON) {
      return io.hfvram.core.JsonWriter.pretty(json.size() == 1 ? json.get(0) : json) + "\n";
    }
    return sb.toString();
  }

  /** Output formats. */
  enum OutputFormat {
    TABLE,
    JSON,
    MARKDOWN,
    HTML;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
