"""Op-level trace of storage allocs/frees for BERT-large training steps on the meta device.

usage: python trace_bert.py OUT.txt BATCH [gc] [steps]
"""
import sys, time, collections
import torch, torch.nn.functional as F
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_flatten
from torch.multiprocessing.reductions import StorageWeakRef
import transformers
from transformers import BertConfig, BertForSequenceClassification

out_path, B = sys.argv[1], int(sys.argv[2])
GC = len(sys.argv) > 3 and sys.argv[3] == "gc"
REENTRANT = not (len(sys.argv) > 4 and sys.argv[4] == "nonreentrant")
STEPS = 3
PADDED = "padded" in sys.argv
S = 512

# ---------------------------------------------------------------- dropout stub (CUDA fused-kernel-like)
class Drop(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, p):
        mask = torch.empty_like(x, dtype=torch.bool)   # 1 byte / element, like native_dropout's mask
        out = torch.empty_like(x)                       # output
        ctx.save_for_backward(mask)
        return out

    @staticmethod
    def backward(ctx, g):
        (mask,) = ctx.saved_tensors
        return g * mask, None                           # one tensor of g's dtype

_orig_dropout = F.dropout
def dropout(input, p=0.5, training=True, inplace=False):
    if not training or p == 0:
        return input
    return Drop.apply(input, p)
F.dropout = dropout
torch.nn.functional.dropout = dropout
import torch.nn.modules.dropout as _D
_D.F.dropout = dropout

# ---------------------------------------------------------------- tracer
class Tracer(TorchDispatchMode):
    def __init__(self, f):
        super().__init__()
        self.f = f
        self.next_id = 0
        self.live = {}          # cdata -> (id, weakref, nbytes)   (non-persistent storages)
        self.persist = {}       # cdata -> (id, weakref, nbytes)   (params/buffers, never freed)
        self.live_bytes = 0
        self.peak = 0
        self.peak_where = ""
        self.phase = "init"
        self.nops = collections.Counter()
        self.op_names = collections.defaultdict(collections.Counter)
        self.enabled = True
        self.items = []
        self.phase_peak = collections.Counter()
        self.cur_op = "param"

    def _new(self, st, persistent=False):
        w = StorageWeakRef(st)
        k = w.cdata
        if k in self.live or k in self.persist:
            return None
        i = self.next_id; self.next_id += 1
        n = st.nbytes()
        (self.persist if persistent else self.live)[k] = (i, w, n)
        self.f.write(f"a {i} {n}\n")
        self.live_bytes += n
        if self.live_bytes > self.peak:
            self.peak = self.live_bytes; self.peak_where = f"{self.phase}, op #{self.nops[self.phase]} of phase ({self.cur_op})"
        if self.live_bytes > self.phase_peak[self.phase]:
            self.phase_peak[self.phase] = self.live_bytes
        return i

    def flush(self):
        dead = [k for k, (i, w, n) in self.live.items() if w.expired()]
        for k in dead:
            i, w, n = self.live.pop(k)
            self.f.write(f"f {i}\n")
            self.live_bytes -= n

    def mark(self, s):
        self.flush()
        self.phase = s
        self.phase_peak[s] = self.live_bytes
        self.f.write(f"# {s}\n")

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        self.flush()
        if func is torch.ops.aten._local_scalar_dense.default:
            # .item() cannot run on meta; the only call is padding_mask.all() in masking_utils.
            # Emulate real data: all-ones attention mask -> True (mask skipped), unless PADDED.
            self.nops[self.phase] += 1
            self.op_names[self.phase][str(func)] += 1
            self.items.append(str(args[0].dtype))
            return (not PADDED) if args[0].dtype == torch.bool else 0
        out = func(*args, **kwargs)
        self.cur_op = str(func)
        self.nops[self.phase] += 1
        self.op_names[self.phase][str(func)] += 1
        for t in tree_flatten(out)[0]:
            if isinstance(t, torch.Tensor) and t.device.type == "meta":
                self._new(t.untyped_storage())
        return out

# ---------------------------------------------------------------- model
cfg = BertConfig(hidden_size=1024, num_hidden_layers=24, num_attention_heads=16, intermediate_size=4096,
                 vocab_size=30522, max_position_embeddings=512, type_vocab_size=2, hidden_act="gelu",
                 hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1, layer_norm_eps=1e-12,
                 num_labels=2)
with torch.device("meta"):
    model = BertForSequenceClassification._from_config(cfg, attn_implementation="eager", dtype=torch.float32)
model.train()
assert model.config._attn_implementation == "eager", model.config._attn_implementation
if GC:
    model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": REENTRANT})

f = open(out_path, "w")
f.write(f"# torch {torch.__version__} transformers {transformers.__version__}\n")
f.write(f"# bert-large-uncased BertForSequenceClassification b={B} s={S} fp32 eager gc={GC} reentrant={REENTRANT if GC else None}\n")
tr = Tracer(f)
tr.f.write("# model load\n")
tr.phase = "model load"
param_bytes = 0
for name, p in model.named_parameters():
    assert tr._new(p.untyped_storage(), persistent=True) is not None, name
    param_bytes += p.untyped_storage().nbytes()
buf_bytes = 0
for name, b in model.named_buffers():
    if tr._new(b.untyped_storage(), persistent=True) is not None:
        buf_bytes += b.untyped_storage().nbytes()
nparams = sum(p.numel() for p in model.parameters())

lr, b1, b2, eps, wd = 5e-5, 0.9, 0.999, 1e-6, 0.01
state = {}
no_decay = set()
for name, p in model.named_parameters():
    if name.endswith("bias") or "LayerNorm" in name:
        no_decay.add(id(p))
params = [p for p in model.parameters()]

def grad_bytes():
    return sum(p.grad.untyped_storage().nbytes() for p in params if p.grad is not None)

report = []
t0 = time.time()
with tr:
    for step in range(1, STEPS + 1):
        tr.mark(f"step {step} forward")
        input_ids = torch.zeros(B, S, dtype=torch.int64, device="meta")
        attention_mask = torch.ones(B, S, dtype=torch.int64, device="meta")
        labels = torch.zeros(B, dtype=torch.int64, device="meta")
        out = model(input_ids=input_ids, attention_mask=attention_mask, labels=labels)
        loss = out.loss
        if step == 1:
            bw_start = tr.next_id
        tr.mark(f"step {step} backward")
        loss.backward()
        loss = loss.detach()
        del out
        if step == 1:
            gids = [tr.live[StorageWeakRef(p_.grad.untyped_storage()).cdata][0] for p_ in params]
            bw_first = tr.next_id
        tr.mark(f"step {step} optimizer")
        with torch.no_grad():
            for p in params:
                if p.grad is None:
                    continue
                grad = p.grad
                st = state.setdefault(id(p), {})
                if len(st) == 0:
                    st["step"] = 0
                    st["exp_avg"] = torch.zeros_like(p)
                    st["exp_avg_sq"] = torch.zeros_like(p)
                exp_avg, exp_avg_sq = st["exp_avg"], st["exp_avg_sq"]
                st["step"] += 1
                exp_avg.mul_(b1).add_(grad, alpha=1.0 - b1)
                exp_avg_sq.mul_(b2).addcmul_(grad, grad, value=1.0 - b2)
                denom = exp_avg_sq.sqrt().add_(eps)
                step_size = lr * (1.0 - b2 ** st["step"]) ** 0.5 / (1.0 - b1 ** st["step"])
                p.addcdiv_(exp_avg, denom, value=-step_size)
                if id(p) not in no_decay:
                    p.add_(p, alpha=-lr * wd)
                del denom, grad, exp_avg, exp_avg_sq
        tr.mark(f"step {step} zero_grad")
        with torch.no_grad():
            for p in params:
                if p.grad is not None:
                    p.grad.zero_()
        del input_ids, attention_mask, labels, loss
        tr.mark(f"step {step} end")
        gb = grad_bytes()
        sb = sum(t.untyped_storage().nbytes() for s_ in state.values() for k, t in s_.items() if k != "step")
        report.append((step, tr.live_bytes, gb, sb))
f.close()
el = time.time() - t0

GiB = 2**30
print(f"== {out_path}  b={B} gc={GC} reentrant={REENTRANT if GC else None}  ({el:.1f}s)")
print(f"params: {nparams:,} elements, {param_bytes:,} B; buffers {buf_bytes:,} B")
print(f"allocated peak: {tr.peak:,} B = {tr.peak/GiB:.3f} GiB at phase '{tr.peak_where}'")
for step, live, gb, sb in report:
    print(f"end of step {step}: live {live:,} B; params+buffers {param_bytes+buf_bytes:,} + grads {gb:,} + states {sb:,} "
          f"= {param_bytes+buf_bytes+gb+sb:,}  ({'OK' if live == param_bytes+buf_bytes+gb+sb else 'MISMATCH'})")
for ph, v in tr.phase_peak.items():
    print(f"  peak in {ph:22s}: {v:,} B = {v/GiB:.3f} GiB")
print(f"grad check: {len(gids)} grads, all allocated in step-1 backward (ids {bw_start}..{bw_first-1}):",
      all(bw_start <= g < bw_first for g in gids), "distinct:", len(set(gids)) == len(gids))
print("item() calls:", collections.Counter(tr.items), "padded mask:", PADDED)
print("ops per phase:", dict(tr.nops))
for ph in ("step 1 forward", "step 1 backward", "step 2 backward"):
    print(ph, dict(tr.op_names[ph].most_common(40)))
