#!/usr/bin/env bash
# Side by side, in one run: `bpnn-tutor train` and the numpy loop of numpy_train.py on the same
# lesson (default: lessons/mnist_sized.toml, 784-128-10, 1,000 samples, 5 epochs, online SGD).
# Both print their epoch losses, which must agree; the times are wall-clock, best of 3.
#   docs/bench/compare_train.sh [LESSON]
set -euo pipefail
cd "$(dirname "$0")/../.."
lesson=${1:-lessons/mnist_sized.toml}
python3 -c "import numpy" 2>/dev/null || pip install --quiet numpy
cargo build --release --quiet
bin=target/release/bpnn-tutor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The initial parameters and data, exactly as bpnn-tutor uses them.
"$bin" export "$lesson" --format json --epoch 1 --sample 1 -o "$work/lesson.json" 2>/dev/null

best() { sort -n | head -1; }
echo "== bpnn-tutor train (whole process: load, generate, train)"
"$bin" train "$lesson"
for _ in 1 2 3; do
  /usr/bin/time -f "%e" "$bin" train "$lesson" 2>&1 >/dev/null | tail -1
done | best | sed 's/^/bpnn-tutor: /; s/$/ s/' | tee "$work/ours"
echo "== numpy (training loop only)"
python3 docs/bench/numpy_train.py "$work/lesson.json" 2>/dev/null
for _ in 1 2 3; do
  python3 docs/bench/numpy_train.py "$work/lesson.json" 2>&1 >/dev/null | sed 's/[^0-9.]//g'
done | best | sed 's/^/numpy: /; s/$/ s/' | tee "$work/theirs"
ours=$(grep -o '[0-9.]*' "$work/ours")
theirs=$(grep -o '[0-9.]*' "$work/theirs")
python3 -c "print(f'speed-up: {float($theirs) / float($ours):.1f}x')"
