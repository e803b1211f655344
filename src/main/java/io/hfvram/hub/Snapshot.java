package io.hfvram.hub;

import java.nio.file.Path;

/**
 * A model snapshot in the user's Hugging Face cache.
 *
 * @param realRoot the cache root, resolved
 * @param folder the snapshot folder
 * @param commit its commit
 * @param config the real path of its config.json
 */
public record Snapshot(Path realRoot, Path folder, String commit, Path config) {
  /** The real path of a file in the snapshot, or null when absent or outside the cache. */
  public Path file(String name) {
    if (name.contains("..") || name.startsWith("/") || name.contains("\\")) {
      return null;
    }
    return HfHubCache.inside(realRoot, folder.resolve(name));
  }
}
