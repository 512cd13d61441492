//! `export`: the trace, or part of it, as Markdown or JSON, or the lesson as a PyTorch script,
//! to a file or standard output.

use std::ffi::OsString;
use std::io::Write;
use std::ops::RangeInclusive;
use std::process::ExitCode;

use crate::export::{self, Selection, Target, select::parse_range};
use crate::lesson;
use crate::source::display;
use crate::source::write::check_free;
use crate::trace::Trace;

use super::{CliError, Format, divergence_warning, stdout};

/// `bpnn-tutor export LESSON`.
#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// A lesson file, or the name of a bundled lesson.
    pub lesson: OsString,
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// Epoch or range of epochs, e.g. 2 or 1..3 (default: all).
    #[arg(long, value_parser = parse_range)]
    pub epoch: Option<RangeInclusive<usize>>,
    /// Sample or range of samples, e.g. 1 or 2..4 (default: all).
    #[arg(long, value_parser = parse_range)]
    pub sample: Option<RangeInclusive<usize>>,
    /// Output file; `-` for standard output (default: standard output).
    #[arg(short, long, default_value = "-")]
    pub output: OsString,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Plain-text formulas instead of LaTeX (Markdown only).
    #[arg(long)]
    pub ascii: bool,
}

/// Writes the export that `args` asks for, atomically when to a file.
pub fn run(args: ExportArgs) -> Result<ExitCode, CliError> {
    let ExportArgs {
        lesson,
        format,
        epoch,
        sample,
        output,
        force,
        ascii,
    } = args;
    if format == Format::Pytorch && (epoch.is_some() || sample.is_some()) {
        return Err(CliError::PytorchRange);
    }
    let target = Target::parse(&output);
    // Refuse early rather than after a long computation.
    check_free(&target, force)?;
    let trace = Trace::new(lesson::load_arg(&lesson)?);
    // The script is made whole (training the lesson to its end) before anything is written,
    // so a lesson it cannot translate leaves no file; a file in the way is refused first.
    let script = match format {
        Format::Pytorch => export::pytorch::script(&trace)?,
        _ => String::new(),
    };
    // Markdown without ranges is the readable default, which chooses its own part.
    let readable = format == Format::Md && epoch.is_none() && sample.is_none();
    let selection = match (format, readable) {
        (Format::Pytorch, _) => Selection::all(&trace),
        (_, true) => export::markdown::default_selection(&trace),
        (_, false) => choose_selection(&trace, epoch, sample),
    };
    selection.validate(&trace)?;
    let body = |out: &mut dyn Write| match format {
        Format::Json => export::json::write(&trace, &selection, out),
        Format::Md if readable => export::markdown::write_default(&trace, ascii, out),
        Format::Md => export::markdown::write(&trace, &selection, ascii, out),
        Format::Pytorch => out.write_all(script.as_bytes()),
    };
    match &target {
        Target::Stdout => {
            if stdout::write(body)? == stdout::Written::Closed {
                return Ok(ExitCode::SUCCESS);
            }
        }
        Target::File(_) => export::write_atomic(&target, force, body)?,
    }
    warn_non_finite(&trace, format);
    if let Target::File(path) = &target {
        eprintln!("wrote {}", display::path(path));
    }
    Ok(ExitCode::SUCCESS)
}

/// Without `--epoch`/`--sample` a whole trace is exported — unless it is so long that the file
/// would run to gigabytes; then the first sample, with a note saying how to choose more.
const WHOLE_TRACE_LIMIT: usize = 20_000_000;

fn choose_selection(
    trace: &Trace,
    epoch: Option<RangeInclusive<usize>>,
    sample: Option<RangeInclusive<usize>>,
) -> Selection {
    let mut selection = Selection::all(trace);
    if epoch.is_none() && sample.is_none() {
        let steps = trace.epochs().saturating_mul(trace.epoch_len());
        if steps > WHOLE_TRACE_LIMIT {
            eprintln!(
                "note: the whole trace has {steps} steps, too many for one file; exporting \
                 epoch 1, sample 1 and its update. Choose others with --epoch and --sample."
            );
            selection.epochs = 1..=1;
            selection.samples = Some(1..=1);
        }
        return selection;
    }
    if let Some(e) = epoch {
        selection.epochs = e;
    }
    selection.samples = sample;
    selection
}

/// A diverging lesson is still exported, with a warning naming where it diverged.
fn warn_non_finite(trace: &Trace, format: Format) {
    if let Some(s) = trace.first_non_finite() {
        eprintln!("{}", divergence_warning(&s, format == Format::Json));
    }
}
