#!/usr/bin/env bash
# Side by side, in one run: `bpnn-tutor train` and PyTorch eager float64 on one thread
# (torch_train.py) on the same lesson (default: lessons/lenet_sized.toml, 1×28×28, conv 6@5×5,
# pool, conv 16@5×5, pool, 120, 84, 10; 1,000 images, 5 epochs, one image per step). Both print
# their epoch losses, which must agree; the times are wall-clock and CPU time, best of 3 each
# (on a busy machine CPU time is the fairer). bpnn-tutor's is the whole process (load, generate,
# train); PyTorch's the training loop alone.
#   docs/bench/compare_torch.sh [LESSON] [PYTHON]
set -euo pipefail
cd "$(dirname "$0")/../.."
lesson=${1:-lessons/lenet_sized.toml}
python=${2:-python3}
"$python" -c "import torch" 2>/dev/null || { echo "needs PyTorch: pip install torch"; exit 1; }
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
  /usr/bin/time -f "%e %U %S" "$bin" train "$lesson" 2>&1 >/dev/null | tail -1
done > "$work/ours.times"
echo "== PyTorch $("$python" -c 'import torch; print(torch.__version__)'), float64, 1 thread (training loop only)"
"$python" docs/bench/torch_train.py "$work/lesson.json" 2>/dev/null
for _ in 1 2 3; do
  "$python" docs/bench/torch_train.py "$work/lesson.json" 2>&1 >/dev/null \
    | sed -n 's/^training loop: \([0-9.]*\) s, CPU \([0-9.]*\) s$/\1 \2/p'
done > "$work/theirs.times"
ours=$(awk '{print $1}' "$work/ours.times" | best)
ours_cpu=$(awk '{print $2 + $3}' "$work/ours.times" | best)
theirs=$(awk '{print $1}' "$work/theirs.times" | best)
theirs_cpu=$(awk '{print $2}' "$work/theirs.times" | best)
echo "bpnn-tutor: $ours s wall, $ours_cpu s CPU (best of 3, the whole process)"
echo "PyTorch:    $theirs s wall, $theirs_cpu s CPU (best of 3, the training loop)"
python3 -c "print(f'speed-up: {float($theirs) / float($ours):.1f}x wall, {float($theirs_cpu) / float($ours_cpu):.1f}x CPU')"
