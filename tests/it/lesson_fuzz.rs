//! No input may panic the loader: random bytes, random text, and random mutations of the
//! flagship lesson. Whatever loads must also survive a round trip through `to_toml`, and
//! whatever fails must point inside the text.

use crate::common;

use bpnn_tutor::lesson::{self, Lesson, LessonError};
use common::mutate::{NUMBERS, apply, op};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

const FLAGSHIP: &str = include_str!("../../lessons/sigmoid_2layer.toml");

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

/// Small enough to write out and read back quickly.
fn small(l: &Lesson) -> bool {
    l.parameter_count() + l.data.len() * (l.inputs() + l.outputs()) < 100_000
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
            "tests/it/lesson_fuzz.proptest-regressions",
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
    fn mutated_flagship_never_panics(ops in prop::collection::vec(op(TOKENS, NUMBERS), 1..8)) {
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
