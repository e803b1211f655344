#!/usr/bin/env python3
"""Puts GPU measurements (measure.py's JSON lines) beside hf-vram's estimates and writes a
markdown table. Usage:

  python3 compare.py measurements.jsonl CONFIG_ROOT > docs/accuracy-measured.md

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


def main():
    rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
    root = sys.argv[2]
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
