#!/usr/bin/env python3
"""Replays bpnn-tutor JSON traces in PyTorch (float64) and compares them value by value.

    bpnn-tutor export LESSON --format json -o trace.json
    python3 docs/pytorch/compare.py trace.json [more.json ...]

Each trace carries the lesson's settings, the initial parameters and the data actually used,
so the replay starts from exactly the same numbers. The network is a stack of nn.Linear
layers; the losses are PyTorch's own: BCELoss, CrossEntropyLoss on the logits (probability
targets), MSELoss, and 0.5 * sum of squares for half_sse; the optimizer is torch.optim.SGD
(with momentum) or torch.optim.Adam over the trainable parameters only.

Every step in the trace is compared with PyTorch's number: z, a and the loss of each sample
from its forward pass, delta (dL/dz), db and dw from autograd on that sample's loss alone,
and after each batch the parameters and the optimizer state (velocity; m, v, and m-hat,
v-hat computed from them) after optimizer.step() on the batch-mean loss. So are the epoch
losses and the final parameters. The script prints, per trace, the largest absolute and
relative differences and how many values are NaN or infinite on one side only.
It exits 1 if any difference exceeds --tolerance (default 1e-9, relative to max(1, |value|));
"max rel" is the largest difference relative to PyTorch's value, over the values that are
not 0.

--relative holds every value to the tolerance relative to its own size, however small (a
saturated gradient of 1e-8 too; an exact 0 must be 0). --resync starts each batch from the
trace's own parameters and optimizer state instead of PyTorch's, so each step is compared
from the same numbers and a difference cannot grow along the trajectory.
"""

import argparse
import json
import math
import sys

import torch

torch.set_default_dtype(torch.float64)

ACTIVATIONS = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "leaky_relu": lambda z: torch.nn.functional.leaky_relu(z, 0.01),
    "identity": lambda z: z,
    "softmax": lambda z: torch.softmax(z, dim=-1),
}


def sample_loss(kind, z, a, y):
    """The loss of one sample (1-D tensors), as the lesson defines it."""
    if kind == "half_sse":
        return 0.5 * ((a - y) ** 2).sum()
    if kind == "mse":
        return torch.nn.MSELoss()(a, y)
    if kind == "bce":
        return torch.nn.BCELoss()(a, y)
    return torch.nn.CrossEntropyLoss()(z.unsqueeze(0), y.unsqueeze(0))


def batch_loss(kind, z, a, y):
    """The loss of a batch (2-D tensors, one row per sample): the mean over its samples."""
    if kind == "half_sse":
        return (0.5 * ((a - y) ** 2).sum(dim=1)).mean()
    if kind == "mse":
        return torch.nn.MSELoss()(a, y)
    if kind == "bce":
        return torch.nn.BCELoss()(a, y)
    return torch.nn.CrossEntropyLoss()(z, y)


class Net:
    def __init__(self, trace):
        lesson = trace["lesson"]
        self.loss = lesson["loss"]
        self.acts = [ACTIVATIONS[l["activation"]] for l in lesson["layers"]]
        self.weights, self.biases, trainable = [], [], []
        for spec, init in zip(lesson["layers"], trace["initial"]["layers"]):
            w = torch.tensor(init["weights"], requires_grad=spec["trainable"])
            b = torch.tensor(init["biases"], requires_grad=spec["trainable"] and spec["train_biases"])
            self.weights.append(w)
            self.biases.append(b)
            trainable += [p for p in (w, b) if p.requires_grad]
        opt = lesson["optimizer"]
        if opt["kind"] == "sgd":
            self.opt = torch.optim.SGD(trainable, lr=opt["learning_rate"], momentum=opt["momentum"], foreach=False)
        else:
            self.opt = torch.optim.Adam(trainable, lr=opt["learning_rate"], betas=(opt["beta1"], opt["beta2"]),
                                        eps=opt["epsilon"], foreach=False)
        self.optimizer = opt

    def params(self):
        return [p for pair in zip(self.weights, self.biases) for p in pair]

    def forward(self, x):
        """z and a of every layer (a[0] = x) for a batch of rows x."""
        zs, acts = [], [x]
        for w, b, f in zip(self.weights, self.biases, self.acts):
            z = torch.nn.functional.linear(acts[-1], w, b)
            zs.append(z)
            acts.append(f(z))
        return zs, acts

    def sample_values(self, x, y):
        """Every number of one sample: z, a, loss, and dL/dz, dL/db, dL/dW from autograd."""
        # Autograd needs every tensor to require a gradient to ask for it, frozen ones too.
        params = [p if p.requires_grad else p.detach().requires_grad_() for p in self.params()]
        zs, acts = self.forward_with(params, x)
        loss = sample_loss(self.loss, zs[-1], acts[-1], y)
        grads = torch.autograd.grad(loss, zs + params)
        n = len(zs)
        return {
            "z": [z.detach() for z in zs],
            "a": [a.detach() for a in acts],
            "loss": loss.item(),
            "delta": grads[:n],
            "dw": grads[n::2],
            "db": grads[n + 1::2],
        }

    def forward_with(self, params, x):
        zs, acts = [], [x]
        for i, f in enumerate(self.acts):
            z = torch.nn.functional.linear(acts[-1], params[2 * i], params[2 * i + 1])
            zs.append(z)
            acts.append(f(z))
        return zs, acts

    def step(self, xs, ys):
        self.opt.zero_grad()
        zs, acts = self.forward(xs)
        batch_loss(self.loss, zs[-1], acts[-1], ys).backward()
        self.opt.step()

    def state(self, quantity, layer, j, k):
        """An optimizer state value after the last step."""
        p = self.weights[layer - 1] if k is not None else self.biases[layer - 1]
        st = self.opt.state[p]
        at = (lambda t: t[j - 1, k - 1]) if k is not None else (lambda t: t[j - 1])
        if self.optimizer["kind"] == "sgd":
            return at(st["momentum_buffer"]).item()
        t = int(st["step"])
        m, v = at(st["exp_avg"]).item(), at(st["exp_avg_sq"]).item()
        return {
            "m": m,
            "v": v,
            "mhat": m / (1 - self.optimizer["beta1"] ** t),
            "vhat": v / (1 - self.optimizer["beta2"] ** t),
        }[quantity]


class Differences:
    def __init__(self, tolerance, relative=False):
        self.tolerance = tolerance
        self.relative = relative
        self.count = 0
        self.max_abs = 0.0
        self.max_rel = 0.0
        self.non_finite = 0
        self.worst = None

    def add(self, where, ours, theirs):
        self.count += 1
        # JSON writes NaN and infinity as null: such a value must be NaN or infinite in
        # PyTorch too, and a finite one finite.
        finite = ours is not None and math.isfinite(ours)
        if not finite or not math.isfinite(theirs):
            if finite != math.isfinite(theirs):
                self.non_finite += 1
                if self.worst is None or self.worst[3] != math.inf:
                    self.worst = (where, ours, theirs, math.inf)
            return
        d = abs(ours - theirs)
        self.max_abs = max(self.max_abs, d)
        if theirs != 0:
            self.max_rel = max(self.max_rel, d / abs(theirs))
        scale = max(abs(ours), abs(theirs)) if self.relative else max(1.0, abs(theirs))
        if d > self.tolerance * scale and (self.worst is None or d > self.worst[3]):
            self.worst = (where, ours, theirs, d)

    def ok(self):
        return self.non_finite == 0 and (self.worst is None)


def resync(net, steps):
    """Sets PyTorch's parameters and optimizer state to the trace's values after an update
    (a value the trace has as null, NaN or infinite, keeps PyTorch's own)."""
    with torch.no_grad():
        for st in steps:
            q, l, j, k, v = st["quantity"], st["layer"], st["j"], (st["k"] or None), st["value"]
            if v is None:
                continue
            p = net.weights[l - 1] if k is not None else net.biases[l - 1]
            if q in ("w", "b"):
                target = p
            else:
                state = net.opt.state[p]
                names = {"v": "momentum_buffer"} if net.optimizer["kind"] == "sgd" else {"m": "exp_avg", "v": "exp_avg_sq"}
                if q not in names:
                    continue
                target = state[names[q]]
            if k is not None:
                target[j - 1, k - 1] = v
            else:
                target[j - 1] = v


def compare(trace, tolerance, relative=False, resynced=False):
    lesson = trace["lesson"]
    net = Net(trace)
    data = trace["data"]
    xs = torch.tensor([d["input"] for d in data])
    ys = torch.tensor([d["target"] for d in data])
    steps = {}
    # Version 3 has sample steps and update steps in two tables; k is 0 on a neuron.
    for s in trace["steps"] + trace.get("updates", []):
        steps.setdefault((s["epoch"], s.get("sample"), s["batch"]), []).append(s)
    diff = Differences(tolerance, relative)
    batch_size, n = lesson["batch_size"], len(data)
    for epoch in range(1, lesson["epochs"] + 1):
        total = 0.0
        for b, start in enumerate(range(0, n, batch_size), start=1):
            rows = range(start, min(start + batch_size, n))
            for s in rows:
                values = net.sample_values(xs[s], ys[s])
                total += values["loss"]
                for st in steps.get((epoch, s + 1, b), []):
                    diff.add(f"epoch {epoch} sample {s + 1} {st['name']}", st["value"], sample_value(values, st))
            net.step(xs[start:rows.stop], ys[start:rows.stop])
            for st in steps.get((epoch, None, b), []):
                diff.add(f"epoch {epoch} batch {b} {st['name']}", st["value"], update_value(net, st))
            if resynced:
                resync(net, steps.get((epoch, None, b), []))
        diff.add(f"epoch {epoch} loss", trace["epochs"][epoch - 1]["loss"], total / n)
    for l, layer in enumerate(trace["final"]["layers"]):
        for j, row in enumerate(layer["weights"]):
            for k, v in enumerate(row):
                diff.add(f"final w({l + 1})[{j + 1},{k + 1}]", v, net.weights[l][j, k].item())
        for j, v in enumerate(layer["biases"]):
            diff.add(f"final b({l + 1})[{j + 1}]", v, net.biases[l][j].item())
    return diff


def sample_value(values, st):
    q, l, j, k = st["quantity"], st["layer"], st["j"], (st["k"] or None)
    if q == "loss":
        return values["loss"]
    if q == "z":
        return values["z"][l - 1][j - 1].item()
    if q == "a":
        return values["a"][l][j - 1].item()
    if q == "delta":
        return values["delta"][l - 1][j - 1].item()
    if q == "db":
        return values["db"][l - 1][j - 1].item()
    return values["dw"][l - 1][j - 1, k - 1].item()


def update_value(net, st):
    q, l, j, k = st["quantity"], st["layer"], st["j"], (st["k"] or None)
    if q == "w":
        return net.weights[l - 1][j - 1, k - 1].item()
    if q == "b":
        return net.biases[l - 1][j - 1].item()
    return net.state(q, l, j, k)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("traces", nargs="+", help="JSON traces from bpnn-tutor export --format json")
    parser.add_argument("--tolerance", type=float, default=1e-9)
    parser.add_argument("--relative", action="store_true", help="tolerance relative to each value, however small")
    parser.add_argument("--resync", action="store_true", help="start each batch from the trace's own parameters")
    args = parser.parse_args()
    how = "relative" if args.relative else "relative to max(1, |value|)"
    print(f"torch {torch.__version__}, float64, tolerance {args.tolerance:g} {how}" + (", resynced" if args.resync else ""))
    print(f"{'trace':42} {'values':>8} {'max |diff|':>11} {'max rel':>10} {'NaN/inf':>7}")
    all_ok = True
    for path in args.traces:
        with open(path) as f:
            trace = json.load(f)
        d = compare(trace, args.tolerance, args.relative, args.resync)
        print(f"{path:42} {d.count:8} {d.max_abs:11.3e} {d.max_rel:10.3e} {d.non_finite:7}")
        if not d.ok():
            all_ok = False
            where, ours, theirs, _ = d.worst
            print(f"    beyond tolerance: {where}: bpnn-tutor {ours!r}, PyTorch {theirs!r}")
    sys.exit(0 if all_ok else 1)


if __name__ == "__main__":
    main()
