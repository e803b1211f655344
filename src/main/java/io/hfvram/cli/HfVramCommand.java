package io.hfvram.cli;

import io.hfvram.HfVram;
import io.hfvram.estimate.Estimate;
import io.hfvram.estimate.Workload;
import io.hfvram.report.JsonReport;
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
    subcommands = {ScanCommand.class, CacheCommand.class, GpusCommand.class,
        CommandLine.HelpCommand.class},
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "How much GPU memory does a Hugging Face model need to run, or to train?",
      "MODEL is a Hub id (org/name[@revision]), a checkpoint folder containing config.json,",
      "or a path to a config.json."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  hf-vram meta-llama/Llama-2-70b-hf",
      "  hf-vram Qwen/Qwen3-8B@main -b 8 -s 8192 --kv-dtype fp8",
      "  hf-vram ./checkpoints/my-finetune",
      "  hf-vram ./llama-2-70b --dtype bf16 -s 4096 --format json",
      "  hf-vram ./mistral-7b/config.json -b 8 -s 8192 --kv-dtype fp8",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:internal error (a bug: please report it with --verbose output)",
      "2:usage error (unknown option, bad value)",
      "3:model not found, or no access (missing path, unknown repo, gated without HF_TOKEN)",
      "4:invalid or unsupported config (malformed JSON, missing or absurd keys)",
      "5:Hub unreachable, rate limited, server error, timeout, or cache miss under --offline",
      "6:scan finished but some rows failed",
    })
final class HfVramCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "MODEL", arity = "0..*",
      description = "A Hub id, checkpoint folder or config.json path.")
  List<String> models = new ArrayList<>();

  @Mixin WorkloadOptions workload;

  @Mixin HubOptions hub;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "Output format: table or json. Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = "--verbose", description = "Show stack traces for errors.")
  boolean verbose;

  private final Environment environment;

  HfVramCommand(Environment environment) {
    this.environment = environment;
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
    PrintWriter out = cmd.getOut();
    if (fmt == OutputFormat.JSON) {
      out.println(reports.size() == 1 ? JsonReport.render(reports.get(0))
          : JsonReport.render(reports));
    } else {
      for (int i = 0; i < reports.size(); i++) {
        if (i > 0) {
          out.println();
        }
        out.print(TableReport.render(reports.get(i)));
      }
    }
    out.flush();
    return ExitCode.OK;
  }

  /** Output formats. */
  enum OutputFormat {
    TABLE,
    JSON;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
