//! The edges of the process, through the real binary: what can be named as an input or an
//! output (FIFOs, devices, names that are not UTF-8, names of 250 bytes), how large an input may
//! be, and text from files that must not reach the terminal raw.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bpnn_tutor::source::limits::MAX_TOML_BYTES;

use crate::common::cli::succeeds;

fn bin() -> assert_cmd::Command {
    let mut cmd = crate::common::cli::bin();
    // Nothing here may wait: a hang fails the test instead of stalling the suite.
    cmd.timeout(Duration::from_secs(20));
    cmd
}

/// Runs the binary with `args` and `input` on its standard input.
fn with_stdin(args: &[&str], input: String) -> std::process::Output {
    bin().args(args).write_stdin(input).output().unwrap()
}

fn flagship() -> String {
    std::fs::read_to_string("lessons/sigmoid_2layer.toml").unwrap()
}

const SHEET: &str = "[[answer]]\nname = \"z(1)[1]\"\nvalue = 0.3775\n";

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_is_refused_at_once_as_lesson_or_worksheet() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.toml");
    mkfifo(&fifo);
    let runs: [Vec<&std::ffi::OsStr>; 4] = [
        vec!["train".as_ref(), fifo.as_os_str()],
        vec!["export".as_ref(), fifo.as_os_str()],
        vec![fifo.as_os_str()],
        vec![
            "check".as_ref(),
            "sigmoid_2layer".as_ref(),
            fifo.as_os_str(),
        ],
    ];
    for args in runs {
        let start = Instant::now();
        let out = bin().args(&args).output().unwrap();
        assert!(start.elapsed() < Duration::from_secs(2), "{args:?}");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("pipe.toml: this is a FIFO (a named pipe)"),
            "{stderr}"
        );
    }
    let out = bin()
        .args(["check", "sigmoid_2layer", "/dev/zero"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("character device"));
}

#[cfg(unix)]
#[test]
fn paths_that_are_not_utf8_work_everywhere() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = |s: &[u8]| dir.path().join(std::ffi::OsStr::from_bytes(s));
    let lesson = name(b"le\xe7on.toml");
    let sheet = name(b"feuille\xff.toml");
    std::fs::write(&lesson, flagship()).unwrap();
    std::fs::write(&sheet, SHEET).unwrap();
    succeeds(bin().arg("train").arg(&lesson));
    let out = succeeds(bin().arg("check").arg(&lesson).arg(&sheet));
    assert!(String::from_utf8_lossy(&out.stdout).contains("score: 1/1 right"));
    let json = name(b"trace\xfe.json");
    succeeds(bin().arg("export").arg(&lesson).arg("-o").arg(&json));
    assert!(std::fs::metadata(&json).unwrap().len() > 1000);
    // Shown in messages with the bad bytes replaced, never raw.
    let out = bin()
        .arg("train")
        .arg(name(b"nope\xe9.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).expect("messages are UTF-8");
    assert!(
        stderr.contains("nope\u{fffd}.toml: no such file"),
        "{stderr}"
    );
}

#[test]
fn an_output_name_of_250_bytes_can_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let target = |ext: &str| {
        dir.path()
            .join(format!("{}.{ext}", "n".repeat(249 - ext.len())))
    };
    let json = target("json");
    succeeds(
        bin()
            .args(["export", "sigmoid_2layer", "--format", "json", "-o"])
            .arg(&json),
    );
    let sheet = target("toml");
    succeeds(
        bin()
            .args(["worksheet", "sigmoid_2layer", "-o"])
            .arg(&sheet),
    );
    let saved = dir.path().join(format!("{}.toml", "s".repeat(245)));
    succeeds(
        bin()
            .args(["train", "sigmoid_2layer", "--save"])
            .arg(&saved),
    );
    for p in [&json, &sheet, &saved] {
        assert_eq!(p.file_name().unwrap().len(), 250);
        assert!(p.is_file());
    }
    // Nothing else was left in the directory.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
}

#[test]
fn a_file_name_cannot_forge_a_line_of_output() {
    let dir = tempfile::tempdir().unwrap();
    let forged = dir
        .path()
        .join("x\nerror: forged.toml:1:1: all is well\u{1b}[2J");
    std::fs::write(&forged, "[lesson]\n").unwrap();
    for args in [&["train"][..], &["export"], &[]] {
        let out = bin().args(args).arg(&forged).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
        let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error")).collect();
        assert_eq!(errors.len(), 1, "{stderr}");
        assert!(errors[0].contains("x\\u{a}error: forged.toml"), "{stderr}");
    }
}

/// A lesson whose title holds an OSC sequence that would retitle the terminal.
fn osc_title_lesson(dir: &Path) -> PathBuf {
    let path = dir.join("osc.toml");
    let text = flagship().replacen(
        "title = { en = \"Two-layer sigmoid network\", zh = \"两层 sigmoid 网络\" }",
        "title = \"Two-layer \\u001b]0;pwned\\u0007 network\"",
        1,
    );
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn control_characters_in_a_lesson_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = osc_title_lesson(dir.path());
    for args in [&[][..], &["train"], &["export"], &["check"]] {
        let mut cmd = bin();
        cmd.args(args).arg(&path);
        if args == ["check"] {
            cmd.arg("-").write_stdin(SHEET);
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
            "{stderr:?}"
        );
        assert!(
            stderr.starts_with("error: ")
                && stderr.contains("osc.toml:2:9: `title` contains the control character U+001B"),
            "{stderr}"
        );
    }
    let out = bin().arg("lessons").output().unwrap();
    assert!(out.stdout.iter().all(|&b| b >= 0x20 || b == b'\n'));
}

#[test]
fn a_toml_file_over_the_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.toml");
    // 60 MB of brackets: the parser would need gigabytes for it.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(60_000_000).unwrap();
    let start = Instant::now();
    let out = bin().arg("train").arg(&path).output().unwrap();
    assert!(start.elapsed() < Duration::from_secs(2));
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "huge.toml: the file is 57.2 MiB, more than the limit of 384 KiB for a lesson"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("csv = \"FILE.csv\"") && stderr.contains("npy = \"FILE.npy\""));
    // The same through standard input, counted while reading.
    let big = "#".repeat(MAX_TOML_BYTES as usize + 1);
    let out = with_stdin(&["train", "-"], big.clone());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(
            "error: <stdin>: more than 393216 bytes (384 KiB), the limit for a lesson: reading \
             stopped there"
        ),
        "{stderr}"
    );
    let out = with_stdin(&["check", "sigmoid_2layer", "-"], big);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("for a worksheet"));
}

#[test]
fn a_lesson_of_exactly_the_limit_loads() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = flagship();
    text.push('#');
    while text.len() < MAX_TOML_BYTES as usize - 1 {
        text.push('x');
    }
    text.push('\n');
    assert_eq!(text.len() as u64, MAX_TOML_BYTES);
    let path = dir.path().join("full.toml");
    std::fs::write(&path, &text).unwrap();
    succeeds(bin().arg("train").arg(&path));
}

#[test]
fn a_lesson_can_come_from_standard_input_but_not_with_its_worksheet() {
    let out = with_stdin(&["train", "-"], flagship());
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("epoch 1/1  loss 0.298371"));
    let out = with_stdin(&["check", "-", "-"], flagship());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot both come from standard input"));
}

#[test]
fn bundled_worksheets_are_checked_from_any_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .current_dir(dir.path())
        .args(["check", "article_2_2_1", "article_2_2_1_slip"])
        .output()
        .unwrap();
    // The example has a slip in it: graded, and so exit status 1, without any warning.
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("follows from your a(1)[1]"), "{stdout}");
    assert!(stdout.contains("score: "), "{stdout}");
    // A file of that name wins over the bundled worksheet.
    std::fs::write(dir.path().join("article_2_2_1_slip"), SHEET).unwrap();
    succeeds(
        bin()
            .current_dir(dir.path())
            .args(["check", "sigmoid_2layer", "article_2_2_1_slip"]),
    );
}

#[test]
fn the_bundled_worksheets_are_the_files_in_lessons_worksheets() {
    let mut files: Vec<(String, String)> = std::fs::read_dir("lessons/worksheets")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    let mut bundled: Vec<(String, String)> = bpnn_tutor::check::bundled::WORKSHEETS
        .all()
        .iter()
        .map(|b| (b.name.to_string(), b.text.to_string()))
        .collect();
    bundled.sort();
    assert!(!files.is_empty());
    assert_eq!(bundled, files);
}

#[test]
fn a_blank_worksheet_too_large_to_check_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mnist.toml");
    let out = bin()
        .args(["worksheet", "mnist_sized", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("would be more than 384 KiB, the most `check` reads"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
