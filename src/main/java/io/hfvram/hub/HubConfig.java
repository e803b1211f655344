package io.hfvram.hub;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@link Hub#open} is told; a null value means "from the environment".
 *
 * @param endpoint the Hub endpoint, or null for HF_ENDPOINT, else https://huggingface.co
 * @param token the token, or null for HF_TOKEN, else the token file
 * @param cacheDir hf-vram's cache folder, or null for HF_VRAM_CACHE, else ~/.cache/hf-vram
 * @param cacheTtl how long a branch or tag stays fresh before revalidation
 * @param offline never touch the network (HF_HUB_OFFLINE and TRANSFORMERS_OFFLINE also turn it on)
 * @param refresh revalidate cached branch and tag entries now
 * @param timeout connect and read timeout (a whole call may take three times as long)
 * @param maxRetries retries after the first try
 * @param version the version sent in the User-Agent
 * @param tokenFile a file holding the token (wins over the environment, not over {@code token}), or
 *     null
 * @param deadline the whole run's deadline, from {@link Hub#open}; null for none
 */
public record HubConfig(
    String endpoint,
    String token,
    Path cacheDir,
    Duration cacheTtl,
    boolean offline,
    boolean refresh,
    Duration timeout,
    int maxRetries,
    String version,
    Path tokenFile,
    Duration deadline) {}
