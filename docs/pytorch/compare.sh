#!/usr/bin/env bash
# Exports lessons as JSON traces and replays them in PyTorch (float64) value by value.
#   docs/pytorch/compare.sh                  # the edge lessons in docs/pytorch/edges/
#   docs/pytorch/compare.sh LESSON...        # any lessons: paths or bundled names
#   docs/pytorch/compare.sh --relative --resync LESSON...   # options go to compare.py
# Needs PyTorch: `pip install torch` (the CPU wheels are enough:
# `pip install torch --index-url https://download.pytorch.org/whl/cpu`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
python3 -c "import torch" 2>/dev/null || { echo "needs PyTorch: pip install torch" >&2; exit 2; }
cargo build --release --quiet
bin=target/release/bpnn-tutor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
options=()
lessons=()
for arg in "$@"; do
  case $arg in
    --*) options+=("$arg") ;;
    *) lessons+=("$arg") ;;
  esac
done
if [ ${#lessons[@]} -eq 0 ]; then
  lessons=("$here"/edges/*.toml)
fi
traces=()
for lesson in "${lessons[@]}"; do
  name=$(basename "$lesson" .toml)
  "$bin" export "$lesson" --format json -o "$work/$name.json" 2>/dev/null
  traces+=("$work/$name.json")
done
cd "$work"
python3 "$here/compare.py" ${options[@]+"${options[@]}"} "${traces[@]/#$work\//}"
