//! Random edits of a text, for fuzzing readers of TOML files (lessons, worksheets).

use proptest::prelude::*;
use proptest::sample::Index;

/// Replacements for a number in the text.
pub const NUMBERS: &[&str] = &[
    "0",
    "-0.0",
    "-1",
    "1e400",
    "-1e400",
    "1e-400",
    "nan",
    "-inf",
    "+inf",
    "99999999999999999999",
    "-99999999999999999999",
    "2000000000",
    "1_000",
    "0x10",
    "0o17",
    "0b101",
    "+7",
    "3.5",
    "100000",
    "1e15",
    "9223372036854775807",
    "-9223372036854775808",
];

/// One edit.
#[derive(Debug, Clone)]
pub enum Op {
    Delete(Index, usize),
    Insert(Index, &'static str),
    InsertChar(Index, char),
    Replace(Index, usize, &'static str),
    Number(Index, &'static str),
    DropLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
}

/// A random edit that inserts or substitutes pieces from `tokens`, or numbers from `numbers`.
pub fn op(
    tokens: &'static [&'static str],
    numbers: &'static [&'static str],
) -> impl Strategy<Value = Op> {
    let token = prop::sample::select(tokens);
    prop_oneof![
        (any::<Index>(), 1..20usize).prop_map(|(i, n)| Op::Delete(i, n)),
        (any::<Index>(), token.clone()).prop_map(|(i, t)| Op::Insert(i, t)),
        (any::<Index>(), any::<char>()).prop_map(|(i, c)| Op::InsertChar(i, c)),
        (any::<Index>(), 1..10usize, token).prop_map(|(i, n, t)| Op::Replace(i, n, t)),
        (any::<Index>(), prop::sample::select(numbers)).prop_map(|(i, n)| Op::Number(i, n)),
        any::<Index>().prop_map(Op::DropLine),
        any::<Index>().prop_map(Op::DuplicateLine),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Op::SwapLines(a, b)),
    ]
}

/// A char boundary of `s` chosen by `i`.
fn boundary(s: &str, i: &Index) -> usize {
    let mut at = i.index(s.len() + 1);
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Byte ranges of the numbers in `s` (digit runs, with '.' inside).
fn numbers(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

/// Applies the edit, keeping the text valid UTF-8.
pub fn apply(text: &mut String, op: &Op) {
    match op {
        Op::Delete(i, n) => {
            let a = boundary(text, i);
            let mut b = (a + n).min(text.len());
            while !text.is_char_boundary(b) {
                b -= 1;
            }
            text.replace_range(a..b, "");
        }
        Op::Insert(i, t) => {
            let a = boundary(text, i);
            text.insert_str(a, t);
        }
        Op::InsertChar(i, c) => {
            let a = boundary(text, i);
            text.insert(a, *c);
        }
        Op::Replace(i, n, t) => {
            let a = boundary(text, i);
            let mut b = (a + n).min(text.len());
            while !text.is_char_boundary(b) {
                b -= 1;
            }
            text.replace_range(a..b, t);
        }
        Op::Number(i, n) => {
            let found = numbers(text);
            if !found.is_empty() {
                let (a, b) = found[i.index(found.len())];
                text.replace_range(a..b, n);
            }
        }
        Op::DropLine(i) | Op::DuplicateLine(i) | Op::SwapLines(i, _) => {
            let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
            let k = i.index(lines.len());
            match op {
                Op::DropLine(_) => {
                    lines.remove(k);
                }
                Op::DuplicateLine(_) => {
                    let line = lines[k].clone();
                    lines.insert(k, line);
                }
                Op::SwapLines(_, j) => {
                    let j = j.index(lines.len());
                    lines.swap(k, j);
                }
                _ => {}
            }
            *text = lines.join("\n");
        }
    }
}
