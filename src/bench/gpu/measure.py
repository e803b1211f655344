#!/usr/bin/env python3
"""Physical check of hf-vram's estimates: build models from real configs with random weights on a
GPU and record torch.cuda.max_memory_allocated at three points:

  load      after the model is on the GPU (weights only)
  generate  after a prefill of SEQ tokens at BATCH and a 16-token decode
  train     after one optimizer step (full fine-tune; and LoRA when peft is installed)

  profiles  with --profiles, one training step of each framework profile hf-vram models, each
            recording the allocated and reserved peaks and nvidia-smi's used memory:
              hf-lora     HF Trainer-like step: bf16 model, PEFT LoRA r8 on q_proj,v_proj,
                          fused AdamW, full fp32-upcast loss (needs peft)
              hf-qlora    the same on a bitsandbytes NF4 + double-quant base, after PEFT's
                          prepare_model_for_kbit_training (needs peft and bitsandbytes)
              loop-chunked  a plain loop: bf16 full fine-tune, gradient checkpointing, the
                          loss over 8 chunks of the logits each upcast on its own (torchtune
                          CEWithChunkedOutputLoss), fused AdamW
            each row carries the hf-vram flags that model it ("flags"), for compare.py.

Usage:  python3 measure.py --out measurements.jsonl [--batch 1] [--seq 1024] [--profiles] CONFIG_DIR...
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


def used_bytes():
    """nvidia-smi's used memory of device 0 (pynvml when installed, else the CLI)."""
    try:
        import pynvml
        pynvml.nvmlInit()
        return pynvml.nvmlDeviceGetMemoryInfo(pynvml.nvmlDeviceGetHandleByIndex(0)).used
    except Exception:
        import subprocess
        out = subprocess.run(["nvidia-smi", "--query-gpu=memory.used", "--format=csv,noheader,"
                              "nounits", "-i", "0"], capture_output=True, text=True).stdout
        return int(out.strip().splitlines()[0]) << 20


def chunked_loss(hidden, head, labels, chunks=8):
    """Cross-entropy over chunks of the logits, each upcast to fp32 on its own."""
    import torch
    logits = [head(h) for h in hidden.chunk(chunks, dim=1)]
    targets = labels.chunk(chunks, dim=1)
    total = sum(torch.nn.functional.cross_entropy(l.float().flatten(0, 1), t.flatten(),
                                                  reduction="sum")
                for l, t in zip(logits, targets))
    return total / labels.numel()


PROFILES = {
    "hf-lora": "--framework hf --method lora --lora-rank 8 --lora-targets q_proj,v_proj",
    "hf-qlora": "--framework hf --method qlora --lora-rank 8 --lora-targets q_proj,v_proj"
                " --grad-checkpointing full",
    "loop-chunked": "--framework custom --precision bf16 --grad-checkpointing full"
                    " --loss chunked --optimizer-step fused",
}


def profile_step(path, name, batch, seq):
    """One training step of a profile; the peaks it reached."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM
    cfg = AutoConfig.from_pretrained(path)
    torch.cuda.empty_cache()
    torch.cuda.reset_peak_memory_stats()
    kwargs = {"torch_dtype": torch.bfloat16, "attn_implementation": "sdpa"}
    if name == "hf-qlora":
        from transformers import BitsAndBytesConfig
        q = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4",
                               bnb_4bit_use_double_quant=True,
                               bnb_4bit_compute_dtype=torch.bfloat16)
        import tempfile
        # Quantisation happens when loading: save random bf16 weights on the CPU, load them 4-bit.
        with tempfile.TemporaryDirectory() as tmp:
            AutoModelForCausalLM.from_config(cfg, **kwargs).save_pretrained(tmp)
            torch.cuda.reset_peak_memory_stats()
            model = AutoModelForCausalLM.from_pretrained(tmp, quantization_config=q,
                                                         device_map={"": 0}, **kwargs)
    else:
        with torch.device("cuda"):
            model = AutoModelForCausalLM.from_config(cfg, **kwargs)
    vocab = cfg.get_text_config().vocab_size
    ids = torch.randint(0, vocab, (batch, seq), device="cuda")
    if name.startswith("hf-"):
        from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training
        if name == "hf-qlora":
            model = prepare_model_for_kbit_training(model)
        model = get_peft_model(model, LoraConfig(r=8, lora_alpha=8,
                                                 target_modules=["q_proj", "v_proj"]))
        params = [p for p in model.parameters() if p.requires_grad]
        opt = torch.optim.AdamW(params, lr=1e-4, fused=True)
        model.train()
        loss = model(input_ids=ids, labels=ids).loss
    else:
        model.gradient_checkpointing_enable()
        opt = torch.optim.AdamW(model.parameters(), lr=1e-5, fused=True)
        model.train()
        hidden = model.model(input_ids=ids).last_hidden_state
        loss = chunked_loss(hidden, model.lm_head, ids)
    loss.backward()
    opt.step()
    opt.zero_grad(set_to_none=True)
    torch.cuda.synchronize()
    row = {"config": os.path.basename(os.path.normpath(path)), "profile": name, "batch": batch,
           "seq": seq, "gpu": torch.cuda.get_device_name(0), "torch": torch.__version__,
           "allocated_peak_bytes": torch.cuda.max_memory_allocated(),
           "reserved_peak_bytes": torch.cuda.max_memory_reserved(),
           "device_used_bytes": used_bytes(), "flags": PROFILES[name]}
    del model, opt, loss
    gc.collect()
    torch.cuda.empty_cache()
    return row


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--seq", type=int, default=1024)
    ap.add_argument("--lora", action="store_true")
    ap.add_argument("--profiles", action="store_true",
                    help="also run the framework-profile steps (hf-lora, hf-qlora, loop-chunked)")
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
            for name in PROFILES if a.profiles else []:
                try:
                    prow = profile_step(c, name, a.batch, a.seq)
                except ImportError as e:  # peft or bitsandbytes missing: say so, go on
                    prow = {"config": os.path.basename(os.path.normpath(c)), "profile": name,
                            "skipped": repr(e)[:200]}
                except Exception as e:
                    prow = {"config": os.path.basename(os.path.normpath(c)), "profile": name,
                            "error": repr(e)[:300]}
                f.write(json.dumps(prow) + "\n")
                f.flush()


if __name__ == "__main__":
    main()
