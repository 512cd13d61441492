//! No worksheet may panic `check`: random bytes, random text, and random mutations of a
//! worksheet that uses every feature. Whatever fails must point inside the text; whatever
//! reads must grade and report, in text and JSON.

use crate::common;

use bpnn_tutor::check::{Report, worksheet};
use bpnn_tutor::notation::Notation;
use bpnn_tutor::trace::Trace;
use common::mutate::{NUMBERS, apply, op};
use proptest::prelude::*;
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

fn check_text(trace: &Trace, text: &str) {
    match worksheet::parse(text, "ws.toml", trace) {
        Ok(sheet) => {
            let report =
                Report::new(trace, &sheet, Default::default()).expect("every entry names a step");
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
            "tests/it/worksheet_fuzz.proptest-regressions",
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
    fn mutated_worksheets_never_panic(ops in prop::collection::vec(op(TOKENS, NUMBERS), 1..8)) {
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
