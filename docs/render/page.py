"""Writes an HTML page that shows a Markdown file as GitHub does and measures it (see render.sh).

cmark-gfm makes the HTML (GitHub's own Markdown library); ```math blocks become display math and
$`…`$ spans inline math for MathJax 3 (TeX in, SVG out), ```mermaid blocks mermaid 11 diagrams.
The page's script typesets everything, then writes a report into <pre id="report">.
"""

import html
import re
import subprocess
import sys

md_path, modules = sys.argv[1], sys.argv[2]
body = subprocess.run(
    ["cmark-gfm", "--unsafe", "-e", "table", "-e", "autolink", "-e", "strikethrough"],
    input=open(md_path, encoding="utf-8").read(), capture_output=True, text=True, check=True
).stdout


def math_block(m):
    return '<div class="math-display">\\[' + m.group(1) + "\\]</div>"


body = re.sub(r'<pre><code class="language-math">(.*?)</code></pre>', math_block, body, flags=re.S)
body = re.sub(r'<pre><code class="language-mermaid">(.*?)</code></pre>',
              lambda m: '<pre class="mermaid">' + m.group(1) + "</pre>", body, flags=re.S)
# $`…`$ arrives as $<code>…</code>$: inline math.
body = re.sub(r"\$<code>(.*?)</code>\$", lambda m: "\\(" + m.group(1) + "\\)", body, flags=re.S)

page = f"""<!doctype html><html><head><meta charset="utf-8">
<style>
body {{ margin: 0; }}
.markdown-body {{ box-sizing: border-box; width: 980px; padding: 0; font-size: 16px; line-height: 1.5;
  font-family: -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; word-wrap: break-word; }}
.markdown-body table {{ border-spacing: 0; border-collapse: collapse; display: block; width: max-content;
  max-width: 100%; overflow: auto; }}
.markdown-body td, .markdown-body th {{ padding: 6px 13px; border: 1px solid #d1d9e0; }}
.markdown-body code {{ padding: .2em .4em; font-size: 85%; white-space: break-spaces;
  font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }}
.markdown-body pre {{ overflow: auto; font-size: 85%; }}
.math-display {{ overflow-x: auto; max-width: 100%; }}
</style>
<script>
window.MathJax = {{ tex: {{ inlineMath: [['\\\\(', '\\\\)']], displayMath: [['\\\\[', '\\\\]']] }},
  svg: {{ fontCache: 'global' }}, startup: {{ typeset: false }} }};
</script>
<script src="file://{modules}/mathjax-full/es5/tex-svg-full.js"></script>
<script src="file://{modules}/mermaid/dist/mermaid.min.js"></script>
</head><body><article class="markdown-body">{body}</article><pre id="report">running</pre>
<script>
(async () => {{
  const out = [];
  const problems = [];
  try {{
    await MathJax.startup.promise;
    await MathJax.typesetPromise();
  }} catch (e) {{ problems.push('MathJax: ' + e); }}
  const formulas = document.querySelectorAll('mjx-container');
  const texErrors = document.querySelectorAll('[data-mjx-error], mjx-merror');
  texErrors.forEach(e => problems.push('TeX error: ' + (e.getAttribute('data-mjx-error') || e.textContent).slice(0, 120)));
  const limit = 980;
  document.querySelectorAll('mjx-container[display="true"]').forEach(c => {{
    const svg = c.querySelector('svg');
    const w = svg ? svg.getBoundingClientRect().width : c.scrollWidth;
    if (w > limit + 0.5) problems.push('formula ' + Math.round(w) + ' px wide: ' + (c.previousSibling ? '' : '') + (svg ? svg.getAttribute('aria-label') || '' : '').slice(0, 80));
  }});
  document.querySelectorAll('.markdown-body table').forEach(t => {{
    if (t.scrollWidth > t.clientWidth + 1) problems.push('table ' + t.scrollWidth + ' px wide: ' + t.rows[0].textContent.slice(0, 80));
  }});
  let diagrams = 0;
  try {{
    mermaid.initialize({{ startOnLoad: false }});
    const blocks = document.querySelectorAll('pre.mermaid');
    diagrams = blocks.length;
    await mermaid.run({{ nodes: blocks, suppressErrors: false }});
  }} catch (e) {{ problems.push('mermaid: ' + String(e).slice(0, 200)); }}
  document.querySelectorAll('pre.mermaid svg').forEach(svg => {{
    const boxes = [...svg.querySelectorAll('g.edgeLabel')].map(l => l.getBoundingClientRect())
      .filter(r => r.width > 1 && r.height > 1);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {{
      const a = boxes[i], b = boxes[j];
      if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
        problems.push('edge labels overlap in a diagram');
    }}
    const w = svg.getBoundingClientRect().width;
    if (w > limit + 0.5) problems.push('diagram ' + Math.round(w) + ' px wide');
  }});
  out.push('formulas ' + formulas.length, 'diagrams ' + diagrams, 'problems ' + problems.length);
  document.getElementById('report').textContent = out.join(', ') + (problems.length ? '\\n  ' + problems.join('\\n  ') : '');
}})();
</script></body></html>"""
print(page)
