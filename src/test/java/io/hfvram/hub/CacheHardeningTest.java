package io.hfvram.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk cache against edits, oversize entries and a killed writer (issue 12, items 6, 12). */
final class CacheHardeningTest {
  @TempDir Path tmp;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));

  private static CacheEntry entry(String etag, long at, byte[] body) {
    return new CacheEntry("https://hub/x", etag, null, at, false, body);
  }

  @Test
  void aFetchedAtEditedIntoTheFutureFailsTheChecksum() throws Exception {
    DiskCache c = new DiskCache(tmp, clock, 1000);
    c.write("k", entry("e", 1_000L, "body".getBytes(StandardCharsets.UTF_8)));
    Path f = c.file("k");
    String text = Files.readString(f, StandardCharsets.ISO_8859_1);
    Files.writeString(
        f,
        text.replace("\"fetchedAt\":1000", "\"fetchedAt\":99999999999999"),
        StandardCharsets.ISO_8859_1);
    assertNull(c.read("k"), "metadata is covered by the checksum");
  }

  @Test
  void anEntryDatedInTheFutureIsStaleEvenWithAValidChecksum() {
    Fetcher f =
        new Fetcher(
            () -> {
              throw new AssertionError("no client in this test");
            },
            new DiskCache(tmp, clock, 1000),
            clock,
            Duration.ofHours(24),
            false,
            true);
    DiskCache d = new DiskCache(tmp, clock, 1000);
    String url = "https://hub.test/api/models/org/m/revision/main";
    d.write(
        url,
        new CacheEntry(
            url,
            "e",
            null,
            clock.millis() + Duration.ofDays(3650).toMillis(),
            false,
            "{}".getBytes(StandardCharsets.UTF_8)));
    FetchTrace trace = new FetchTrace();
    assertDoesNotThrowOffline(f, url, trace);
    assertTrue(
        trace.warnings().toString().contains("offline: using a cached copy"),
        "a future date is not fresh: " + trace.warnings());
  }

  private static void assertDoesNotThrowOffline(Fetcher f, String url, FetchTrace trace) {
    try {
      assertNotNull(f.get(okhttp3.HttpUrl.get(url), false, null, 100, trace, null));
    } catch (HubException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theWriteCapIsTheReadCap() {
    DiskCache c = new DiskCache(tmp, clock, 1000);
    byte[] atCap = new byte[1000];
    c.write("at", entry("e", 1, atCap));
    assertNotNull(c.read("at"), "an entry at the cap is written and read back");
    assertArrayEquals(atCap, c.read("at").body());
    c.write("over", entry("e", 1, new byte[1001]));
    assertTrue(Files.notExists(c.file("over")), "an entry over the cap is not written");
  }

  @Test
  void theLargestSafetensorsHeaderFitsTheCache() {
    assertTrue(DiskCache.MAX_BODY_BYTES >= 100_000_000L);
    assertTrue(new DiskCache(tmp).maxEntryBytes() > DiskCache.MAX_BODY_BYTES);
  }

  @Test
  void cacheInfoNeverReadsAnOversizeFileIntoMemory() throws Exception {
    DiskCache c = new DiskCache(tmp, clock, 1000);
    c.write("ok", entry("e", 1, new byte[10]));
    Path big = c.file("big");
    Files.createDirectories(big.getParent());
    try (var ch =
        java.nio.channels.FileChannel.open(
            big,
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE)) {
      ch.position((1L << 30) - 1).write(java.nio.ByteBuffer.wrap(new byte[1]));
    }
    CacheStats s = c.info();
    assertEquals(2, s.entries());
    assertEquals(1, s.corrupt());
    assertNull(c.read("big"));
  }

  @Test
  void orphanTempFilesOlderThanAnHourAreSwept() throws Exception {
    DiskCache c = new DiskCache(tmp, clock, 1000);
    Path dir = Files.createDirectories(tmp.resolve("http/ab"));
    Path old = Files.writeString(dir.resolve("x.entry.123-abc.tmp"), "torn");
    Files.setLastModifiedTime(old, FileTime.from(clock.instant().minus(Duration.ofHours(2))));
    Path recent = Files.writeString(dir.resolve("y.entry.456-def.tmp"), "being written");
    Files.setLastModifiedTime(recent, FileTime.from(clock.instant().minusSeconds(60)));
    Path legacy = Files.writeString(dir.resolve("abcd.json"), "{\"version\":1}");
    c.info();
    assertTrue(Files.notExists(old), "an orphan of a killed run goes");
    assertTrue(Files.exists(recent), "a file another process may still be writing stays");
    assertTrue(Files.notExists(legacy), "an entry of the old format goes");
    Files.writeString(old, "torn");
    Files.setLastModifiedTime(old, FileTime.from(clock.instant().minus(Duration.ofHours(2))));
    c.write("k", entry("e", 1, new byte[1]));
    assertTrue(Files.notExists(old), "the first write of a run sweeps too");
  }

  @Test
  void aNonAsciiEtagInAnEntryIsReadAsNone() throws Exception {
    DiskCache c = new DiskCache(tmp, clock, 1000);
    c.write("k", entry("v\u00e9", 1, new byte[1]));
    CacheEntry e = c.read("k");
    assertNotNull(e);
    assertNull(e.etag());
  }
}
