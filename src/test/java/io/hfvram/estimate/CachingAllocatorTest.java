package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The caching allocator replay against the rules of PyTorch's {@code CUDACachingAllocator.cpp}
 * (docs/formulas.md, "Caching allocator"), each case worked by hand from those rules.
 */
class CachingAllocatorTest {
  private static final long MIB = 1L << 20;

  @Test
  void requestsRoundTo512BytesAndSegmentsFollowTheSizeClasses() {
    assertEquals(512, CachingAllocator.roundSize(1));
    assertEquals(1024, CachingAllocator.roundSize(513));
    assertEquals(2 * MIB, CachingAllocator.allocationSize(MIB));
    assertEquals(20 * MIB, CachingAllocator.allocationSize(MIB + 512));
    assertEquals(20 * MIB, CachingAllocator.allocationSize(10 * MIB - 512));
    assertEquals(10 * MIB, CachingAllocator.allocationSize(10 * MIB));
    assertEquals(12 * MIB, CachingAllocator.allocationSize(10 * MIB + 512));
  }

  @Test
  void twoMidSizedTensorsShareA20MiBSegmentAndAThirdNeedsAnother() {
    CachingAllocator a = new CachingAllocator();
    a.malloc(8 * MIB);
    a.malloc(8 * MIB);
    assertEquals(20 * MIB, a.reserved());
    // the 4 MiB left over cannot hold 8 MiB
    a.malloc(8 * MIB);
    assertEquals(40 * MIB, a.reserved());
    assertEquals(24 * MIB, a.allocated());
  }

  @Test
  void aLargeBlockIsNotSplitWhenAtMost1MiBWouldRemain() {
    CachingAllocator a = new CachingAllocator();
    CachingAllocator.Block b = a.malloc(19 * MIB);
    // 20 MiB segment, 1 MiB rest: not more than kSmallSize, so the whole block is handed out
    assertEquals(20 * MIB, b.size());
    assertEquals(20 * MIB, a.allocated());
    // 18 MiB is at least kMinLargeAlloc: its own segment, rounded to 2 MiB
    CachingAllocator.Block c = a.malloc(18 * MIB);
    assertEquals(38 * MIB, a.reserved());
    assertEquals(18 * MIB, c.size());
  }

  @Test
  void freedNeighboursMergeAndAreReusedWithoutNewSegments() {
    CachingAllocator a = new CachingAllocator();
    CachingAllocator.Block x = a.malloc(8 * MIB);
    CachingAllocator.Block y = a.malloc(8 * MIB);
    a.free(x);
    a.free(y);
    assertEquals(0, a.allocated());
    // x, y and the 4 MiB tail merge back into one 20 MiB block
    a.malloc(20 * MIB);
    assertEquals(20 * MIB, a.reserved());
  }

  @Test
  void theSmallestFreeBlockThatFitsIsTaken() {
    CachingAllocator a = new CachingAllocator();
    CachingAllocator.Block big = a.malloc(30 * MIB);
    CachingAllocator.Block mid = a.malloc(12 * MIB);
    a.free(big);
    a.free(mid);
    CachingAllocator.Block b = a.malloc(11 * MIB);
    // the 12 MiB block: its 1 MiB rest is not split off
    assertEquals(12 * MIB, b.size());
    // and the 30 MiB block for 29 MiB, whole for the same reason
    CachingAllocator.Block c = a.malloc(29 * MIB);
    assertEquals(30 * MIB, c.size());
    assertEquals(42 * MIB, a.reserved());
  }

  @Test
  void smallRequestsUse2MiBSegmentsAndSplitDownTo512Bytes() {
    CachingAllocator a = new CachingAllocator();
    for (int i = 0; i < 4096; i++) {
      a.malloc(512);
    }
    assertEquals(2 * MIB, a.reserved());
    a.malloc(1);
    assertEquals(4 * MIB, a.reserved());
  }

  @Test
  void aBlockIsReusedOnlyByItsOwnStream() {
    CachingAllocator a = new CachingAllocator();
    a.free(a.malloc(64 * MIB, 1));
    a.malloc(64 * MIB, 0);
    assertEquals(128 * MIB, a.reserved());
    a.malloc(64 * MIB, 1);
    assertEquals(128 * MIB, a.reserved());
  }

  @Test
  void reservedNeverShrinksAndPeaksResetToTheCurrentFigures() {
    CachingAllocator a = new CachingAllocator();
    CachingAllocator.Block b = a.malloc(100 * MIB);
    a.free(b);
    assertEquals(100 * MIB, a.reserved());
    assertEquals(100 * MIB, a.peakAllocated());
    a.resetPeaks();
    assertEquals(0, a.peakAllocated());
    assertEquals(100 * MIB, a.peakReserved());
    assertTrue(a.peakReserved() >= a.reserved());
  }

  @Test
  void aDoubleFreeIsRefused() {
    CachingAllocator a = new CachingAllocator();
    CachingAllocator.Block b = a.malloc(MIB);
    a.free(b);
    assertThrows(IllegalStateException.class, () -> a.free(b));
  }
}
