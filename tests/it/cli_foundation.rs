//! The foundation commands through the real binary: JSON export, its safety, `train`.

use crate::common;
use crate::common::cli::{bin, export_to_stdout, succeeds};

use predicates::prelude::*;

#[test]
fn json_export_to_stdout_has_every_step_and_full_precision() {
    let out = export_to_stdout("lessons/sigmoid_2layer.toml", "json");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["format"], "bpnn-tutor-trace");
    assert_eq!(v["version"], 3);
    let steps = v["steps"].as_array().unwrap();
    let updates = v["updates"].as_array().unwrap();
    // 8 forward + 1 loss + 2·(2+2)·2 backward; 12 updates (8 weights, 4 biases)
    assert_eq!(steps.len(), 8 + 1 + 16);
    assert_eq!(updates.len(), 12);
    let loss = steps.iter().find(|s| s["name"] == "loss").unwrap();
    // ½[(0.75136507 − 0.01)² + (0.772928465 − 0.99)²] as published: 0.298371109
    assert!((loss["value"].as_f64().unwrap() - 0.298371109).abs() < 5e-10);
    // Index columns are integers in every row: 0 where they do not apply.
    assert_eq!(
        (loss["layer"].as_u64(), loss["j"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(loss["target"], serde_json::json!([0.01, 0.99]));
    let w = updates.iter().find(|s| s["name"] == "w(2)[1,1]").unwrap();
    assert_eq!(w["phase"], "update");
    assert!(w.get("sample").is_none());
    assert_eq!(w["batch"], 1);
    assert_eq!(
        (w["layer"].as_u64(), w["j"].as_u64(), w["k"].as_u64()),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(v["initial"]["layers"][0]["weights"][0][0], 0.15);
    assert_eq!(v["data"][0]["target"][1], 0.99);
    let final_w = v["final"]["layers"][1]["weights"][0][0].as_f64().unwrap();
    assert!((final_w - 0.35891648).abs() < 5e-9);
    assert!((v["epochs"][0]["loss"].as_f64().unwrap() - 0.298371109).abs() < 5e-10);
}

#[test]
fn export_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trace.json");
    std::fs::write(&path, "precious").unwrap();
    bin()
        .args(["export", "sigmoid_2layer", "--format", "json", "-o"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("already exists").and(predicate::str::contains("--force")),
        );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "precious");
    bin()
        .args([
            "export",
            "sigmoid_2layer",
            "--format",
            "json",
            "--force",
            "-o",
        ])
        .arg(&path)
        .assert()
        .success();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(v["format"], "bpnn-tutor-trace");
    // Nothing else was left in the directory.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn export_into_a_missing_directory_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no/such/dir/trace.json");
    bin()
        .args(["export", "sigmoid_2layer", "--format", "json", "-o"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot write"));
    assert!(!path.exists());
}

#[test]
fn diverging_lesson_gives_valid_json_and_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let lesson = dir.path().join("diverge.toml");
    std::fs::write(&lesson, common::diverging(200)).unwrap();
    let out = succeeds(
        bin()
            .args(["export", "--format", "json", "-o", "-"])
            .arg(&lesson),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning: training diverges"), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    // With e = 10w − 1: g = 2e·10 and w ← w − 10·g, so e ← e − 2000e = −1999e, from e₀ = 9.
    // The loss e² first overflows when 9·1999ⁿ > √f64::MAX ≈ 1.34e154, i.e. after n = 47
    // updates: in the forward pass of epoch 48.
    let n = (1.34e154f64 / 9.0).ln() / 1999f64.ln();
    assert_eq!(n.ceil() as u64 + 1, 48);
    let first = &v["first_non_finite"];
    assert_eq!(first["epoch"], 48, "{first}");
    assert_eq!(first["name"], "loss");
    assert!(v["final"]["layers"][0]["weights"][0][0].is_null());
}

#[test]
fn epoch_and_sample_ranges_select_steps() {
    let out = bin()
        .args([
            "export",
            "sigmoid_2layer",
            "--format",
            "json",
            "--epoch",
            "2",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("epochs 1 to 1"));
    drop(out);
    bin()
        .args([
            "export",
            "sigmoid_2layer",
            "--format",
            "json",
            "--sample",
            "1..1",
            "--epoch",
            "1",
        ])
        .assert()
        .success();
    bin()
        .args(["export", "sigmoid_2layer", "--epoch", "x"])
        .assert()
        .code(2);
}

#[test]
fn train_prints_one_line_per_epoch_and_saves_a_lesson_that_loads() {
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("trained.toml");
    let out = succeeds(
        bin()
            .args(["train", "sigmoid_2layer", "--save"])
            .arg(&saved),
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1);
    assert!(stdout.starts_with("epoch 1/1  loss 0.2983711"), "{stdout}");
    // The saved lesson starts where training ended: its first loss is epoch 2's.
    let lesson = bpnn_tutor::lesson::load(&saved).unwrap();
    assert!((lesson.layers[1].weights()[[0, 0]] - 0.35891648).abs() < 5e-9);
    let again = bin().args(["train"]).arg(&saved).output().unwrap();
    let line = String::from_utf8(again.stdout).unwrap();
    let loss: f64 = line.split_whitespace().last().unwrap().parse().unwrap();
    // The classic example's loss after one update (biases trained too) is below 0.2983711.
    assert!(loss < 0.2983711 && loss > 0.28, "{line}");
    // --save never clobbers.
    bin()
        .args(["train", "sigmoid_2layer", "--save"])
        .arg(&saved)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
}

#[test]
fn usage_errors_exit_2_and_input_errors_exit_1() {
    bin().args(["export"]).assert().code(2);
    bin()
        .args(["export", "no-such-lesson"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("sigmoid_2layer"));
}

#[test]
fn a_huge_trace_exports_its_first_sample_unless_told_otherwise() {
    // mnist_sized: 5 epochs × 1,000 samples × ~204,000 steps is about 10⁹ steps.
    bin()
        .args([
            "export",
            "mnist_sized",
            "--format",
            "json",
            "-o",
            "/dev/null",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("exporting epoch 1, sample 1"));
    // The flagship's whole trace is small: no note.
    bin()
        .args([
            "export",
            "sigmoid_2layer",
            "--format",
            "json",
            "-o",
            "/dev/null",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("note:").not());
}

#[test]
fn an_export_too_large_to_use_stops_with_a_warning_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    // An epoch of the 784-128-10 lesson: about 2·10⁸ steps, tens of gigabytes of JSON.
    let json = dir.path().join("epoch.json");
    let start = std::time::Instant::now();
    bin()
        .args([
            "export",
            "mnist_sized",
            "--format",
            "json",
            "--epoch",
            "1",
            "-o",
        ])
        .arg(&json)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("GB").and(predicate::str::contains("--large")));
    assert!(!json.exists(), "nothing is written");
    assert!(start.elapsed().as_secs() < 60, "the estimate is cheap");
    // Ten epochs of the iris lesson pass the 512 KB GitHub renders.
    let md = dir.path().join("ten.md");
    bin()
        .args(["export", "softmax_classifier", "--epoch", "1..10", "-o"])
        .arg(&md)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("512 KB").and(predicate::str::contains("--large")));
    assert!(!md.exists());
    bin()
        .args([
            "export",
            "softmax_classifier",
            "--epoch",
            "1..10",
            "--large",
            "-o",
        ])
        .arg(&md)
        .assert()
        .success();
    assert!(std::fs::metadata(&md).unwrap().len() > 512 * 1024);
}

#[test]
fn csv_has_one_row_per_step_with_its_indices() {
    let out = export_to_stdout("lessons/sigmoid_2layer.toml", "csv");
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let head: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        head,
        [
            "epoch", "index", "sample", "batch", "phase", "name", "quantity", "layer", "i1", "i2",
            "value", "param", "before", "gradient"
        ]
    );
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 8 + 1 + 16 + 12);
    let w = records.iter().find(|r| &r[5] == "w(2)[1,1]").unwrap();
    // 0.4 − 0.5·0.0821670405642308 (the published 0.35891648)
    assert_eq!((&w[2], &w[8], &w[9], &w[12]), ("", "1", "1", "0.4"));
    assert!((w[10].parse::<f64>().unwrap() - 0.35891648).abs() < 5e-9);
}
