//! Standard output closed early (`bpnn-tutor lessons | head -1`) or full (`> /dev/full`), for
//! every command that writes to it: a closed pipe ends the command quietly, with the status it
//! would have had; any other write error is reported, exit status 1. Nothing panics.

use std::fs::File;
use std::process::{Command, Output, Stdio};

/// A worksheet that is all right (z(1)[1] = 0.3775 in the classic example).
const RIGHT_SHEET: &str = "[[answer]]\nname = \"z(1)[1]\"\nvalue = 0.3775\n";

fn command(args: &[&str], stdout: Stdio) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bpnn-tutor"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .expect("the binary runs")
}

/// Runs with standard output a pipe whose reader has already gone.
fn closed(args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    command(args, writer.into())
}

fn full(args: &[&str]) -> Output {
    command(args, File::create("/dev/full").unwrap().into())
}

/// Every command writing to standard output, and its exit status when all goes well.
fn commands(sheet: &str) -> Vec<(Vec<&str>, i32)> {
    vec![
        (vec!["lessons"], 0),
        // Not a terminal: the summary of the lesson instead of the tutor.
        (vec!["lessons/sigmoid_2layer.toml"], 0),
        (vec!["sigmoid_2layer"], 0),
        (vec!["export", "sigmoid_2layer"], 0),
        (
            vec!["export", "sigmoid_2layer", "--format", "json", "-o", "-"],
            0,
        ),
        (vec!["worksheet", "sigmoid_2layer", "-o", "-"], 0),
        (vec!["check", "sigmoid_2layer", sheet], 0),
        (
            vec!["check", "sigmoid_2layer", sheet, "--format", "json"],
            0,
        ),
        (vec!["check", "sigmoid_2layer", sheet, "--format", "csv"], 0),
        // A class, in every format.
        (vec!["check", "sigmoid_2layer", sheet, sheet], 0),
        (
            vec!["check", "sigmoid_2layer", sheet, sheet, "--format", "json"],
            0,
        ),
        (
            vec!["check", "sigmoid_2layer", sheet, sheet, "--format", "csv"],
            0,
        ),
        (vec!["train", "sigmoid_2layer"], 0),
        // A wrong answer: the grade is the status, closed pipe or not.
        (
            vec![
                "check",
                "article_2_2_1",
                "lessons/worksheets/article_2_2_1_slip.toml",
            ],
            1,
        ),
    ]
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("right.toml");
    std::fs::write(&sheet, RIGHT_SHEET).unwrap();
    let sheet = sheet.to_string_lossy().into_owned();
    for (args, status) in commands(&sheet) {
        let normal = command(&args, Stdio::piped());
        assert_eq!(normal.status.code(), Some(status), "{args:?} (sanity)");
        assert!(!normal.stdout.is_empty(), "{args:?} writes something");
        let out = closed(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(status), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?} said: {stderr}");
    }
}

#[test]
fn a_full_disk_is_an_error_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("right.toml");
    std::fs::write(&sheet, RIGHT_SHEET).unwrap();
    let sheet = sheet.to_string_lossy().into_owned();
    for (args, _) in commands(&sheet) {
        let out = full(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("error: cannot write to standard output: No space left on device"),
            "{args:?} said: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?} said: {stderr}");
    }
}
