//! `check`: grade a hand-worked worksheet against the exact trace and print the report
//! ([`crate::check::report`]), or several — a class — and print a table of them
//! ([`crate::check::class`]); exit status 0 when every answer of every worksheet is right, 1
//! otherwise.
//! `worksheet`: write a blank worksheet for one sample ([`crate::check::blank`]).

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use crate::check::worksheet::LessonRef;
use crate::check::{Policy, Report, Worksheet, WorksheetError, blank, class, worksheet};
use crate::export::{Target, write_atomic};
use crate::lesson::{self, Precision};
use crate::notation::Notation;
use crate::source::display;
use crate::source::limits::MAX_TOML_BYTES;
use crate::source::write::check_free;
use crate::trace::Trace;

use super::{CliError, stdout};

/// How `check` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned columns, with formulas for wrong answers (a class table for several worksheets).
    Text,
    /// One JSON document for one worksheet, an array of them for several.
    Json,
    /// The class table as CSV: a header row, then one row per worksheet.
    Csv,
}

/// `bpnn-tutor check LESSON WORKSHEET…`.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// A lesson file, or the name of a bundled lesson.
    pub lesson: OsString,
    /// The worksheets: TOML files with one `[[answer]]` per number (`-` for standard input),
    /// names of bundled worksheets, or directories of `.toml` worksheets. More than one, or
    /// a directory, grades a class: one row per worksheet.
    #[arg(required = true, value_name = "WORKSHEET")]
    pub worksheets: Vec<OsString>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Plain ASCII formulas, for terminals without Unicode.
    #[arg(long)]
    pub ascii: bool,
    /// A right answer has at least N significant figures (default 3; overrides the lesson's
    /// and the worksheet's [grading]).
    #[arg(long, value_name = "N", conflicts_with = "decimals",
          value_parser = clap::value_parser!(u32).range(1..=17))]
    pub significant_figures: Option<u32>,
    /// A right answer has at least N decimals (instead of significant figures).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=17))]
    pub decimals: Option<u32>,
}

impl CheckArgs {
    /// The precision floor the command line sets, if it sets one.
    fn precision(&self) -> Option<Precision> {
        match (self.significant_figures, self.decimals) {
            (Some(n), _) => Some(Precision::SignificantFigures(n)),
            (None, Some(n)) => Some(Precision::Decimals(n)),
            (None, None) => None,
        }
    }

    fn notation(&self, ascii: bool) -> Notation {
        if ascii || self.ascii {
            Notation::Ascii
        } else {
            Notation::Unicode
        }
    }
}

/// `bpnn-tutor check LESSON WORKSHEET…`: one worksheet's report, or a class table.
pub fn check(args: &CheckArgs, ascii: bool) -> Result<ExitCode, CliError> {
    let (sheets, class) = super::class::worksheet_list(&args.worksheets)?;
    if args.lesson == "-" && sheets.iter().any(|s| s == "-") {
        return Err(CliError::BothFromStdin);
    }
    let trace = Trace::new(lesson::load_arg(&args.lesson)?);
    let notation = args.notation(ascii);
    if !class {
        return check_one(args, &trace, &sheets[0], notation);
    }
    super::class::grade(args, &trace, &sheets, notation)
}

pub(super) fn exit(all_right: bool) -> ExitCode {
    if all_right {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// One worksheet: its report as today (text or JSON), or a one-row class table as CSV.
fn check_one(
    args: &CheckArgs,
    trace: &Trace,
    arg: &OsStr,
    notation: Notation,
) -> Result<ExitCode, CliError> {
    let (sheet, warning) = load_sheet(trace, &args.lesson, arg);
    if let Some(warning) = warning {
        super::say(&warning);
    }
    let sheet = sheet?;
    let report = Report::new(trace, &sheet, policy(args, trace, &sheet))?;
    // A closed pipe cuts the report short, not the grade: the exit status still says it.
    let _ = stdout::write(|out| match args.format {
        ReportFormat::Text => out.write_all(report.text(trace, notation).as_bytes()),
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report.json(trace, &sheet))?;
            writeln!(out)
        }
        ReportFormat::Csv => {
            class::csv_header(out)?;
            class::csv_row(&class::Sheet::graded(&sheet.file, &report), out)
        }
    })?;
    Ok(exit(report.all_right()))
}

/// The precision floor of a worksheet: command line > worksheet > lesson > default.
pub(super) fn policy(args: &CheckArgs, trace: &Trace, sheet: &Worksheet) -> Policy {
    Policy::resolve(args.precision(), sheet.grading, trace.lesson().grading)
}

/// A worksheet read and checked against the lesson, with a warning when it names another
/// lesson (returned, so that a class prints it in the order of its table).
pub(super) fn load_sheet(
    trace: &Trace,
    lesson_arg: &OsStr,
    arg: &OsStr,
) -> (Result<Worksheet, WorksheetError>, Option<String>) {
    let warning = |file: &str, named: &Option<LessonRef>| {
        let named = named.as_ref()?;
        (!same_lesson(lesson_arg, &named.name, arg)).then(|| {
            format!(
                "warning: {}:{}:{}: the worksheet is for the lesson {}, but it is checked against {} (the command line wins)",
                display::line(file),
                named.line,
                named.column,
                display::quoted(&named.name),
                display::quoted(&lesson_arg.to_string_lossy())
            )
        })
    };
    match worksheet::load_arg(arg, trace) {
        Ok(sheet) => {
            let said = warning(&sheet.file, &sheet.lesson);
            (Ok(sheet), said)
        }
        Err(e) => {
            let said = e.problems.first().and_then(|p| warning(&p.file, &e.lesson));
            (Err(e), said)
        }
    }
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
