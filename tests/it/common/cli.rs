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

/// Runs `cmd` to its end with its data (heap and private memory) limited to `bytes`: a program
/// that needs more fails to allocate. A bound that holds whatever process starts it (a peak
/// counted by the kernel for a child includes what it shared with its parent before `exec`).
#[cfg(unix)]
pub fn with_data_limit(cmd: &mut std::process::Command, bytes: u64) -> Output {
    use std::os::unix::process::CommandExt;
    // SAFETY: between fork and exec the hook only calls setrlimit(2).
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_DATA, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().unwrap()
}

/// Runs `cmd` to its end; returns what it printed and its peak resident memory in KiB, read
/// from `/proc` (`VmHWM`) until it exits: for a run of a second or more, whose peak is not in
/// its last few milliseconds.
#[cfg(target_os = "linux")]
pub fn peak_memory(cmd: &mut std::process::Command) -> (Output, u64) {
    use std::io::Read;
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
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    let status = loop {
        // The last reading before it exits counts: before its `exec`, the child's figures
        // are its parent's.
        if let Some(kib) = std::fs::read_to_string(&status_file).ok().and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        }) {
            peak = kib;
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let out = Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    };
    (out, peak)
}
