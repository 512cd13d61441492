#!/usr/bin/env python3
"""The same training as `bpnn-tutor train`, written the way a learner would in numpy.

For the 784-128-10 workload (sigmoid hidden layer, softmax + cross-entropy, plain SGD, one sample
per step). It reads the initial parameters and the data from bpnn-tutor's own JSON export, so both
train exactly the same problem, prints the mean loss of every epoch (compare with `train`) and the
time the training loop took.

    bpnn-tutor export lessons/mnist_sized.toml --format json --epoch 1 --sample 1 -o /tmp/w.json
    python3 docs/bench/numpy_train.py /tmp/w.json
"""
import json
import sys
import time

import numpy as np


def main(path):
    with open(path) as f:
        doc = json.load(f)
    lesson = doc["lesson"]
    assert [l["activation"] for l in lesson["layers"]] == ["sigmoid", "softmax"]
    assert lesson["loss"] == "cross_entropy" and lesson["batch_size"] == 1
    lr = lesson["optimizer"]["learning_rate"]
    (l1, l2) = doc["initial"]["layers"]
    W1, b1 = np.array(l1["weights"]), np.array(l1["biases"])
    W2, b2 = np.array(l2["weights"]), np.array(l2["biases"])
    X = np.array([d["input"] for d in doc["data"]])
    Y = np.array([d["target"] for d in doc["data"]])

    start = time.perf_counter()
    for epoch in range(1, lesson["epochs"] + 1):
        total = 0.0
        for x, y in zip(X, Y):
            z1 = W1 @ x + b1
            a1 = 1.0 / (1.0 + np.exp(-z1))
            z2 = W2 @ a1 + b2
            e = np.exp(z2 - z2.max())
            a2 = e / e.sum()
            total += -np.sum(y * np.log(a2))
            d2 = a2 - y
            d1 = (W2.T @ d2) * a1 * (1.0 - a1)
            W2 -= lr * np.outer(d2, a1)
            b2 -= lr * d2
            W1 -= lr * np.outer(d1, x)
            b1 -= lr * d1
        print(f"epoch {epoch}/{lesson['epochs']}  loss {total / len(X)!r}")
    elapsed = time.perf_counter() - start
    print(f"numpy training loop: {elapsed:.3f} s", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
