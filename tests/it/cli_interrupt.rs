//! SIGINT, SIGTERM or SIGHUP while a command writes a file: the temporary file is removed, no
//! half-written output is left anywhere, and the process ends by that signal.

use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Files in `dir`, hidden ones included.
fn files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn interrupted_export_leaves_nothing(signal: i32) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("trace.json");
    // 10,000 epochs as JSON: about 100 MB, seconds to write.
    let mut child = Command::new(env!("CARGO_BIN_EXE_bpnn-tutor"))
        .args(["export", "classic_fixed_biases", "--format", "json", "-o"])
        .arg(&out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let writing = loop {
        let partial = files(dir.path())
            .into_iter()
            .find(|f| f.ends_with(".partial"));
        if let Some(p) = partial
            && std::fs::metadata(dir.path().join(&p)).is_ok_and(|m| m.len() > 0)
        {
            break p;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the export ended before it was interrupted: {status:?}");
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no temporary file"
        );
        thread::sleep(Duration::from_millis(5));
    };
    // SAFETY: kill(2) on the child this test started.
    assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
    let output = child.wait_with_output().unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(
        output.status.signal(),
        Some(signal),
        "{:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        files(dir.path()),
        Vec::<String>::new(),
        "{writing} left behind"
    );
}

#[test]
fn sigint_during_an_export_removes_its_temporary_file() {
    interrupted_export_leaves_nothing(libc::SIGINT);
}

#[test]
fn sigterm_during_an_export_removes_its_temporary_file() {
    interrupted_export_leaves_nothing(libc::SIGTERM);
}

#[test]
fn sighup_during_an_export_removes_its_temporary_file() {
    interrupted_export_leaves_nothing(libc::SIGHUP);
}
