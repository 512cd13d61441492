//! No input may panic the loader: random bytes, random text, and random mutations of the
//! flagship lesson. Whatever loads must also survive a round trip through `to_toml`, and
//! whatever fails must point inside the text.

use bpnn_tutor::lesson::{self, Lesson, LessonError};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::FileFailurePersistence;

const FLAGSHIP: &str = include_str!("../lessons/sigmoid_2layer.toml");

/// Pieces that tend to break TOML or the lesson rules.
const TOKENS: &[&str] = &[
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "\"",
    "'",
    "=",
    ",",
    "\n",
    "#",
    ".",
    "-",
    "_",
    "nan",
    "inf",
    "-inf",
    "1e400",
    "0",
    "-1",
    "true",
    "\"\"\"",
    "\0",
    "\u{feff}",
    "é",
    "\r",
    "\t",
    "\\",
    "[network]",
    "[[network.layer]]",
    "[[data]]",
    "[generate]",
    "[training]",
    "[lesson]",
    "neurons = 0",
    "neurons = 3",
    "inputs = 3",
    "activation = \"softmax\"",
    "loss = \"bce\"",
    "loss = \"cross_entropy\"",
    "init = { scheme = \"normal\", std = 1e308 }",
    "init = { scheme = \"uniform\", low = -1e308, high = 1e308 }",
    "weights = []",
    "weights = [[]]",
    "biases = 1",
    "biases = []",
    "data = []",
    "samples = 3",
    "target = [1.0]",
    "optimizer = { kind = \"adam\", beta1 = 1 }",
    "batch_size = 0",
    "title = \"\"",
];

/// Replacements for a number in the text.
const NUMBERS: &[&str] = &[
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

#[derive(Debug, Clone)]
enum Op {
    Delete(Index, usize),
    Insert(Index, &'static str),
    InsertChar(Index, char),
    Replace(Index, usize, &'static str),
    Number(Index, &'static str),
    DropLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
}

fn op() -> impl Strategy<Value = Op> {
    let token = prop::sample::select(TOKENS);
    prop_oneof![
        (any::<Index>(), 1..20usize).prop_map(|(i, n)| Op::Delete(i, n)),
        (any::<Index>(), token.clone()).prop_map(|(i, t)| Op::Insert(i, t)),
        (any::<Index>(), any::<char>()).prop_map(|(i, c)| Op::InsertChar(i, c)),
        (any::<Index>(), 1..10usize, token).prop_map(|(i, n, t)| Op::Replace(i, n, t)),
        (any::<Index>(), prop::sample::select(NUMBERS)).prop_map(|(i, n)| Op::Number(i, n)),
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

fn apply(text: &mut String, op: &Op) {
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

/// Small enough to write out and read back quickly.
fn small(l: &Lesson) -> bool {
    l.parameter_count() + l.data.len() * (l.inputs + l.outputs()) < 100_000
}

fn check_error(e: &LessonError, text: &str) {
    let d = e.diagnostic();
    let shown = e.to_string();
    assert!(shown.starts_with("error: f.toml"), "{shown}");
    assert_eq!(d.line.is_some(), d.column.is_some());
    if let (Some(line), Some(column)) = (d.line, d.column) {
        assert!(line >= 1 && column >= 1);
        assert!(
            line <= text.split('\n').count(),
            "line {line} past the end:\n{shown}"
        );
        assert!(
            shown
                .lines()
                .next()
                .unwrap_or("")
                .contains(&format!(":{line}:{column}: "))
        );
    }
}

fn check_text(text: &str) {
    match lesson::parse(text, "f.toml") {
        Ok(l) => {
            if small(&l) {
                let again = lesson::parse(&lesson::to_toml(&l), "f.toml");
                assert_eq!(again.as_ref(), Ok(&l), "round trip of\n{text}");
            }
        }
        Err(e) => check_error(&e, text),
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        // Integration tests have no lib.rs beside them for proptest's default location.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/lesson_fuzz.proptest-regressions",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        if let Err(e) = lesson::parse_bytes(&bytes, "f.toml") {
            let d = e.diagnostic();
            prop_assert!(d.line.is_none_or(|l| l >= 1));
        }
    }

    #[test]
    fn random_text_never_panics(text in "\\PC{0,400}") {
        check_text(&text);
    }

    #[test]
    fn mutated_flagship_never_panics(ops in prop::collection::vec(op(), 1..8)) {
        let mut text = FLAGSHIP.to_string();
        for op in &ops {
            apply(&mut text, op);
        }
        check_text(&text);
    }
}

#[test]
fn the_unmutated_flagship_round_trips() {
    check_text(FLAGSHIP);
    assert!(lesson::parse(FLAGSHIP, "f.toml").is_ok());
}
