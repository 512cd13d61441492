"""One number style in an exported Markdown document, checked by pattern.

Outside code spans, anchors, link targets and diagrams, every number must be written one way:
no decimal with four or more leading zeros (0.0000438568 is 4.38568×10⁻⁵), no power of ten
for a number that has fewer (×10⁻¹ to ×10⁻⁴), no integer part of five or more digits without
thousands separators (100460 is 100,460; four digits such as 2024 may stand for a year or an
epoch number and are checked in counts only), one minus sign (− in Unicode text, never a
hyphen before a digit), one exponential (e^(…) or e^{…}, never exp(…)), and ×10 or
\\times 10^{…} for powers of ten, never 1e-5.

Usage: python3 numbers.py FILE.md… — prints each violation and exits 1 if there is one.
"""

import re
import sys

RULES = [
    ("four leading zeros in decimals", re.compile(r"(?<![\d.])0\.0000\d")),
    ("a power of ten for a number without four leading zeros",
     re.compile(r"×10⁻[¹²³⁴](?![⁰¹²³⁴⁵⁶⁷⁸⁹])|\\times 10\^\{-[1-4]\}")),
    ("five or more digits without thousands separators", re.compile(r"(?<![\d.,{}])\d{5,}(?![\d])")),
    ("a count of four digits without a separator", re.compile(r"(?<![\d.,{}])\d{4} (?:steps|epochs|samples|more|values|parameters|terms)")),
    ("e-notation", re.compile(r"\d(?:\.\d+)?e[-+]?\d")),
    ("exp(…) beside e^(…)", re.compile(r"\bexp\(|\\exp\b")),
]
HYPHEN_MINUS = ("a hyphen as a minus sign in Unicode text", re.compile(r"(?:^|[\s(=|,])-\d"))


def prose(doc):
    """The document without what is not read as numbers: code, anchors, links' targets,
    mermaid blocks (their labels are checked like the rest: their lines are kept)."""
    out = []
    fence = None
    for line in doc.split("\n"):
        if line.startswith("```"):
            fence = None if fence else line[3:].strip()
            continue
        if fence == "text":
            continue
        line = re.sub(r"`+[^`]*`+", "", line)
        line = re.sub(r'<a id="[^"]*"></a>', "", line)
        line = re.sub(r"\]\(#[^)]*\)", "]", line)
        out.append((fence, line))
    return out


def check(path):
    doc = open(path, encoding="utf-8").read()
    problems = []
    ascii_doc = doc.isascii()
    for n, (fence, line) in enumerate(prose(doc), 1):
        # An ASCII document writes powers of ten as 1.5e-5, its one form; others never do.
        rules = [r for r in RULES if not (ascii_doc and r[0] == "e-notation")]
        rules += [] if fence == "math" or line.isascii() else [HYPHEN_MINUS]
        for what, pattern in rules:
            for m in pattern.finditer(line):
                problems.append(f"{path}: {what}: …{line[max(0, m.start() - 30):m.end() + 30]}…")
    return problems


def main():
    problems = [p for path in sys.argv[1:] for p in check(path)]
    for p in problems:
        print(p)
    print(f"{len(problems)} number-style problems in {len(sys.argv) - 1} files")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
