package io.hfvram.cli;

import io.hfvram.estimate.Gpus;
import io.hfvram.report.Units;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code hf-vram gpus}: the GPU catalog. */
@Command(
    name = "gpus",
    mixinStandardHelpOptions = true,
    description = "List the GPUs --gpu accepts, with the memory their driver reports.")
final class GpusCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println(String.format(Locale.ROOT, "%-13s %12s %12s  %s", "ID", "MEMORY", "TORCH", "GPU"));
    for (Gpus.Gpu g : Gpus.all()) {
      out.println(
          String.format(
              Locale.ROOT,
              "%-13s %12s %12s  %s",
              g.id(),
              Units.gib(g.memoryBytes()),
              Units.gib(g.torchBytes()),
              g.name()));
    }
    out.println(
        "MEMORY: the driver's total (nvidia-smi, rocm-smi); TORCH: torch's total_memory,"
            + " which vLLM budgets from (sources in docs/formulas.md).");
    out.println("Any other card: --gpu-memory SIZE (e.g. 24GiB).");
    out.flush();
    return ExitCode.OK.code();
  }
}
