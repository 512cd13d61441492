#!/usr/bin/env python3
"""The same training as `bpnn-tutor train`, in PyTorch eager mode, float64, on one thread.

For lessons of conv2d, maxpool2d, avgpool2d, flatten and dense layers trained with plain SGD
(the LeNet-sized workload, lessons/lenet_sized.toml). The network is built the way a learner
writes it (nn.Sequential of nn.Conv2d, nn.Tanh, nn.MaxPool2d, nn.Flatten, nn.Linear) from the
initial parameters and the data of bpnn-tutor's own JSON export, so both train exactly the same
problem; it trains as the lesson does (its batch size, CrossEntropyLoss, torch.optim.SGD), prints
the mean loss of every epoch (compare with `train`) and the time the training loop took.

    bpnn-tutor export lessons/lenet_sized.toml --format json --epoch 1 --sample 1 -o /tmp/l.json
    python3 docs/bench/torch_train.py /tmp/l.json
"""
import json
import sys
import time

import torch

ACTIVATIONS = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU, "sigmoid": torch.nn.Sigmoid}


def pair(v):
    return tuple(v) if isinstance(v, list) else (v, v)


def build(lesson, initial):
    modules = []
    channels = lesson["inputs"][0]
    for spec, params in zip(lesson["layers"], initial):
        kind = spec["kind"]
        if kind == "conv2d":
            m = torch.nn.Conv2d(channels, spec["channels"], pair(spec["kernel"]),
                                stride=pair(spec["stride"]), padding=pair(spec["padding"]))
            channels = spec["channels"]
        elif kind == "maxpool2d":
            modules.append(torch.nn.MaxPool2d(pair(spec["kernel"]), pair(spec["stride"])))
            continue
        elif kind == "avgpool2d":
            modules.append(torch.nn.AvgPool2d(pair(spec["kernel"]), pair(spec["stride"])))
            continue
        elif kind == "flatten":
            modules.append(torch.nn.Flatten())
            continue
        else:
            w = torch.tensor(params["weights"])
            m = torch.nn.Linear(w.shape[1], w.shape[0])
        with torch.no_grad():
            m.weight.copy_(torch.tensor(params["weights"]))
            m.bias.copy_(torch.tensor(params["biases"]))
        modules.append(m)
        act = spec["activation"]
        if act in ACTIVATIONS:
            modules.append(ACTIVATIONS[act]())
    # Softmax is in CrossEntropyLoss, as a learner writes it.
    return torch.nn.Sequential(*modules)


def main(path):
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    with open(path) as f:
        doc = json.load(f)
    lesson = doc["lesson"]
    assert lesson["loss"] == "cross_entropy" and lesson["optimizer"]["kind"] == "sgd"
    assert lesson["layers"][-1]["activation"] == "softmax"
    net = build(lesson, doc["initial"]["layers"])
    xs = torch.tensor([d["input"] for d in doc["data"]]).reshape(-1, *lesson["inputs"])
    ys = torch.tensor([d["target"] for d in doc["data"]])
    opt = torch.optim.SGD(net.parameters(), lr=lesson["optimizer"]["learning_rate"],
                          momentum=lesson["optimizer"]["momentum"])
    loss_fn = torch.nn.CrossEntropyLoss()
    n, batch = len(xs), lesson["batch_size"]

    start, cpu = time.perf_counter(), time.process_time()
    for epoch in range(1, lesson["epochs"] + 1):
        total = 0.0
        for i in range(0, n, batch):
            opt.zero_grad()
            loss = loss_fn(net(xs[i:i + batch]), ys[i:i + batch])
            loss.backward()
            opt.step()
            total += loss.item() * len(xs[i:i + batch])
        print(f"epoch {epoch}/{lesson['epochs']}  loss {total / n!r}")
    elapsed, used = time.perf_counter() - start, time.process_time() - cpu
    print(f"training loop: {elapsed:.3f} s, CPU {used:.3f} s", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
