package io.hfvram.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hf-vram completion bash}: picocli's generated completion script. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {"Print a shell completion script.", "Use: source <(hf-vram completion bash)"})
final class CompletionCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "SHELL",
      defaultValue = "bash",
      description = "bash (zsh can load it" + " with bashcompinit).")
  String shell;

  @Override
  public Integer call() {
    if (!shell.equals("bash") && !shell.equals("zsh")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "completion is generated for"
              + " bash (and zsh through bashcompinit); got '"
              + shell
              + "'");
    }
    spec.commandLine().getOut().print(AutoComplete.bash("hf-vram", spec.root().commandLine()));
    spec.commandLine().getOut().flush();
    return ExitCode.OK.code();
  }
}
