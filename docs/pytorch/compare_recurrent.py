#!/usr/bin/env python3
"""Replays bpnn-tutor JSON traces of networks with recurrent layers in PyTorch (float64).

    bpnn-tutor export LESSON --format json -o trace.json
    python3 docs/pytorch/compare_recurrent.py trace.json [more.json ...]

The network is rebuilt from the trace's lesson, initial parameters and data: `rnn` layers
as torch.nn.RNN (tanh or relu), `lstm` layers as torch.nn.LSTM (one layer each, the trace's
weights_ih, weights_hh, biases_ih and biases_hh as weight_ih_l0, …), dense layers as a
matrix product and their activation at every position of a sequence; `residual = N` adds
layer N's output (0: the input). Each step of a
sequence runs the module on that step alone with the state carried over (h_0 = c_0 = 0), so
every h_t and c_t is at hand. A sample's loss is PyTorch's loss module with mean reduction
over its positions (and features, for mse and bce; 0.5 * sum of squares per position for
half_sse); a batch's loss is the mean over its samples, and torch.optim.SGD (momentum) or
torch.optim.Adam steps on it.

Compared, to --tolerance (default 1e-9, relative to max(1, |value|)): every epoch loss, every
final parameter, every h(l)[t,j], c(l)[t,j] and a(l)[...] of the first sample of each epoch
and its loss, and the first batch's gradient of every parameter (the `gradient` the trace
gives each update step). Exits 1 if a difference exceeds the tolerance.
"""

import argparse
import json
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

RECURRENT_KEYS = {
    "weights_ih": "weight_ih_l0",
    "weights_hh": "weight_hh_l0",
    "biases_ih": "bias_ih_l0",
    "biases_hh": "bias_hh_l0",
}


class Layer:
    def __init__(self, spec, init):
        self.kind = spec["kind"]
        self.spec = spec
        self.outputs = spec.get("outputs", "all")
        if self.kind in ("rnn", "lstm"):
            hidden = spec["hidden"]
            w_ih = torch.tensor(init["weights_ih"])
            features = w_ih.shape[1]
            if self.kind == "rnn":
                self.module = torch.nn.RNN(features, hidden, nonlinearity=spec["activation"])
            else:
                self.module = torch.nn.LSTM(features, hidden)
            with torch.no_grad():
                for key, name in RECURRENT_KEYS.items():
                    getattr(self.module, name).copy_(torch.tensor(init[key]))
            weights_train = spec["trainable"]
            biases_train = spec["trainable"] and spec["train_biases"]
            self.module.weight_ih_l0.requires_grad_(weights_train)
            self.module.weight_hh_l0.requires_grad_(weights_train)
            self.module.bias_ih_l0.requires_grad_(biases_train)
            self.module.bias_hh_l0.requires_grad_(biases_train)
            self.params = {key: getattr(self.module, name) for key, name in RECURRENT_KEYS.items()}
        else:
            self.act = ACTIVATIONS[spec["activation"]]
            w = torch.tensor(init["weights"], requires_grad=spec["trainable"])
            b = torch.tensor(init["biases"], requires_grad=spec["trainable"] and spec["train_biases"])
            self.params = {"weights": w, "biases": b}

    def forward(self, x, record):
        """The layer's output for x (T × F, or a vector), recording h and c step by step."""
        if self.kind == "dense":
            z = x @ self.params["weights"].T + self.params["biases"]
            return self.act(z), z
        hidden = self.spec["hidden"]
        h = torch.zeros(1, hidden)
        c = torch.zeros(1, hidden)
        hs = []
        for t in range(x.shape[0]):
            step = x[t : t + 1]
            if self.kind == "rnn":
                out, h = self.module(step, h)
            else:
                out, (h, c) = self.module(step, (h, c))
                record.setdefault("c", []).append(c[0])
            hs.append(out[0])
        record["h"] = hs
        states = torch.stack(hs)
        return (states if self.outputs == "all" else states[-1]), None


def position_loss(kind, z, a, y):
    """The loss of one sample over its positions (rows) or of a vector, mean over positions."""
    if a.dim() == 1:
        a, y = a.unsqueeze(0), y.unsqueeze(0)
        z = z.unsqueeze(0) if z is not None else None
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
        self.layers = [Layer(s, i) for s, i in zip(lesson["layers"], trace["initial"]["layers"])]
        self.sequence = lesson.get("sequence")
        self.features = lesson["inputs"]

    def sample(self, x, y):
        """Loss of one sample, and what its forward pass recorded, layer by layer."""
        a = torch.tensor(x)
        if self.sequence:
            a = a.reshape(self.sequence, self.features)
        records = []
        z = None
        outputs = [a]
        for layer in self.layers:
            record = {}
            a, z = layer.forward(a, record)
            if "residual" in layer.spec:
                a = a + outputs[layer.spec["residual"]]
            outputs.append(a)
            record["a"] = a
            records.append(record)
        target = torch.tensor(y).reshape(a.shape)
        return position_loss(self.loss, z, a, target), records

    def parameters(self):
        return [p for layer in self.layers for p in layer.params.values() if p.requires_grad]


def optimizer_of(net, lesson):
    opt = lesson["optimizer"]
    if opt["kind"] == "sgd":
        return torch.optim.SGD(net.parameters(), lr=opt["learning_rate"], momentum=opt["momentum"])
    return torch.optim.Adam(
        net.parameters(),
        lr=opt["learning_rate"],
        betas=(opt["beta1"], opt["beta2"]),
        eps=opt["epsilon"],
    )


class Diff:
    def __init__(self, tolerance):
        self.tolerance = tolerance
        self.worst = (0.0, "")
        self.count = 0

    def check(self, what, got, want):
        self.count += 1
        if got is None or want is None:
            bad = (got is None) != (want is None)
            d = float("inf") if bad else 0.0
        else:
            d = abs(got - want) / max(1.0, abs(want))
        if d > self.worst[0]:
            self.worst = (d, f"{what}: trace {got!r}, PyTorch {want!r}")


def parse(name):
    """`w_ih(1)[2,3]` -> ("w_ih", 1, [1, 2])."""
    stem, rest = name.split("(", 1)
    layer, rest = rest.split(")", 1)
    indices = [int(i) - 1 for i in rest.strip("[]").split(",")] if rest else []
    return stem, int(layer), indices


PARAM_KEYS = {
    "w": "weights",
    "b": "biases",
    "w_ih": "weights_ih",
    "w_hh": "weights_hh",
    "b_ih": "biases_ih",
    "b_hh": "biases_hh",
}


def compare(path, tolerance):
    trace = json.load(open(path))
    lesson = trace["lesson"]
    net = Net(trace)
    opt = optimizer_of(net, lesson)
    diff = Diff(tolerance)
    data = trace["data"]
    batch = lesson["batch_size"]
    steps = {}
    for s in trace["steps"]:
        steps.setdefault((s["epoch"], s["sample"], s["batch"], s["name"]), s)
    for epoch in range(1, lesson["epochs"] + 1):
        losses = []
        for b0 in range(0, len(data), batch):
            opt.zero_grad()
            total = 0.0
            for n in range(b0, min(b0 + batch, len(data))):
                loss, records = net.sample(data[n]["input"], data[n]["target"])
                losses.append(loss.item())
                total = total + loss
                if n == 0:
                    record_sample(diff, steps, (epoch, records, loss))
            count = min(b0 + batch, len(data)) - b0
            (total / count).backward()
            if epoch == 1 and b0 == 0:
                for layer_no, layer in enumerate(net.layers, 1):
                    for key, p in layer.params.items():
                        if not p.requires_grad:
                            continue
                        stem = [s for s, k in PARAM_KEYS.items() if k == key][0]
                        for ix in torch.cartesian_prod(*[torch.arange(n) for n in p.shape]).reshape(-1, p.dim()).tolist():
                            name = f"{stem}({layer_no})[{','.join(str(i + 1) for i in ix)}]"
                            s = steps.get((1, None, 1, name))
                            if s is not None:
                                diff.check(f"gradient of {name}", s["gradient"], p.grad[tuple(ix)].item())
            opt.step()
        got = trace["epochs"][epoch - 1]["loss"]
        diff.check(f"loss of epoch {epoch}", got, sum(losses) / len(losses))
    for layer_no, (layer, final) in enumerate(zip(net.layers, trace["final"]["layers"]), 1):
        for key, p in layer.params.items():
            got = torch.tensor(final[key]).flatten().tolist()
            for i, (g, w) in enumerate(zip(got, p.detach().flatten().tolist())):
                diff.check(f"final {key} of layer {layer_no}, entry {i}", g, w)
    return diff


def record_sample(diff, steps, epoch_records_loss):
    epoch, records, loss = epoch_records_loss
    s = steps.get((epoch, 1, 1, "loss"))
    if s is not None:
        diff.check(f"loss of sample 1, epoch {epoch}", s["value"], loss.item())
    for l, record in enumerate(records, 1):
        for stem in ("h", "c"):
            for t, state in enumerate(record.get(stem, [])):
                for j, v in enumerate(state.tolist()):
                    name = f"{stem}({l})[{t + 1},{j + 1}]"
                    s = [v2 for k, v2 in steps.items() if k[0] == epoch and k[1] == 1 and k[3] == name]
                    if s:
                        diff.check(f"{name} of epoch {epoch}", s[0]["value"], v)
        a = record["a"]
        for ix in torch.cartesian_prod(*[torch.arange(n) for n in a.shape]).reshape(-1, a.dim()).tolist():
            name = f"a({l})[{','.join(str(i + 1) for i in ix)}]"
            s = [v2 for k, v2 in steps.items() if k[0] == epoch and k[1] == 1 and k[3] == name]
            if s:
                diff.check(f"{name} of epoch {epoch}", s[0]["value"], a[tuple(ix)].item())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("traces", nargs="+")
    parser.add_argument("--tolerance", type=float, default=1e-9)
    args = parser.parse_args()
    failed = False
    for path in args.traces:
        diff = compare(path, args.tolerance)
        ok = diff.worst[0] <= args.tolerance
        failed |= not ok
        print(f"{'ok  ' if ok else 'FAIL'} {path}: {diff.count} values, largest difference {diff.worst[0]:.3g}"
              + ("" if ok else f" ({diff.worst[1]})"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
