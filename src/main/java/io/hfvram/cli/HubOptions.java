package io.hfvram.cli;

import io.hfvram.HfVram;
import io.hfvram.HubSettings;
import io.hfvram.hub.RetryListener;
import io.hfvram.source.LocalLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where models come from: the Hub endpoint, token, revision and the caches. */
final class HubOptions {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*([smhd]?)");

  @Option(
      names = "--revision",
      paramLabel = "REV",
      description =
          "Branch, tag, commit SHA or refs/pr/N for Hub ids written without @REV (MODEL@REV"
              + " and a different --revision are refused). Default: main.")
  String revision;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description = "Hub endpoint or mirror. Default: HF_ENDPOINT, else https://huggingface.co.")
  String endpoint;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "Hub token. Default: HF_TOKEN, else the token file (HF_TOKEN_PATH,"
              + " $HF_HOME/token, ~/.cache/huggingface/token). Sent only to the endpoint's host."
              + " Visible to other users in ps: prefer HF_TOKEN or --token-file.")
  String token;

  @Option(
      names = "--token-file",
      paramLabel = "PATH",
      description = "Read the Hub token from this file (not visible in ps); --token wins.")
  Path tokenFile;

  @Option(
      names = "--deadline",
      paramLabel = "DURATION",
      description =
          "Stop asking the Hub after this long in all, e.g. 90s, 10m, 2h; later"
              + " requests fail at once (exit 5, or failed rows in a scan). Default: none.")
  String deadline;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description =
          "hf-vram's cache. Default: HF_VRAM_CACHE, else $XDG_CACHE_HOME/hf-vram,"
              + " else ~/.cache/hf-vram.")
  Path cacheDir;

  @Option(
      names = "--cache-ttl",
      paramLabel = "DURATION",
      defaultValue = "24h",
      description =
          "How long a cached branch or tag stays fresh before it is revalidated"
              + " (commit SHAs never expire), e.g. 30m, 24h, 7d, 0. Default: ${DEFAULT-VALUE}.")
  String cacheTtl;

  @Option(names = "--refresh", description = "Revalidate cached Hub answers now.")
  boolean refresh;

  @Option(
      names = "--offline",
      description = "Never touch the network (also HF_HUB_OFFLINE=1); a cache miss fails.")
  boolean offline;

  /**
   * Refuses "org/name@A" with {@code --revision B}: the two disagree and one would be printed while
   * the other is fetched. The same revision twice is fine; the '@' of a path is not one.
   */
  void checkRevision(CommandLine cmd, String ref) {
    String conflict = revisionConflict(ref);
    if (conflict != null) {
      throw new CommandLine.ParameterException(cmd, conflict);
    }
  }

  /** The message for a MODEL@REV that disagrees with --revision, or null. */
  String revisionConflict(String ref) {
    int at = ref.indexOf('@');
    if (revision == null || at < 0 || LocalLoader.looksLocal(ref)) {
      return null;
    }
    String rev = ref.substring(at + 1);
    return rev.equals(revision)
        ? null
        : "'"
            + ref
            + "' names revision "
            + rev
            + " and --revision says "
            + revision
            + ": give the revision once";
  }

  /** The facade configured from these options and the environment. */
  HfVram facade(CommandLine cmd, Environment env) {
    return facade(cmd, env, RetryListener.NONE);
  }

  /** The facade, telling {@code retries} before each retry of a Hub request. */
  HfVram facade(CommandLine cmd, Environment env, RetryListener retries) {
    Duration ttl = ttl(cmd, cacheTtl);
    try {
      HubSettings settings =
          HubSettings.defaults()
              .withEndpoint(endpoint)
              .withToken(token)
              .withRevision(revision)
              .withCacheDir(cacheDir == null ? null : env.workingDir().resolve(cacheDir))
              .withCacheTtl(ttl)
              .withRefresh(refresh)
              .withOffline(offline)
              .withTokenFile(tokenFile == null ? null : env.workingDir().resolve(tokenFile))
              .withDeadline(deadline == null ? null : duration(cmd, "--deadline", deadline))
              .withVersion(VersionProvider.version());
      return HfVram.builder()
          .workingDir(env.workingDir())
          .env(env.env())
          .home(env.home())
          .hub(settings)
          .retryListener(retries)
          .build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, e.getMessage());
    }
  }

  static Duration ttl(CommandLine cmd, String text) {
    return duration(cmd, "--cache-ttl", text);
  }

  static Duration duration(CommandLine cmd, String option, String text) {
    Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new CommandLine.ParameterException(
          cmd, option + " must be a duration such as" + " 30m, 24h or 7d; got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    if (option.equals("--deadline") && n == 0) {
      throw new CommandLine.ParameterException(cmd, "--deadline must be more than 0");
    }
    switch (m.group(2)) {
      case "d":
        return Duration.ofDays(n);
      case "h":
        return Duration.ofHours(n);
      case "m":
        return Duration.ofMinutes(n);
      default:
        return Duration.ofSeconds(n);
    }
  }
}
