//! `check`: grade a hand-worked worksheet against the exact trace and print the report
//! ([`crate::check::report`]), or several — a class — and print a table of them
//! ([`crate::check::class`]); exit status 0 when every answer of every worksheet is right, 1
//! otherwise. A worksheet drawn for a variant of the lesson is graded against its variant's
//! trace ([`Traces`]).

use std::collections::VecDeque;
use std::ffi::{OsStr, OsString};
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};

use clap::ValueEnum;

use crate::check::variant::Variant;
use crate::check::worksheet::LessonRef;
use crate::check::{Policy, Report, Worksheet, WorksheetError, class, worksheet};
use crate::lesson::{self, Precision};
use crate::notation::Notation;
use crate::source::display;
use crate::trace::Trace;

use super::{CliError, stdout};

/// How `check` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned columns, with formulas for wrong answers (a class table for several worksheets).
    Text,
    /// One JSON document for one worksheet, an array of them for several.
    Json,
    /// The class table as CSV: a header row, then one row per worksheet (or, with --long,
    /// one per answer).
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
    /// With --format csv: one row per answer (worksheet, student, step, verdict,
    /// misconception, marks…), for pivot tables, instead of one per worksheet.
    #[arg(long)]
    pub long: bool,
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
    let traces = Traces::new(Trace::new(lesson::load_arg(&args.lesson)?));
    let notation = args.notation(ascii);
    if !class {
        return check_one(args, &traces, &sheets[0], notation);
    }
    super::class::grade(args, &traces, &sheets, notation)
}

/// The lesson's trace, and the traces of the variants of it that worksheets are drawn for:
/// each built when a worksheet needs it and shared by the threads grading a class; only the
/// last few are kept, so a class of one variant per student holds a few traces, not one per
/// student.
pub(super) struct Traces {
    base: Trace,
    recent: Mutex<VecDeque<(Variant, Arc<Trace>)>>,
}

/// How many variants' traces [`Traces`] keeps (a variant's lesson is small: at most
/// [`crate::check::variant::MAX_PARAMETERS`] parameters, quick to train again).
const VARIANTS_KEPT: usize = 8;

/// A trace [`Traces`] hands out: the lesson's, or a variant's.
pub(super) enum TraceRef<'a> {
    Base(&'a Trace),
    Variant(Arc<Trace>),
}

impl Deref for TraceRef<'_> {
    type Target = Trace;

    fn deref(&self) -> &Trace {
        match self {
            TraceRef::Base(trace) => trace,
            TraceRef::Variant(trace) => trace,
        }
    }
}

impl Traces {
    fn new(base: Trace) -> Self {
        Traces {
            base,
            recent: Mutex::new(VecDeque::new()),
        }
    }

    /// The lesson's trace, which every worksheet is read against.
    pub(super) fn base(&self) -> &Trace {
        &self.base
    }

    /// The trace `sheet` is graded against: its variant's, or the lesson's.
    pub(super) fn of(&self, sheet: &Worksheet) -> TraceRef<'_> {
        let Some(variant) = &sheet.variant else {
            return TraceRef::Base(&self.base);
        };
        let kept = |recent: &VecDeque<(Variant, Arc<Trace>)>| {
            recent
                .iter()
                .find(|(v, _)| v == variant)
                .map(|(_, t)| Arc::clone(t))
        };
        let recent = || self.recent.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(trace) = kept(&recent()) {
            return TraceRef::Variant(trace);
        }
        // Trained without the lock, so other threads go on meanwhile.
        let trace = Arc::new(Trace::new(variant.lesson(self.base.lesson())));
        let mut recent = recent();
        if kept(&recent).is_none() {
            recent.push_back((variant.clone(), Arc::clone(&trace)));
            if recent.len() > VARIANTS_KEPT {
                recent.pop_front();
            }
        }
        TraceRef::Variant(trace)
    }
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
    traces: &Traces,
    arg: &OsStr,
    notation: Notation,
) -> Result<ExitCode, CliError> {
    let (sheet, warning) = load_sheet(traces.base(), &args.lesson, arg);
    if let Some(warning) = warning {
        super::say(&warning);
    }
    let sheet = sheet?;
    let own = traces.of(&sheet);
    let trace: &Trace = &own;
    let report = Report::new(trace, &sheet, policy(args, trace, &sheet))?;
    let variant = sheet.variant.as_ref().map(|v| v.id.as_str());
    let row = || class::Sheet::graded(&sheet.file, &report, variant);
    // A closed pipe cuts the report short, not the grade: the exit status still says it.
    let _ = stdout::write(|out| match (args.format, args.long) {
        (ReportFormat::Text, _) => out.write_all(report.text(trace, notation).as_bytes()),
        (ReportFormat::Json, _) => {
            serde_json::to_writer_pretty(&mut *out, &report.json(trace, &sheet))?;
            writeln!(out)
        }
        (ReportFormat::Csv, false) => {
            class::csv_header(out)?;
            class::csv_row(&row(), out)
        }
        (ReportFormat::Csv, true) => {
            class::long_csv_header(out)?;
            class::long_csv_rows(&row(), &class::items(&report), out)
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
            let at = format!("{}:{}:{}", display::line(file), named.line, named.column);
            let warning = crate::msg!(
                "err-other-lesson",
                at = at,
                named = display::quoted(&named.name),
                given = display::quoted(&lesson_arg.to_string_lossy())
            );
            format!("{}{warning}", crate::msg!("err-warning"))
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
