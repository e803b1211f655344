package io.hfvram.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the user's own Hugging Face cache ({@code models--org--name/refs/<rev>} and {@code
 * snapshots/<commit>/}), so a model already downloaded with transformers needs no network. Symbolic
 * links are followed only when they stay inside the cache folder.
 */
final class HfHubCache {
  private final Path root;

  HfHubCache(Path root) {
    this.root = root;
  }

  /** The snapshot folder of {@code ref}, or null when the cache does not hold it. */
  Snapshot find(RepoRef ref) {
    try {
      if (!Files.isDirectory(root)) {
        return null;
      }
      Path realRoot = root.toRealPath();
      Path repo = realRoot.resolve(ref.cacheFolder());
      if (!Files.isDirectory(repo)) {
        return null;
      }
      String commit = ref.revision();
      if (!ref.pinned()) {
        Path refFile = repo.resolve("refs").resolve(ref.revision()).normalize();
        if (!refFile.startsWith(repo.resolve("refs"))
            || !Files.isRegularFile(refFile)
            || Files.size(refFile) > 100) {
          return null;
        }
        commit = Files.readString(refFile, StandardCharsets.UTF_8).strip();
        if (!RepoRef.isCommit(commit)) {
          return null;
        }
      }
      Path snap = repo.resolve("snapshots").resolve(commit);
      Path config = inside(realRoot, snap.resolve("config.json"));
      if (config == null) {
        return null;
      }
      return new Snapshot(realRoot, snap, commit, config);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The real path of {@code p} if it exists and resolves inside {@code realRoot}, else null. */
  static Path inside(Path realRoot, Path p) {
    try {
      if (!Files.exists(p)) {
        return null;
      }
      Path real = p.toRealPath();
      return real.startsWith(realRoot) && Files.isRegularFile(real) ? real : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
