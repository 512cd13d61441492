#!/usr/bin/env bash
# Writes lessons as PyTorch scripts (`bpnn-tutor export LESSON --format pytorch`) and runs
# each: every one must pass. With --mutate each script is run twice more, with one number
# changed — an initial parameter, then the expected loss of sample 1 — and must then fail.
#   docs/pytorch/run_scripts.sh                               # every bundled lesson
#   docs/pytorch/run_scripts.sh --mutate                      # and the changed copies
#   docs/pytorch/run_scripts.sh xor_tanh docs/pytorch/edges/*.toml   # any lessons
# Needs PyTorch (PYTHON=… chooses the interpreter; default python3). Not part of CI.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
python=${PYTHON:-python3}
"$python" -c "import torch" 2>/dev/null || { echo "needs PyTorch: pip install torch" >&2; exit 2; }
cargo build --release --quiet
bin=target/release/bpnn-tutor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mutate=false
lessons=()
for arg in "$@"; do
  case $arg in
    --mutate) mutate=true ;;
    *) lessons+=("$arg") ;;
  esac
done
if [ ${#lessons[@]} -eq 0 ]; then
  lessons=(lessons/*.toml)
fi

# change.py SCRIPT weight|loss: changes one number of SCRIPT in place by a millionth of itself
# (and 1e-6): the first initial parameter written as a list (the first packed one if none is),
# or the expected loss of sample 1.
cat > "$work/change.py" <<'EOF'
import base64, re, struct, sys

path, what = sys.argv[1:]
text = open(path).read()
bump = lambda x: repr(float(x) * (1 + 1e-6) + 1e-6)
if what == "loss":
    text = re.sub(r'(cmp\("loss", )([^,]+)', lambda m: m.group(1) + bump(m.group(2)), text, count=1)
elif re.search(r'\.copy_\(torch\.tensor\(', text):
    text = re.sub(r'(\.copy_\(torch\.tensor\(\[*)([^,\]]+)', lambda m: m.group(1) + bump(m.group(2)), text, count=1)
else:
    key = re.search(r'\.copy_\(unpack\("([^"]+)"', text).group(1)
    start = text.index('"%s": """' % key) + len('"%s": """' % key)
    end = text.index('"""', start)
    raw = bytearray(base64.b64decode(text[start:end]))
    raw[:8] = struct.pack("<d", float(bump(struct.unpack("<d", raw[:8])[0])))
    packed = base64.b64encode(bytes(raw)).decode()
    lines = "\n".join(packed[i:i + 76] for i in range(0, len(packed), 76))
    text = text[:start] + "\n" + lines + "\n" + text[end:]
open(path, "w").write(text)
EOF

failed=0
for lesson in "${lessons[@]}"; do
  name=$(basename "$lesson" .toml)
  script="$work/$name.py"
  "$bin" export "$lesson" --format pytorch -o "$script" 2>/dev/null
  start=$(date +%s.%N)
  if "$python" "$script" > "$work/$name.out" 2>&1; then
    seconds=$(echo "$(date +%s.%N) - $start" | bc)
    printf '%-24s passes: %s (%s bytes, %.1f s)\n' "$name" "$(tail -1 "$work/$name.out")" \
      "$(wc -c < "$script")" "$seconds"
  else
    printf '%-24s FAILS:\n' "$name"
    grep -E ' NO |DIFFERS|Error' "$work/$name.out" || tail -5 "$work/$name.out"
    failed=1
  fi
  if $mutate; then
    for what in weight loss; do
      cp "$script" "$work/changed.py"
      "$python" "$work/change.py" "$work/changed.py" "$what"
      if "$python" "$work/changed.py" > "$work/changed.out" 2>&1; then
        printf '  %s changed: PASSES, but should fail\n' "$what"
        failed=1
      else
        printf '  %s changed: fails as it should: %s\n' "$what" \
          "$(grep -m1 -E ' NO ' "$work/changed.out" | tr -s ' ')"
      fi
    done
  fi
done
exit $failed
