//! `bpnn-tutor export --format md` through the real binary: files are written whole or not
//! at all, never over an existing file without --force, and the ranges and --ascii do what
//! they say.

use std::fs;
use std::path::Path;

use predicates::prelude::*;

use crate::common::cli::{bin, succeeds};

fn export_md(out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    bin()
        .args(["export", "sigmoid_2layer", "--format", "md"])
        .args(extra)
        .arg("-o")
        .arg(out)
        .assert()
}

/// The anchor ids of a document.
fn anchors(doc: &str) -> Vec<String> {
    doc.match_indices("<a id=\"")
        .map(|(i, m)| {
            let rest = &doc[i + m.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

#[test]
fn writes_the_file_and_never_overwrites_it_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("classic.md");
    export_md(&path, &[])
        .success()
        .stderr(predicate::str::contains("wrote"));
    let first = fs::read(&path).unwrap();
    let doc = String::from_utf8(first.clone()).unwrap();
    assert!(doc.starts_with("# Two-layer sigmoid network\n"));
    // The published numbers, to 6 significant digits.
    // And the loss after the update, 0.280471 (computed independently in markdown_content).
    for value in [
        "&= 0.593270",
        "&= 0.298371",
        "| 0.358916 |",
        "&= 0.0821670",
        "**0.280471**",
    ] {
        assert!(doc.contains(value), "{value}");
    }

    // A second export without --force fails, says how to proceed, and touches nothing.
    export_md(&path, &["--ascii"]).code(1).stderr(
        predicate::str::contains("already exists").and(predicate::str::contains("--force")),
    );
    assert_eq!(fs::read(&path).unwrap(), first);

    // --force replaces it, whole.
    export_md(&path, &["--ascii", "--force"]).success();
    let ascii = fs::read_to_string(&path).unwrap();
    assert_ne!(ascii.as_bytes(), first.as_slice());
    assert!(ascii.contains("```text\nz(1)[1] = "));
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "a stray file");

    // The same lesson gives the same bytes.
    let again = dir.path().join("again.md");
    export_md(&again, &[]).success();
    assert_eq!(fs::read(&again).unwrap(), first);
}

#[test]
fn an_unwritable_target_fails_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no/such/dir/out.md");
    export_md(&missing, &[])
        .code(1)
        .stderr(predicate::str::contains("cannot write"));
    assert!(!missing.exists());
    // A parent that is a file cannot hold anything, even for root.
    let file = dir.path().join("a-file");
    fs::write(&file, "x").unwrap();
    export_md(&file.join("out.md"), &[])
        .code(1)
        .stderr(predicate::str::contains("cannot write"));
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("a-file")]);
}

#[test]
fn epoch_and_sample_ranges_select_what_they_say() {
    // 12 iris flowers in batches of 3: samples 4..5 are in batch 2 (samples 4 to 6).
    let out = succeeds(bin().args([
        "export",
        "softmax_classifier",
        "--format",
        "md",
        "--epoch",
        "2..3",
        "--sample",
        "4..5",
    ]));
    let doc = String::from_utf8(out.stdout).unwrap();
    assert!(doc.contains("every number of epochs 2 to 3, samples 4 to 5"));
    let ids = anchors(&doc);
    for want in [
        "e2",
        "e3",
        "e2-s4",
        "e3-s5-loss",
        "e2-b2-update",
        "e3-b2-w-1-3-4",
        "e3-b2-w-2-3-3",
    ] {
        assert!(ids.iter().any(|a| a == want), "missing {want}");
    }
    for id in &ids {
        let step = id.split('-').take(2).collect::<Vec<_>>().join("-");
        assert!(
            [
                "e2", "e3", "e2-s4", "e2-s5", "e3-s4", "e3-s5", "e2-b2", "e3-b2", "lesson",
                "network", "initial", "start", "losses", "final", "anchors"
            ]
            .contains(&step.as_str()),
            "{id} is outside the selection"
        );
    }
    assert!(doc.contains("samples 4 to 6 (samples outside the selection are not shown above"));

    // Out of range: exit 1, saying what there is.
    bin()
        .args([
            "export",
            "sigmoid_2layer",
            "--format",
            "md",
            "--sample",
            "2",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("samples 1 to 1"));
}

#[test]
fn ascii_has_no_latex() {
    let out = succeeds(bin().args(["export", "sgd_momentum", "--format", "md", "--ascii"]));
    let doc = String::from_utf8(out.stdout).unwrap();
    for latex in ["$", "\\frac", "\\begin", "\\cdot", "```math"] {
        assert!(!doc.contains(latex), "--ascii wrote {latex}");
    }
    assert!(doc.contains("```text\n"));
    assert!(doc.contains("| parameter | before | gradient | step eta*v | after |"));
    assert!(doc.contains("| parameter | velocity v |"));
    assert!(doc.is_ascii());
}

/// The `Epoch N, sample M` headings of a document, in order.
fn sample_headings(doc: &str) -> Vec<String> {
    doc.lines()
        .filter_map(|l| {
            let at = l.find("Epoch ")?;
            let heading = &l[at..];
            heading.contains(", sample ").then(|| heading.to_string())
        })
        .collect()
}

#[test]
fn plain_text_without_ranges_is_the_readable_default_too() {
    // 20 epochs: the readable default shows the first only, however long the whole run.
    let export = |format: &str| {
        let out = succeeds(bin().args(["export", "tiny_gpt", "--format", format, "-o", "-"]));
        String::from_utf8(out.stdout).unwrap()
    };
    let (md, text) = (export("md"), export("text"));
    let headings = sample_headings(&md);
    assert_eq!(headings, ["Epoch 1, sample 1"], "the Markdown's default");
    assert_eq!(sample_headings(&text), headings, "the plain text's");
}
