//! The lesson format: walk the TOML tree, check everything, build a [`Lesson`].
//!
//! Sections are read in a fixed order — `[lesson]`, `[network]`, `[training]`, then the data —
//! and the first problem found is reported. Counts are checked against [`super::limits`] before
//! any array is built. One file per section:
//!
//! - `about`: `[lesson]`, the title, summary and notes;
//! - `network` and `layer`: `[network]` and each `[[network.layer]]`, their weights and biases
//!   written inline or read from `.npy` files (`npy`), or drawn by an `init` (`init`);
//! - `training`: the loss and the optimizer;
//! - `data`: `[[data]]` samples, or `[data]` read from a CSV file (`csv`), or `[generate]`
//!   (`generate`);
//! - `grading`: `[grading]`, the precision answers must be written to (worksheets have it too).

mod about;
mod csv;
mod data;
mod generate;
pub(crate) mod grading;
mod init;
pub mod layer;
mod network;
mod npy;
pub mod tensor;
mod training;

pub(crate) use layer::neurons;
pub use layer::{Head, LayerTable};

use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::DeTable;

use super::LessonError;
use super::model::Lesson;
use crate::source::reader::{Cx, Entry, Table, for_key, number, table};
use crate::source::suggest::nearest;

/// The result of reading part of a lesson.
pub type Res<T> = Result<T, LessonError>;

const TOP_KEYS: [&str; 6] = [
    "lesson", "network", "training", "data", "generate", "grading",
];

/// Where the lesson's own data files are: paths written in it are relative to `dir`.
#[derive(Debug, Clone, Copy)]
pub struct Files<'a> {
    /// The lesson's directory.
    pub dir: &'a Path,
}

impl Files<'_> {
    /// The file a lesson names as `written`: relative to the lesson's directory, absolute as is.
    pub fn path(&self, written: &str) -> PathBuf {
        if self.dir == Path::new(".") {
            PathBuf::from(written)
        } else {
            self.dir.join(written)
        }
    }
}

/// The lesson in the TOML tree `doc` of `cx`; data files it names are read from `files.dir`.
pub(crate) fn lesson(cx: Cx, doc: &Spanned<DeTable>, files: Files) -> Res<Lesson> {
    let top = Table::new(doc.get_ref(), doc.span(), crate::msg!("err-owner-file"));
    top_level_keys(cx, &top)?;
    let about = about::read(cx, &top)?;
    let net = network::read(cx, &top, files)?;
    let training = training::read(cx, &top, &net)?;
    let data = data::read(cx, &top, &net, training.loss, files)?;
    let grading = grading::read(cx, &top)?;
    let batch_size = training.batch_size.unwrap_or(data.samples.len());
    Ok(Lesson {
        title: about.title,
        summary: about.summary,
        notes: about.notes,
        bilingual: about.bilingual,
        source: cx.file.to_string(),
        input: net.input,
        vocabulary: net.vocabulary,
        layers: net.layers,
        loss: training.loss,
        optimizer: training.optimizer,
        epochs: training.epochs,
        batch_size,
        data: data.samples,
        generated: data.generated,
        grading: grading.precision,
        marks: grading.marks,
    })
}

/// Only the known sections at the top level; a misspelt one is most likely a table header.
fn top_level_keys(cx: Cx, top: &Table) -> Res<()> {
    let Some((key_span, key, value)) = top.first_unknown(&TOP_KEYS) else {
        return Ok(());
    };
    let what = if value.get_ref().is_table() || value.get_ref().is_array() {
        "err-unknown-section"
    } else {
        "err-unknown-top-key"
    };
    let name = crate::source::reader::name(key);
    let mut message = crate::tr!(crate::i18n::lang(), what, key = name);
    if let Some(near) = nearest(key, &TOP_KEYS, &[]) {
        message.push_str(&crate::i18n::did_you_mean(near));
    }
    Err(cx
        .at(key_span, message)
        .with_help(crate::i18n::lang().t("err-sections"))
        .into())
}

/// A top-level table that must be there; `help` is the id of what to write.
fn section<'a, 'i>(cx: Cx, top: &Table<'a, 'i>, key: &str, help: &str) -> Res<Table<'a, 'i>> {
    let Some(e) = top.get(key) else {
        return Err(cx
            .at(0..0, crate::msg!("err-no-table", key = key))
            .with_help(crate::msg!(help))
            .into());
    };
    Ok(table(cx, e.value, format!("[{key}]"), &for_key(key))?)
}

/// Refuse `keys` unless `applies`: e.g. `momentum` with Adam. `setting` is written as it is
/// (`kind = "sgd"`).
fn only_for(cx: Cx, t: &Table, keys: &[&str], applies: bool, setting: &str) -> Res<()> {
    if applies {
        return Ok(());
    }
    match keys
        .iter()
        .filter_map(|k| t.get(k).map(|e| (k, e)))
        .min_by_key(|(_, e)| e.key_span.start)
    {
        Some((k, e)) => Err(cx
            .at(
                e.key_span,
                crate::msg!("err-only-applies", key = *k, setting = setting),
            )
            .with_help(crate::msg!("err-remove-from", key = *k, owner = &t.owner))
            .into()),
        None => Ok(()),
    }
}

/// `low` and `high` of a uniform range (defaults −1 and 1), low < high.
fn low_high(cx: Cx, t: &Table) -> Res<(f64, f64)> {
    let low_e = t.get("low");
    let high_e = t.get("high");
    let low = match &low_e {
        Some(e) => number(cx, e.value, &for_key("low"))?,
        None => DEFAULT_LOW,
    };
    let high = match &high_e {
        Some(e) => number(cx, e.value, &for_key("high"))?,
        None => DEFAULT_HIGH,
    };
    if low < high {
        return Ok((low, high));
    }
    let shown = |e: &Option<Entry>, default: f64| match e {
        Some(e) => cx.literal(e.value),
        None => crate::msg!("err-the-default", value = default.to_string()),
    };
    let (lo, hi) = (shown(&low_e, low), shown(&high_e, high));
    let (span, message) = match (&low_e, &high_e) {
        (Some(l), _) => (
            l.value.span(),
            crate::msg!("err-low-below-high", low = &lo, high = &hi),
        ),
        (None, Some(h)) => (
            h.value.span(),
            crate::msg!("err-high-above-low", low = &lo, high = &hi),
        ),
        (None, None) => (
            t.span.clone(),
            crate::msg!("err-low-below-high", low = &lo, high = &hi),
        ),
    };
    Err(cx
        .at(span, message)
        .with_help(crate::msg!("err-uniform-help"))
        .into())
}

/// A shape in a message: `2×3×3`, or "5 tokens".
pub(crate) fn shape_words(shape: crate::lesson::Shape) -> String {
    match shape {
        crate::lesson::Shape::Tokens { t } => crate::msg!("err-tokens-shape", t = t.to_string()),
        other => other.to_string(),
    }
}

/// The words of the `key` tensor of layer `l` in messages: "the weights of layer 1".
pub(crate) fn tensor_of_layer(key: &str, l: usize) -> String {
    crate::msg!("err-key-of-layer", key = key, l = l.to_string())
}

/// The default range of `uniform` draws.
const DEFAULT_LOW: f64 = -1.0;
const DEFAULT_HIGH: f64 = 1.0;

/// "1 number", "3 numbers": `n` things in the words of the message `id` (`err-n-numbers`),
/// whose plural Fluent chooses.
fn plural(n: usize, id: &str) -> String {
    crate::msg!(id, n = n)
}
