//! `check`: grade a hand-worked worksheet against the exact trace and print the report
//! ([`crate::check::report`]); exit status 0 when no answer is wrong or carried, 1 otherwise.
//! `worksheet`: write a blank worksheet for one sample ([`crate::check::blank`]).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use crate::check::worksheet::LessonRef;
use crate::check::{Report, blank, worksheet};
use crate::export::{Target, write_atomic};
use crate::lesson;
use crate::notation::Notation;
use crate::trace::Trace;

use super::Failure;

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
    lesson_arg: &str,
    worksheet_path: &str,
    format: ReportFormat,
    ascii: bool,
) -> Result<ExitCode, Failure> {
    let trace = Trace::new(lesson::load_arg(lesson_arg)?);
    let warn = |file: &str, named: &Option<LessonRef>| {
        if let Some(named) = named
            && !same_lesson(lesson_arg, &named.name, worksheet_path)
        {
            eprintln!(
                "warning: {file}:{}:{}: the worksheet is for the lesson {:?}, but it is checked against {:?} (the command line wins)",
                named.line, named.column, named.name, lesson_arg
            );
        }
    };
    let sheet = worksheet::load(worksheet_path, &trace).map_err(|e| {
        if let Some(first) = e.problems.first() {
            warn(&first.file, &e.lesson);
        }
        Failure(e.to_string())
    })?;
    warn(&sheet.file, &sheet.lesson);
    let report = Report::new(&trace, &sheet).map_err(|e| Failure(e.to_string()))?;
    let notation = if ascii {
        Notation::Ascii
    } else {
        Notation::Unicode
    };
    write_atomic(&Target::Stdout, false, |out| match format {
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
    lesson_arg: &str,
    epoch: usize,
    sample: usize,
    output: &str,
    force: bool,
) -> Result<ExitCode, Failure> {
    let target = Target::parse(output);
    // Refuse early rather than after loading a large lesson.
    if let Target::File(path) = &target
        && !force
        && std::fs::symlink_metadata(path).is_ok()
    {
        return Err(crate::export::WriteError::Exists(path.display().to_string()).into());
    }
    let trace = Trace::new(lesson::load_arg(lesson_arg)?);
    blank::validate(&trace, epoch, sample).map_err(|m| Failure(format!("error: {m}")))?;
    let shown = match &target {
        Target::File(path) => path.display().to_string(),
        Target::Stdout => "WORKSHEET.toml".to_string(),
    };
    write_atomic(&target, force, |out| {
        blank::write(&trace, epoch, sample, &shown, out)
    })?;
    if let Target::File(path) = &target {
        eprintln!(
            "wrote {}: a blank worksheet for epoch {epoch}, sample {sample}; check it with: bpnn-tutor check {} {}",
            path.display(),
            lesson_arg,
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Does the worksheet's `lesson = "…"` name the lesson given on the command line? Paths are
/// compared as files when both exist (a relative one also from the worksheet's directory);
/// otherwise by name, so `sigmoid_2layer`, `lessons/sigmoid_2layer.toml` and a copy of that
/// file elsewhere all count as the same lesson.
fn same_lesson(arg: &str, named: &str, worksheet_path: &str) -> bool {
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
    stem(arg) == stem(named)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lessons_are_the_same_by_file_or_by_name() {
        assert!(same_lesson(
            "sigmoid_2layer",
            "lessons/sigmoid_2layer.toml",
            "ws.toml"
        ));
        assert!(same_lesson(
            "/elsewhere/sigmoid_2layer.toml",
            "sigmoid_2layer",
            "ws.toml"
        ));
        assert!(!same_lesson("sigmoid_2layer", "xor.toml", "ws.toml"));
    }
}
