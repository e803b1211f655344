package io.hfvram.estimate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * A simulation of PyTorch's CUDA caching allocator with its default settings, to learn what {@code
 * torch.cuda.max_memory_reserved} reports for a sequence of allocations and frees
 * (docs/formulas.md, "Caching allocator"). The rules are those of {@code
 * c10/cuda/CUDACachingAllocator.cpp} (PyTorch v1.10.0 and v2.2.0, unchanged between them for the
 * default configuration):
 *
 * <ul>
 *   <li>requests are rounded up to 512 B ({@code round_size}, {@code kMinBlockSize});
 *   <li>requests of at most 1 MiB ({@code kSmallSize}) use the small pool, whose segments are 2 MiB
 *       ({@code kSmallBuffer}); larger ones use the large pool: below 10 MiB ({@code
 *       kMinLargeAlloc}) a new segment is 20 MiB ({@code kLargeBuffer}), above it the request
 *       rounded up to 2 MiB ({@code kRoundLarge}) ({@code get_allocation_size});
 *   <li>a request takes the smallest cached free block of its pool and stream that is large enough,
 *       lowest address first ({@code get_free_block}: the pool is ordered by stream, size and
 *       address; {@code max_split_size} is unlimited by default);
 *   <li>the block is split when the rest is at least 512 B (small pool) or more than 1 MiB (large
 *       pool) ({@code should_split}); otherwise the whole block is handed out and counted;
 *   <li>a freed block merges with its free neighbours in the same segment ({@code free_block});
 *       segments are never returned to the driver without {@code empty_cache()} or an out-of-memory
 *       retry, so reserved memory only grows.
 * </ul>
 *
 * Blocks belong to the stream that allocated them and are only reused on that stream.
 */
final class CachingAllocator {
  static final long MIN_BLOCK = 512;
  static final long SMALL_SIZE = 1L << 20;
  static final long SMALL_BUFFER = 2L << 20;
  static final long LARGE_BUFFER = 20L << 20;
  static final long MIN_LARGE_ALLOC = 10L << 20;
  static final long ROUND_LARGE = 2L << 20;

  /** One block of a segment; blocks of a segment form a doubly linked list by address. */
  static final class Block {
    private final int stream;
    private final boolean small;
    private final long segment;
    private long offset;
    private long size;
    private boolean free;
    private Block prev;
    private Block next;

    private Block(int stream, boolean small, long segment, long offset, long size) {
      this.stream = stream;
      this.small = small;
      this.segment = segment;
      this.offset = offset;
      this.size = size;
    }

    /** Bytes this block counts as allocated. */
    long size() {
      return size;
    }
  }

  private static final Comparator<Block> ORDER =
      Comparator.<Block>comparingInt(b -> b.stream)
          .thenComparingLong(b -> b.size)
          .thenComparingLong(b -> b.segment)
          .thenComparingLong(b -> b.offset);

  private final TreeSet<Block> smallPool = new TreeSet<>(ORDER);
  private final TreeSet<Block> largePool = new TreeSet<>(ORDER);
  private long segments;
  private long reserved;
  private long allocated;
  private long peakReserved;
  private long peakAllocated;

  /** Allocates {@code bytes} on the default stream. */
  Block malloc(long bytes) {
    return malloc(bytes, 0);
  }

  /** Allocates {@code bytes} on {@code stream}. */
  Block malloc(long bytes, int stream) {
    long size = roundSize(bytes);
    boolean small = size <= SMALL_SIZE;
    TreeSet<Block> pool = small ? smallPool : largePool;
    Block key = new Block(stream, small, Long.MIN_VALUE, Long.MIN_VALUE, size);
    Block block = pool.ceiling(key);
    if (block == null || block.stream != stream) {
      long segmentSize = allocationSize(size);
      block = new Block(stream, small, segments++, 0, segmentSize);
      reserved += segmentSize;
      peakReserved = Math.max(peakReserved, reserved);
    } else {
      pool.remove(block);
    }
    long rest = block.size - size;
    if (small ? rest >= MIN_BLOCK : rest > SMALL_SIZE) {
      Block remaining = new Block(stream, small, block.segment, block.offset + size, rest);
      remaining.free = true;
      remaining.prev = block;
      remaining.next = block.next;
      if (block.next != null) {
        block.next.prev = remaining;
      }
      block.next = remaining;
      block.size = size;
      pool.add(remaining);
    }
    block.free = false;
    allocated += block.size;
    peakAllocated = Math.max(peakAllocated, allocated);
    return block;
  }

  /** Allocates each positive size in turn on the default stream. */
  List<Block> mallocAll(List<Long> sizes) {
    List<Block> out = new ArrayList<>(sizes.size());
    for (long size : sizes) {
      if (size > 0) {
        out.add(malloc(size));
      }
    }
    return out;
  }

  /** Frees every block (the cache ends the same in any order: free neighbours merge). */
  void freeAll(List<Block> blocks) {
    for (Block b : blocks) {
      free(b);
    }
  }

  /** Frees {@code block} into the cache, merging it with free neighbours of its segment. */
  void free(Block block) {
    if (block.free) {
      throw new IllegalStateException("double free");
    }
    allocated -= block.size;
    TreeSet<Block> pool = block.small ? smallPool : largePool;
    block.free = true;
    Block p = block.prev;
    if (p != null && p.free) {
      pool.remove(p);
      block.offset = p.offset;
      block.size += p.size;
      block.prev = p.prev;
      if (p.prev != null) {
        p.prev.next = block;
      }
    }
    Block n = block.next;
    if (n != null && n.free) {
      pool.remove(n);
      block.size += n.size;
      block.next = n.next;
      if (n.next != null) {
        n.next.prev = block;
      }
    }
    pool.add(block);
  }

  /**
   * {@code torch.cuda.empty_cache()}: every segment that is one free block goes back to the driver
   * ({@code release_cached_blocks}); segments that still hold a live block stay whole.
   */
  void emptyCache() {
    for (TreeSet<Block> pool : List.of(smallPool, largePool)) {
      List<Block> whole = new ArrayList<>();
      for (Block b : pool) {
        if (b.prev == null && b.next == null) {
          whole.add(b);
        }
      }
      for (Block b : whole) {
        pool.remove(b);
        reserved -= b.size;
      }
    }
  }

  /** {@code torch.cuda.reset_peak_memory_stats}: the peaks restart from the current figures. */
  void resetPeaks() {
    peakAllocated = allocated;
    peakReserved = reserved;
  }

  long reserved() {
    return reserved;
  }

  long allocated() {
    return allocated;
  }

  long peakReserved() {
    return peakReserved;
  }

  long peakAllocated() {
    return peakAllocated;
  }

  /** {@code round_size}: at least 512 B, a multiple of 512 B. */
  static long roundSize(long bytes) {
    if (bytes < MIN_BLOCK) {
      return MIN_BLOCK;
    }
    return Math.multiplyExact((bytes + MIN_BLOCK - 1) / MIN_BLOCK, MIN_BLOCK);
  }

  /** {@code get_allocation_size}: the size of a new segment for a rounded request. */
  static long allocationSize(long size) {
    if (size <= SMALL_SIZE) {
      return SMALL_BUFFER;
    }
    if (size < MIN_LARGE_ALLOC) {
      return LARGE_BUFFER;
    }
    return Math.multiplyExact((size + ROUND_LARGE - 1) / ROUND_LARGE, ROUND_LARGE);
  }
}
