//! `train --save` of a lesson saved as several files (TOML and `.npy` files beside it), through
//! the real binary: one transaction. Interrupted or failing, it leaves the earlier save whole
//! and no temporary file; what would make it fail is found before training starts.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use bpnn_tutor::lesson;

/// A network of 10 inputs, two hidden layers of 2000 and one output: its 4,024,001 parameters
/// are saved as `.npy` files, the second layer's weights (32 MB) after the small first layer's.
fn wide(epochs: usize) -> String {
    format!(
        "[lesson]\ntitle = \"Wide\"\n\n[network]\ninputs = 10\n\
         init = {{ scheme = \"xavier_uniform\", seed = 5 }}\n\n\
         [[network.layer]]\nneurons = 2000\nactivation = \"tanh\"\n\n\
         [[network.layer]]\nneurons = 2000\nactivation = \"tanh\"\n\n\
         [[network.layer]]\nneurons = 1\nactivation = \"sigmoid\"\n\n\
         [training]\nloss = \"bce\"\noptimizer = {{ kind = \"sgd\", learning_rate = 0.1 }}\n\
         epochs = {epochs}\n\n\
         [generate]\nsamples = 2\ndistribution = \"uniform\"\nseed = 9\ntarget = [1.0]\n"
    )
}

fn train(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bpnn-tutor"));
    cmd.current_dir(dir)
        .arg("train")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Every file in `dir` with its bytes, hidden ones included.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap_or_default())
        })
        .collect()
}

fn names(dir: &Path) -> Vec<String> {
    files(dir).into_keys().collect()
}

#[track_caller]
fn succeeded(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A directory with `one.toml` (1 epoch) and `two.toml` (2 epochs), and `one` saved as
/// `t.toml`: the earlier save. Returns the directory and that save's files.
fn with_an_earlier_save() -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("one.toml"), wide(1)).unwrap();
    std::fs::write(dir.path().join("two.toml"), wide(2)).unwrap();
    succeeded(
        &train(dir.path())
            .args(["one.toml", "--save", "t.toml"])
            .output()
            .unwrap(),
    );
    let saved: BTreeMap<String, Vec<u8>> = files(dir.path())
        .into_iter()
        .filter(|(name, _)| name.starts_with("t."))
        .collect();
    let saved_names: Vec<&str> = saved.keys().map(String::as_str).collect();
    assert_eq!(
        saved_names,
        [
            "t.b1.npy", "t.b2.npy", "t.b3.npy", "t.toml", "t.w1.npy", "t.w2.npy", "t.w3.npy"
        ]
    );
    (dir, saved)
}

/// The earlier save is all there, byte for byte, loads, and nothing else was left.
#[track_caller]
fn earlier_save_whole(dir: &Path, saved: &BTreeMap<String, Vec<u8>>) {
    let now: BTreeMap<String, Vec<u8>> = files(dir)
        .into_iter()
        .filter(|(name, _)| name != "one.toml" && name != "two.toml")
        .collect();
    let now_names: Vec<&String> = now.keys().collect();
    let saved_names: Vec<&String> = saved.keys().collect();
    assert_eq!(now_names, saved_names, "stray or missing files");
    for (name, bytes) in saved {
        assert!(now[name] == *bytes, "{name} changed");
    }
    let l = lesson::load(&dir.join("t.toml")).unwrap();
    assert_eq!(l.title, "Wide (trained for 1 epoch)");
}

/// Hidden files in `dir` whose names start with `prefix` and end in `.partial`, with their sizes.
fn partials(dir: &Path, prefix: &str) -> Vec<u64> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            (name.starts_with(prefix) && name.ends_with(".partial"))
                .then(|| e.metadata().map_or(0, |m| m.len()))
        })
        .collect()
}

fn kill(child: &std::process::Child, signal: i32) {
    // SAFETY: kill(2) on a child this test started and has not reaped.
    assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
}

/// Runs `train ARGS…` in `dir` and sends `signal` while it writes the second layer's weights
/// (32 MB, the file that takes longest): the process is stopped there, found not to have
/// begun moving files into place (the lesson, written last, is not written yet), sent the
/// signal and continued. `false` if the save was not caught while writing (a busy machine).
fn interrupt_while_saving(dir: &Path, args: &[&str], signal: i32) -> bool {
    use std::os::unix::process::ExitStatusExt;
    let mut child = train(dir).args(args).spawn().unwrap();
    let start = Instant::now();
    loop {
        if partials(dir, ".t.w2.npy.").iter().any(|&len| len > 0) {
            kill(&child, libc::SIGSTOP);
            if partials(dir, ".t.toml.").is_empty() {
                break;
            }
            kill(&child, libc::SIGCONT);
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "no save began");
        std::thread::sleep(Duration::from_millis(1));
    }
    kill(&child, signal);
    kill(&child, libc::SIGCONT);
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.signal(),
        Some(signal),
        "{:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

#[cfg(unix)]
#[test]
fn an_interrupted_save_leaves_the_earlier_save_whole_and_no_stray_file() {
    let mut caught = 0;
    for signal in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP] {
        let (dir, saved) = with_an_earlier_save();
        let args = ["two.toml", "--save", "t.toml", "--force"];
        if interrupt_while_saving(dir.path(), &args, signal) {
            caught += 1;
            earlier_save_whole(dir.path(), &saved);
        } else {
            // It finished first: the new save is whole, and nothing is left over.
            let l = lesson::load(&dir.path().join("t.toml")).unwrap();
            assert_eq!(l.title, "Wide (trained for 2 epochs)");
            assert!(names(dir.path()).iter().all(|n| !n.starts_with('.')));
        }
    }
    // Without an earlier save, an interrupted one leaves nothing, and a second run does not
    // find files in its way.
    let fresh = tempfile::tempdir().unwrap();
    std::fs::write(fresh.path().join("one.toml"), wide(1)).unwrap();
    if interrupt_while_saving(
        fresh.path(),
        &["one.toml", "--save", "t.toml"],
        libc::SIGTERM,
    ) {
        caught += 1;
        assert_eq!(names(fresh.path()), ["one.toml"]);
    }
    succeeded(
        &train(fresh.path())
            .args(["one.toml", "--save", "t.toml", "--force"])
            .output()
            .unwrap(),
    );
    assert_eq!(names(fresh.path()).len(), 8);
    assert!(
        caught >= 2,
        "only {caught} of 4 saves were caught while writing"
    );
}

#[cfg(unix)]
#[test]
fn a_save_that_fails_part_way_leaves_the_earlier_save_whole() {
    use std::os::unix::process::CommandExt;
    let (dir, saved) = with_an_earlier_save();
    // Files may grow to 1 MiB only (as on a disk that is full): the first layer's files are
    // written, the second layer's weights (32 MB) are not.
    let mut cmd = train(dir.path());
    cmd.args(["two.toml", "--save", "t.toml", "--force"]);
    // SAFETY: between fork and exec the hook only calls signal(2) and setrlimit(2).
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: 1 << 20,
                rlim_max: 1 << 20,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("error: cannot write t.w2.npy: "),
        "{stderr}"
    );
    earlier_save_whole(dir.path(), &saved);
}

#[test]
fn what_would_make_a_save_fail_is_found_before_training() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("one.toml"), wide(1)).unwrap();
    // The lesson's name fits in 255 bytes, the names beside it do not.
    let long = format!("{}.toml", "s".repeat(250));
    let refused = |args: &[&str]| {
        let out = train(dir.path())
            .arg("one.toml")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty(), "trained before refusing");
        assert_eq!(
            names(dir.path()),
            ["one.toml", "plain"],
            "left files behind"
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    std::fs::write(dir.path().join("plain"), "a file, not a directory").unwrap();
    let stderr = refused(&["--save", &long]);
    assert!(
        stderr.starts_with(&format!(
            "error: cannot write {}.w1.npy: its name is 257 bytes long, more than the 255 a \
             file name may have",
            "s".repeat(250)
        )),
        "{stderr}"
    );
    let stderr = refused(&["--save", "missing/t.toml"]);
    assert_eq!(
        stderr,
        "error: cannot write missing/t.w1.npy: the directory missing does not exist\n"
    );
    let stderr = refused(&["--save", "plain/t.toml"]);
    assert!(stderr.contains("plain is not a directory"), "{stderr}");
    // A directory that may not be written to (unless this runs with the power to write
    // anywhere).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
        let writable_anyway = std::fs::write(locked.join("probe"), "").is_ok();
        let _ = std::fs::remove_file(locked.join("probe"));
        if !writable_anyway {
            let out = train(dir.path())
                .args(["one.toml", "--save", "locked/t.toml"])
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1));
            assert!(out.stdout.is_empty());
            assert!(
                stderr.contains("the directory locked may not be written to"),
                "{stderr}"
            );
        }
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::remove_dir(&locked).unwrap();
    }
    // `export` and `worksheet` check their file at once too.
    for args in [
        &["export", "sigmoid_2layer", "-o", "missing/x.md"][..],
        &["worksheet", "sigmoid_2layer", "-o", "missing/x.toml"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_bpnn-tutor"))
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("the directory missing does not exist"),
            "{stderr}"
        );
    }
    assert_eq!(names(dir.path()), ["one.toml", "plain"]);
}
