//! A lesson's prose (title, summary, notes) as Markdown: code spans stay code, GitHub inline
//! math (`` $`…`$ ``) stays math, and everything else shows exactly as written. Under
//! `--ascii` the prose is spelled in ASCII, code spans too, and inline math becomes a code
//! span of plain text, so no LaTeX is left.

use crate::notation::prose::{ascii as ascii_text, ascii_but_wide};

use super::text::{code, escape_from};

/// One piece of prose.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'a> {
    /// Text to show as it is written.
    Text(&'a str),
    /// The inside of a code span.
    Code(&'a str),
    /// The inside of GitHub inline math, `` $`…`$ ``.
    Math(&'a str),
}

/// Splits prose into text, code spans and inline math. A run of backticks opens a code span
/// that the next run of the same length closes; `$` right before the opening run and right
/// after the closing one makes it math. An unclosed run is text.
fn pieces(s: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let (mut i, mut text_from) = (0, 0);
    while i < bytes.len() {
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
        let Some(close) = closing_run(s, i + run, run) else {
            i += run;
            continue;
        };
        let math = i > text_from && bytes[i - 1] == b'$' && bytes.get(close + run) == Some(&b'$');
        let text_end = if math { i - 1 } else { i };
        if text_end > text_from {
            out.push(Piece::Text(&s[text_from..text_end]));
        }
        let mut inside = &s[i + run..close];
        // One space on each side of a code span's text is padding, as CommonMark reads it.
        if !math && inside.len() > 2 && inside.starts_with(' ') && inside.ends_with(' ') {
            inside = &inside[1..inside.len() - 1];
        }
        if math {
            out.push(Piece::Math(inside));
            i = close + run + 1;
        } else {
            out.push(Piece::Code(inside));
            i = close + run;
        }
        text_from = i;
    }
    if text_from < s.len() {
        out.push(Piece::Text(&s[text_from..]));
    }
    out
}

/// Where the run of exactly `run` backticks that closes a span opened before `from` starts.
fn closing_run(s: &str, from: usize, run: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let len = bytes[i..].iter().take_while(|&&b| b == b'`').count();
            if len == run {
                return Some(i);
            }
            i += len;
        } else {
            i += 1;
        }
    }
    None
}

/// How a document spells text: as written, or in ASCII.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// As written, in Unicode.
    Unicode,
    /// In ASCII: `--ascii`, and `--format text` in English.
    Ascii,
    /// In ASCII but for wide characters, which stay: `--format text` in Chinese, whose words
    /// are Chinese around formulas in ASCII.
    AsciiButWide,
}

impl Spelling {
    /// Is anything spelled in ASCII?
    pub fn ascii(self) -> bool {
        self != Spelling::Unicode
    }

    /// `s` as this spelling writes it.
    pub fn spell(self, s: &str) -> String {
        match self {
            Spelling::Unicode => s.to_string(),
            Spelling::Ascii => ascii_text(s),
            Spelling::AsciiButWide => ascii_but_wide(s),
        }
    }
}

/// Prose as Markdown, spelled as `spelling` says.
pub fn markdown(s: &str, spelling: Spelling) -> String {
    let ascii = spelling.ascii();
    let mut out = String::with_capacity(s.len() + 16);
    for piece in pieces(s) {
        let line_start = out.is_empty() || out.ends_with('\n');
        match piece {
            Piece::Text(t) if ascii => out.push_str(&escape_from(&spelling.spell(t), line_start)),
            Piece::Text(t) => out.push_str(&escape_from(t, line_start)),
            Piece::Code(c) if ascii => out.push_str(&code(&spelling.spell(c))),
            Piece::Code(c) => out.push_str(&code(c)),
            Piece::Math(m) if ascii => out.push_str(&code(&latex_to_ascii(m))),
            Piece::Math(m) => {
                let fence = "`".repeat(longest_run(m) + 1);
                out.push_str(&format!("${fence}{m}{fence}$"));
            }
        }
    }
    out
}

/// Prose on one line (a heading, a table cell).
pub fn markdown_line(s: &str, spelling: Spelling) -> String {
    markdown(
        &s.split_whitespace().collect::<Vec<_>>().join(" "),
        spelling,
    )
}

fn longest_run(s: &str) -> usize {
    s.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// LaTeX of inline math in plain ASCII, as the ASCII notation writes formulas: `\sigma` →
/// `sigma`, `\frac{a}{b}` → `(a)/(b)`, `a^{(1)}_{2}` → `a^(1)_2`, `\cdot` → `*`, `\partial`
/// → `d`. Other commands lose their backslash; braces go.
pub fn latex_to_ascii(tex: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = tex.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            let start = i + 1;
            let mut end = start;
            while end < chars.len() && chars[end].is_ascii_alphabetic() {
                end += 1;
            }
            if end == start {
                // A control symbol: \{ \, \; \\ …
                if let Some(&s) = chars.get(start) {
                    out.push_str(match s {
                        ',' | ';' | ':' | ' ' => " ",
                        '\\' => "; ",
                        _ => "",
                    });
                    if matches!(s, '{' | '}' | '$' | '%' | '&' | '#' | '_') {
                        out.push(s);
                    }
                }
                i = start + 1;
                continue;
            }
            let word: String = chars[start..end].iter().collect();
            i = end;
            if word == "frac" {
                let (num, after) = group(&chars, i);
                let (den, after) = group(&chars, after);
                out.push_str(&format!(
                    "({})/({})",
                    latex_to_ascii(&num),
                    latex_to_ascii(&den)
                ));
                i = after;
                continue;
            }
            out.push_str(command(&word));
            // `\partial L` is dL: the space only ends the command's name.
            if word == "partial" {
                while chars.get(i) == Some(&' ') {
                    i += 1;
                }
            }
            continue;
        }
        match c {
            '{' | '}' => {}
            '~' => out.push(' '),
            c => out.push(c),
        }
        i += 1;
    }
    let out = ascii_text(&out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The group `{…}` (or the one character) at `i`, and where it ends.
fn group(chars: &[char], mut i: usize) -> (String, usize) {
    while chars.get(i) == Some(&' ') {
        i += 1;
    }
    match chars.get(i) {
        Some('{') => {
            let mut depth = 0;
            let start = i + 1;
            while i < chars.len() {
                match chars[i] {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            return (chars[start..i].iter().collect(), i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            (chars[start..].iter().collect(), chars.len())
        }
        Some(&c) => (c.to_string(), i + 1),
        None => (String::new(), i),
    }
}

/// The ASCII of a control word.
fn command(word: &str) -> &str {
    match word {
        "cdot" | "times" => "*",
        "partial" => "d",
        "left" | "right" | "big" | "Big" | "bigl" | "bigr" | "mathrm" | "text" | "mathbf"
        | "operatorname" | "displaystyle" => "",
        "leftarrow" | "gets" => " <- ",
        "rightarrow" | "to" => " -> ",
        "le" | "leq" => " <= ",
        "ge" | "geq" => " >= ",
        "ne" | "neq" => " != ",
        "approx" => " ~ ",
        "odot" => " (*) ",
        "top" => "T",
        "sum" => "sum",
        "quad" | "qquad" => "  ",
        "ldots" | "dots" | "cdots" => "...",
        "infty" => "inf",
        "epsilon" | "varepsilon" => "eps",
        w => w,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_and_math_stay_what_they_are() {
        assert_eq!(
            markdown("Run `bpnn-tutor check a_b.toml` * twice", Spelling::Unicode),
            "Run `bpnn-tutor check a_b.toml` \\* twice"
        );
        assert_eq!(
            markdown("so $`\\sigma(z)`$ is 0.5_", Spelling::Unicode),
            "so $`\\sigma(z)`$ is 0.5\\_"
        );
        assert_eq!(
            markdown("a `` x`y `` b and an ` unclosed", Spelling::Unicode),
            "a ``x`y`` b and an \\` unclosed"
        );
        assert_eq!(markdown("1. `x` 2. y", Spelling::Unicode), "1\\. `x` 2. y");
    }

    #[test]
    fn ascii_prose_has_no_latex_and_nothing_above_127() {
        let s = "σ′(z) = `a·(1 − a)`, and $`\\frac{\\partial L}{\\partial w^{(1)}_{1}} = \\delta \\cdot x`$.";
        let a = markdown(s, Spelling::Ascii);
        assert!(a.is_ascii(), "{a}");
        assert_eq!(
            a,
            "sigma'(z) = `a*(1 - a)`, and `(dL)/(dw^(1)_1) = delta * x`."
        );
    }
}
