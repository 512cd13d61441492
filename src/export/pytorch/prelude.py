import array
import base64
import math
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
# One thread: these tensors are too small to gain from more (on a busy machine, threads waiting
# for each other made a 784-128-10 network's training ten times slower), and every sum is
# added in the same order on every machine.
torch.set_num_threads(1)

# A number agrees when it differs from bpnn-tutor's by at most TOLERANCE of its size, where
# sizes below FLOOR times the tensor's largest number (or FLOOR, if that is below 1) count as
# that floor: a number that is 0 in exact arithmetic but rounding noise in float64, such as a
# batch-mean gradient whose samples cancel, is held to the scale of its tensor.
TOLERANCE = 1e-9
FLOOR = 1e-6
# A parameter whose gradient is 0 in exact arithmetic (attention's key bias) gets rounding
# noise instead, a different one on each side, and Adam's step divides it by √v̂ + ε: such a
# parameter's values may differ by NOISE of η per optimizer step (cmp's `noise`), a millionth
# of the most Adam's step moves a parameter.
NOISE = 1e-6

checked = []  # (label, agrees) of every line of the table


def cmp(label, ours, theirs, stem=None, start=None, noise=0.0):
    """One line of the table: bpnn-tutor's numbers (ours) against PyTorch's (theirs), with the
    largest absolute and relative difference, and whether they agree (a difference of at most
    `noise` agrees too). Parameters at the end of training come with their `start`: each is
    its start plus every update, so its size is at least its start's (a weight that went from
    0.0047 to -1.2e-07 keeps the last digits of 0.0047, not of 1.2e-07). When they do not
    agree, the line names the worst number by its step name: stem[i,j], counting from 1."""
    theirs = torch.as_tensor(theirs).detach()
    ours = torch.as_tensor(ours, dtype=theirs.dtype)
    stem = label if stem is None else stem
    if not checked:
        print(f"{'tensor':<26} {'numbers':>8}  {'exact':<5}  {'max |diff|':>10}  {'max rel':>9}  agrees")
    if ours.shape != theirs.shape:
        print(f"{label:<26} {ours.numel():>8}  DIFFERS: shape {tuple(ours.shape)} in bpnn-tutor, "
              f"{tuple(theirs.shape)} in PyTorch")
        checked.append((label, False))
        return
    same = (ours == theirs) | (ours.isnan() & theirs.isnan())
    diff = torch.where(same, 0.0, (ours - theirs).abs()).nan_to_num(nan=math.inf)
    size = torch.maximum(ours.abs(), theirs.abs()).nan_to_num(nan=math.inf)
    if start is not None:
        size = torch.maximum(size, torch.as_tensor(start).detach().abs())
    largest = ours.abs().nan_to_num(nan=0.0, posinf=0.0).max().item() if ours.numel() else 0.0
    scale = size.clamp(min=FLOOR * max(1.0, largest))
    relative = diff / scale
    excess = torch.where(diff <= noise, 0.0, relative)  # what counts against agreeing
    agrees = bool((excess <= TOLERANCE).all())
    exact = bool(same.all())
    worst = max(diff.max().item(), 0.0) if diff.numel() else 0.0
    worst_rel = max(relative.max().item(), 0.0) if diff.numel() else 0.0
    verdict = "NO" if not agrees else "yes" if worst_rel <= TOLERANCE else "yes, within noise"
    line = (f"{label:<26} {ours.numel():>8}  {str(exact):<5}  {worst:>10.1e}  {worst_rel:>9.1e}  "
            f"{verdict}")
    if not agrees:
        at = divmod_index(int(excess.flatten().argmax()), ours.shape)
        name = stem + ("[" + ",".join(str(i + 1) for i in at) + "]" if at else "")
        line += f"  {name}: bpnn-tutor {ours[at].item()!r}, PyTorch {theirs[at].item()!r}"
    print(line)
    checked.append((label, agrees))


def divmod_index(flat, shape):
    """The index of entry `flat` of a row-major tensor of `shape`."""
    index = []
    for size in reversed(shape):
        flat, i = divmod(flat, size)
        index.append(i)
    return tuple(reversed(index))


def report():
    """The verdict: 0 when every line agrees, 1 otherwise."""
    failed = [label for label, agrees in checked if not agrees]
    if failed:
        print(f"\n{len(failed)} of {len(checked)} tensors differ by more than {TOLERANCE:g}: {', '.join(failed)}")
        return 1
    print(f"\nAll {len(checked)} tensors agree to {TOLERANCE:g}.")
    return 0


def unpack(key, *shape):
    """A tensor packed at the end of the script: base64 of its float64s, little-endian, in
    row-major order."""
    numbers = array.array("d", base64.b64decode(PACKED[key]))
    if sys.byteorder == "big":
        numbers.byteswap()
    return torch.frombuffer(numbers, dtype=torch.float64).clone().reshape(shape)
