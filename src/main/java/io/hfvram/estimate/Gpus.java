package io.hfvram.estimate;

import java.util.List;
import java.util.Locale;

/**
 * Common GPUs and the total memory their driver reports (nvidia-smi's "MiB" total, rocm-smi for
 * the MI300X), which is a little less than the marketing size. Override with --gpu-memory.
 */
public final class Gpus {
  /** A GPU of the catalog. */
  public record Gpu(String id, String name, long memoryMib) {
    public long memoryBytes() {
      return memoryMib << 20;
    }
  }

  private static final List<Gpu> ALL = List.of(
      new Gpu("h100-80gb", "NVIDIA H100 80GB (SXM/PCIe)", 81559),
      new Gpu("h100-nvl", "NVIDIA H100 NVL 94GB", 95830),
      new Gpu("h200", "NVIDIA H200 141GB", 143771),
      new Gpu("b200", "NVIDIA B200 180GB", 183359),
      new Gpu("a100-40gb", "NVIDIA A100 40GB", 40960),
      new Gpu("a100-80gb", "NVIDIA A100 80GB", 81920),
      new Gpu("l40s", "NVIDIA L40S 48GB", 46068),
      new Gpu("l4", "NVIDIA L4 24GB", 23034),
      new Gpu("a10g", "NVIDIA A10G 24GB", 23028),
      new Gpu("t4", "NVIDIA T4 16GB", 15360),
      new Gpu("v100-16gb", "NVIDIA V100 16GB", 16160),
      new Gpu("v100-32gb", "NVIDIA V100 32GB", 32510),
      new Gpu("rtx-3090", "NVIDIA GeForce RTX 3090 24GB", 24576),
      new Gpu("rtx-4090", "NVIDIA GeForce RTX 4090 24GB", 24564),
      new Gpu("rtx-5090", "NVIDIA GeForce RTX 5090 32GB", 32607),
      new Gpu("rtx-a6000", "NVIDIA RTX A6000 48GB", 49140),
      new Gpu("mi300x", "AMD Instinct MI300X 192GB", 196592));

  private Gpus() {}

  /** Every GPU, in catalog order. */
  public static List<Gpu> all() {
    return ALL;
  }

  /** A GPU by id (case-insensitive; "h100" finds h100-80gb), or null. */
  public static Gpu find(String id) {
    String key = id.toLowerCase(Locale.ROOT).replace('_', '-').replace(" ", "");
    for (Gpu g : ALL) {
      if (g.id().equals(key)) {
        return g;
      }
    }
    for (Gpu g : ALL) {
      if (g.id().startsWith(key + "-")) {
        return g;
      }
    }
    return null;
  }
}
