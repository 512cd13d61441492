#!/usr/bin/env bash
# Renders exported Markdown as GitHub does — cmark-gfm (tables), MathJax 3 for ```math blocks
# and $`…`$ spans, mermaid 11 for ```mermaid blocks, in headless Chromium with GitHub's 980-pixel
# column — and reports per file: TeX errors, mermaid diagrams that do not parse, formulas and
# tables wider than the column, overlapping edge labels, and the file's size against the 512 KB
# GitHub renders. Not part of CI: it needs a browser and npm packages.
#
# Set up once (Debian): apt-get install chromium cmark-gfm; then in some directory DIR:
#   npm install mathjax-full@3 mermaid@11
# Usage: NODE_MODULES=DIR/node_modules docs/render/render.sh FILE.md…
# Exits 1 if any file has a problem.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
modules="${NODE_MODULES:?set NODE_MODULES to a node_modules with mathjax-full@3 and mermaid@11}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for md in "$@"; do
    html="$work/page.html"
    python3 "$here/page.py" "$md" "$modules" > "$html"
    result=$(chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=60000 \
        --run-all-compositor-stages-before-draw --window-size=1280,1000 \
        --dump-dom "file://$html" 2>/dev/null | python3 -c '
import re, sys, html
dom = sys.stdin.read()
m = re.search(r"<pre id=\"report\">(.*?)</pre>", dom, re.S)
print(html.unescape(m.group(1)) if m else "no report: the page did not finish")')
    bytes=$(wc -c < "$md")
    over=""
    if [ "$bytes" -gt 524288 ]; then over=" OVER 512 KB"; fi
    echo "$md: $bytes bytes$over; $result"
    if [ -n "$over" ] || ! grep -q "problems 0" <<< "$result"; then status=1; fi
done
exit $status
