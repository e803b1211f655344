#!/usr/bin/env python3
"""Puts GPU measurements (measure.py's JSON lines) beside hf-vram's estimates and writes a
markdown table. Usage:

  python3 compare.py measurements.jsonl CONFIG_ROOT > docs/accuracy-measured.md
  python3 compare.py measurements.jsonl CONFIG_ROOT --write docs/accuracy.md

With --write, the framework-profile rows (measure.py --profiles) replace the block between
<!-- gpu-profile-rows:begin --> and <!-- gpu-profile-rows:end --> in that file: each row puts
hf-vram's allocatorPeakBytes beside torch's allocated peak, reservedBytes beside the reserved
peak and totalBytes beside nvidia-smi's used memory, hf-vram run with the row's own flags.

CONFIG_ROOT is the folder holding the config folders named in the measurements. hf-vram runs
with --overhead 0 (torch.cuda.max_memory_allocated sees no CUDA context) and, for training,
--precision bf16 (measure.py trains pure bf16 with AdamW).
"""
import json
import os
import subprocess
import sys

GIB = 1 << 30


def hf_vram(config_dir, batch, seq, extra):
    cmd = ["./hf-vram", config_dir, "--format", "json", "-b", str(batch), "-s", str(seq + 16),
           "--overhead", "0", "--precision", "bf16", "--dtype", "bf16"] + extra
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


BEGIN = "<!-- gpu-profile-rows:begin -->"
END = "<!-- gpu-profile-rows:end -->"


def profile_rows(rows, root):
    """Markdown rows for the framework-profile measurements."""
    out = ["| model | profile | GPU | batch x seq | allocated measured / ours (GiB) |"
           " reserved measured / ours | device used measured / ours |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        if "profile" not in r:
            continue
        if "allocated_peak_bytes" not in r:
            out.append(f"| {r['config']} | {r['profile']} | — | — | "
                       f"{r.get('skipped') or r.get('error')} | | |")
            continue
        cmd = ["./hf-vram", os.path.join(root, r["config"]), "--format", "json", "-b",
               str(r["batch"]), "-s", str(r["seq"]), "--gpu-memory", "140GiB"] + r["flags"].split()
        tr = json.loads(subprocess.run(cmd, check=True, capture_output=True,
                                       text=True).stdout)["training"]

        def pair(m, o):
            return f"{m / GIB:.2f} / {o / GIB:.2f} ({(o - m) / m:+.1%})"
        out.append(f"| {r['config']} | {r['profile']} (`{r['flags']}`) | {r['gpu']} | "
                   f"{r['batch']} x {r['seq']} | "
                   f"{pair(r['allocated_peak_bytes'], tr['allocatorPeakBytes'])} | "
                   f"{pair(r['reserved_peak_bytes'], tr['reservedBytes'])} | "
                   f"{pair(r['device_used_bytes'], tr['totalBytes'])} |")
    return out


def write(path, lines):
    text = open(path).read()
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    open(path, "w").write(text[:start] + "\n" + "\n".join(lines) + "\n" + text[end:])


def main():
    rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
    root = sys.argv[2]
    if len(sys.argv) > 4 and sys.argv[3] == "--write":
        write(sys.argv[4], profile_rows(rows, root))
        return
    rows = [r for r in rows if "profile" not in r]
    print("| model | GPU | batch x seq | weights measured / ours (GiB) | generate peak measured /"
          " ours | full-FT step measured / ours | LoRA step measured / ours |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        if "error" in r:
            print(f"| {r['config']} | — | — | error: {r['error']} | | | |")
            continue
        d = os.path.join(root, r["config"])
        est = hf_vram(d, r["batch"], r["seq"], [])
        lora = hf_vram(d, r["batch"], r["seq"], ["--method", "lora", "--lora-targets",
                                                  "all-linear"])
        inf, tr = est["inference"], est["training"]
        def pair(m, o):
            return "—" if m is None else f"{m / GIB:.2f} / {o / GIB:.2f} ({(o - m) / m:+.0%})"
        print(f"| {r['config']} | {r['gpu']} | {r['batch']} x {r['seq']} | "
              f"{pair(r['load_bytes'], inf['weightsBytes'])} | "
              f"{pair(r['generate_peak_bytes'], inf['totalBytes'])} | "
              f"{pair(r.get('train_full_peak_bytes'), tr['totalBytes'])} | "
              f"{pair(r.get('train_lora_peak_bytes'), lora['training']['totalBytes'])} |")
    v = rows[0] if rows else {}
    print(f"\nMeasured with torch {v.get('torch')}, transformers {v.get('transformers')}.")


if __name__ == "__main__":
    main()
