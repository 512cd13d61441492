//! Every error message the code names exists in both languages, and every one in
//! `errors.en.ftl` and `errors.commands.en.ftl` is named by the code: an id mistyped where it
//! is used would show as itself, and one left in a file after its code is gone would be
//! translated for nothing.

use std::collections::BTreeSet;
use std::path::Path;

use super::*;
use crate::tr;

/// Every `"err-…"` string literal of the Rust files under `dir`.
fn ids_in_code(dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            ids_in_code(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for (at, _) in text.match_indices("\"err-") {
                let id: String = text[at + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
                    .collect();
                if text[at + 1 + id.len()..].starts_with('"') {
                    out.insert(id);
                }
            }
        }
    }
}

/// The ids of the messages of one `.ftl` file.
fn ids_in_file(source: &str) -> BTreeSet<String> {
    source
        .lines()
        .filter(|l| l.starts_with("err-"))
        .filter_map(|l| l.split_once(" =").map(|(id, _)| id.to_string()))
        .collect()
}

#[test]
fn every_error_id_in_the_code_is_in_both_languages_and_every_one_in_the_file_is_used() {
    let mut used = BTreeSet::new();
    ids_in_code(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut used,
    );
    // This file's own examples are not messages.
    used.remove("err-");
    assert!(used.len() > 300, "{} ids found in the code", used.len());
    let missing: Vec<&String> = used
        .iter()
        .filter(|id| !bundle(Lang::En).has_message(id) || !bundle(Lang::Zh).has_message(id))
        .collect();
    assert!(missing.is_empty(), "not in both languages: {missing:?}");
    let mut in_files = ids_in_file(include_str!("errors.en.ftl"));
    in_files.extend(ids_in_file(include_str!("errors.commands.en.ftl")));
    let unused: Vec<String> = in_files
        .into_iter()
        .filter(|id| !used.contains(id))
        .collect();
    assert!(unused.is_empty(), "named nowhere in the code: {unused:?}");
}

#[test]
fn chinese_errors_are_spaced_where_their_pieces_meet() {
    // "`learning_rate`" and "样本 3 的输入中" are worded apart from the message they go in.
    let key = tr!(Lang::Zh, "err-for-key", key = "learning_rate");
    let found = tr!(Lang::Zh, "err-the-string", text = "\"a\"");
    let number = tr!(Lang::Zh, "err-a-number");
    let message = |what: &str| {
        tr!(
            Lang::Zh,
            "err-expected",
            expected = number.as_str(),
            what = what,
            found = found.as_str()
        )
    };
    assert_eq!(
        message(&key),
        "`learning_rate` 应为数值，实际是字符串 \"a\""
    );
    let inside = tr!(Lang::Zh, "err-in-what", what = "样本 3 的输入");
    assert_eq!(
        message(&inside),
        "样本 3 的输入中应为数值，实际是字符串 \"a\""
    );
    // A space the message writes between its argument and Chinese text goes when the
    // argument ends in Chinese, and stays after Latin text.
    let layer = tr!(Lang::Zh, "err-owner-layer", l = "2");
    let unknown = |owner: &str| tr!(Lang::Zh, "err-unknown-key", key = "`x`", owner = owner);
    assert_eq!(unknown(&layer), "第 2 层中有未知的键 `x`");
    assert_eq!(unknown("[training]"), "[training] 中有未知的键 `x`");
    // English is never touched.
    assert_eq!(
        tr!(Lang::En, "err-unknown-key", key = "`x`", owner = "layer 2"),
        "unknown key `x` in layer 2"
    );
}
