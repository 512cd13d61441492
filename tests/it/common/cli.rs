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

/// Runs `cmd` to its end; returns what it printed and its peak resident memory in KiB, as the
/// kernel counted it for this one child (`wait4`).
#[cfg(unix)]
#[allow(clippy::zombie_processes)] // wait4 reaps it, with its resource usage
pub fn peak_memory(cmd: &mut std::process::Command) -> (Output, u64) {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            r.read_to_end(&mut bytes).unwrap();
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 reaps the child this function started.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    assert_eq!(unsafe { libc::wait4(pid, &mut status, 0, &mut usage) }, pid);
    let out = Output {
        status: std::process::ExitStatus::from_raw(status),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    };
    (out, usage.ru_maxrss as u64)
}
