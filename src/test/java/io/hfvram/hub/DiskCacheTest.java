package io.hfvram.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DiskCacheTest {
  @TempDir Path tmp;

  private static CacheEntry entry(String body) {
    return new CacheEntry(
        "https://hub/x", "e", null, 1, false, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void roundTrips() {
    DiskCache c = new DiskCache(tmp);
    c.write("k", entry("hello"));
    CacheEntry e = c.read("k");
    assertNotNull(e);
    assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), e.body());
    assertEquals("e", e.etag());
  }

  @Test
  void aFlippedByteIsDetectedAndTheFileRemoved() throws Exception {
    DiskCache c = new DiskCache(tmp);
    c.write("k", entry("hello world"));
    Path f = c.file("k");
    String text = Files.readString(f);
    // Change one byte of the body: the checksum no longer matches.
    Files.writeString(f, text.replace("hello world", "hellO world"));
    assertNull(c.read("k"));
    assertTrue(Files.notExists(f));
  }

  @Test
  void garbageAndEmptyFilesAreMisses() throws Exception {
    DiskCache c = new DiskCache(tmp);
    c.write("k", entry("x"));
    Files.write(c.file("k"), new byte[] {0, 1, 2, (byte) 0xff});
    assertNull(c.read("k"));
    c.write("k", entry("x"));
    Files.write(c.file("k"), new byte[0]);
    assertNull(c.read("k"));
  }

  @Test
  void keysNeverEscapeTheCacheFolder() {
    DiskCache c = new DiskCache(tmp);
    for (String key :
        List.of("../../etc/passwd", "/abs/path", "a\u0000b", "..\\..\\x", "%2e%2e%2f")) {
      Path f = c.file(key);
      assertTrue(f.normalize().startsWith(tmp.toAbsolutePath().normalize()), key);
    }
  }

  @Test
  void concurrentWritersNeverLeaveATornFile() throws Exception {
    DiskCache c = new DiskCache(tmp);
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      String body = ("writer " + i + " ").repeat(20_000);
      bodies.add(body);
      futures.add(
          pool.submit(
              () -> {
                start.await();
                for (int round = 0; round < 20; round++) {
                  c.write("same-key", entry(body));
                  CacheEntry read = c.read("same-key");
                  if (read != null) {
                    String got = new String(read.body(), StandardCharsets.UTF_8);
                    if (!bodies.contains(got)) {
                      throw new AssertionError("torn read");
                    }
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    CacheEntry last = c.read("same-key");
    assertNotNull(last);
    assertTrue(bodies.contains(new String(last.body(), StandardCharsets.UTF_8)));
    try (Stream<Path> files = Files.walk(tmp)) {
      assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "no temp files left");
    }
  }

  @Test
  void infoAndClear() throws Exception {
    DiskCache c = new DiskCache(tmp);
    c.write("a", entry("1"));
    c.write("b", entry("2"));
    CacheStats i = c.info();
    assertEquals(2, i.entries());
    assertEquals(2, c.clear());
    assertEquals(0, c.info().entries());
  }
}
