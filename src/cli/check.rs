//! `check`: grade a hand-worked worksheet against the exact trace and print the report
//! ([`crate::check::report`]), or several — a class — and print a table of them
//! ([`crate::check::class`]); exit status 0 when every answer of every worksheet is right, 1
//! otherwise.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use crate::check::report::{JsonLesson, JsonReport};
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

/// Why the worksheets named on the command line cannot be graded as a class.
#[derive(Debug, thiserror::Error)]
pub enum ClassError {
    /// A directory holds no `.toml` file.
    #[error("error: {0}: the directory holds no .toml worksheets")]
    EmptyDirectory(String),
    /// A directory cannot be listed.
    #[error("error: {dir}: the directory cannot be read: {source}")]
    Directory {
        /// The directory.
        dir: String,
        /// Why.
        source: std::io::Error,
    },
    /// `-` is named twice.
    #[error("error: standard input (-) can be read once only; name it once")]
    StdinTwice,
}

/// `bpnn-tutor check LESSON WORKSHEET…`: one worksheet's report, or a class table.
pub fn check(args: &CheckArgs, ascii: bool) -> Result<ExitCode, CliError> {
    let (sheets, class) = worksheet_list(&args.worksheets)?;
    if args.lesson == "-" && sheets.iter().any(|s| s == "-") {
        return Err(CliError::BothFromStdin);
    }
    let mut traces = Traces::new(Trace::new(lesson::load_arg(&args.lesson)?));
    let notation = args.notation(ascii);
    if !class {
        return check_one(args, &mut traces, &sheets[0], notation);
    }
    let graded: Vec<Graded> = sheets
        .iter()
        .map(|arg| grade_sheet(args, &mut traces, arg))
        .collect();
    let rows: Vec<class::Sheet> = graded.iter().map(Graded::row).collect();
    // A closed pipe cuts the table short, not the grade: the exit status still says it.
    let _ = stdout::write(|out| match (args.format, args.long) {
        (ReportFormat::Text, _) => out.write_all(class::text(&rows, notation).as_bytes()),
        (ReportFormat::Csv, false) => Ok(class::csv(&rows, out)?),
        (ReportFormat::Csv, true) => Ok(class::long_csv(&rows, out)?),
        (ReportFormat::Json, _) => {
            let base = traces.base().lesson();
            let report = JsonClass {
                format: "bpnn-tutor-class",
                version: CLASS_VERSION,
                lesson: JsonLesson {
                    title: &base.title,
                    file: &base.source,
                },
                worksheets: graded.iter().map(|g| g.json(&traces)).collect(),
                summary: class::summary::summary(&rows),
            };
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)
        }
    })?;
    Ok(exit(rows.iter().all(class::Sheet::all_right)))
}

/// The version of a class's JSON report.
pub const CLASS_VERSION: u32 = 1;

/// A class's JSON report: `{"format": "bpnn-tutor-class", "version": 1, "lesson",
/// "worksheets": [report…], "summary": {…}}`.
#[derive(serde::Serialize)]
struct JsonClass<'a> {
    format: &'static str,
    version: u32,
    lesson: JsonLesson<'a>,
    worksheets: Vec<JsonSheet<'a>>,
    summary: class::summary::Summary,
}

/// The trace of the lesson, and of each variant of it the worksheets name.
struct Traces {
    all: Vec<(Option<Variant>, Trace)>,
}

impl Traces {
    fn new(base: Trace) -> Self {
        Traces {
            all: vec![(None, base)],
        }
    }

    fn base(&self) -> &Trace {
        &self.all[0].1
    }

    /// The trace a worksheet is graded against: its variant's, or the lesson's.
    fn of(&mut self, sheet: &Worksheet) -> usize {
        let Some(variant) = &sheet.variant else {
            return 0;
        };
        if let Some(i) = self
            .all
            .iter()
            .position(|(v, _)| v.as_ref() == Some(variant))
        {
            return i;
        }
        let lesson = variant.lesson(self.base().lesson());
        self.all.push((Some(variant.clone()), Trace::new(lesson)));
        self.all.len() - 1
    }

    fn get(&self, i: usize) -> &Trace {
        &self.all[i].1
    }
}

fn exit(all_right: bool) -> ExitCode {
    if all_right {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// One worksheet: its report as today (text or JSON), or a one-row class table as CSV.
fn check_one(
    args: &CheckArgs,
    traces: &mut Traces,
    arg: &OsStr,
    notation: Notation,
) -> Result<ExitCode, CliError> {
    let sheet = load_sheet(traces.base(), &args.lesson, arg)?;
    let i = traces.of(&sheet);
    let trace = traces.get(i);
    let report = Report::new(trace, &sheet, policy(args, trace, &sheet))?;
    let variant = sheet.variant.as_ref().map(|v| v.id.as_str());
    let row = || [class::Sheet::graded(&sheet.file, &report, variant)];
    // A closed pipe cuts the report short, not the grade: the exit status still says it.
    let _ = stdout::write(|out| match (args.format, args.long) {
        (ReportFormat::Text, _) => out.write_all(report.text(trace, notation).as_bytes()),
        (ReportFormat::Json, _) => {
            serde_json::to_writer_pretty(&mut *out, &report.json(trace, &sheet))?;
            writeln!(out)
        }
        (ReportFormat::Csv, false) => Ok(class::csv(&row(), out)?),
        (ReportFormat::Csv, true) => Ok(class::long_csv(&row(), out)?),
    })?;
    Ok(exit(report.all_right()))
}

/// The precision floor of a worksheet: command line > worksheet > lesson > default.
fn policy(args: &CheckArgs, trace: &Trace, sheet: &Worksheet) -> Policy {
    Policy::resolve(args.precision(), sheet.grading, trace.lesson().grading)
}

/// A worksheet read and checked against the lesson, warning when it names another lesson.
fn load_sheet(trace: &Trace, lesson_arg: &OsStr, arg: &OsStr) -> Result<Worksheet, WorksheetError> {
    let warn = |file: &str, named: &Option<LessonRef>| {
        if let Some(named) = named
            && !same_lesson(lesson_arg, &named.name, arg)
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
    let sheet = worksheet::load_arg(arg, trace).inspect_err(|e| {
        if let Some(first) = e.problems.first() {
            warn(&first.file, &e.lesson);
        }
    })?;
    warn(&sheet.file, &sheet.lesson);
    Ok(sheet)
}

/// One worksheet of a class, graded against its trace (by index into [`Traces`]), or `None`
/// when it could not be (its problems are reported on standard error as they are found).
struct Graded {
    arg: OsString,
    graded: Option<(Worksheet, Report, usize)>,
}

fn grade_sheet(args: &CheckArgs, traces: &mut Traces, arg: &OsStr) -> Graded {
    let graded = load_sheet(traces.base(), &args.lesson, arg)
        .map_err(CliError::from)
        .and_then(|sheet| {
            let i = traces.of(&sheet);
            let trace = traces.get(i);
            let report = Report::new(trace, &sheet, policy(args, trace, &sheet))?;
            Ok((sheet, report, i))
        })
        .inspect_err(|e| eprintln!("{}\n", e.to_string().trim_end()))
        .ok();
    Graded {
        arg: arg.to_os_string(),
        graded,
    }
}

impl Graded {
    fn row(&self) -> class::Sheet {
        match &self.graded {
            Some((sheet, report, _)) => {
                let variant = sheet.variant.as_ref().map(|v| v.id.as_str());
                class::Sheet::graded(&sheet.file, report, variant)
            }
            None => class::Sheet::unreadable(display::os_str(&self.arg)),
        }
    }

    fn json<'a>(&'a self, traces: &'a Traces) -> JsonSheet<'a> {
        match &self.graded {
            Some((sheet, report, i)) => {
                JsonSheet::Report(Box::new(report.json(traces.get(*i), sheet)))
            }
            None => JsonSheet::Unreadable {
                format: "bpnn-tutor-check",
                version: crate::check::report::VERSION,
                worksheet: display::os_str(&self.arg),
                error: "the worksheet could not be read (see the errors on standard error)",
            },
        }
    }
}

/// One element of the JSON array of a class: a report, or a worksheet that could not be read.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum JsonSheet<'a> {
    Report(Box<JsonReport<'a>>),
    Unreadable {
        format: &'static str,
        version: u32,
        worksheet: String,
        error: &'static str,
    },
}

/// The worksheets to grade, directories expanded into their `.toml` files sorted by name, and
/// whether they are a class (more than one argument, or a directory).
fn worksheet_list(args: &[OsString]) -> Result<(Vec<OsString>, bool), ClassError> {
    if args.iter().filter(|a| *a == "-").count() > 1 {
        return Err(ClassError::StdinTwice);
    }
    let mut sheets = Vec::new();
    let mut class = args.len() > 1;
    for arg in args {
        let path = Path::new(arg);
        if arg != "-" && path.is_dir() {
            class = true;
            sheets.extend(directory(path)?);
        } else {
            sheets.push(arg.clone());
        }
    }
    Ok((sheets, class))
}

/// The `.toml` files of a directory (not hidden ones), sorted by name.
fn directory(dir: &Path) -> Result<Vec<OsString>, ClassError> {
    let unreadable = |source| ClassError::Directory {
        dir: display::path(dir),
        source,
    };
    let mut names: Vec<OsString> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        let name = entry.file_name();
        let path = entry.path();
        let toml = path.extension().is_some_and(|e| e == "toml");
        let hidden = name.to_string_lossy().starts_with('.');
        if toml && !hidden && path.is_file() {
            names.push(name);
        }
    }
    if names.is_empty() {
        return Err(ClassError::EmptyDirectory(display::path(dir)));
    }
    names.sort();
    Ok(names
        .into_iter()
        .map(|n| dir.join(n).into_os_string())
        .collect())
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
