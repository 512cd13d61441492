//! Running `bpnn-tutor check` as a teacher does: lessons and worksheets written into a fresh
//! directory, the real binary run there (so messages name the files as written).

use std::path::{Path, PathBuf};

use serde_json::Value;

/// A directory to write lessons and worksheets into and run the binary in.
pub struct Dir {
    pub dir: tempfile::TempDir,
}

/// What a run printed, and its exit code.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Dir {
    pub fn new() -> Self {
        Dir {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `text` to `name` (directories created as needed).
    pub fn write(&self, name: &str, text: &str) -> &Self {
        let path = self.path(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out = super::cli::bin()
            .current_dir(self.dir.path())
            .args(args)
            .output()
            .unwrap();
        Run {
            code: out.status.code(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// `check LESSON WORKSHEET --format json EXTRA…`: the report (nothing on standard error).
    pub fn json(&self, lesson: &str, sheet: &str, extra: &[&str]) -> Value {
        let mut args = vec!["check", lesson, sheet, "--format", "json"];
        args.extend_from_slice(extra);
        let r = self.run(&args);
        assert!(r.stderr.is_empty(), "{}", r.stderr);
        serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
    }
}

/// A bundled lesson's file, by name.
pub fn lesson_file(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("lessons")
        .join(format!("{name}.toml"))
        .display()
        .to_string()
}

/// One `[[answer]]`; `at` adds lines such as `epoch = 2` or `sample = 3`.
pub fn answer(name: &str, value: &str, at: &str) -> String {
    format!("[[answer]]\nname = \"{name}\"\n{at}value = {value}\n\n")
}

/// (name, verdict, misconception id) of every answer of a report.
pub fn marks(report: &Value) -> Vec<(String, String, Option<String>)> {
    report["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap().to_string(),
                a["verdict"].as_str().unwrap().to_string(),
                a["misconception"]["id"].as_str().map(String::from),
            )
        })
        .collect()
}
