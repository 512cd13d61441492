//! `check`: grade a hand-worked worksheet against the exact trace and print the report
//! ([`crate::check::report`]); exit status 0 when no answer is wrong or carried, 1 otherwise.
//! `worksheet`: write a blank worksheet for one sample ([`crate::check::blank`]).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use crate::check::worksheet::LessonRef;
use crate::check::{Report, blank, worksheet};
use crate::export::{Target, write_atomic};
use crate::lesson;
use crate::notation::Notation;
use crate::source::display;
use crate::source::limits::MAX_TOML_BYTES;
use crate::source::write::check_free;
use crate::trace::Trace;

use super::{CliError, stdout};

/// How `check` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned columns, with formulas for wrong answers.
    Text,
    /// One JSON document, for scripts.
    Json,
}

/// `bpnn-tutor check LESSON WORKSHEET`.
pub fn check(
    lesson_arg: &OsStr,
    worksheet_arg: &OsStr,
    format: ReportFormat,
    ascii: bool,
) -> Result<ExitCode, CliError> {
    if lesson_arg == "-" && worksheet_arg == "-" {
        return Err(CliError::BothFromStdin);
    }
    let trace = Trace::new(lesson::load_arg(lesson_arg)?);
    let warn = |file: &str, named: &Option<LessonRef>| {
        if let Some(named) = named
            && !same_lesson(lesson_arg, &named.name, worksheet_arg)
        {
            eprintln!(
                "warning: {}:{}:{}: the worksheet is for the lesson {:?}, but it is checked against {:?} (the command line wins)",
                display::line(file),
                named.line,
                named.column,
                named.name,
                lesson_arg.to_string_lossy()
            );
        }
    };
    let sheet = worksheet::load_arg(worksheet_arg, &trace).inspect_err(|e| {
        if let Some(first) = e.problems.first() {
            warn(&first.file, &e.lesson);
        }
    })?;
    warn(&sheet.file, &sheet.lesson);
    let report = Report::new(&trace, &sheet)?;
    let notation = if ascii {
        Notation::Ascii
    } else {
        Notation::Unicode
    };
    // A closed pipe cuts the report short, not the grade: the exit status still says it.
    let _ = stdout::write(|out| match format {
        ReportFormat::Text => out.write_all(report.text(&trace, notation).as_bytes()),
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report.json(&trace, &sheet))?;
            writeln!(out)
        }
    })?;
    Ok(if report.all_right() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `bpnn-tutor worksheet LESSON -o FILE`.
pub fn write_blank(
    lesson_arg: &OsStr,
    epoch: usize,
    sample: usize,
    output: &OsStr,
    force: bool,
) -> Result<ExitCode, CliError> {
    let target = Target::parse(output);
    // Refuse early rather than after loading a large lesson.
    check_free(&target, force)?;
    let trace = Trace::new(lesson::load_arg(lesson_arg)?);
    blank::validate(&trace, epoch, sample)?;
    let shown = match &target {
        Target::File(path) => display::path(path),
        Target::Stdout => "WORKSHEET.toml".to_string(),
    };
    // Rendered first, so a worksheet `check` could not read back is never written.
    let mut text = Bounded {
        bytes: Vec::new(),
        limit: MAX_TOML_BYTES as usize,
    };
    if let Err(e) = blank::write(&trace, epoch, sample, &shown, &mut text) {
        return Err(match e.kind() {
            std::io::ErrorKind::FileTooLarge => CliError::BlankTooLarge { epoch, sample },
            _ => crate::export::WriteError::Stdout(e).into(),
        });
    }
    let body = |out: &mut dyn std::io::Write| out.write_all(&text.bytes);
    match &target {
        Target::Stdout => {
            let _ = stdout::write(body)?;
        }
        Target::File(_) => write_atomic(&target, force, body)?,
    }
    if let Target::File(path) = &target {
        eprintln!(
            "wrote {}: a blank worksheet for epoch {epoch}, sample {sample}; check it with: bpnn-tutor check {} {}",
            display::path(path),
            display::os_str(lesson_arg),
            display::path(path)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Collects bytes up to a limit, then fails with `FileTooLarge`.
struct Bounded {
    bytes: Vec<u8>,
    limit: usize,
}

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.limit {
            return Err(std::io::ErrorKind::FileTooLarge.into());
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Does the worksheet's `lesson = "…"` name the lesson given on the command line? Paths are
/// compared as files when both exist (a relative one also from the worksheet's directory);
/// otherwise by name, so `sigmoid_2layer`, `lessons/sigmoid_2layer.toml` and a copy of that
/// file elsewhere all count as the same lesson.
fn same_lesson(arg: &OsStr, named: &str, worksheet_path: &OsStr) -> bool {
    let existing = |p: PathBuf| p.is_file().then(|| p.canonicalize().ok()).flatten();
    let from_arg = existing(PathBuf::from(arg));
    let beside = Path::new(worksheet_path)
        .parent()
        .map(|dir| dir.join(named))
        .and_then(existing);
    let from_sheet = existing(PathBuf::from(named)).or(beside);
    if let (Some(a), Some(b)) = (&from_arg, &from_sheet) {
        return a == b;
    }
    let stem = |s: &str| {
        let name = s.rsplit(['/', '\\']).next().unwrap_or(s);
        name.strip_suffix(".toml").unwrap_or(name).to_string()
    };
    stem(&arg.to_string_lossy()) == stem(named)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lessons_are_the_same_by_file_or_by_name() {
        let same = |a: &str, named, ws: &str| same_lesson(a.as_ref(), named, ws.as_ref());
        assert!(same(
            "sigmoid_2layer",
            "lessons/sigmoid_2layer.toml",
            "ws.toml"
        ));
        assert!(same(
            "/elsewhere/sigmoid_2layer.toml",
            "sigmoid_2layer",
            "ws.toml"
        ));
        assert!(!same("sigmoid_2layer", "xor.toml", "ws.toml"));
    }
}
