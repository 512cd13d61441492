//! `check LESSON A.toml B.toml …` or a directory of worksheets: a class, graded on every core,
//! its table ([`crate::check::class`]) written row by row in the order of the list as the
//! worksheets are graded, in every format: text, CSV (one row per worksheet, or per answer
//! with `--long`) and JSON (the reports, then a summary counted as they went by). A few
//! graded worksheets wait at most, so a class of any size costs the memory of a few
//! worksheets; a reader that goes away stops the table, not the grading (the exit status
//! still says whether every worksheet was all right). The text table's columns are made as
//! wide as the worksheets need by reading them all first (reading is quick; grading is not).

use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::process::ExitCode;
use std::sync::mpsc;
use std::sync::{Mutex, PoisonError};
use std::thread;

use crate::check::class::summary::Analysis;
use crate::check::class::{self, Fit, Item, Sheet, Tally, TextTable};
use crate::check::report::{JsonLesson, VERSION};
use crate::check::{Report, Worksheet, WorksheetError, worksheet};
use crate::notation::Notation;
use crate::source::display;

use super::check::{CheckArgs, ReportFormat, Traces, exit, load_sheet, policy};
use super::stdout::Stream;
use super::{CliError, say};

/// Why the worksheets named on the command line cannot be graded as a class; said in the
/// process's language.
#[derive(Debug, thiserror::Error)]
pub enum ClassError {
    /// A directory holds no `.toml` file.
    EmptyDirectory(String),
    /// A directory cannot be listed.
    Directory {
        /// The directory.
        dir: String,
        /// Why.
        source: std::io::Error,
    },
    /// `-` is named twice.
    StdinTwice,
}

impl std::fmt::Display for ClassError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::msg;
        let said = match self {
            ClassError::EmptyDirectory(dir) => msg!("err-no-worksheets", dir = dir),
            ClassError::Directory { dir, source } => msg!(
                "err-unreadable-directory",
                dir = dir,
                error = source.to_string()
            ),
            ClassError::StdinTwice => msg!("err-stdin-twice"),
        };
        write!(f, "{}{said}", msg!("err-error"))
    }
}

/// The version of a class's JSON report.
pub const CLASS_VERSION: u32 = 1;

/// One worksheet of a class, graded: its row, its answers when the format lists them (the
/// long CSV, and JSON's item analysis), its JSON report when that is the format, and what
/// to say on standard error about it (warnings, or why it could not be read).
struct Graded {
    row: Sheet,
    items: Vec<Item>,
    json: Option<String>,
    said: Vec<String>,
}

/// A worksheet read (or why not), with the warning to give about it.
type Loaded = (Result<Worksheet, WorksheetError>, Option<String>);

/// Grades the worksheets `sheets` (a class) against `traces` and writes their table.
pub fn grade(
    args: &CheckArgs,
    traces: &Traces,
    sheets: &[OsString],
    notation: Notation,
) -> Result<ExitCode, CliError> {
    let names: Vec<String> = sheets.iter().map(worksheet::name_of).collect();
    // Standard input read while measuring the table, kept for its grading.
    let stdin: Mutex<Option<Loaded>> = Mutex::new(None);
    let table = (args.format == ReportFormat::Text)
        .then(|| measure(args, traces, sheets, &names, notation, &stdin));
    let mut out = Stream::new();
    match (args.format, &table) {
        (ReportFormat::Text, Some(table)) => {
            out.write(|o| o.write_all(table.header().as_bytes()))?
        }
        (ReportFormat::Csv, _) if args.long => out.write(class::long_csv_header)?,
        (ReportFormat::Csv, _) => out.write(class::csv_header)?,
        (ReportFormat::Json, _) => {
            let lesson = traces.base().lesson();
            let lesson = JsonLesson {
                title: &lesson.title,
                file: &lesson.source,
            };
            out.write(|o| {
                write!(
                    o,
                    "{{\n  \"format\": \"bpnn-tutor-class\",\n  \"version\": {CLASS_VERSION},\n  \
                     \"lesson\": {},\n  \"worksheets\": [",
                    nested(&pretty(&lesson), 2)
                )
            })?
        }
        (ReportFormat::Text, None) => {}
    }
    let mut tally = Tally::default();
    let mut analysis = Analysis::default();
    let mut written = 0;
    let grade_one = |i: usize| grade_sheet(args, traces, &sheets[i], &names[i], &stdin);
    in_order(sheets.len(), grade_one, |graded| {
        for message in &graded.said {
            say(message);
        }
        tally.add(&graded.row);
        let result = match (args.format, &table) {
            (ReportFormat::Text, Some(table)) => {
                let row = table.row(&graded.row, tally.first_policy());
                out.write(|o| o.write_all(row.as_bytes()))
            }
            (ReportFormat::Text, None) => Ok(()),
            (ReportFormat::Csv, _) if args.long => {
                out.write(|o| class::long_csv_rows(&graded.row, &graded.items, o))
            }
            (ReportFormat::Csv, _) => out.write(|o| class::csv_row(&graded.row, o)),
            (ReportFormat::Json, _) => {
                analysis.add(&graded.items);
                let json = graded.json.as_deref().unwrap_or("null");
                out.write(|o| {
                    let comma = if written == 0 { "" } else { "," };
                    write!(o, "{comma}\n    {}", nested(json, 4))
                })
            }
        };
        written += 1;
        result.and_then(|()| out.flush())
    })?;
    match (args.format, &table) {
        (ReportFormat::Text, Some(table)) => {
            out.write(|o| o.write_all(table.footer(&tally).as_bytes()))?
        }
        (ReportFormat::Json, _) => {
            let summary = pretty(&analysis.summary(&tally));
            out.write(|o| write!(o, "\n  ],\n  \"summary\": {}\n}}\n", nested(&summary, 2)))?
        }
        _ => {}
    }
    out.flush()?;
    Ok(exit(tally.all_right()))
}

/// The text table, its columns as wide as every worksheet needs: each is read (on every core)
/// and measured, and dropped; standard input, which cannot be read twice, is kept in `stdin`
/// for its grading. A worksheet that cannot be read is said so when it is graded.
fn measure(
    args: &CheckArgs,
    traces: &Traces,
    sheets: &[OsString],
    names: &[String],
    notation: Notation,
    stdin: &Mutex<Option<Loaded>>,
) -> TextTable {
    let mut table = TextTable::new(names.iter().map(String::as_str), notation);
    let read = |i: usize| {
        let loaded = load_sheet(traces.base(), &args.lesson, &sheets[i]);
        let fit = match &loaded.0 {
            Ok(sheet) => Fit::of(sheet, traces.base(), notation),
            Err(_) => Fit::default(),
        };
        (fit, (sheets[i] == "-").then_some(loaded))
    };
    let kept = in_order(sheets.len(), read, |(fit, loaded)| {
        table.fit(fit);
        if let Some(loaded) = loaded {
            *stdin.lock().unwrap_or_else(PoisonError::into_inner) = Some(loaded);
        }
        Ok::<(), ()>(())
    });
    debug_assert!(kept.is_ok());
    table
}

/// `json`, a pretty-printed JSON document, as a value nested `depth` spaces deep: every line
/// after the first indented by that much (a JSON string never holds a line break, so this
/// changes no value).
fn nested(json: &str, depth: usize) -> String {
    let indent = format!("\n{}", " ".repeat(depth));
    json.lines().collect::<Vec<_>>().join(&indent)
}

/// Runs `work(0)`, `work(1)`, … `work(n − 1)` on every core and hands the results to `take` in
/// that order, as they come. Each thread has a lane: a job waiting and a result waiting, no
/// more, so the results held at once are bounded by the number of threads, not by `n`. Stops
/// at the first error of `take`.
fn in_order<T: Send, E>(
    n: usize,
    work: impl Fn(usize) -> T + Sync,
    mut take: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    let threads = thread::available_parallelism()
        .map_or(1, |p| p.get())
        .clamp(1, n.max(1));
    thread::scope(|scope| {
        let work = &work;
        let mut lanes = Vec::with_capacity(threads);
        for _ in 0..threads {
            let (jobs, job) = mpsc::sync_channel::<usize>(1);
            let (done, result) = mpsc::sync_channel::<T>(1);
            scope.spawn(move || {
                for i in job {
                    if done.send(work(i)).is_err() {
                        return;
                    }
                }
            });
            lanes.push((jobs, result));
        }
        let mut sent = 0;
        for i in 0..n {
            // Keep each lane busy: the jobs up to one round ahead of the result taken next.
            while sent < n && sent < i + threads {
                let (jobs, _) = &lanes[sent % threads];
                if jobs.send(sent).is_err() {
                    break;
                }
                sent += 1;
            }
            let (_, result) = &lanes[i % threads];
            let Ok(value) = result.recv() else {
                break; // A worker panicked: the scope reports it.
            };
            take(value)?;
        }
        Ok(())
    })
}

/// Grades the worksheet `arg` (called `name` in the table); standard input comes from
/// `stdin` when the table's measuring read it already.
fn grade_sheet(
    args: &CheckArgs,
    traces: &Traces,
    arg: &OsStr,
    name: &str,
    stdin: &Mutex<Option<Loaded>>,
) -> Graded {
    let read_before = if arg == "-" {
        stdin.lock().unwrap_or_else(PoisonError::into_inner).take()
    } else {
        None
    };
    let (sheet, warning) =
        read_before.unwrap_or_else(|| load_sheet(traces.base(), &args.lesson, arg));
    let mut said: Vec<String> = warning.into_iter().collect();
    let json = args.format == ReportFormat::Json;
    let items = json || (args.format == ReportFormat::Csv && args.long);
    let graded = sheet.map_err(CliError::from).and_then(|sheet| {
        let trace = traces.of(&sheet);
        let report = Report::new(&trace, &sheet, policy(args, &trace, &sheet))?;
        let variant = sheet.variant.as_ref().map(|v| v.id.as_str());
        Ok(Graded {
            row: Sheet::graded(name, &report, variant),
            items: if items {
                class::items(&report)
            } else {
                Vec::new()
            },
            json: json.then(|| pretty(&report.json(&trace, &sheet))),
            said: Vec::new(),
        })
    });
    match graded {
        Ok(graded) => Graded { said, ..graded },
        Err(e) => {
            // The errors of one worksheet, then a blank line before the next one's.
            said.extend([e.to_string(), String::new()]);
            let unreadable = Unreadable {
                format: "bpnn-tutor-check",
                version: VERSION,
                worksheet: name.to_string(),
                error: "the worksheet could not be read (see the errors on standard error)",
            };
            Graded {
                row: Sheet::unreadable(name),
                items: Vec::new(),
                json: json.then(|| pretty(&unreadable)),
                said,
            }
        }
    }
}

/// `value` as pretty-printed JSON.
fn pretty(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| {
        serde_json::json!({ "error": format!("cannot be written as JSON: {e}") }).to_string()
    })
}

/// The element of a class's JSON array for a worksheet that could not be read.
#[derive(serde::Serialize)]
struct Unreadable {
    format: &'static str,
    version: u32,
    worksheet: String,
    error: &'static str,
}

/// The worksheets to grade, directories expanded into their `.toml` files sorted by name, and
/// whether they are a class (more than one argument, or a directory). What a directory holds
/// under a `.toml` name that is no file to read (a FIFO, a dangling link, a directory) is
/// skipped with a note saying why.
pub fn worksheet_list(args: &[OsString]) -> Result<(Vec<OsString>, bool), ClassError> {
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
    let mut skipped: Vec<(OsString, String)> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        let name = entry.file_name();
        let path = entry.path();
        let toml = path.extension().is_some_and(|e| e == "toml");
        let hidden = name.to_string_lossy().starts_with('.');
        if !toml || hidden {
            continue;
        }
        match not_a_file(&path) {
            None => names.push(name),
            Some(why) => skipped.push((name, why)),
        }
    }
    skipped.sort();
    for (name, why) in skipped {
        say(&format!(
            "{}{}",
            crate::msg!("err-note"),
            crate::msg!(
                "err-skipped",
                path = display::path(&dir.join(name)),
                why = why
            )
        ));
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

/// Why `path` is no worksheet file to read, if it is not one.
fn not_a_file(path: &Path) -> Option<String> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if std::fs::symlink_metadata(path).is_ok() => {
            return Some(crate::msg!("err-dangling-link", error = e.to_string()));
        }
        Err(e) => return Some(crate::msg!("err-cannot-examine", error = e.to_string())),
    };
    if meta.is_file() {
        return None;
    }
    let what = if meta.is_dir() {
        "err-a-directory"
    } else {
        crate::source::input::kind_of(&meta)
    };
    Some(crate::msg!(
        "err-not-a-worksheet-file",
        what = crate::msg!(what)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order_whatever_order_they_are_ready_in() {
        let mut seen = Vec::new();
        let slow_first = |i: usize| {
            if i.is_multiple_of(3) {
                thread::sleep(std::time::Duration::from_millis(5));
            }
            i * i
        };
        in_order(20, slow_first, |x| {
            seen.push(x);
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(seen, (0..20).map(|i| i * i).collect::<Vec<_>>());
        let mut taken = 0;
        let stopped = in_order(
            20,
            |i| i,
            |_| {
                taken += 1;
                if taken == 3 { Err("enough") } else { Ok(()) }
            },
        );
        assert_eq!((stopped, taken), (Err("enough"), 3));
        assert_eq!(in_order(0, |i| i, |_| Ok::<(), ()>(())), Ok(()));
    }
}
