package io.hfvram.hub;

import java.nio.file.Path;
import java.util.List;

/**
 * What hf-vram's response cache holds.
 *
 * @param root the cache folder
 * @param entries entry files
 * @param bytes their total size
 * @param urls the cached URLs, sorted
 * @param corrupt entry files that fail their checksum or do not parse (they are refetched)
 */
public record CacheStats(Path root, long entries, long bytes, List<String> urls, long corrupt) {
  public CacheStats {
    urls = List.copyOf(urls);
  }
}
