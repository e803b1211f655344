package io.hfvram.hub;

import io.hfvram.core.Json;
import io.hfvram.core.JsonException;
import io.hfvram.core.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hub responses on disk, one file per request URL, named by the SHA-256 of the key so that
 * nothing in a repo id or revision can steer a path out of the cache folder. Writes go to a
 * unique temporary file and are renamed into place atomically, so concurrent writers (threads or
 * processes) never leave a torn file. Each file carries the SHA-256 of its body: a corrupt or
 * truncated file is detected, deleted and fetched again.
 */
final class DiskCache {
  /** Cache format version; a different version is ignored and refetched. */
  static final int VERSION = 1;
  /** Largest entry file read. */
  static final long MAX_ENTRY_BYTES = 64L << 20;

  private final Path root;

  DiskCache(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The cache folder. */
  Path root() {
    return root;
  }

  Path file(String key) {
    String hex = sha256(key.getBytes(StandardCharsets.UTF_8));
    return root.resolve("http").resolve(hex.substring(0, 2)).resolve(hex + ".json");
  }

  /** The entry, or null when absent, unreadable, corrupt or of another version. */
  CacheEntry read(String key) {
    Path f = file(key);
    try {
      if (!Files.isRegularFile(f) || Files.size(f) > MAX_ENTRY_BYTES) {
        return null;
      }
      Object parsed = Json.parse(Files.readAllBytes(f));
      CacheEntry e = decode(parsed, key);
      if (e == null) {
        quarantine(f);
      }
      return e;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | JsonException | RuntimeException e) {
      quarantine(f);
      return null;
    }
  }

  private static CacheEntry decode(Object parsed, String key) {
    if (!(parsed instanceof Map)) {
      return null;
    }
    Map<?, ?> m = (Map<?, ?>) parsed;
    if (!Long.valueOf(VERSION).equals(m.get("version")) || !key.equals(m.get("key"))) {
      return null;
    }
    Object body64 = m.get("body");
    Object sha = m.get("sha256");
    Object at = m.get("fetchedAt");
    if (!(body64 instanceof String) || !(sha instanceof String) || !(at instanceof Long)) {
      return null;
    }
    byte[] body = Base64.getDecoder().decode((String) body64);
    if (!sha.equals(sha256(body))) {
      return null;
    }
    return new CacheEntry((String) m.get("url"), str(m.get("etag")), str(m.get("commit")),
        (Long) at, Boolean.TRUE.equals(m.get("immutable")), body);
  }

  private static String str(Object o) {
    return o instanceof String ? (String) o : null;
  }

  /** Writes an entry atomically; a failure to write only costs a refetch later. */
  void write(String key, CacheEntry e) {
    Path f = file(key);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", (long) VERSION);
    m.put("key", key);
    m.put("url", e.url());
    m.put("etag", e.etag());
    m.put("commit", e.commit());
    m.put("fetchedAt", e.fetchedAtMillis());
    m.put("immutable", e.immutable());
    m.put("sha256", sha256(e.body()));
    m.put("body", Base64.getEncoder().encodeToString(e.body()));
    byte[] bytes = JsonWriter.compact(m).getBytes(StandardCharsets.UTF_8);
    Path tmp = null;
    try {
      Files.createDirectories(f.getParent());
      tmp = f.resolveSibling(f.getFileName() + "." + Long.toHexString(ProcessHandle.current()
          .pid()) + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException ex) {
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException ex) {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // Nothing more to do: the entry is simply not cached.
        }
      }
    }
  }

  private static void quarantine(Path f) {
    try {
      Files.deleteIfExists(f);
    } catch (IOException ignored) {
      // A file we cannot delete is read as a miss again next time.
    }
  }

  /** Counts entries and bytes, and lists the cached URLs. */
  CacheStats info() throws IOException {
    long entries = 0;
    long bytes = 0;
    long corrupt = 0;
    List<String> urls = new ArrayList<>();
    Path http = root.resolve("http");
    if (Files.isDirectory(http)) {
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(http)) {
        for (Path d : dirs) {
          if (!Files.isDirectory(d)) {
            continue;
          }
          try (DirectoryStream<Path> files = Files.newDirectoryStream(d, "*.json")) {
            for (Path f : files) {
              entries++;
              bytes += Files.size(f);
              try {
                Object parsed = Json.parse(Files.readAllBytes(f));
                Object key = parsed instanceof Map ? ((Map<?, ?>) parsed).get("key") : null;
                if (!(key instanceof String) || decode(parsed, (String) key) == null) {
                  corrupt++;
                } else {
                  urls.add((String) ((Map<?, ?>) parsed).get("url"));
                }
              } catch (JsonException | IOException | RuntimeException e) {
                corrupt++;
              }
            }
          }
        }
      }
    }
    urls.sort(null);
    return new CacheStats(root, entries, bytes, urls, corrupt);
  }

  /** Deletes every entry; returns how many files went. */
  long clear() throws IOException {
    long n = 0;
    Path http = root.resolve("http");
    if (!Files.isDirectory(http)) {
      return 0;
    }
    try (var walk = Files.walk(http)) {
      List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path p : all) {
        if (Files.isRegularFile(p)) {
          n++;
        }
        Files.deleteIfExists(p);
      }
    }
    return n;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
