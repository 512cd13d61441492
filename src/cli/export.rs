//! `export`: the trace, or part of it, as Markdown or JSON, or the lesson as a PyTorch script,
//! to a file or standard output.

use std::ffi::OsString;
use std::io::Write;
use std::ops::RangeInclusive;
use std::process::ExitCode;

use crate::export::{self, Selection, Target, select::Filter, select::parse_range};
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
    /// JSON without formulas (`formula`, `substituted`, `remarks`): a third of the size or less.
    #[arg(long)]
    pub no_formulas: bool,
    /// JSON and CSV: only steps of these quantities, e.g. `dw,db` or `loss`.
    #[arg(long, value_delimiter = ',', value_name = "Q")]
    pub quantity: Vec<String>,
    /// JSON and CSV: only steps of these layers, e.g. `2` or `1,2`.
    #[arg(long, value_delimiter = ',', value_name = "L")]
    pub layer: Vec<usize>,
    /// JSON and CSV: only these steps, by name, e.g. `--step 'w(2)[1,1]' --step loss`.
    #[arg(long, value_name = "NAME")]
    pub step: Vec<String>,
    /// Write an export past the size that is of use (a Markdown file past the 512 KB GitHub
    /// renders, a JSON or CSV file past 1 GB) instead of stopping with a warning.
    #[arg(long)]
    pub large: bool,
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
        no_formulas,
        quantity,
        layer,
        step,
        large,
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
    // Markdown without ranges is the readable default, which chooses its own part; so is
    // plain text, the same document for a terminal.
    let readable =
        matches!(format, Format::Md | Format::Text) && epoch.is_none() && sample.is_none();
    let selection = match (format, readable) {
        (Format::Pytorch, _) => Selection::all(&trace),
        (_, true) => export::markdown::default_selection(&trace),
        (_, false) => choose_selection(&trace, epoch, sample),
    };
    selection.validate(&trace)?;
    let filter = Filter::parse(&trace, &quantity, &layer, &step)?;
    let tabular = matches!(format, Format::Json | Format::Csv);
    if !tabular && (!filter.is_all() || no_formulas) {
        return Ok(super::usage::conflict(crate::msg!("err-tabular-only")));
    }
    let options = export::json::Options {
        no_formulas,
        filter,
    };
    let body = |out: &mut dyn Write| match format {
        Format::Json => export::json::write(&trace, &selection, &options, out),
        Format::Csv => export::csv::write(&trace, &selection, &options, out),
        Format::Md if readable => export::markdown::write_default(&trace, ascii, out),
        Format::Md => export::markdown::write(&trace, &selection, ascii, out),
        Format::Pytorch => out.write_all(script.as_bytes()),
        Format::Text if readable => export::markdown::write_text_default(&trace, out),
        Format::Text => export::markdown::write_text(&trace, &selection, out),
    };
    // Said before anything is written: an export too large to be of use stops here.
    let sizing = (format, readable);
    if !large && let Some(warning) = too_large(&trace, &selection, &options, sizing, &body) {
        eprintln!("{}{warning}", crate::msg!("err-warning"));
        return Ok(ExitCode::FAILURE);
    }
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
        eprintln!("{}", crate::msg!("err-wrote", path = display::path(path)));
    }
    Ok(ExitCode::SUCCESS)
}

/// The warning for an export past the size that is of use, if it is: measured for Markdown
/// (written once to nowhere, when its steps could make it that large), estimated for JSON
/// and CSV.
fn too_large(
    trace: &Trace,
    selection: &Selection,
    options: &export::json::Options,
    (format, readable): (Format, bool),
    body: &dyn Fn(&mut dyn Write) -> std::io::Result<()>,
) -> Option<String> {
    use export::size;
    match format {
        Format::Md => {
            // The readable default summarises wide layers: it is measured, never bounded below.
            let steps = match readable {
                true => 0,
                false => {
                    (selection.epochs.clone().count() * selection.positions(trace).len()) as u64
                }
            };
            let lower = steps.saturating_mul(size::MARKDOWN_BYTES_PER_STEP);
            let (id, bytes) = match lower > size::MARKDOWN_LIMIT {
                true => ("err-markdown-at-least", lower),
                false => {
                    let mut counter = size::Counter::default();
                    body(&mut counter).ok()?;
                    ("err-markdown-too-large", counter.0)
                }
            };
            (bytes > size::MARKDOWN_LIMIT).then(|| crate::msg!(id, size = size::words(bytes)))
        }
        Format::Json | Format::Csv => {
            let estimate = size::json_estimate(trace, selection, options);
            // A CSV row has no field names and no formulas: about a third of a JSON step.
            let per_step = match format {
                Format::Csv => estimate.per_step / 3,
                _ => estimate.per_step,
            };
            let bytes = estimate.steps.saturating_mul(per_step);
            (bytes > size::JSON_LIMIT).then(|| {
                crate::msg!(
                    "err-export-too-large",
                    size = size::words(bytes),
                    steps = estimate.steps.to_string(),
                    per_step = per_step.to_string()
                )
            })
        }
        // A script holds the lesson's numbers once, whatever the trace's length.
        Format::Text | Format::Pytorch => None,
    }
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
                "{}{}",
                crate::msg!("err-note"),
                crate::msg!("err-whole-trace", steps = steps.to_string())
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
