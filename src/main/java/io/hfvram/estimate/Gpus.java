package io.hfvram.estimate;

import java.util.List;
import java.util.Locale;

/**
 * Common GPUs with two memory figures: the total their driver lists (nvidia-smi's "MiB" total,
 * rocm-smi's VRAM total), a little less than the marketing size, and the total torch reports
 * ({@code torch.cuda.get_device_properties(0).total_memory}, cudaMemGetInfo's total), which is
 * smaller again by what the driver reserves and is what vLLM and SGLang budget from. Each card says
 * where its torch figure comes from (docs/formulas.md, "GPU catalog"). Override with --gpu-memory.
 */
public final class Gpus {
  /** nvidia-smi total minus torch's total on the H100 80GB (81,559 - 81,091 MiB). */
  static final long HOPPER_RESERVED_MIB = 468;

  /** nvidia-smi total minus torch's total on the B200 (183,359 - 182,631 MiB). */
  static final long BLACKWELL_RESERVED_MIB = 728;

  /**
   * A GPU of the catalog.
   *
   * @param id catalog id (--gpu)
   * @param name marketing name
   * @param memoryMib the driver's total (nvidia-smi / rocm-smi), MiB
   * @param torchMib torch's total_memory, MiB (rounded)
   * @param torchSource where the torch figure comes from, or how it was derived
   */
  public record Gpu(String id, String name, long memoryMib, long torchMib, String torchSource) {
    /** A card whose torch figure is the driver's total less the given reserved MiB. */
    Gpu(String id, String name, long memoryMib, long reservedMib) {
      this(
          id,
          name,
          memoryMib,
          memoryMib - reservedMib,
          reservedMib == 0
              ? "ROCm: torch reports the whole VRAM (rocm-smi total), no driver reservation"
              : "derived: nvidia-smi total minus "
                  + reservedMib
                  + " MiB reserved by the driver"
                  + (reservedMib == HOPPER_RESERVED_MIB
                      ? " (as measured on the H100 80GB)"
                      : reservedMib == BLACKWELL_RESERVED_MIB
                          ? " (as the B200's figure implies)"
                          : ""));
    }

    public Gpu {
      if (torchMib <= 0 || torchMib > memoryMib) {
        throw new IllegalArgumentException("torch memory must be in (0, driver total]");
      }
    }

    /** The driver's total in bytes. */
    public long memoryBytes() {
      return memoryMib << 20;
    }

    /** torch's total_memory in bytes (what vLLM's gpu_memory_utilization multiplies). */
    public long torchBytes() {
      return torchMib << 20;
    }
  }

  private static final String OOM =
      "torch's out-of-memory message \"GPU 0 has a total capacity" + " of ";

  private static final List<Gpu> ALL =
      List.of(
          new Gpu(
              "h100-80gb",
              "NVIDIA H100 80GB (SXM/PCIe)",
              81559,
              81091,
              "measured: vLLM 0.19 start-up logs, torch total_memory 79.19 GiB (llm-d-planner"
                  + " d3121e05, accuracy/results/v0.19.0)"),
          new Gpu("h100-nvl", "NVIDIA H100 NVL 94GB", 95830, HOPPER_RESERVED_MIB),
          new Gpu("h200", "NVIDIA H200 141GB", 143771, HOPPER_RESERVED_MIB),
          new Gpu("gh200", "NVIDIA GH200 96GB (Grace Hopper)", 97871, HOPPER_RESERVED_MIB),
          new Gpu("b200", "NVIDIA B200 180GB", 183359, 182631, OOM + "178.35 GiB\""),
          new Gpu("gb200", "NVIDIA GB200 186GB (Grace Blackwell)", 189471, BLACKWELL_RESERVED_MIB),
          new Gpu("a100-40gb", "NVIDIA A100 40GB", 40960, 40337, OOM + "39.39 GiB\""),
          new Gpu("a100-80gb", "NVIDIA A100 80GB", 81920, 81050, OOM + "79.15 GiB\""),
          new Gpu("l40s", "NVIDIA L40S 48GB", 46068, 45589, OOM + "44.52 GiB\""),
          new Gpu(
              "l40",
              "NVIDIA L40 48GB",
              46068,
              45589,
              OOM + "44.52 GiB\" (as the L40S, same" + " board memory)"),
          new Gpu("l4", "NVIDIA L4 24GB", 23034, 22700, OOM + "22.17 GiB\""),
          new Gpu("a10", "NVIDIA A10 24GB", 23028, 22698, OOM + "22.17 GiB\" (as the A10G)"),
          new Gpu("a10g", "NVIDIA A10G 24GB", 23028, 22698, OOM + "22.17 GiB\""),
          new Gpu("t4", "NVIDIA T4 16GB", 15360, 15102, OOM + "14.75 GiB\""),
          new Gpu("v100-16gb", "NVIDIA V100 16GB", 16160, 16148, OOM + "15.77 GiB\""),
          new Gpu("v100-32gb", "NVIDIA V100 32GB", 32510, 32501, OOM + "31.74 GiB\""),
          new Gpu("rtx-3090", "NVIDIA GeForce RTX 3090 24GB", 24576, 24258, OOM + "23.69 GiB\""),
          new Gpu("rtx-4090", "NVIDIA GeForce RTX 4090 24GB", 24564, 24217, OOM + "23.65 GiB\""),
          new Gpu("rtx-5090", "NVIDIA GeForce RTX 5090 32GB", 32607, 32123, OOM + "31.37 GiB\""),
          new Gpu("rtx-a6000", "NVIDIA RTX A6000 48GB", 49140, 48683, OOM + "47.54 GiB\""),
          new Gpu(
              "rtx-6000-ada",
              "NVIDIA RTX 6000 Ada 48GB",
              49140,
              48683,
              OOM + "47.54 GiB\" (as" + " the RTX A6000, same board memory)"),
          new Gpu(
              "rtx-pro-6000", "NVIDIA RTX PRO 6000 Blackwell 96GB", 97887, BLACKWELL_RESERVED_MIB),
          new Gpu("mi300x", "AMD Instinct MI300X 192GB", 196592, 0),
          new Gpu(
              "mi325x",
              "AMD Instinct MI325X 256GB",
              262144,
              262144,
              "ROCm: torch reports the"
                  + " whole VRAM; 256 GiB HBM3E as AMD specifies it (no rocm-smi figure checked)"),
          new Gpu(
              "mi355x",
              "AMD Instinct MI355X 288GB",
              294912,
              294912,
              "ROCm: torch reports the"
                  + " whole VRAM; 288 GiB HBM3E as AMD specifies it (no rocm-smi figure checked)"));

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
