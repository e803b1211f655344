package io.hfvram.cli;

import io.hfvram.HfVram;
import io.hfvram.report.Units;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code hf-vram cache info|clear}. */
@Command(
    name = "cache",
    mixinStandardHelpOptions = true,
    description = "Show or clear hf-vram's cache of Hub answers.",
    subcommands = {CacheCommand.Info.class, CacheCommand.Clear.class})
final class CacheCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Specify a subcommand: 'cache info' or 'cache clear'");
  }

  /** The facade for the cache alone: only --cache-dir applies (no token, no revision). */
  static HfVram facade(CacheDir dir, CommandLine cmd, Environment env) {
    HubOptions hub = new HubOptions();
    hub.cacheDir = dir.cacheDir;
    hub.cacheTtl = "24h";
    return hub.facade(cmd, env);
  }

  /** The one option the cache commands take. */
  static final class CacheDir {
    @CommandLine.Option(
        names = "--cache-dir",
        paramLabel = "DIR",
        description =
            "hf-vram's cache. Default: HF_VRAM_CACHE, else $XDG_CACHE_HOME/hf-vram,"
                + " else ~/.cache/hf-vram.")
    Path cacheDir;
  }

  /** Where the cache is, how many entries, how big. */
  @Command(
      name = "info",
      mixinStandardHelpOptions = true,
      description = "Show where the cache is, its entries and size.")
  static final class Info implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin CacheDir hub;

    @CommandLine.Option(names = "--list", description = "List the cached URLs.")
    boolean list;

    private final Environment env;

    Info(Environment env) {
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      HfVram hf = facade(hub, spec.commandLine(), env);
      HfVram.CacheInfo i;
      try {
        i = hf.cacheInfo();
      } catch (IOException e) {
        throw new OutputException("the cache " + hf.cachePath(), e);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("cache:   " + i.root());
      out.println("entries: " + i.entries());
      out.println("size:    " + Units.binary(i.bytes()));
      out.println(
          "corrupt: " + i.corrupt() + (i.corrupt() > 0 ? " (fetched again when" + " needed)" : ""));
      if (list) {
        for (String u : i.urls()) {
          out.println("  " + u);
        }
      }
      out.flush();
      return ExitCode.OK.code();
    }
  }

  /** Deletes every cached answer. */
  @Command(
      name = "clear",
      mixinStandardHelpOptions = true,
      description = "Delete every cached Hub answer.")
  static final class Clear implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin CacheDir hub;
    private final Environment env;

    Clear(Environment env) {
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      HfVram hf = facade(hub, spec.commandLine(), env);
      long n;
      try {
        n = hf.clearCache();
      } catch (IOException e) {
        throw new OutputException("the cache " + hf.cachePath(), e);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("removed " + n + " entries from " + hf.cachePath());
      out.flush();
      return ExitCode.OK.code();
    }
  }
}
