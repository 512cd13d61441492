"""Replays a JSON trace of a transformer lesson (bpnn-tutor export LESSON --format json) in
PyTorch float64 and compares: every a(l)[t,j] and attn(l)[t,s] of the first sample, the
first batch's gradients, the epoch losses and the final parameters (and that a LoRA layer's
frozen W and b end as they started). The model is built from PyTorch's own modules:
nn.Embedding plus a position parameter, nn.LayerNorm, nn.MultiheadAttention (in_proj =
[W_q; W_k; W_v], a causal attn_mask), nn.Linear with F.gelu and LoRA's two bias-free
linears scaled by alpha/rank, F.cross_entropy, torch.optim.AdamW / Adam / SGD.

    python3 docs/pytorch/compare_transformer.py trace.json

Prints each difference above 1e-9 (relative to max(1, |value|)) and the largest.
"""
import json, sys, math
import torch, torch.nn as nn, torch.nn.functional as F
torch.set_default_dtype(torch.float64)
d = json.load(open(sys.argv[1]))
les = d['lesson']; layers = les['layers']; init = d['initial']['layers']
T = layers[0]['output'][0]
class Net(nn.Module):
    def __init__(s):
        super().__init__()
        s.mods = nn.ModuleList(); s.extra = {}
        for i, (L, P) in enumerate(zip(layers, init)):
            k = L['kind']; m = nn.Module()
            if k == 'embedding':
                V, dim = len(P['weights']), len(P['weights'][0])
                m.emb = nn.Embedding(V, dim); m.emb.weight.data = torch.tensor(P['weights'])
                m.pos = nn.Parameter(torch.tensor(P['positions'])) if 'positions' in P else None
            elif k == 'layernorm':
                m.ln = nn.LayerNorm(len(P['weights']), eps=L.get('epsilon', 1e-5))
                m.ln.weight.data = torch.tensor(P['weights']); m.ln.bias.data = torch.tensor(P['biases'])
            elif k == 'attention':
                dim = len(P['weights_q'])
                m.mha = nn.MultiheadAttention(dim, L['heads'], batch_first=True)
                m.mha.in_proj_weight.data = torch.cat([torch.tensor(P['weights_'+c]) for c in 'qkv'])
                m.mha.in_proj_bias.data = torch.cat([torch.tensor(P['biases_'+c]) for c in 'qkv'])
                m.mha.out_proj.weight.data = torch.tensor(P['weights_o']); m.mha.out_proj.bias.data = torch.tensor(P['biases_o'])
            else:
                W = torch.tensor(P['weights']); m.lin = nn.Linear(W.shape[1], W.shape[0])
                m.lin.weight.data = W; m.lin.bias.data = torch.tensor(P['biases'])
                if 'lora_a' in P:
                    A = torch.tensor(P['lora_a']); B = torch.tensor(P['lora_b'])
                    m.la = nn.Linear(A.shape[1], A.shape[0], bias=False); m.la.weight.data = A
                    m.lb = nn.Linear(B.shape[1], B.shape[0], bias=False); m.lb.weight.data = B
                    m.scale = L['lora']['alpha'] / L['lora']['rank']
                    m.lin.weight.requires_grad_(False); m.lin.bias.requires_grad_(False)
            if not L['trainable']:
                for n_, p in m.named_parameters():
                    if not n_.startswith('l') or n_.startswith('ln') or n_.startswith('lin'): p.requires_grad_(False)
            if not L['train_biases']:
                for n_, p in m.named_parameters():
                    if n_.endswith('bias'): p.requires_grad_(False)
            s.mods.append(m)
    def forward(s, x, rec=None):
        a = [x]
        for L, m in zip(layers, s.mods):
            k = L['kind']; h = a[-1]
            if k == 'embedding':
                y = m.emb(h.long())
                if m.pos is not None: y = y + m.pos
            elif k == 'layernorm':
                y = m.ln(h)
            elif k == 'attention':
                mask = torch.triu(torch.ones(T, T, dtype=torch.bool), 1) if L['causal'] else None
                y, w = m.mha(h, h, h, attn_mask=mask, need_weights=True, average_attn_weights=False)
                if rec is not None: rec.append(w)
            else:
                z = m.lin(h)
                if hasattr(m, 'la'): z = z + m.lb(m.la(h)) * m.scale
                act = L['activation']
                y = {'gelu': F.gelu, 'identity': lambda v: v, 'relu': F.relu, 'tanh': torch.tanh, 'sigmoid': torch.sigmoid, 'softmax': lambda v: v}[act](z)
            if 'residual' in L: y = y + a[L['residual']]
            a.append(y)
        return a
net = Net()
# parameter names per layer, in the JSON keys
def pmap(i, L, m):
    k = L['kind']
    if k == 'embedding':
        r = {'weights': m.emb.weight}
        if m.pos is not None: r['positions'] = m.pos
        return r
    if k == 'layernorm': return {'weights': m.ln.weight, 'biases': m.ln.bias}
    if k == 'attention':
        dim = m.mha.embed_dim
        return {'weights_q': (m.mha.in_proj_weight, 0, dim), 'weights_k': (m.mha.in_proj_weight, dim, 2*dim), 'weights_v': (m.mha.in_proj_weight, 2*dim, 3*dim),
                'biases_q': (m.mha.in_proj_bias, 0, dim), 'biases_k': (m.mha.in_proj_bias, dim, 2*dim), 'biases_v': (m.mha.in_proj_bias, 2*dim, 3*dim),
                'weights_o': m.mha.out_proj.weight, 'biases_o': m.mha.out_proj.bias}
    r = {'weights': m.lin.weight, 'biases': m.lin.bias}
    if hasattr(m, 'la'): r.update({'lora_a': m.la.weight, 'lora_b': m.lb.weight})
    return r
def get(v, grad=False):
    if isinstance(v, tuple):
        t = v[0].grad if grad else v[0]
        return None if t is None else t[v[1]:v[2]]
    return v.grad if grad else v
opt_s = les['optimizer']
params = [p for p in net.parameters() if p.requires_grad]
if opt_s['kind'] == 'adamw':
    opt = torch.optim.AdamW(params, lr=opt_s['learning_rate'], betas=(opt_s['beta1'], opt_s['beta2']), eps=opt_s['epsilon'], weight_decay=opt_s['weight_decay'])
elif opt_s['kind'] == 'adam':
    opt = torch.optim.Adam(params, lr=opt_s['learning_rate'], betas=(opt_s['beta1'], opt_s['beta2']), eps=opt_s['epsilon'])
else:
    opt = torch.optim.SGD(params, lr=opt_s['learning_rate'], momentum=opt_s['momentum'])
data = d['data']; V = len(init[-1]['biases'])
X = torch.tensor([s['input'] for s in data]); Y = torch.tensor([s['target'] for s in data]).reshape(len(data), T, V).argmax(-1)
bs = les['batch_size']; steps = {}
for s in d['steps']:
    steps[(s['epoch'], s['sample'], s['batch'], s['name'])] = s
worst = [0.0, '']
def cmp(name, ours, theirs, tol=1e-9):
    if ours is None: ours = float('nan')
    diff = abs(ours - theirs) / max(1.0, abs(theirs))
    if diff > worst[0]: worst[:] = [diff, name]
    if diff > tol: print(f"MISMATCH {name}: ours {ours} torch {theirs}")
losses = []
for epoch in range(1, les['epochs'] + 1):
    tot = 0.0
    for b0 in range(0, len(data), bs):
        xb, yb = X[b0:b0+bs], Y[b0:b0+bs]
        rec = []
        a = net(xb, rec)
        loss = F.cross_entropy(a[-1].reshape(-1, V), yb.reshape(-1))
        opt.zero_grad(); loss.backward()
        tot += loss.item() * len(xb)
        if epoch == 1 and b0 == 0:
            # every a(l)[t,j] and attn(l)[t,s] of the first sample
            ai = 0
            for l in range(1, len(layers) + 1):
                out = a[l][0] if layers[l-1]['activation'] != 'softmax' else torch.softmax(a[l][0], -1)
                if layers[l-1]['kind'] == 'attention':
                    w = rec[ai][0]; ai += 1
                    H = w.shape[0]
                    for h in range(H):
                        for t in range(T):
                            for s_ in range(T):
                                nm = f"attn({l})[{t+1},{s_+1}]" if H == 1 else f"attn({l})[{h+1},{t+1},{s_+1}]"
                                cmp(nm, steps[(1, 1, 1, nm)]['value'], w[h, t, s_].item())
                for t in range(out.shape[0]):
                    for j in range(out.shape[1]):
                        nm = f"a({l})[{t+1},{j+1}]"
                        cmp(nm, steps[(1, 1, 1, nm)]['value'], out[t, j].item())
            # gradients of the first batch
            for i, (L, m) in enumerate(zip(layers, net.mods)):
                l = i + 1
                for key, p in pmap(i, L, m).items():
                    g = get(p, True)
                    if g is None: continue
                    tname = {'weights': 'w', 'biases': 'b', 'positions': 'pos', 'weights_q': 'w_q', 'weights_k': 'w_k', 'weights_v': 'w_v', 'weights_o': 'w_o', 'biases_q': 'b_q', 'biases_k': 'b_k', 'biases_v': 'b_v', 'biases_o': 'b_o', 'lora_a': 'lora_a', 'lora_b': 'lora_b'}[key]
                    if L['kind'] == 'embedding' and key == 'weights': tname = 'emb'
                    if L['kind'] == 'layernorm': tname = {'weights': 'gamma', 'biases': 'beta'}[key]
                    for idx in torch.cartesian_prod(*[torch.arange(n) for n in g.shape]) if g.dim() > 1 else [[i_] for i_ in range(g.shape[0])]:
                        idx = [int(v) for v in (idx if not torch.is_tensor(idx) else idx.tolist())] if not isinstance(idx, list) else idx
                        nm = f"d{tname}({l})[{','.join(str(v+1) for v in idx)}]"
                        ours = None
                        if bs == 1 or len(data) == 1:
                            st = steps.get((1, 1, 1, nm))
                            ours = st['value'] if st else None
                        else:
                            st = steps.get((1, None, 1, nm[1:]))
                            ours = st['gradient'] if st else None
                        if ours is None: print("missing", nm); continue
                        tol = 1e-9
                        cmp(nm, ours, g[tuple(idx)].item(), tol)
        opt.step()
    losses.append(tot / len(data))
for e, (ours, theirs) in enumerate(zip([x['loss'] for x in d['epochs']], losses)):
    cmp(f"epoch {e+1} loss", ours, theirs)
fin = d['final']['layers']
for i, (L, m) in enumerate(zip(layers, net.mods)):
    for key, p in pmap(i, L, m).items():
        t = get(p).detach().reshape(-1).tolist()
        o = torch.tensor(fin[i][key]).reshape(-1).tolist()
        for n_, (a_, b_) in enumerate(zip(o, t)):
            cmp(f"final {key}({i+1})#{n_}", a_, b_)
        if L['kind'] == 'dense' and 'lora_a' in fin[i] and key in ('weights', 'biases'):
            assert o == torch.tensor(init[i][key]).reshape(-1).tolist(), "frozen base moved"
print("largest difference", worst[0], "at", worst[1])
sys.exit(1 if worst[0] > 1e-9 else 0)
