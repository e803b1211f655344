package io.hfvram;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How {@link HfVram} talks to the Hugging Face Hub. A null value means "from the environment" (see
 * {@link HfVram.Builder#env}); {@link #defaults()} is the command line's defaults.
 *
 * @param endpoint the Hub endpoint or a mirror; null for HF_ENDPOINT, else https://huggingface.co
 * @param token the token, sent only to the endpoint's host; null for the token file, else HF_TOKEN,
 *     else the login file (HF_TOKEN_PATH, $HF_HOME/token, ~/.cache/huggingface/token)
 * @param revision the revision for Hub ids without '@'; null for main
 * @param cacheDir hf-vram's cache folder; null for HF_VRAM_CACHE, else $XDG_CACHE_HOME/hf-vram,
 *     else ~/.cache/hf-vram
 * @param cacheTtl how long a cached branch or tag stays fresh before it is revalidated (commit SHAs
 *     never expire)
 * @param offline never touch the network (HF_HUB_OFFLINE=1 and TRANSFORMERS_OFFLINE=1 also turn it
 *     on)
 * @param refresh revalidate every cached entry now
 * @param timeout connect and read timeout (a whole call may take three times as long, a request
 *     with its retries six times)
 * @param maxRetries retries after the first try of a request that may succeed later
 * @param version the hf-vram version sent in the User-Agent
 * @param tokenFile a file holding the token (read when the facade is built); null for none
 * @param deadline the most time all Hub requests of this facade may take, from its building (after
 *     it, every request fails at once); null for none
 */
public record HubSettings(
    String endpoint,
    String token,
    String revision,
    Path cacheDir,
    Duration cacheTtl,
    boolean offline,
    boolean refresh,
    Duration timeout,
    int maxRetries,
    String version,
    Path tokenFile,
    Duration deadline) {

  public HubSettings {
    if (cacheTtl == null || cacheTtl.isNegative()) {
      throw new IllegalArgumentException("cacheTtl must be zero or more");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be zero or more");
    }
    if (version == null) {
      throw new IllegalArgumentException("version must not be null");
    }
    if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
      throw new IllegalArgumentException("deadline must be positive");
    }
  }

  /** Everything from the environment; 24 h TTL, 10 s timeout, 5 retries, online. */
  public static HubSettings defaults() {
    return new HubSettings(
        null,
        null,
        null,
        null,
        Duration.ofHours(24),
        false,
        false,
        Duration.ofSeconds(10),
        5,
        "dev",
        null,
        null);
  }

  /** A copy with another endpoint. */
  public HubSettings withEndpoint(String endpoint) {
    return new HubSettings(
        endpoint,
        token,
        revision,
        cacheDir,
        cacheTtl,
        offline,
        refresh,
        timeout,
        maxRetries,
        version,
        tokenFile,
        deadline);
  }

  /** A copy with another token. */
  public HubSettings withToken(String token) {
    return new HubSettings(
        endpoint,
        token,
        revision,
        cacheDir,
        cacheTtl,
        offline,
        refresh,
        timeout,
        maxRetries,
        version,
        tokenFile,
        deadline);
  }

  /** A copy with another default revision. */
  public HubSettings withRevision(String revision) {
    return new HubSettings(
        endpoint,
        token,
        revision,
        cacheDir,
        cacheTtl,
        offline,
        refresh,
        timeout,
        maxRetries,
        version,
        tokenFile,
        deadline);
  }

  /** A copy with another cache folder. */
  public HubSettings withCacheDir(Path cacheDir) {
    return new HubSettings(
        endpoint,
        token,
        revision,
        cacheDir,
        cacheTtl,
        offline,
        refresh,
        timeout,
        maxRetries,
        version,
        tokenFile,
        deadline);
  }

  /** A copy with another cache TTL. */
  public HubSettings withCacheTtl(Duration cacheTtl) {
    return new HubSettings(
        endpoint,
        token,
        revision,
        cacheDir,
        cacheTtl,
        offline,
        refresh,
        timeout,
        maxRetries,
        version,
        tokenFile,
        deadline);
  }

  /** A copy with offline mode on or off (the environment can still turn it on). */
  public HubSettings withOffline(boolean offline) {
    return new HubSettings(
        endpoint,
        token,
        revision,
        cacheDir,
        cacheTtl,
        offline,
        refresh,
        timeout,
        maxRetries,
        version,
        tokenFile,
        deadline);
  }

  /** A copy that does or does not revalidate cached entries now. */
  public HubSettings withRefresh(boolean refresh) {
    return new HubSettings(
        endpoint,
        token,
        revision,
        cacheDir,
        cacheTtl,
        offline,
        refresh,
        timeout,
        maxRetries,
        version,
        tokenFile,
        deadline);
  }

  /** A copy with another timeout. */
  public HubSettings withTimeout(Duration timeout) {
    return new HubSettings(
        endpoint,
        token,
        revision,
        cacheDir,
        cacheTtl,
        offline,
        refresh,
        timeout,
        maxRetries,
        version,
        tokenFile,
        deadline);
  }

  /** A copy with another retry count. */
  public HubSettings withMaxRetries(int maxRetries) {
    return new HubSettings(
        endpoint,
        token,
        revision,
        cacheDir,
        cacheTtl,
        offline,
        refresh,
        timeout,
        maxRetries,
        version,
        tokenFile,
        deadline);
  }

  /** A copy with another User-Agent version. */
  public HubSettings withVersion(String version) {
    return new HubSettings(
        endpoint,
        token,
        revision,
        cacheDir,
        cacheTtl,
        offline,
        refresh,
        timeout,
        maxRetries,
        version,
        tokenFile,
        deadline);
  }

  /** A copy with another token file (null for none). */
  public HubSettings withTokenFile(Path tokenFile) {
    return new HubSettings(
        endpoint,
        token,
        revision,
        cacheDir,
        cacheTtl,
        offline,
        refresh,
        timeout,
        maxRetries,
        version,
        tokenFile,
        deadline);
  }

  /** A copy with another run deadline (null for none). */
  public HubSettings withDeadline(Duration deadline) {
    return new HubSettings(
        endpoint,
        token,
        revision,
        cacheDir,
        cacheTtl,
        offline,
        refresh,
        timeout,
        maxRetries,
        version,
        tokenFile,
        deadline);
  }
}
