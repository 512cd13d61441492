//! `train` through the real binary: divergence in the last update is warned about as `export`
//! warns and never saved; a closed pipe is quiet; other write errors stop it, saving nothing.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin;

use crate::common::cli::{assert_success, bin, succeeds};
use crate::common::one_neuron;

/// One sample, η = 1e308: w = 1 − 1e308·(2·(2·1 − (−5))·2) = −∞ in the only update, which no
/// later forward pass reveals. The loss before it is (2·1 + 5)² = 49.
fn last_update_overflows() -> String {
    one_neuron("The last update overflows", 1e308, 1, 2.0, -5.0)
}

fn stderr_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().unwrap().stderr).unwrap()
}

#[test]
fn train_warns_about_the_last_update_as_export_does_and_refuses_to_save_it() {
    let dir = tempfile::tempdir().unwrap();
    let lesson = dir.path().join("overflow.toml");
    std::fs::write(&lesson, last_update_overflows()).unwrap();
    let out = succeeds(bin().arg("train").arg(&lesson));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "epoch 1/1  loss 49\n"
    );
    let warning = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        warning,
        "warning: training diverges: w(1)[1,1] in epoch 1, the update of batch 1, is -inf\n"
    );
    let exported = stderr_of(
        bin()
            .args(["export", "--format", "md", "-o", "-"])
            .arg(&lesson),
    );
    assert_eq!(exported, warning, "the same words as export");

    let saved = dir.path().join("trained.toml");
    let out = bin()
        .arg("train")
        .arg(&lesson)
        .arg("--save")
        .arg(&saved)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with(&warning), "{stderr}");
    assert!(
        stderr.contains("not saving") && stderr.contains("w(1)[1,1] is -inf"),
        "{stderr}"
    );
    assert!(!saved.exists());
}

/// Runs `train` with `args`, reads its first line of output and closes the pipe.
fn first_line_then_close(args: &[&str]) -> (String, std::process::Output) {
    let mut child = Process::new(cargo_bin("bpnn-tutor"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // The reader goes away: 10,000 more lines will not fit in the pipe.
    (line, child.wait_with_output().unwrap())
}

#[test]
fn a_closed_pipe_is_quiet_and_with_save_the_whole_run_is_saved() {
    let (line, out) = first_line_then_close(&["train", "classic_fixed_biases"]);
    assert!(line.starts_with("epoch 1/10000  loss 0.298371"), "{line}");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");

    let dir = tempfile::tempdir().unwrap();
    let (piped, whole) = (dir.path().join("piped.toml"), dir.path().join("whole.toml"));
    let (_, out) = first_line_then_close(&[
        "train",
        "classic_fixed_biases",
        "--save",
        piped.to_str().unwrap(),
    ]);
    assert_success(&out);
    bin()
        .args(["train", "classic_fixed_biases", "--save"])
        .arg(&whole)
        .assert()
        .success();
    // All 10,000 epochs were trained, not only those whose lines were read.
    assert_eq!(
        std::fs::read(&piped).unwrap(),
        std::fs::read(&whole).unwrap()
    );
}

#[test]
fn other_write_errors_stop_train_and_save_nothing() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("trained.toml");
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Process::new(cargo_bin("bpnn-tutor"))
        .args(["train", "sigmoid_2layer", "--save"])
        .arg(&saved)
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("cannot write to standard output"),
        "{stderr}"
    );
    assert!(!saved.exists());
}
