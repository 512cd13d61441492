//! Small pieces of Markdown: escaped text, code spans, anchors, matrices in LaTeX and in
//! plain text. Everything here is pure string building, so it is tested on its own.

use crate::i18n::Lang;
use crate::notation::number::{self, Column};
use crate::notation::{Digits, Notation};
use crate::tr;
use crate::trace::Step;

/// Every number of the document is written as everywhere else a learner reads one.
pub const DIGITS: Digits = crate::notation::number::SHOWN;

/// Rows or columns of a matrix (or values of a vector, or neurons of a layer) shown before
/// the middle is elided.
pub const MAX_SHOWN: usize = 8;

/// Plain text (a lesson's title, summary or notes, a step's description) as Markdown that
/// shows exactly that text: characters Markdown or GitHub's math would interpret are
/// backslash-escaped, and nothing at the start of a line can open a list, heading or quote.
pub fn escape(s: &str) -> String {
    escape_from(s, true)
}

/// As [`escape`], for text that starts a line only when `line_start` (a piece of a line
/// after a code span, say, cannot open a list).
pub fn escape_from(s: &str, line_start: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let starts = i > 0 || line_start;
        // Four leading spaces would start a code block.
        let line = if starts { line.trim_start() } else { line };
        let chars: Vec<char> = line.chars().collect();
        let digits = match starts {
            true => chars.iter().take_while(|c| c.is_ascii_digit()).count(),
            false => 0,
        };
        for (n, &c) in chars.iter().enumerate() {
            let at_start = starts && n == 0 && matches!(c, '-' | '+' | '=');
            // "1. " or "1) " would start an ordered list; "0.15" would not.
            let ends_list_number = digits > 0
                && n == digits
                && matches!(c, '.' | ')')
                && chars.get(n + 1).is_none_or(|c| c.is_whitespace());
            if at_start
                || ends_list_number
                || matches!(
                    c,
                    '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '$' | '~' | '&'
                )
            {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// Text on one line (for headings and table cells): runs of white space become one space.
pub fn escape_line(s: &str) -> String {
    escape(&s.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// `s` as a code span, whatever backticks it holds.
pub fn code(s: &str) -> String {
    let s = s.replace(['\n', '\r'], " ");
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') || (s.starts_with(' ') && s.ends_with(' '))
    {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// The anchor of a step: `e{epoch}-s{sample}-{name}` for forward, loss and backward steps,
/// `e{epoch}-b{batch}-{name}` for update steps, where the name's parentheses, brackets and
/// commas become hyphens: `z(1)[2]` → `z-1-2`, `dw(2)[1,2]` → `dw-2-1-2`, `loss` → `loss`.
pub fn anchor(step: &Step) -> String {
    let slug = step_slug(&step.name());
    match step.sample() {
        Some(s) => format!("e{}-s{s}-{slug}", step.epoch),
        None => format!("e{}-b{}-{slug}", step.epoch, step.batch),
    }
}

/// `dw(2)[1,2]` → `dw-2-1-2`.
pub fn step_slug(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '(' | ',' => slug.push('-'),
            ')' | ']' => {}
            '[' => slug.push('-'),
            c => slug.push(c),
        }
    }
    slug
}

/// Which indices along an axis of length `n` are shown: all of them when few, else the
/// first three and the last, with `None` where the rest are elided.
pub fn shown(n: usize) -> Vec<Option<usize>> {
    if n <= MAX_SHOWN {
        (0..n).map(Some).collect()
    } else {
        vec![Some(0), Some(1), Some(2), None, Some(n - 1)]
    }
}

/// A vector as `[0.05, 0.1]`, eliding the middle of long ones (`[a, b, c, …, z]` with its
/// length, said in `lang`).
pub fn vector(values: &[f64], notation: Notation, lang: Lang) -> String {
    let (dots, ascii) = match notation {
        Notation::Ascii => ("...", true),
        _ => ("…", false),
    };
    let indices = shown(values.len());
    let column = Column::new(
        indices.iter().flatten().map(|&i| values[i]),
        DIGITS,
        notation,
    );
    let parts: Vec<String> = indices
        .into_iter()
        .map(|i| match i {
            Some(i) => column.format(values[i]),
            None => dots.to_string(),
        })
        .collect();
    let mut s = format!("[{}]", parts.join(", "));
    if values.len() > MAX_SHOWN {
        let id = if ascii {
            "md-values"
        } else {
            "md-values-in-all"
        };
        s.push(' ');
        s.push_str(&tr!(lang, id, n = count(values.len())));
    }
    s
}

/// A matrix given by its entry function as a LaTeX `bmatrix`, eliding the middle of large ones.
pub fn bmatrix(rows: usize, cols: usize, entry: impl Fn(usize, usize) -> f64) -> String {
    let cols_shown = shown(cols);
    let column = matrix_column(rows, cols, &entry, Notation::Latex);
    let lines: Vec<String> = shown(rows)
        .into_iter()
        .map(|r| {
            let cells: Vec<String> = cols_shown
                .iter()
                .map(|c| match (r, c) {
                    (Some(r), Some(c)) => column.format(entry(r, *c)),
                    (Some(_), None) => "\\cdots".into(),
                    (None, Some(_)) => "\\vdots".into(),
                    (None, None) => "\\ddots".into(),
                })
                .collect();
            cells.join(" & ")
        })
        .collect();
    format!(
        "\\begin{{bmatrix}} {} \\end{{bmatrix}}",
        lines.join(" \\\\ ")
    )
}

/// A matrix as plain-text lines `[ a  b ]`, numbers right-aligned in their columns.
pub fn text_matrix(rows: usize, cols: usize, entry: impl Fn(usize, usize) -> f64) -> Vec<String> {
    let cols_shown = shown(cols);
    let column = matrix_column(rows, cols, &entry, Notation::Ascii);
    let cells: Vec<Vec<String>> = shown(rows)
        .into_iter()
        .map(|r| {
            cols_shown
                .iter()
                .map(|c| match (r, c) {
                    (Some(r), Some(c)) => column.format(entry(r, *c)),
                    (Some(_), None) => "...".into(),
                    (None, _) => ":".into(),
                })
                .collect()
        })
        .collect();
    let widths: Vec<usize> = (0..cols_shown.len())
        .map(|c| cells.iter().map(|row| row[c].len()).max().unwrap_or(0))
        .collect();
    cells
        .iter()
        .map(|row| {
            let padded: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, w)| format!("{cell:>w$}"))
                .collect();
            format!("[ {} ]", padded.join("  "))
        })
        .collect()
}

/// One number style for the shown entries of a matrix.
fn matrix_column(
    rows: usize,
    cols: usize,
    entry: &impl Fn(usize, usize) -> f64,
    notation: Notation,
) -> Column {
    let (rows, cols) = (shown(rows), shown(cols));
    let values = rows
        .iter()
        .flatten()
        .flat_map(|&r| cols.iter().flatten().map(move |&c| entry(r, c)));
    Column::new(values.collect::<Vec<_>>(), DIGITS, notation)
}

/// Sentences one after another as `lang` writes them: a space between them in English, none
/// in Chinese. Empty ones are left out.
pub fn sentences(lang: Lang, parts: &[String]) -> String {
    let parts: Vec<&str> = parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect();
    parts.join(&lang.t("md-sentence-gap"))
}

/// Items of a list joined by `lang`'s comma (`, `, `、`).
pub fn list(lang: Lang, items: &[String]) -> String {
    items.join(&lang.t("md-list-sep"))
}

/// Items of a list with `and` before the last: `W, b and A`.
pub fn and_list(lang: Lang, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => tr!(lang, "md-and", init = list(lang, init), last = last),
    }
}

/// A count for running text: `100,460`.
pub fn count(n: usize) -> String {
    number::count(n as u64)
}

/// A number of running text or a table: a true minus sign and `×10⁻⁵` in Unicode.
pub fn num(v: f64, notation: Notation) -> String {
    number::text(v, DIGITS, notation)
}

/// A formula in the Unicode notation written for people: a true minus sign for negative
/// numbers and `×10⁻⁵` for powers of ten (`0.4·(-3.5e-5)` → `0.4·(−3.5×10⁻⁵)`).
pub fn unicode_formula(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let after_digit = i > 0 && chars[i - 1].is_ascii_digit();
        let exponent = chars
            .get(i + 1)
            .is_some_and(|n| *n == '-' || n.is_ascii_digit());
        if c == 'e' && after_digit && exponent {
            let mut e = String::new();
            i += 1;
            while i < chars.len()
                && (chars[i].is_ascii_digit() || (e.is_empty() && chars[i] == '-'))
            {
                e.push(chars[i]);
                i += 1;
            }
            out.push_str("×10");
            out.push_str(&crate::notation::scripts::superscript(&e));
            continue;
        }
        out.push(if c == '-' { '−' } else { c });
        i += 1;
    }
    out
}

/// Puts `right` beside `left` (top-aligned), `gap` spaces apart.
pub fn side_by_side(left: &[String], right: &[String], gap: usize) -> Vec<String> {
    let width = left.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    (0..left.len().max(right.len()))
        .map(|i| {
            let l = left.get(i).map_or("", String::as_str);
            match right.get(i) {
                Some(r) => {
                    let pad = width - l.chars().count() + gap;
                    format!("{l}{}{r}", " ".repeat(pad))
                }
                None => l.trim_end().to_string(),
            }
        })
        .collect()
}

/// Prefixes every line of `lines` after the first with `indent`, the first with `first`.
pub fn hang(first: &str, lines: &[String]) -> Vec<String> {
    let indent = " ".repeat(first.chars().count());
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{first}{l}")
            } else {
                format!("{indent}{l}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_markdown_would_read() {
        assert_eq!(escape("a_b * c"), "a\\_b \\* c");
        assert_eq!(escape("costs $5 | more"), "costs \\$5 \\| more");
        assert_eq!(
            escape("- not a list\n1. nor this"),
            "\\- not a list\n1\\. nor this"
        );
        assert_eq!(escape("0.15 is a number\n2)"), "0.15 is a number\n2\\)");
        assert_eq!(escape("    not code"), "not code");
        assert_eq!(escape("x < y & z"), "x \\< y \\& z");
        assert_eq!(escape_line("two\nlines"), "two lines");
        assert_eq!(
            escape_from("- 1. not at a start", false),
            "- 1. not at a start"
        );
    }

    #[test]
    fn unicode_formulas_have_true_minus_signs() {
        assert_eq!(
            unicode_formula("0.4·(-3.5e-5) − 2e3"),
            "0.4·(−3.5×10⁻⁵) − 2×10³"
        );
        assert_eq!(unicode_formula("exp(z⁽²⁾₁)"), "exp(z⁽²⁾₁)");
    }

    #[test]
    fn code_spans_hold_backticks() {
        assert_eq!(code("a(1)[2]"), "`a(1)[2]`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
    }

    #[test]
    fn step_slugs() {
        assert_eq!(step_slug("z(1)[2]"), "z-1-2");
        assert_eq!(step_slug("dw(2)[1,2]"), "dw-2-1-2");
        assert_eq!(step_slug("mhat(1)[3]"), "mhat-1-3");
        assert_eq!(step_slug("loss"), "loss");
    }

    #[test]
    fn matrices_elide_their_middle() {
        let m = bmatrix(2, 2, |r, c| [[0.15, 0.2], [0.25, 0.3]][r][c]);
        assert_eq!(
            m,
            "\\begin{bmatrix} 0.15 & 0.2 \\\\ 0.25 & 0.3 \\end{bmatrix}"
        );
        let big = bmatrix(10, 784, |_, _| 1.0);
        assert_eq!(big.matches("\\\\").count(), 4);
        assert!(big.contains("\\vdots & \\vdots & \\vdots & \\ddots & \\vdots"));
        assert_eq!(
            text_matrix(2, 2, |r, c| [[0.15, -0.2], [0.25, 0.3]][r][c]),
            vec!["[ 0.15  -0.2 ]", "[ 0.25   0.3 ]"]
        );
        assert_eq!(
            vector(&[1.0; 10], Notation::Unicode, Lang::En),
            "[1, 1, 1, …, 1] (10 values in all)"
        );
    }

    #[test]
    fn blocks_side_by_side() {
        let l = vec!["W = [ 1 ]".to_string(), "    [ 22 ]".to_string()];
        let r = vec!["b = [ 3 ]".to_string()];
        assert_eq!(
            side_by_side(&l, &r, 2),
            vec!["W = [ 1 ]   b = [ 3 ]", "    [ 22 ]"]
        );
        assert_eq!(
            hang("x = ", &["[ 1 ]".into(), "[ 2 ]".into()]),
            vec!["x = [ 1 ]", "    [ 2 ]"]
        );
    }
}
