package io.hfvram.hub;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hfvram.core.Json;
import io.hfvram.core.JsonException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/**
 * Two-level cached GETs: Caffeine in the process over the {@link DiskCache}. A commit-pinned
 * entry never expires; a branch or tag is fresh for the TTL and then revalidated with
 * If-None-Match (a 304 moves no body). {@code refresh} revalidates now; {@code offline} never
 * touches the network. When the Hub cannot be reached, a stale entry is served with a warning.
 */
final class Fetcher {
  /** Bytes of response bodies kept in memory; the disk cache holds the rest. */
  static final long MEMORY_BYTES = 32L << 20;

  private final Supplier<HubClient> client;
  private final DiskCache disk;
  private final Cache<String, CacheEntry> memory;
  private final Clock clock;
  private final Duration ttl;
  private final boolean refresh;
  private final boolean offline;

  /**
   * @param client made on first use only (so a cached run never loads the HTTP stack)
   */
  Fetcher(Supplier<HubClient> client, DiskCache disk, Clock clock, Duration ttl,
      boolean refresh, boolean offline) {
    this.client = client;
    this.disk = disk;
    this.clock = clock;
    this.ttl = ttl;
    this.refresh = refresh;
    this.offline = offline;
    this.memory = Caffeine.newBuilder()
        .maximumWeight(MEMORY_BYTES)
        .weigher((String k, CacheEntry e) -> e.body().length + k.length() * 2 + 256)
        .build();
  }

  /** Tries a body that fails its check gets (a garbled answer), then gives up. */
  static final int INVALID_TRIES = 3;

  /**
   * The body at {@code url}, from cache when fresh. An answer that fails {@code valid} (a
   * garbled document) is fetched again, and never cached.
   *
   * @param immutable the URL names a commit, so its content never changes
   * @param range a byte range header value, or null
   * @param limit the most body bytes accepted
   * @param trace records network use and warnings for this load
   * @param valid a check of the body, or null
   */
  CacheEntry get(HttpUrl url, boolean immutable, String range, long limit, FetchTrace trace,
      Predicate<byte[]> valid) throws HubException {
    String key = url + (range == null ? "" : "#" + range);
    CacheEntry cached = memory.getIfPresent(key);
    if (cached == null) {
      cached = disk.read(key);
      if (cached != null && valid != null && !valid.test(cached.body())) {
        cached = null;
      }
      if (cached != null) {
        memory.put(key, cached);
      }
    }
    long now = clock.millis();
    if (cached != null && (cached.immutable() || (!refresh
        && now - cached.fetchedAtMillis() < ttl.toMillis()))) {
      return cached;
    }
    if (offline) {
      if (cached != null) {
        trace.warnings.add("offline: using a cached copy of " + HubClient.describe(url)
            + " fetched " + age(now - cached.fetchedAtMillis()) + " ago");
        return cached;
      }
      throw new HubUnavailableException.OfflineMiss(HubClient.describe(url)
          + " is not in the cache and offline mode is on (--offline or HF_HUB_OFFLINE=1); run"
          + " once online, or pass a local folder");
    }
    HttpResult r = null;
    for (int attempt = 1; ; attempt++) {
      try {
        trace.network = true;
        r = client.get().get(url, cached == null ? null : cached.etag(), range, limit);
      } catch (HubUnavailableException e) {
        if (cached != null) {
          trace.warnings.add("the Hub could not be reached (" + e.getMessage() + "); using a"
              + " cached copy fetched " + age(now - cached.fetchedAtMillis()) + " ago");
          return cached;
        }
        throw e;
      }
      if (r.status() == 304 || valid == null || valid.test(r.body())) {
        break;
      }
      if (attempt >= INVALID_TRIES) {
        throw new HubUnavailableException.Garbled(HubClient.describe(url)
            + ": the Hub's answer was garbled " + attempt + " times");
      }
    }
    CacheEntry fresh;
    if (r.status() == 304 && cached != null) {
      fresh = cached.revalidated(clock.millis());
    } else {
      fresh = new CacheEntry(url.toString(), r.etag(), r.commit(), clock.millis(), immutable,
          r.body());
    }
    memory.put(key, fresh);
    disk.write(key, fresh);
    return fresh;
  }

  /** True when the body parses as a JSON object or array. */
  static boolean isJson(byte[] body) {
    try {
      Object o = Json.parse(body);
      return o instanceof Map || o instanceof List;
    } catch (JsonException e) {
      return false;
    }
  }

  static String age(long millis) {
    long s = Math.max(0, millis / 1000);
    if (s < 120) {
      return s + " s";
    }
    if (s < 7200) {
      return s / 60 + " min";
    }
    if (s < 172800) {
      return s / 3600 + " h";
    }
    return s / 86400 + " days";
  }
}
