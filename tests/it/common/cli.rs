//! The real binary, run as a user runs it.

use std::process::Output;

use assert_cmd::Command;

/// The `bpnn-tutor` binary built for these tests, with no arguments yet.
pub fn bin() -> Command {
    Command::cargo_bin("bpnn-tutor").unwrap()
}

/// Asserts that a finished run succeeded, showing its standard error if not.
#[track_caller]
pub fn assert_success(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `cmd` and asserts that it succeeded, showing its standard error if not.
#[track_caller]
pub fn succeeds(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    assert_success(&out);
    out
}

/// `export LESSON --format FORMAT -o -`, which must succeed: the document is on standard output.
#[track_caller]
pub fn export_to_stdout(lesson: &str, format: &str) -> Output {
    succeeds(bin().args(["export", lesson, "--format", format, "-o", "-"]))
}
