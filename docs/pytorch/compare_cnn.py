#!/usr/bin/env python3
"""Replays bpnn-tutor JSON traces of convolutional networks in PyTorch (float64) and compares
them value by value.

    bpnn-tutor export LESSON --format json -o trace.json
    python3 docs/pytorch/compare_cnn.py trace.json [more.json ...]

The network is built from the trace's layers as PyTorch's own modules compute them:
conv2d as torch.nn.functional.conv2d (cross-correlation, weights out x in x kh x kw, stride,
zero padding), maxpool2d and avgpool2d as max_pool2d and avg_pool2d (stride defaulting to the
kernel), flatten as torch.flatten, dense as linear, each followed by its activation. Losses and
optimizers are those of compare.py (CrossEntropyLoss on the logits, BCELoss, MSELoss, half_sse;
SGD with momentum, Adam), on the trace's initial parameters and data.

Every step of the trace is compared with PyTorch's number, found by its name: z, a and the loss
of each sample's forward pass; delta (dL/dz of a conv or dense layer, dL/da at the output of a
pooling or flatten layer), db and dw from autograd on that sample's loss alone; after each batch
the parameters and optimizer state after optimizer.step() on the batch-mean loss; then the epoch
losses and the final parameters. It exits 1 if any difference exceeds --tolerance (default 1e-9,
relative to max(1, |value|)).
"""

import argparse
import json
import math
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

ACTIVATIONS = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "leaky_relu": lambda z: F.leaky_relu(z, 0.01),
    "identity": lambda z: z,
    "softmax": lambda z: torch.softmax(z, dim=-1),
}


def pair(v):
    return tuple(v) if isinstance(v, list) else (v, v)


def sample_loss(kind, z, a, y):
    if kind == "half_sse":
        return 0.5 * ((a - y) ** 2).sum()
    if kind == "mse":
        return torch.nn.MSELoss()(a, y)
    if kind == "bce":
        return torch.nn.BCELoss()(a, y)
    return torch.nn.CrossEntropyLoss()(z.unsqueeze(0), y.unsqueeze(0))


def batch_loss(kind, z, a, y):
    z, a = z.reshape(len(y), -1), a.reshape(len(y), -1)
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
        self.input = lesson["inputs"]
        self.layers = lesson["layers"]
        self.params = []  # per layer: {"weights": tensor, "biases": tensor} (possibly empty)
        trainable = []
        for spec, init in zip(self.layers, trace["initial"]["layers"]):
            p = {}
            for key, value in init.items():
                grad = spec["trainable"] and (key == "weights" or spec["train_biases"])
                p[key] = torch.tensor(value, requires_grad=grad)
                if grad:
                    trainable.append(p[key])
            self.params.append(p)
        opt = lesson["optimizer"]
        if opt["kind"] == "sgd":
            self.opt = torch.optim.SGD(trainable, lr=opt["learning_rate"], momentum=opt["momentum"], foreach=False)
        else:
            self.opt = torch.optim.Adam(trainable, lr=opt["learning_rate"], betas=(opt["beta1"], opt["beta2"]),
                                        eps=opt["epsilon"], foreach=False)
        self.optimizer = opt

    def shape(self, x):
        """A batch of flat inputs in the network's input shape."""
        if isinstance(self.input, list):
            return x.reshape(len(x), *self.input)
        return x

    def forward(self, x, params=None):
        """Each layer's (z, a) for a batch; z is None for layers without one."""
        params = params or self.params
        out, a = [], x
        for spec, p in zip(self.layers, params):
            kind = spec["kind"]
            z = None
            if kind == "conv2d":
                z = F.conv2d(a, p["weights"], p["biases"], stride=pair(spec["stride"]), padding=pair(spec["padding"]))
                a = ACTIVATIONS[spec["activation"]](z)
            elif kind == "maxpool2d":
                a = F.max_pool2d(a, pair(spec["kernel"]), pair(spec["stride"]))
            elif kind == "avgpool2d":
                a = F.avg_pool2d(a, pair(spec["kernel"]), pair(spec["stride"]))
            elif kind == "flatten":
                a = torch.flatten(a, 1)
            else:
                z = F.linear(a, p["weights"], p["biases"])
                a = ACTIVATIONS[spec["activation"]](z)
            out.append((z, a))
        return out

    def sample_values(self, x, y):
        # Fresh leaves, so each sample's gradients are its own (frozen tensors too).
        params = [{k: t.detach().clone().requires_grad_() for k, t in p.items()} for p in self.params]
        # The input requires a gradient too, so a first layer without parameters has a δ.
        out = self.forward(self.shape(x.unsqueeze(0)).clone().requires_grad_(), params)
        for z, a in out:
            (z if z is not None else a).retain_grad()
            a.retain_grad()
        z_last, a_last = out[-1]
        logits = z_last if z_last is not None else a_last
        loss = sample_loss(self.loss, logits.reshape(-1), a_last.reshape(-1), y)
        loss.backward()
        return {"out": out, "params": params, "loss": loss.item()}

    def step(self, xs, ys):
        self.opt.zero_grad()
        out = self.forward(self.shape(xs))
        z, a = out[-1]
        batch_loss(self.loss, z if z is not None else a, a, ys).backward()
        self.opt.step()


def at(t, indices):
    return t[tuple(i - 1 for i in indices)].item()


def sample_value(values, st):
    q, l, ix = st["quantity"], st["layer"], st["indices"]
    if q == "loss":
        return values["loss"]
    z, a = values["out"][l - 1]
    if q == "z":
        return at(z[0], ix)
    if q == "a":
        return at(a[0], ix)
    if q == "delta":
        return at((z if z is not None else a).grad[0], ix)
    p = values["params"][l - 1]
    if q == "db":
        return at(p["biases"].grad, ix)
    return at(p["weights"].grad, ix)


def update_value(net, st):
    q, l, ix = st["quantity"], st["layer"], st["indices"]
    p = net.params[l - 1]["weights" if len(ix) > 1 else "biases"]
    if q in ("w", "b"):
        return at(p.detach(), ix)
    state = net.opt.state[p]
    if net.optimizer["kind"] == "sgd":
        return at(state["momentum_buffer"], ix)
    t = int(state["step"])
    m, v = at(state["exp_avg"], ix), at(state["exp_avg_sq"], ix)
    return {"m": m, "v": v, "mhat": m / (1 - net.optimizer["beta1"] ** t),
            "vhat": v / (1 - net.optimizer["beta2"] ** t)}[q]


class Differences:
    def __init__(self, tolerance):
        self.tolerance = tolerance
        self.count = 0
        self.max_abs = 0.0
        self.max_rel = 0.0
        self.non_finite = 0
        self.worst = None
        self.kinds = {}

    def add(self, where, quantity, ours, theirs):
        self.count += 1
        self.kinds[quantity] = self.kinds.get(quantity, 0) + 1
        finite = ours is not None and math.isfinite(ours)
        if not finite or not math.isfinite(theirs):
            if finite != math.isfinite(theirs):
                self.non_finite += 1
                self.worst = (where, ours, theirs, math.inf)
            return
        d = abs(ours - theirs)
        self.max_abs = max(self.max_abs, d)
        if theirs != 0:
            self.max_rel = max(self.max_rel, d / abs(theirs))
        if d > self.tolerance * max(1.0, abs(theirs)) and (self.worst is None or d > self.worst[3]):
            self.worst = (where, ours, theirs, d)

    def ok(self):
        return self.non_finite == 0 and self.worst is None


def compare(trace, tolerance):
    lesson = trace["lesson"]
    net = Net(trace)
    data = trace["data"]
    xs = torch.tensor([d["input"] for d in data])
    ys = torch.tensor([d["target"] for d in data])
    steps = {}
    for s in trace["steps"]:
        steps.setdefault((s["epoch"], s["sample"], s["batch"]), []).append(s)
    diff = Differences(tolerance)
    batch_size, n = lesson["batch_size"], len(data)
    for epoch in range(1, lesson["epochs"] + 1):
        total = 0.0
        for b, start in enumerate(range(0, n, batch_size), start=1):
            rows = range(start, min(start + batch_size, n))
            for s in rows:
                values = net.sample_values(xs[s], ys[s])
                total += values["loss"]
                for st in steps.get((epoch, s + 1, b), []):
                    diff.add(f"epoch {epoch} sample {s + 1} {st['name']}", st["quantity"], st["value"],
                             sample_value(values, st))
            net.step(xs[start:rows.stop], ys[start:rows.stop])
            for st in steps.get((epoch, None, b), []):
                diff.add(f"epoch {epoch} batch {b} {st['name']}", st["quantity"], st["value"], update_value(net, st))
        diff.add(f"epoch {epoch} loss", "epoch loss", trace["epochs"][epoch - 1]["loss"], total / n)
    for l, layer in enumerate(trace["final"]["layers"]):
        for key, value in layer.items():
            ours = torch.tensor(value).reshape(-1).tolist()
            theirs = net.params[l][key].detach().reshape(-1).tolist()
            for i, (o, t) in enumerate(zip(ours, theirs)):
                diff.add(f"final {key} of layer {l + 1} [{i}]", "final", o, t)
    return diff


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("traces", nargs="+")
    parser.add_argument("--tolerance", type=float, default=1e-9)
    args = parser.parse_args()
    print(f"torch {torch.__version__}, float64, tolerance {args.tolerance:g} relative to max(1, |value|)")
    print(f"{'trace':42} {'values':>8} {'max |diff|':>11} {'max rel':>10} {'NaN/inf':>7}")
    all_ok = True
    for path in args.traces:
        with open(path) as f:
            trace = json.load(f)
        d = compare(trace, args.tolerance)
        print(f"{path:42} {d.count:8} {d.max_abs:11.3e} {d.max_rel:10.3e} {d.non_finite:7}")
        print("    " + ", ".join(f"{k} {v}" for k, v in sorted(d.kinds.items())))
        if not d.ok():
            all_ok = False
            where, ours, theirs, _ = d.worst
            print(f"    beyond tolerance: {where}: bpnn-tutor {ours!r}, PyTorch {theirs!r}")
    sys.exit(0 if all_ok else 1)


if __name__ == "__main__":
    main()
