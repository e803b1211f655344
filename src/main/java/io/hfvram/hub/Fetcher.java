package io.hfvram.hub;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hfvram.core.Json;
import io.hfvram.core.JsonException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/**
 * Two-level cached GETs: Caffeine in the process over the {@link DiskCache}. A commit-pinned entry
 * never expires; a branch or tag is fresh for the TTL and then revalidated with If-None-Match (a
 * 304 moves no body). {@code refresh} revalidates every entry now, commit-pinned ones included;
 * {@code offline} never touches the network. When the Hub cannot be reached, a stale entry is
 * served with a warning. Only answers that pass their check are cached; an entry dated more than
 * {@link #CLOCK_SKEW} in the future is stale.
 */
final class Fetcher {
  /** Bytes of response bodies kept in memory; the disk cache holds the rest. */
  static final long MEMORY_BYTES = 32L << 20;

  /** How far in the future an entry's time may lie (clock skew) and still count as fresh. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private final Supplier<HubClient> client;
  private final DiskCache disk;
  private final Cache<String, CacheEntry> memory;
  private final Clock clock;
  private final Duration ttl;
  private final boolean refresh;
  private final boolean offline;
  private final AtomicReference<String> pendingWarning;

  Fetcher(
      Supplier<HubClient> client,
      DiskCache disk,
      Clock clock,
      Duration ttl,
      boolean refresh,
      boolean offline) {
    this(client, disk, clock, ttl, refresh, offline, new AtomicReference<>());
  }

  /**
   * @param client made on first use only (so a cached run never loads the HTTP stack)
   * @param pendingWarning a warning given once, on the first network use (then cleared)
   */
  Fetcher(
      Supplier<HubClient> client,
      DiskCache disk,
      Clock clock,
      Duration ttl,
      boolean refresh,
      boolean offline,
      AtomicReference<String> pendingWarning) {
    this.pendingWarning = pendingWarning;
    this.client = client;
    this.disk = disk;
    this.clock = clock;
    this.ttl = ttl;
    this.refresh = refresh;
    this.offline = offline;
    this.memory =
        Caffeine.newBuilder()
            .maximumWeight(MEMORY_BYTES)
            .weigher((String k, CacheEntry e) -> e.body().length + k.length() * 2 + 256)
            .build();
  }

  /**
   * The body at {@code url}, from cache when fresh. An answer that fails {@code valid} (a garbled
   * document) is fetched again with backoff, and never cached.
   *
   * @param immutable the URL names a commit, so its content never changes
   * @param range a byte range header value, or null
   * @param limit the most body bytes accepted
   * @param trace records network use and warnings for this load
   * @param valid a check of the body, or null
   */
  CacheEntry get(
      HttpUrl url,
      boolean immutable,
      String range,
      long limit,
      FetchTrace trace,
      Predicate<byte[]> valid)
      throws HubException {
    String key = url + (range == null ? "" : "#" + range);
    CacheEntry cached = memory.getIfPresent(key);
    // Under refresh, memory holds only answers of this run, which need no revalidation.
    boolean thisRun = cached != null && refresh;
    if (cached == null) {
      cached = disk.read(key);
      if (cached != null && valid != null && !valid.test(cached.body())) {
        cached = null;
      }
      if (cached != null && !refresh) {
        memory.put(key, cached);
      }
    }
    long now = clock.millis();
    if (cached != null && (thisRun || !refresh && (cached.immutable() || fresh(cached, now)))) {
      return cached;
    }
    if (offline) {
      return offline(url, cached, now, trace);
    }
    HttpResult r;
    try {
      trace.network = true;
      String warning = pendingWarning.getAndSet(null);
      if (warning != null) {
        trace.warnings.add(warning);
      }
      r = client.get().get(url, cached == null ? null : cached.etag(), range, limit, valid);
    } catch (HubUnavailableException e) {
      if (cached != null) {
        trace.warnings.add(
            "the Hub could not be reached ("
                + e.getMessage()
                + "); using a"
                + " cached copy fetched "
                + age(now - cached.fetchedAtMillis())
                + " ago");
        return cached;
      }
      throw e;
    }
    CacheEntry fresh =
        r.status() == 304 && cached != null
            ? cached.revalidated(clock.millis())
            : new CacheEntry(
                url.toString(), r.etag(), r.commit(), clock.millis(), immutable, r.body());
    memory.put(key, fresh);
    disk.write(key, fresh);
    return fresh;
  }

  /** The cached entry under offline mode, with a warning; a miss fails. */
  private static CacheEntry offline(HttpUrl url, CacheEntry cached, long now, FetchTrace trace)
      throws HubUnavailableException {
    if (cached != null) {
      trace.warnings.add(
          "offline: using a cached copy of "
              + HubClient.describe(url)
              + " fetched "
              + age(now - cached.fetchedAtMillis())
              + " ago");
      return cached;
    }
    throw new HubUnavailableException.OfflineMiss(
        HubClient.describe(url)
            + " is not in the cache and offline mode is on (--offline or HF_HUB_OFFLINE=1); run"
            + " once online, or pass a local folder");
  }

  private boolean fresh(CacheEntry e, long now) {
    long age = now - e.fetchedAtMillis();
    return age >= -CLOCK_SKEW.toMillis() && age < ttl.toMillis();
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
