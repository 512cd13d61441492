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
//! [[data]]                       # the samples, or instead a [generate] table:
//! input = [0.05, 0.10]
//! target = [0.01, 0.99]
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

pub mod bundled;
pub mod diagnostic;
pub mod limits;
pub mod model;
mod random;
pub(crate) mod reader;
mod schema;
pub mod suggest;
pub mod text;
mod write;

use std::io::Read as _;
use std::path::Path;

pub use diagnostic::Diagnostic;
pub use model::*;
pub use write::to_toml;

use diagnostic::line_column;
use limits::MAX_FILE_BYTES;
use reader::Cx;

/// Why a lesson could not be loaded: one positioned [`Diagnostic`]; `Display` renders it in full.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LessonError(Box<Diagnostic>);

impl LessonError {
    pub fn diagnostic(&self) -> &Diagnostic {
        &self.0
    }

    pub fn into_diagnostic(self) -> Diagnostic {
        *self.0
    }
}

impl From<Diagnostic> for LessonError {
    fn from(d: Diagnostic) -> Self {
        LessonError(Box::new(d))
    }
}

const WHAT_A_LESSON_NEEDS: &str = "a lesson needs [lesson] with a title, [network] with inputs \
     and at least one [[network.layer]], [training] with a loss and an optimizer, and [[data]] \
     samples or a [generate] table";

/// Parse and validate lesson text; `file` is the name used in messages and in `Lesson::source`.
pub fn parse(text: &str, file: &str) -> Result<Lesson, LessonError> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(file, text.len() as u64));
    }
    if let Some(at) = text.find('\0') {
        let (line, column) = line_column(text, at);
        return Err(text::binary(file, line, column, "lesson").into());
    }
    if text.trim().is_empty() {
        return Err(Diagnostic::without_position(file, "the file is empty")
            .with_help(WHAT_A_LESSON_NEEDS)
            .into());
    }
    let cx = Cx { file, text };
    let doc = toml::de::DeTable::parse(text).map_err(|e| syntax_error(cx, &earliest(text, e)))?;
    schema::lesson(cx, &doc)
}

/// Parse lesson bytes as read from a file: refuses binary data and text that is not UTF-8,
/// pointing at the first offending byte.
pub fn parse_bytes(bytes: &[u8], file: &str) -> Result<Lesson, LessonError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(file, bytes.len() as u64));
    }
    let text = text::decode(bytes, file, "lesson")?;
    parse(text, file)
}

/// Read and parse the lesson file at `path`.
pub fn load(path: &Path) -> Result<Lesson, LessonError> {
    let file = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| io_error(&file, &e))?;
    if meta.is_dir() {
        return Err(
            Diagnostic::without_position(&file, "this is a directory, not a lesson file")
                .with_help("give the path of a .toml lesson file")
                .into(),
        );
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(&file, meta.len()));
    }
    let mut bytes = Vec::new();
    // `take` guards against files that grow, or devices that never end.
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| io_error(&file, &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(&file, bytes.len() as u64));
    }
    parse_bytes(&bytes, &file)
}

/// A lesson named on the command line: a path if such a file exists (or `arg` looks like a path:
/// it contains `/` or ends in `.toml`), otherwise a bundled lesson's name, with or without
/// `.toml`. `lessons/NAME.toml`, a bundled lesson's own `source`, finds the bundled lesson when
/// there is no such file, so exported traces and worksheets name lessons that always load.
pub fn load_arg(arg: &str) -> Result<Lesson, LessonError> {
    let path = Path::new(arg);
    if path.exists() {
        return load(path);
    }
    let as_bundled = arg.strip_prefix("lessons/").unwrap_or(arg);
    if !as_bundled.contains(['/', '\\'])
        && let Some(b) = bundled::find(as_bundled)
    {
        return b.load();
    }
    let names = bundled::names();
    let list = format!("the bundled lessons are: {}", names.join(", "));
    if arg.contains(['/', '\\']) || arg.ends_with(".toml") {
        return load(path).map_err(|e| {
            let d = e.into_diagnostic();
            let help = match d.help.clone() {
                Some(h) => format!("{h}; {list}"),
                None => list.clone(),
            };
            d.with_help(help).into()
        });
    }
    let mut message = format!(
        "there is no lesson file or bundled lesson called {}",
        reader::name(arg)
    );
    if let Some(near) = suggest::nearest(arg, &names, &[]) {
        message.push_str(&format!("; did you mean `{near}`?"));
    }
    Err(Diagnostic::without_position(arg, message)
        .with_help(format!("{list}; or give the path of a .toml file"))
        .into())
}

fn too_large(file: &str, bytes: u64) -> LessonError {
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    Diagnostic::without_position(
        file,
        format!(
            "the file is {:.1} MiB, more than the limit of {:.0} MiB for a lesson",
            mib(bytes),
            mib(MAX_FILE_BYTES)
        ),
    )
    .into()
}

fn io_error(file: &str, e: &std::io::Error) -> LessonError {
    let message = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => {
            "cannot read the file: permission denied".to_string()
        }
        _ => format!("cannot read the file: {e}"),
    };
    Diagnostic::without_position(file, message).into()
}

/// toml reports a bad string only after the structure around it, so an unclosed string on one
/// line can surface as a confusing error on a later line. Re-parse the text up to the end of
/// the reported error's line (not all of it: a big broken file has an error on every line) and
/// prefer an error on an earlier line.
pub(crate) fn earliest(text: &str, first: toml::de::Error) -> toml::de::Error {
    let start = first.span().map_or(0, |s| s.start).min(text.len());
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let Some(prefix) = text.get(..line_end) else {
        return first;
    };
    let first_line = line_column(text, start).0;
    let (_, errors) = toml::de::DeTable::parse_recoverable(prefix);
    errors
        .into_iter()
        .map(|e| (line_column(prefix, e.span().map_or(0, |s| s.start)).0, e))
        .filter(|(line, _)| *line < first_line)
        .min_by_key(|(line, _)| *line)
        .map_or(first, |(_, e)| e)
}

/// toml's syntax error, positioned, with its most common messages put in a learner's words.
pub(crate) fn syntax_error(cx: Cx, e: &toml::de::Error) -> LessonError {
    let span = e.span().unwrap_or(0..0);
    let raw = e.message().trim();
    let raw = raw.strip_suffix(", expected nothing").unwrap_or(raw);
    let text = cx.text.get(span.clone()).unwrap_or("").trim();
    let (message, help) = if raw == "duplicate key" {
        (
            format!("{} is defined twice", reader::name(text)),
            "each key or table may appear only once; for several layers or samples use \
             [[double brackets]]"
                .to_string(),
        )
    } else if raw.starts_with("string values must be quoted") {
        let words: Vec<&str> = text.split_whitespace().collect();
        if words.is_empty() {
            (
                "invalid TOML: a value is missing".to_string(),
                "write a value after `=`".to_string(),
            )
        } else if words.len() > 1 && words.iter().all(|w| w.parse::<f64>().is_ok()) {
            (
                "invalid TOML: numbers in an array must be separated by commas".to_string(),
                format!("write {}", words.join(", ")),
            )
        } else {
            (
                "invalid TOML: text must be in quotes".to_string(),
                format!("write {}", reader::quote(text)),
            )
        }
    } else if raw.starts_with("invalid basic string") {
        (
            "invalid TOML: this string has no closing `\"` on its line".to_string(),
            "end the string with \", or use \"\"\" … \"\"\" for text over several lines"
                .to_string(),
        )
    } else if raw.starts_with("invalid mantissa") {
        (
            "invalid TOML: a number must start with a digit".to_string(),
            "write 0.5 rather than .5".to_string(),
        )
    } else if raw.starts_with("unexpected key or value, expected newline") {
        (
            "invalid TOML: unexpected text after the value".to_string(),
            "each `key = value` goes on a line of its own; remove what follows the value"
                .to_string(),
        )
    } else {
        return cx.at(span, format!("invalid TOML: {raw}")).into();
    };
    cx.at(span, message).with_help(help).into()
}

#[cfg(test)]
mod tests;
