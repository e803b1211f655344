package io.hfvram.hub;

import io.hfvram.core.Json;
import io.hfvram.core.JsonException;
import io.hfvram.core.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hub responses on disk, one file per request URL, named by the SHA-256 of the key so that nothing
 * in a repo id or revision can steer a path out of the cache folder. A file is one line of JSON
 * metadata, a newline, and the raw body. Writes go to a unique temporary file and are renamed into
 * place atomically, so concurrent writers (threads or processes) never leave a torn file; temporary
 * files older than {@link #ORPHAN_AGE} (left by a killed process) are deleted when the cache is
 * first written, and by {@link #info} and {@link #clear}. Each file carries a SHA-256 over its
 * metadata and body: a corrupt, truncated or edited file is detected, deleted and fetched again.
 * The largest body written is the largest read ({@link #MAX_BODY_BYTES}).
 */
final class DiskCache {
  /** Cache format version; a different version is ignored and refetched. */
  static final int VERSION = 2;

  /** Largest body cached: a safetensors header at the format's cap. */
  static final long MAX_BODY_BYTES = 100_000_000L;

  /** Largest metadata line. */
  static final int MAX_META_BYTES = 64 << 10;

  /** Temporary files older than this are a killed writer's and are deleted. */
  static final Duration ORPHAN_AGE = Duration.ofHours(1);

  private static final String SUFFIX = ".entry";

  private final Path root;
  private final Clock clock;
  private final long maxBody;
  private final AtomicBoolean swept = new AtomicBoolean();

  DiskCache(Path root) {
    this(root, Clock.systemUTC(), MAX_BODY_BYTES);
  }

  DiskCache(Path root, Clock clock, long maxBody) {
    this.root = root.toAbsolutePath().normalize();
    this.clock = clock;
    this.maxBody = maxBody;
  }

  /** The cache folder. */
  Path root() {
    return root;
  }

  Path file(String key) {
    String hex = sha256(key.getBytes(StandardCharsets.UTF_8));
    return root.resolve("http").resolve(hex.substring(0, 2)).resolve(hex + SUFFIX);
  }

  /** The largest entry file read or written. */
  long maxEntryBytes() {
    return maxBody + MAX_META_BYTES + 1;
  }

  /** The entry, or null when absent, unreadable, corrupt, too large or of another version. */
  CacheEntry read(String key) {
    Path f = file(key);
    try {
      if (!Files.isRegularFile(f)) {
        return null;
      }
      CacheEntry e = Files.size(f) > maxEntryBytes() ? null : decode(f, key, true);
      if (e == null) {
        quarantine(f);
      }
      return e;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      quarantine(f);
      return null;
    }
  }

  /**
   * Reads and checks one file; the body is kept only when {@code keepBody} (else streamed through
   * the digest). {@code key} null accepts any key.
   */
  private CacheEntry decode(Path f, String key, boolean keepBody) throws IOException {
    try (InputStream in = Files.newInputStream(f)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0 || line.size() >= MAX_META_BYTES) {
          return null;
        }
        line.write(b);
      }
      Object parsed = Json.parse(line.toByteArray());
      if (!(parsed instanceof Map<?, ?> m)
          || !Long.valueOf(VERSION).equals(m.get("version"))
          || !(m.get("key") instanceof String k)
          || key != null && !key.equals(k)
          || !(m.get("length") instanceof Long length)
          || length < 0
          || length > maxBody
          || !(m.get("fetchedAt") instanceof Long at)
          || !(m.get("sha256") instanceof String)) {
        return null;
      }
      MessageDigest body = digest();
      ByteArrayOutputStream kept = keepBody ? new ByteArrayOutputStream() : null;
      byte[] buf = new byte[64 << 10];
      long left = length;
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          return null;
        }
        body.update(buf, 0, n);
        if (kept != null) {
          kept.write(buf, 0, n);
        }
        left -= n;
      }
      String etag = str(m.get("etag"));
      CacheEntry e =
          new CacheEntry(
              str(m.get("url")),
              etag,
              str(m.get("commit")),
              at,
              Boolean.TRUE.equals(m.get("immutable")),
              kept == null ? new byte[0] : kept.toByteArray());
      if (in.read() >= 0 || !m.get("sha256").equals(checksum(k, e, body.digest()))) {
        return null;
      }
      // An ETag that cannot be sent back (non-ASCII, say) is dropped: the entry is refetched.
      return etag == null || HubTransport.validEtag(etag)
          ? e
          : new CacheEntry(e.url(), null, e.commit(), e.fetchedAtMillis(), e.immutable(), e.body());
    } catch (JsonException e) {
      return null;
    }
  }

  /** The SHA-256 over every field and the body's own SHA-256. */
  private static String checksum(String key, CacheEntry e, byte[] bodySha) {
    String all =
        String.join(
            "\n",
            key,
            String.valueOf(e.url()),
            String.valueOf(e.etag()),
            String.valueOf(e.commit()),
            Long.toString(e.fetchedAtMillis()),
            Boolean.toString(e.immutable()),
            HexFormat.of().formatHex(bodySha));
    return sha256(all.getBytes(StandardCharsets.UTF_8));
  }

  private static String str(Object o) {
    return o instanceof String ? (String) o : null;
  }

  /** Writes an entry atomically; a failure to write (or a body over the cap) costs a refetch. */
  void write(String key, CacheEntry given) {
    if (given.body().length > maxBody) {
      return;
    }
    sweepOnce();
    CacheEntry e =
        new CacheEntry(
            Redaction.redact(given.url(), null),
            given.etag(),
            given.commit(),
            given.fetchedAtMillis(),
            given.immutable(),
            given.body());
    Path f = file(key);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", (long) VERSION);
    m.put("key", key);
    m.put("url", e.url());
    m.put("etag", e.etag());
    m.put("commit", e.commit());
    m.put("fetchedAt", e.fetchedAtMillis());
    m.put("immutable", e.immutable());
    m.put("length", (long) e.body().length);
    m.put("sha256", checksum(key, e, digest().digest(e.body())));
    byte[] meta = JsonWriter.compact(m).getBytes(StandardCharsets.UTF_8);
    if (meta.length >= MAX_META_BYTES) {
      return;
    }
    Path tmp = null;
    try {
      Files.createDirectories(f.getParent());
      tmp =
          f.resolveSibling(
              f.getFileName()
                  + "."
                  + Long.toHexString(ProcessHandle.current().pid())
                  + "-"
                  + Long.toHexString(ThreadLocalRandom.current().nextLong())
                  + ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        out.write(meta);
        out.write('\n');
        out.write(e.body());
      }
      try {
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException ex) {
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException ex) {
      if (tmp != null) {
        quarantine(tmp);
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

  private void sweepOnce() {
    if (swept.compareAndSet(false, true)) {
      sweep();
    }
  }

  /**
   * Deletes temporary files older than {@link #ORPHAN_AGE} and entries of the old format ({@code
   * *.json}); returns how many went.
   */
  long sweep() {
    long n = 0;
    long before = clock.millis() - ORPHAN_AGE.toMillis();
    for (Path f : files()) {
      String name = f.getFileName().toString();
      try {
        if (name.endsWith(".json")
            || name.endsWith(".tmp") && Files.getLastModifiedTime(f).toMillis() < before) {
          Files.deleteIfExists(f);
          n++;
        }
      } catch (IOException ignored) {
        // Another process may have renamed or deleted it.
      }
    }
    return n;
  }

  /** Every regular file in the two levels of {@code http/}. */
  private List<Path> files() {
    List<Path> all = new ArrayList<>();
    Path http = root.resolve("http");
    if (!Files.isDirectory(http)) {
      return all;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(http)) {
      for (Path d : dirs) {
        if (Files.isDirectory(d)) {
          try (DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
            for (Path f : files) {
              if (Files.isRegularFile(f)) {
                all.add(f);
              }
            }
          }
        }
      }
    } catch (IOException ignored) {
      // A folder that cannot be listed holds nothing we can use.
    }
    return all;
  }

  /**
   * Counts entries and bytes, and lists the cached URLs; every entry is checked (streamed, never
   * held in memory), and one over the size cap counts as corrupt.
   */
  CacheStats info() throws IOException {
    sweep();
    long entries = 0;
    long bytes = 0;
    long corrupt = 0;
    List<String> urls = new ArrayList<>();
    for (Path f : files()) {
      if (!f.getFileName().toString().endsWith(SUFFIX)) {
        continue;
      }
      entries++;
      long size = Files.size(f);
      bytes += size;
      CacheEntry e;
      try {
        e = size > maxEntryBytes() ? null : decode(f, null, false);
      } catch (IOException | RuntimeException ex) {
        e = null;
      }
      if (e == null) {
        corrupt++;
      } else {
        urls.add(e.url());
      }
    }
    urls.sort(null);
    return new CacheStats(root, entries, bytes, urls, corrupt);
  }

  /** Deletes every entry (and temporary file); returns how many files went. */
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

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }
}
