//! The command line: parse arguments with clap, then hand off to the library. Wiring only.

mod check;
mod class;
mod export;
mod interrupt;
mod localize;
mod slip;
mod stdout;
mod train;
mod usage;
mod worksheet;

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::check::WorksheetError;
use crate::export::{WriteError, select::RangeError};
use crate::i18n::Lang;
use crate::lesson::{self, Lesson, LessonError};
use crate::source::display;
use crate::trace::Trace;
use crate::tui;

/// Step through backpropagation one number at a time, each with the formula that made it.
#[derive(Debug, Parser)]
#[command(
    name = "bpnn-tutor",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A lesson file, or the name of a bundled lesson (see `bpnn-tutor lessons`).
    /// Without one, pick from the bundled lessons.
    pub lesson: Option<OsString>,
    /// Plain ASCII formulas, for terminals without Unicode.
    #[arg(long)]
    pub ascii: bool,
    /// Quiz mode: each value stays hidden until you type it; Enter checks it (right, wrong,
    /// or carried from your own earlier answer). Q toggles it while stepping.
    #[arg(long)]
    pub quiz: bool,
    /// For terminals that draw East Asian ambiguous-width characters (δ σ · → and box lines)
    /// two cells wide, as many set up for Chinese do: borders in ASCII, the panels aligned.
    #[arg(long)]
    pub wide_ambiguous: bool,
    /// The language of every message: en or zh (else the locale's: LC_ALL, LC_MESSAGES or LANG
    /// starting with zh gives Chinese; English otherwise).
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "LANG",
        hide_possible_values = true
    )]
    pub lang: Option<Lang>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the trace (or part of it) as Markdown or JSON, or the lesson as a PyTorch script
    /// that checks the trace's numbers.
    Export(export::ExportArgs),
    /// Train without recording: one line per epoch with its mean loss.
    Train {
        /// A lesson file, or the name of a bundled lesson.
        lesson: OsString,
        /// Write the trained parameters as a lesson file that training can start from (with
        /// .npy and CSV files beside it when they are too many for TOML).
        #[arg(long, value_name = "FILE")]
        save: Option<PathBuf>,
        /// Overwrite the --save file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Grade hand-worked worksheets against the exact trace: right, wrong, carried forward or
    /// imprecise, naming known misconceptions; several worksheets (or a directory) give a
    /// class table. Exits 0 when every answer given is right, 1 otherwise.
    Check(check::CheckArgs),
    /// Write a blank worksheet: every number of one sample (and its batch's update) to work
    /// out by hand, then grade with `check`; or one per student, each with its own variant
    /// of the lesson and an answer key (--students, --variants).
    Worksheet(worksheet::WorksheetArgs),
    /// List the bundled lessons and worksheets.
    Lessons,
}

/// The formats of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Markdown, for people.
    Md,
    /// JSON, for scripts and notebooks.
    Json,
    /// A PyTorch script (`.py`) that trains the lesson in PyTorch and checks every number of
    /// sample 1, the first update, every epoch's loss and the final parameters.
    Pytorch,
    /// CSV of the steps, for spreadsheets.
    Csv,
    /// Plain text for a terminal: no Markdown, formulas in ASCII, lines of at most 100 columns.
    Text,
}

/// Why a command failed: exit code 1, the message on standard error. Each variant is one layer's
/// error; `Display` gives the whole message, starting with `error:`, in the process's language.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A lesson could not be loaded.
    Lesson(#[from] LessonError),
    /// A worksheet could not be read or checked.
    Worksheet(#[from] WorksheetError),
    /// An output file could not be written.
    Write(#[from] WriteError),
    /// A trained lesson could not be saved.
    Save(#[from] lesson::SaveError),
    /// `export --format pytorch` of a lesson whose layer kind has no PyTorch translation for
    /// some of its steps.
    Pytorch(#[from] crate::export::pytorch::Untranslated),
    /// `export --format pytorch` with `--epoch` or `--sample`, which it does not take.
    PytorchRange,
    /// `export --epoch/--sample` names epochs or samples the lesson lacks.
    Selection(#[from] RangeError),
    /// `worksheet --epoch/--sample` names an epoch or sample the lesson lacks.
    Blank(#[from] crate::check::blank::OutOfRange),
    /// The worksheets of a class cannot be listed.
    Class(#[from] class::ClassError),
    /// A checked worksheet names a step the trace cannot find.
    Report(#[from] crate::check::report::MissingStep),
    /// The blank worksheet asked for would be too large for `check` to read back.
    BlankTooLarge {
        /// The epoch asked for.
        epoch: usize,
        /// The sample asked for.
        sample: usize,
    },
    /// `train --save` refuses parameters that are not all finite: no lesson starts from them.
    NotFinite {
        /// The file that was to be written.
        path: PathBuf,
        /// The first parameter that is not finite, by its step name.
        name: String,
        /// Its value.
        value: f64,
    },
    /// Variants of the lesson cannot be drawn or written.
    Variants(crate::check::variant::NoVariants),
    /// A roster could not be read.
    Roster(crate::source::SourceError),
    /// Both the lesson and the worksheet were to be read from standard input.
    BothFromStdin,
    /// The terminal could not be driven.
    Terminal(#[source] std::io::Error),
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::msg;
        let said = match self {
            CliError::Lesson(e) => return e.fmt(f),
            CliError::Worksheet(e) => return e.fmt(f),
            CliError::Class(e) => return e.fmt(f),
            CliError::Report(e) => return e.fmt(f),
            CliError::Roster(e) => return e.fmt(f),
            CliError::Write(e) => e.to_string(),
            CliError::Save(e) => e.to_string(),
            CliError::Pytorch(e) => e.to_string(),
            CliError::Selection(e) => e.to_string(),
            CliError::Blank(e) => e.to_string(),
            CliError::Variants(e) => e.to_string(),
            CliError::PytorchRange => msg!("err-pytorch-range"),
            CliError::BlankTooLarge { epoch, sample } => msg!(
                "err-blank-too-large",
                epoch = epoch.to_string(),
                sample = sample.to_string(),
                size = crate::source::limits::size(crate::source::limits::MAX_TOML_BYTES)
            ),
            CliError::NotFinite { path, name, value } => msg!(
                "err-not-finite",
                path = display::path(path),
                name = name,
                value = value.to_string()
            ),
            CliError::BothFromStdin => msg!("err-both-from-stdin"),
            CliError::Terminal(e) => msg!("err-terminal", error = e.to_string()),
        };
        write!(f, "{}{said}", msg!("err-error"))
    }
}

/// Runs the command line; returns the process exit code.
pub fn run() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    if let Some(message) = slip::mistyped_command(&args) {
        eprintln!("{message}");
        return ExitCode::from(2);
    }
    let (asked, args) = localize::take_lang(args);
    let lang = asked.unwrap_or_else(Lang::from_env);
    // Set before parsing: a value clap checks (`--epoch 1..x`) is refused in this language.
    crate::i18n::set(lang);
    let command = localize::localize(Cli::command(), lang);
    let cli = match command
        .try_get_matches_from(args)
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(e) => return usage::exit(e),
    };
    let result = dispatch(cli);
    // Interrupted, the process ends by the signal here: its status and messages are moot (a
    // write refused because of the signal is no error to report).
    interrupt::settle();
    match result {
        Ok(code) => code,
        Err(e) => {
            say(&e.to_string());
            ExitCode::from(1)
        }
    }
}

/// Prints a message on standard error, passed once more through the display layer: whatever it
/// quotes from a file, nothing in it can act on the terminal (line breaks and tabs are kept).
pub(crate) fn say(text: &str) {
    eprintln!("{}", display::lines(text.trim_end()));
}

fn dispatch(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        None => {
            let lesson = cli.lesson.as_deref().map(lesson::load_arg).transpose()?;
            if interactive() {
                let settings = tui::Settings {
                    wide_ambiguous: cli.wide_ambiguous,
                    ..tui::Settings::from_env(cli.ascii, tutor_lang(cli.ascii))
                };
                tutor(lesson, settings, cli.quiz)
            } else {
                // Piped or redirected: no terminal to step in, so say what there is.
                match lesson {
                    Some(lesson) => summary(&lesson),
                    None => list_lessons(),
                }
            }
        }
        Some(Command::Lessons) => list_lessons(),
        Some(Command::Check(args)) => check::check(&args, cli.ascii),
        Some(Command::Worksheet(args)) => {
            interrupt::remove_temporary_files_on_signal();
            worksheet::worksheet(&args)
        }
        Some(Command::Train {
            lesson,
            save,
            force,
        }) => {
            interrupt::remove_temporary_files_on_signal();
            train::run(lesson::load_arg(&lesson)?, save.as_deref(), force)
        }
        Some(Command::Export(args)) => {
            interrupt::remove_temporary_files_on_signal();
            export::run(args)
        }
    }
}

/// The warning `export` and `train` give when training diverges: the first step that is NaN
/// or infinite, with its epoch and sample (or batch, for an update).
pub(crate) fn divergence_warning(s: &crate::trace::Step, json: bool) -> String {
    use crate::msg;
    let at = match s.sample() {
        Some(n) => msg!("err-at-sample", n = n.to_string()),
        None => msg!("err-at-update", batch = s.batch.to_string()),
    };
    let mut warning = msg!(
        "err-diverges",
        name = s.name(),
        epoch = s.epoch.to_string(),
        at = at,
        value = s.value.to_string()
    );
    if json {
        warning.push_str(&msg!("err-json-null"));
    }
    format!("{}{warning}", msg!("err-warning"))
}

/// "saved the trained lesson to FILE", naming the files written beside it.
fn saved(files: &[PathBuf]) {
    let Some((lesson, beside)) = files.split_last() else {
        return; // Written to standard output.
    };
    eprintln!("{}", crate::msg!("err-saved", path = display::path(lesson)));
    if !beside.is_empty() {
        let names: Vec<String> = beside.iter().map(|p| display::path(p)).collect();
        eprintln!(
            "{}",
            crate::msg!("err-saved-beside", names = names.join(", "))
        );
    }
}

fn list_lessons() -> Result<ExitCode, CliError> {
    let lessons = lesson::bundled::LESSONS.all();
    let worksheets = crate::check::bundled::WORKSHEETS.all();
    let width = lessons
        .iter()
        .map(|b| b.name.len())
        .chain(worksheets.iter().map(|w| w.name.len()))
        .max()
        .unwrap_or(0);
    let _ = stdout::write(|out| {
        for b in lessons {
            let title = b.load().map(|l| l.title).unwrap_or_default();
            writeln!(out, "{:width$}  {}", b.name, display::line(&title))?;
        }
        let lang = crate::i18n::lang();
        writeln!(out, "\n{}", lang.t("lessons-worksheets"))?;
        for w in worksheets {
            writeln!(out, "{:width$}  {}", w.name, display::line(w.description()))?;
        }
        if std::io::stdout().is_terminal() {
            writeln!(out, "\n{}", lang.t("lessons-open"))?;
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Are standard input and output a terminal the tutor can take over?
fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// Steps through `lesson` in the terminal (as a quiz if asked), or picks a bundled lesson first.
fn tutor(
    lesson: Option<Lesson>,
    settings: tui::Settings,
    quiz: bool,
) -> Result<ExitCode, CliError> {
    let start = match lesson {
        Some(lesson) => tui::Start::Lesson(Box::new(lesson)),
        None => tui::Start::Picker(
            lesson::bundled::LESSONS
                .all()
                .iter()
                .map(|b| {
                    let loaded = b.load();
                    let (title, summary) = match &loaded {
                        Ok(l) => (l.title.clone(), l.summary.clone()),
                        Err(_) => (b.name.to_string(), String::new()),
                    };
                    tui::Choice {
                        name: b.name.to_string(),
                        title,
                        summary,
                        lesson: loaded,
                    }
                })
                .collect(),
        ),
    };
    match tui::run(start, settings, quiz).map_err(CliError::Terminal)? {
        tui::Ended::Quit { farewell } => {
            if let Some(line) = farewell {
                let _ = stdout::write(|out| writeln!(out, "{line}"))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        tui::Ended::Signal(sig) => interrupt::die_of(sig),
    }
}

/// The tutor's language: the process's, but English under `--ascii`, whose every word must be
/// ASCII (lesson text ASCII cannot write is named as such, not shown as `?`).
fn tutor_lang(ascii: bool) -> Lang {
    if ascii { Lang::En } else { crate::i18n::lang() }
}

/// Without a terminal: the lesson at a glance.
fn summary(lesson: &Lesson) -> Result<ExitCode, CliError> {
    let trace = Trace::new(lesson.clone());
    let _ = stdout::write(|out| {
        writeln!(out, "{}\n", display::line(&lesson.title))?;
        if !lesson.summary.is_empty() {
            writeln!(out, "{}\n", display::lines(lesson.summary.trim()))?;
        }
        let widths: Vec<String> = (0..=lesson.depth())
            .map(|l| lesson.width(l).to_string())
            .collect();
        let lang = crate::i18n::lang();
        let line = crate::tr!(
            lang,
            "summary-line",
            widths = widths.join("-"),
            loss = lesson.loss.name(),
            optimizer = lesson.optimizer.kind_name(),
            epochs = lesson.epochs.to_string(),
            batch = lesson.batch_size.to_string(),
            samples = lesson.data.len().to_string()
        );
        writeln!(out, "{line}")?;
        let steps = trace.epoch_len().to_string();
        writeln!(out, "{}", crate::tr!(lang, "summary-steps", steps = steps))
    })?;
    Ok(ExitCode::SUCCESS)
}
