#!/usr/bin/env python3
"""Physical check of hf-vram's estimates: build models from real configs with random weights on a
GPU and record torch.cuda.max_memory_allocated at three points:

  load      after the model is on the GPU (weights only)
  generate  after a prefill of SEQ tokens at BATCH and a 16-token decode
  train     after one optimizer step (full fine-tune; and LoRA when peft is installed)

Usage:  python3 measure.py --out measurements.jsonl [--batch 1] [--seq 1024] CONFIG_DIR...
Each CONFIG_DIR holds a config.json (e.g. ../shared/configs/Qwen--Qwen3-0.6B). Nothing is
downloaded: the model is built with from_config, weights random. Training uses pure bf16
weights with AdamW (compare with `hf-vram --precision bf16`), SDPA attention.
"""
import argparse
import gc
import json
import os
import sys
import time


def measure(path, batch, seq, lora):
    import torch
    import transformers
    from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM

    cfg = AutoConfig.from_pretrained(path)
    seq2seq = getattr(cfg, "is_encoder_decoder", False)
    cls = AutoModelForSeq2SeqLM if seq2seq else AutoModelForCausalLM
    torch.cuda.empty_cache()
    torch.cuda.reset_peak_memory_stats()
    row = {"config": os.path.basename(os.path.normpath(path)), "batch": batch, "seq": seq,
           "gpu": torch.cuda.get_device_name(0), "torch": torch.__version__,
           "transformers": transformers.__version__}
    with torch.device("cuda"):
        model = cls.from_config(cfg, torch_dtype=torch.bfloat16, attn_implementation="sdpa")
    torch.cuda.synchronize()
    row["parameters"] = sum(p.numel() for p in model.parameters())
    row["load_bytes"] = torch.cuda.max_memory_allocated()
    vocab = cfg.get_text_config().vocab_size
    ids = torch.randint(0, vocab, (batch, seq), device="cuda")
    torch.cuda.reset_peak_memory_stats()
    with torch.no_grad():
        if seq2seq:
            model.generate(input_ids=ids, max_new_tokens=16, min_new_tokens=16, do_sample=False)
        else:
            model.generate(ids, max_new_tokens=16, min_new_tokens=16, do_sample=False,
                           pad_token_id=0)
    torch.cuda.synchronize()
    row["generate_peak_bytes"] = torch.cuda.max_memory_allocated()
    torch.cuda.empty_cache()
    torch.cuda.reset_peak_memory_stats()
    try:
        model.train()
        opt = torch.optim.AdamW(model.parameters(), lr=1e-5)
        labels = ids.clone()
        out = model(input_ids=ids, labels=labels) if not seq2seq else model(
            input_ids=ids, labels=labels[:, : min(seq, 128)])
        out.loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
        torch.cuda.synchronize()
        row["train_full_peak_bytes"] = torch.cuda.max_memory_allocated()
    except torch.cuda.OutOfMemoryError:
        row["train_full_peak_bytes"] = None
    del opt
    if lora:
        try:
            from peft import LoraConfig, get_peft_model
            torch.cuda.empty_cache()
            torch.cuda.reset_peak_memory_stats()
            pm = get_peft_model(model, LoraConfig(r=16, target_modules="all-linear"))
            opt = torch.optim.AdamW([p for p in pm.parameters() if p.requires_grad], lr=1e-4)
            out = pm(input_ids=ids, labels=ids)
            out.loss.backward()
            opt.step()
            torch.cuda.synchronize()
            row["train_lora_peak_bytes"] = torch.cuda.max_memory_allocated()
        except ImportError:
            row["train_lora_peak_bytes"] = None
    del model
    gc.collect()
    torch.cuda.empty_cache()
    return row


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--seq", type=int, default=1024)
    ap.add_argument("--lora", action="store_true")
    ap.add_argument("configs", nargs="+")
    a = ap.parse_args()
    with open(a.out, "a") as f:
        for c in a.configs:
            t = time.time()
            try:
                row = measure(c, a.batch, a.seq, a.lora)
            except Exception as e:  # record the failure, go on with the next model
                row = {"config": os.path.basename(os.path.normpath(c)), "error": repr(e)[:300]}
            row["seconds"] = round(time.time() - t, 1)
            f.write(json.dumps(row) + "\n")
            f.flush()
            print(json.dumps(row), file=sys.stderr)


if __name__ == "__main__":
    main()
