//! No worksheet may panic `check`: random bytes, random text, and random mutations of a
//! worksheet that uses every feature. Whatever fails must point inside the text; whatever
//! reads must grade and report, in text and JSON.

mod common;

use bpnn_tutor::check::{Report, worksheet};
use bpnn_tutor::trace::{Notation, Trace};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::FileFailurePersistence;

const SHEET: &str = r#"lesson = "lessons/sigmoid_2layer.toml"

[[answer]]
name = "z(1)[1]"
value = 0.3775

[[answer]]
name = "a(1)[1]"
value = "0.5930"
epoch = 1
sample = 1

[[answer]]
name = " dw(2)[1, 2] "
value = -1.5e-2

[[answer]]
name = "w(2)[1,1]"
batch = 1
value = 0.358916

[[answer]]
name = "loss"
value = ""
"#;

/// Pieces that tend to break TOML or the worksheet rules.
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
    "(",
    ")",
    "0",
    "nan",
    "inf",
    "1e400",
    "99999999999999999999",
    "0,5",
    "\0",
    "\u{feff}",
    "é",
    "δ⁽¹⁾₂",
    "\r",
    "\t",
    "\\",
    "[[answer]]",
    "[answer]",
    "name = \"z(3)[1]\"",
    "name = \"m(1)[1,1]\"",
    "name = \"loss(1)[1]\"",
    "name = \"\"",
    "name = z(1)[1]",
    "value = true",
    "value = \"0,5\"",
    "epoch = 0",
    "epoch = 2",
    "sample = 2",
    "batch = 1",
    "batch = 2",
    "lesson = 3",
];

#[derive(Debug, Clone)]
enum Op {
    Delete(Index, usize),
    Insert(Index, &'static str),
    InsertChar(Index, char),
    DropLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (any::<Index>(), 1..20usize).prop_map(|(i, n)| Op::Delete(i, n)),
        (any::<Index>(), prop::sample::select(TOKENS)).prop_map(|(i, t)| Op::Insert(i, t)),
        (any::<Index>(), any::<char>()).prop_map(|(i, c)| Op::InsertChar(i, c)),
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

fn check_text(trace: &Trace, text: &str) {
    match worksheet::parse(text, "ws.toml", trace) {
        Ok(sheet) => {
            let report = Report::new(trace, &sheet).expect("every entry names a step");
            assert_eq!(report.rows.len(), sheet.entries.len());
            let shown = report.text(trace, Notation::Unicode);
            assert!(shown.ends_with(&format!("{}\n", report.score.line())));
            serde_json::to_string(&report.json(trace, &sheet)).unwrap();
        }
        Err(e) => {
            assert!(!e.problems.is_empty());
            let lines = text
                .strip_prefix('\u{feff}')
                .unwrap_or(text)
                .split('\n')
                .count();
            for d in &e.problems {
                assert_eq!(d.line.is_some(), d.column.is_some());
                if let (Some(line), Some(column)) = (d.line, d.column) {
                    assert!(line >= 1 && column >= 1);
                    assert!(line <= lines, "line {line} past the end:\n{d}");
                    let first = d.to_string();
                    let first = first.lines().next().unwrap_or("");
                    assert!(first.starts_with(&format!("error: ws.toml:{line}:{column}: ")));
                }
            }
            let _ = e.to_string();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/worksheet_fuzz.proptest-regressions",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..1000)) {
        let trace = Trace::new(common::classic(1, true));
        if let Err(e) = worksheet::parse_bytes(&bytes, "ws.toml", &trace) {
            prop_assert!(!e.problems.is_empty());
        }
    }

    #[test]
    fn random_text_never_panics(text in "\\PC{0,300}") {
        check_text(&Trace::new(common::classic(1, true)), &text);
    }

    #[test]
    fn mutated_worksheets_never_panic(ops in prop::collection::vec(op(), 1..8)) {
        let mut text = SHEET.to_string();
        for op in &ops {
            apply(&mut text, op);
        }
        check_text(&Trace::new(common::classic(1, true)), &text);
    }
}

#[test]
fn the_unmutated_worksheet_reads() {
    let trace = Trace::new(common::classic(1, true));
    let sheet = worksheet::parse(SHEET, "ws.toml", &trace).unwrap();
    let names: Vec<String> = sheet.entries.iter().map(|e| e.name()).collect();
    assert_eq!(
        names,
        ["z(1)[1]", "a(1)[1]", "dw(2)[1,2]", "w(2)[1,1]", "loss"]
    );
    let texts: Vec<Option<&str>> = sheet
        .entries
        .iter()
        .map(|e| e.given.as_ref().map(|g| g.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            Some("0.3775"),
            Some("0.5930"),
            Some("-1.5e-2"),
            Some("0.358916"),
            None,
        ]
    );
    assert_eq!(sheet.entries[4].line, 22);
    check_text(&trace, SHEET);

    // Answers may also be an array of inline tables.
    let inline = "answer = [{ name = \"b(1)[2]\", value = 3 }, { name = \"loss\" }]\n";
    let sheet = worksheet::parse(inline, "ws.toml", &trace).unwrap();
    assert_eq!(sheet.entries.len(), 2);
    assert_eq!(sheet.entries[0].given.as_ref().unwrap().text, "3");
    assert_eq!(sheet.entries[1].line, 1);
}
