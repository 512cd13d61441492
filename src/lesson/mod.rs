//! Lesson files: parse and validate TOML into a [`Lesson`], with errors that point at
//! file:line:column.
//!
//! # The format
//!
//! ```toml
//! [lesson]
//! title = "…"                    # required
//! summary = "…"                  # optional, default ""
//! [lesson.notes]                 # optional: forward, loss, backward, update (strings)
//!
//! [network]
//! inputs = 2                     # required, ≥ 1
//! init = { scheme = "xavier_uniform", seed = 0 }   # optional, for layers without weights
//!
//! [[network.layer]]              # one per layer, at least one
//! neurons = 2                    # required, ≥ 1
//! activation = "sigmoid"         # required: sigmoid tanh relu leaky_relu identity softmax
//! weights = [[0.15, 0.20], [0.25, 0.30]]   # optional: one row per neuron
//! biases = [0.35, 0.35]          # optional: one per neuron, or one number for all; default 0
//! trainable = true               # optional, default true
//! train_biases = true            # optional, default true
//! init = { scheme = "normal", std = 0.1, seed = 3 }   # optional, only without weights
//!
//! [training]
//! loss = "half_sse"              # required: half_sse mse bce cross_entropy
//! optimizer = { kind = "sgd", learning_rate = 0.5 }   # required, see below
//! epochs = 1                     # optional, default 1
//! batch_size = 1                 # optional, default: the whole data set
//!
//! [[data]]                       # the samples; or [data] from a CSV file, or [generate]:
//! input = [0.05, 0.10]
//! target = [0.01, 0.99]
//!
//! # [data]
//! # csv = "iris.csv"            # one sample per line: its inputs, then its targets
//! # inputs = 4                   # required: the network's inputs, the first columns
//! # header = true                # optional, default false: the first line names the columns
//!
//! # [generate]
//! # samples = 1000               # required
//! # distribution = "normal"      # normal (mean 0, std 1) | uniform; default normal
//! # low = -1.0                   # uniform only, default -1
//! # high = 1.0                   # uniform only, default 1
//! # seed = 0                     # default 0
//! # target = [1.0]               # required: every sample's target
//! ```
//!
//! A layer's `weights` and `biases` may also be read from NumPy files, `weights = { npy = "w1.npy" }`
//! (float64, shape neurons × inputs and neurons; C or Fortran order). Paths of CSV and `.npy`
//! files are relative to the lesson file (for a bundled lesson or standard input: the current
//! directory).
//!
//! Optimizers take PyTorch's defaults: `sgd` (learning_rate 0.001, momentum 0 in [0, 1)) and
//! `adam` (learning_rate 0.001, beta1 0.9, beta2 0.999 in [0, 1), epsilon 1e-8 > 0).
//!
//! Init schemes: `xavier_uniform` U(±√(6/(fan_in+fan_out))), `he_uniform` U(±√(6/fan_in)),
//! `uniform` U(low, high) with low = −1 and high = 1 by default, `normal` N(0, std²) with std = 1
//! by default; `seed` defaults to 0. Without any `init`, missing weights use xavier_uniform
//! with seed 0. Biases are never drawn: they are zero unless given.
//!
//! # Order of random draws (part of the format: changing it changes lessons' numbers)
//!
//! - Weights: the network's `init` (or the default) makes one `ChaCha8Rng::seed_from_u64(seed)`.
//!   Layers are visited from 1 to L; each layer that omits `weights` and has no `init` of its own
//!   draws its matrix from that generator, row by row (neuron 1's weights first, in input order),
//!   continuing the same stream. A layer with its own `init` draws from a fresh generator seeded
//!   with its own seed, and does not advance the network's.
//! - Generated inputs: one `ChaCha8Rng::seed_from_u64(seed)`; sample 1's inputs in order, then
//!   sample 2's, and so on, from `StandardNormal` or `Uniform::new(low, high)`.
//!
//! # Errors
//!
//! Every problem is reported as one [`LessonError`] whose first line is
//! `error: FILE:LINE:COLUMN: MESSAGE` (or `error: FILE: MESSAGE` for a file that cannot be read),
//! followed by the source line with the offending value underlined and often a `= help:` line.
//! A number in a CSV file is reported at its line and column in that file; a `.npy` file that
//! does not fit at the lesson's `npy = "…"` value. The file is read through [`crate::source`]:
//! only a regular file (or `-`, standard input), at most [`limits::MAX_TOML_BYTES`].

pub mod bundled;
pub mod limits;
pub mod model;
mod random;
mod save;
pub mod schema;
mod texts;
mod write;

use std::ffi::OsStr;
use std::path::Path;

pub use model::*;
pub use save::{SaveError, SavePlan, Trained};
pub(crate) use write::next_tokens;
pub use write::{to_toml, write_nested};

/// Reads a `[grading]` table (worksheets have one too).
pub(crate) use schema::grading::read as read_grading;

use crate::source::input::{self, Expect, Input};
use crate::source::parse::document;
use crate::source::reader::{self, Cx};
use crate::source::{Diagnostic, Problem, SourceError, display, text};
use limits::MAX_TOML_BYTES;

/// Why a lesson could not be loaded: where the problem is, and a positioned [`Diagnostic`];
/// `Display` renders it in full.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LessonError {
    /// The lesson file: it cannot be read, is not TOML, or is not a valid lesson; or the
    /// command line names no lesson file and no bundled lesson.
    #[error(transparent)]
    File(SourceError),
    /// A CSV or `.npy` file the lesson names: it cannot be read, or its numbers do not fit.
    #[error(transparent)]
    DataFile(SourceError),
}

impl LessonError {
    /// The underlying error.
    pub fn source_error(&self) -> &SourceError {
        match self {
            LessonError::File(e) | LessonError::DataFile(e) => e,
        }
    }

    /// What kind of problem it is.
    pub fn problem(&self) -> Problem {
        self.source_error().problem()
    }

    /// The positioned message.
    pub fn diagnostic(&self) -> &Diagnostic {
        self.source_error().diagnostic()
    }

    /// The positioned message, to amend.
    pub fn into_diagnostic(self) -> Diagnostic {
        match self {
            LessonError::File(e) | LessonError::DataFile(e) => e.into_diagnostic(),
        }
    }
}

impl From<SourceError> for LessonError {
    fn from(e: SourceError) -> Self {
        LessonError::File(e)
    }
}

/// A problem with a value of the lesson file.
impl From<Diagnostic> for LessonError {
    fn from(d: Diagnostic) -> Self {
        LessonError::File(d.into())
    }
}

/// What a lesson file is, for the checks of [`crate::source`].
const EXPECT: Expect = Expect {
    noun: "err-noun-lesson",
    limit: MAX_TOML_BYTES,
    too_large_help: "err-lesson-too-large-help",
    path_help: "err-lesson-path-help",
    not_found_help: None,
};

/// Parse and validate lesson text; `file` is the name used in messages and in `Lesson::source`.
/// Data files it names are read from the current directory.
pub fn parse(text: &str, file: &str) -> Result<Lesson, LessonError> {
    parse_in(text, file, Path::new("."))
}

/// Parse and validate lesson text whose data files are read from `dir`.
pub fn parse_in(text: &str, file: &str, dir: &Path) -> Result<Lesson, LessonError> {
    if text.len() as u64 > MAX_TOML_BYTES {
        return Err(input::too_large(file, text.len() as u64, &EXPECT).into());
    }
    let text = text::check(text, file, EXPECT.noun)?;
    if text.trim().is_empty() {
        return Err(text::empty(
            file,
            &crate::msg!("err-file-empty"),
            &crate::msg!("err-what-a-lesson-needs"),
        )
        .into());
    }
    let cx = Cx { file, text };
    let doc = document(cx)?;
    schema::lesson(cx, &doc, schema::Files { dir })
}

/// Parse lesson bytes as read from a file: refuses binary data and text that is not UTF-8,
/// pointing at the first offending byte.
pub fn parse_bytes(bytes: &[u8], file: &str) -> Result<Lesson, LessonError> {
    if bytes.len() as u64 > MAX_TOML_BYTES {
        return Err(input::too_large(file, bytes.len() as u64, &EXPECT).into());
    }
    let text = text::decode(bytes, file, EXPECT.noun)?;
    parse(text, file)
}

/// Read and parse the lesson at `input`: a file (its data files beside it) or standard input.
pub fn read(input: &Input) -> Result<Lesson, LessonError> {
    let source = input::read_text(input, &EXPECT)?;
    parse_in(&source.text, &source.name, &source.dir)
}

/// Read and parse the lesson file at `path`.
pub fn load(path: &Path) -> Result<Lesson, LessonError> {
    read(&Input::File(path.to_path_buf()))
}

/// A lesson named on the command line: `-` for standard input; a path if such a file exists (or
/// `arg` looks like a path: it contains `/` or ends in `.toml`, or is not UTF-8); otherwise a
/// bundled lesson's name, with or without `.toml`. `lessons/NAME.toml`, a bundled lesson's own
/// `source`, finds the bundled lesson when there is no such file, so exported traces and
/// worksheets name lessons that always load.
pub fn load_arg(arg: impl AsRef<OsStr>) -> Result<Lesson, LessonError> {
    let arg = arg.as_ref();
    let input = Input::from_arg(arg);
    let path = match &input {
        Input::Stdin => return read(&input),
        Input::File(path) if path.exists() => return read(&input),
        Input::File(path) => path,
    };
    let name = arg.to_str();
    if let Some(b) = name.and_then(|n| bundled::LESSONS.find_arg(n)) {
        return b.load();
    }
    let list = crate::msg!(
        "err-bundled-lessons",
        names = bundled::LESSONS.names().join(", ")
    );
    let looks_like_path = name.is_none_or(|n| n.contains(['/', '\\']) || n.ends_with(".toml"));
    if looks_like_path {
        return load(path).map_err(|e| {
            let help = match &e.diagnostic().help {
                Some(h) => crate::msg!("err-and-then", first = h, then = &list),
                None => list.clone(),
            };
            LessonError::File(e.source_error().clone().with_help(help))
        });
    }
    let name = name.unwrap_or_default();
    let mut message = crate::tr!(
        crate::i18n::lang(),
        "err-no-lesson",
        name = reader::name(name)
    );
    if let Some(near) = crate::source::suggest::nearest(name, &bundled::LESSONS.names(), &[]) {
        message.push_str(&crate::i18n::did_you_mean(near));
    }
    Err(SourceError::new(
        Problem::NotFound,
        Diagnostic::without_position(display::os_str(arg), message)
            .with_help(crate::msg!("err-or-a-path", list = &list)),
    )
    .into())
}

#[cfg(test)]
mod tests;
