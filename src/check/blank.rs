//! Blank worksheets for teachers: every step of one sample, then the update of its batch, in
//! trace order, each with what the number is in words and `value = ""` to fill in. What a
//! learner starts from (inputs, targets, parameters and optimizer state before the batch) is
//! written at the top, so the sheet can be worked by hand. A variant's worksheet
//! ([`write_variant`]) asks for every sample of the first batch and its update, names its
//! student, and carries the variant's numbers in a `[variant]` table for `check` to read.

use std::io::{self, Write};
use std::ops::Range;

use crate::i18n::Lang;
use crate::lesson::Optimizer;
use crate::notation::Digits;
use crate::notation::number::plain;
use crate::source::display;
use crate::tr;
use crate::trace::{Arrays, Batch, Moment, Phase, Place, Trace};
use unicode_width::UnicodeWidthStr;

use super::precision::{self, Policy};
use super::variant::Variant;

/// Arrays longer than this are not written out in the header.
const MAX_SHOWN_NUMBERS: usize = 64;

/// No such epoch or sample: the message (worded in the process's language) names the option,
/// e.g. `--epoch 3`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct OutOfRange(String);

/// Is there such an epoch and sample?
pub fn validate(trace: &Trace, epoch: usize, sample: usize) -> Result<(), OutOfRange> {
    let lesson = trace.lesson();
    let (epochs, samples) = (lesson.epochs, lesson.data.len());
    if epoch == 0 || epoch > epochs {
        return Err(OutOfRange(crate::msg!(
            "err-epoch-out-of-range",
            epoch = epoch.to_string(),
            epochs = epochs
        )));
    }
    if sample == 0 || sample > samples {
        return Err(OutOfRange(crate::msg!(
            "err-sample-out-of-range",
            sample = sample.to_string(),
            samples = samples
        )));
    }
    Ok(())
}

/// Writes the blank worksheet of 1-based `epoch` and `sample` (an invalid one is an
/// `InvalidInput` error, see [`validate`]). `file` is the worksheet's name as the check
/// command in its header shows it.
pub fn write(
    trace: &Trace,
    epoch: usize,
    sample: usize,
    file: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    validate(trace, epoch, sample).map_err(|m| io::Error::new(io::ErrorKind::InvalidInput, m))?;
    let batch = trace.layout().batch_of(sample);
    let sheet = Sheet {
        trace,
        epoch,
        samples: vec![sample],
        batch,
        variant: false,
        lang: crate::i18n::lang(),
    };
    sheet.write(file, &[], "", out)
}

/// Writes the worksheet of `variant` (its trace is `trace`) for `student`: every sample of
/// the first batch of epoch 1, then its update. `file` is the worksheet's name as the check
/// command in its header shows it.
pub fn write_variant(
    trace: &Trace,
    variant: &Variant,
    student: Option<&str>,
    file: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let sheet = Sheet {
        trace,
        epoch: 1,
        samples: trace.layout().batch_samples(1).collect(),
        batch: 1,
        variant: true,
        lang: crate::i18n::lang(),
    };
    let mut top = Vec::new();
    if let Some(student) = student {
        top.push(format!("student = {}", toml_string(&one_line(student))));
    }
    sheet.write(file, &top, &variant.to_toml(), out)
}

/// One worksheet: the samples it works through and the batch whose update follows.
struct Sheet<'t> {
    trace: &'t Trace,
    epoch: usize,
    samples: Vec<usize>,
    batch: usize,
    /// Drawn for a variant of the lesson.
    variant: bool,
    /// The language of its comments (its keys and step names are the same in every language).
    lang: Lang,
}

impl Sheet<'_> {
    /// The header, what the learner starts from, the `top` lines (`student = …`), the
    /// lesson, the `tables` (a `[variant]`), then one blank answer per step.
    fn write(
        &self,
        file: &str,
        top: &[String],
        tables: &str,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let layout = self.trace.layout();
        let per_sample = layout.steps_per_sample();
        let start = layout.start(Place::Batch(self.batch));
        let update_steps = start..start + layout.steps_per_update();
        self.header(
            file,
            per_sample * self.samples.len(),
            update_steps.len(),
            out,
        )?;
        self.givens(out)?;
        writeln!(out)?;
        for line in top {
            writeln!(out, "{line}")?;
        }
        writeln!(out, "lesson = {}", toml_string(&self.trace.lesson().source))?;
        if !tables.is_empty() {
            write!(out, "\n{tables}")?;
        }
        for &sample in &self.samples {
            let start = layout.start(Place::Sample(sample));
            self.sample_answers(sample, start..start + per_sample, out)?;
        }
        self.update_answers(update_steps, out)
    }

    /// The comment at the top: what the sheet covers, how answers are graded, how to check.
    fn header(
        &self,
        file: &str,
        sample_steps: usize,
        update_steps: usize,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let lesson = self.trace.lesson();
        let (epoch, batch, lang) = (self.epoch, self.batch, self.lang);
        let title = one_line(&lesson.title);
        writeln!(out, "# {}", tr!(lang, "ws-title", title = title))?;
        let update = if update_steps == 0 {
            String::new()
        } else {
            tr!(lang, "ws-then-update", batch = batch)
        };
        let samples = match self.samples.as_slice() {
            [one] => tr!(lang, "ws-one-sample", sample = *one),
            [first, .., last] => tr!(lang, "ws-samples-each", first = *first, last = *last),
            [] => lang.t("ws-no-sample"),
        };
        let covers = tr!(
            lang,
            "ws-covers",
            epoch = epoch,
            samples = samples,
            update = update
        );
        writeln!(out, "# {covers}")?;
        let count = tr!(lang, "ws-count", n = sample_steps + update_steps);
        writeln!(out, "# {count}")?;
        writeln!(out, "#")?;
        let floor = precision::floor_in(Policy::of_lesson(lesson.grading).precision, lang);
        for line in tr!(lang, "ws-how", floor = floor).lines() {
            writeln!(out, "{}", format!("# {line}").trim_end())?;
        }
        writeln!(out, "#")?;
        writeln!(
            out,
            "#     bpnn-tutor check {} {}",
            shell_word(&lesson.source),
            shell_word(file)
        )?;
        writeln!(out, "#")
    }

    /// One blank answer per step of the sample, under a heading per phase.
    fn sample_answers(
        &self,
        sample: usize,
        steps: Range<usize>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let mut phase = None;
        let lang = self.lang;
        for step in self.trace.steps(self.epoch, steps) {
            if phase != Some(step.phase()) {
                phase = Some(step.phase());
                let title = lang.t(match step.phase() {
                    Phase::Forward => "ws-forward",
                    Phase::Loss => "ws-loss",
                    _ => "ws-backward",
                });
                let title = match self.samples.len() {
                    1 => title,
                    _ => tr!(lang, "ws-phase-of-sample", phase = title, sample = sample),
                };
                writeln!(out, "\n# ---- {title} ----")?;
            }
            let words = self.trace.describe_in(&step, lang);
            entry(out, &words, &step.name(), self.epoch, "sample", sample)?;
        }
        Ok(())
    }

    /// One blank answer per step of the batch's update, if it has one.
    fn update_answers(&self, steps: Range<usize>, out: &mut dyn Write) -> io::Result<()> {
        if steps.is_empty() {
            return Ok(());
        }
        let (batch, lang) = (self.batch, self.lang);
        let samples = self.trace.layout().batch_samples(batch);
        let (first, last) = (*samples.start(), *samples.end());
        let from = if first == last {
            tr!(lang, "ws-from-sample", sample = first)
        } else {
            tr!(lang, "ws-from-mean", first = first, last = last)
        };
        let heading = tr!(lang, "ws-update-heading", batch = batch, from = from);
        writeln!(out, "\n# ---- {heading} ----")?;
        for step in self.trace.steps(self.epoch, steps) {
            let words = self.trace.describe_in(&step, lang);
            entry(out, &words, &step.name(), self.epoch, "batch", batch)?;
        }
        Ok(())
    }

    /// What the learner starts from: the sample, the parameters and optimizer state before
    /// the batch, and the optimizer's settings.
    fn givens(&self, out: &mut dyn Write) -> io::Result<()> {
        let lesson = self.trace.lesson();
        let (epoch, batch, lang) = (self.epoch, self.batch, self.lang);
        let record = self.trace.batch(epoch, batch);
        writeln!(out, "# {}", lang.t("ws-givens"))?;
        for &sample in &self.samples {
            let data = &lesson.data[sample - 1];
            let label = |id: &str| match self.samples.len() {
                1 => lang.t(id),
                _ => tr!(lang, "ws-of-sample", what = lang.t(id), sample = sample),
            };
            let (input, target) = (label("ws-input"), label("ws-target"));
            // The `x` and the `y` one under the other, whatever the labels' widths.
            let width = input.as_str().width().max(target.as_str().width());
            let pad = |s: &str| format!("{s}{}", " ".repeat(width - s.width() + 1));
            writeln!(
                out,
                "#   {}x = a(0) = {}",
                pad(&input),
                vector(data.input.iter().copied(), lang)
            )?;
            writeln!(
                out,
                "#   {}y = {}",
                pad(&target),
                vector(data.target.iter().copied(), lang)
            )?;
        }
        let when = if self.variant {
            lang.t("ws-given-variant")
        } else if epoch == 1 && batch == 1 {
            lang.t("ws-given-lesson")
        } else {
            tr!(lang, "ws-given-after", batch = batch, epoch = epoch)
        };
        writeln!(out, "#   {}", tr!(lang, "ws-weights", when = when))?;
        writeln!(out, "#   {}", lang.t("ws-rows"))?;
        layer_lines(out, &record, Arrays::Before, "w", "b", lang, |l| {
            let layer = &lesson.layers[l - 1];
            let training = match (layer.weights_train(), layer.biases_train()) {
                (false, _) => lang.t("ws-frozen"),
                (true, false) => lang.t("ws-biases-fixed"),
                _ => String::new(),
            };
            let what = match layer.kind {
                crate::layers::Kind::Dense(_) => layer.activation().name(),
                _ => layer.kind.name(),
            };
            tr!(lang, "ws-layer", l = l, what = what, training = training)
        })?;
        self.optimizer(out)?;
        optimizer_state(&record, lesson.optimizer.has_state(), lang, out)
    }

    /// The loss and the optimizer with its settings.
    fn optimizer(&self, out: &mut dyn Write) -> io::Result<()> {
        let lesson = self.trace.lesson();
        let lang = self.lang;
        let loss = lesson.loss.name();
        let lr = plain(lesson.optimizer.learning_rate(), Digits::Full);
        let full = |x: f64| plain(x, Digits::Full);
        let line = match lesson.optimizer {
            Optimizer::Sgd { momentum, .. } if momentum != 0.0 => tr!(
                lang,
                "ws-sgd-momentum",
                loss = loss,
                lr = lr,
                momentum = full(momentum)
            ),
            Optimizer::Sgd { .. } => tr!(lang, "ws-sgd", loss = loss, lr = lr),
            Optimizer::Adam {
                beta1,
                beta2,
                epsilon,
                ..
            } => tr!(
                lang,
                "ws-adam",
                loss = loss,
                lr = lr,
                beta1 = full(beta1),
                beta2 = full(beta2),
                epsilon = full(epsilon)
            ),
            Optimizer::AdamW {
                beta1,
                beta2,
                epsilon,
                weight_decay,
                ..
            } => tr!(
                lang,
                "ws-adamw",
                loss = loss,
                lr = lr,
                beta1 = full(beta1),
                beta2 = full(beta2),
                epsilon = full(epsilon),
                decay = full(weight_decay)
            ),
        };
        writeln!(out, "#   {line}")
    }
}

/// The optimizer's state before the batch's update: Adam's moments or momentum's velocity.
fn optimizer_state(
    record: &Batch,
    has_state: bool,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    let layer = |l: usize| tr!(lang, "ws-layer-plain", l = l);
    let state = Arrays::StateBefore;
    match record.adam_t() {
        Some(t) => {
            writeln!(
                out,
                "#   {}",
                tr!(lang, "ws-adam-moments", t = t.to_string())
            )?;
            let m = state(Moment::M);
            layer_lines(out, record, m, "m for w", "m for b", lang, layer)?;
            let v = state(Moment::V);
            layer_lines(out, record, v, "v for w", "v for b", lang, layer)
        }
        None if has_state => {
            writeln!(out, "#   {}", lang.t("ws-velocity"))?;
            let v = state(Moment::Velocity);
            layer_lines(out, record, v, "v for w", "v for b", lang, layer)
        }
        None => Ok(()),
    }
}

fn entry(
    out: &mut dyn Write,
    words: &str,
    name: &str,
    epoch: usize,
    key: &str,
    at: usize,
) -> io::Result<()> {
    writeln!(out, "\n[[answer]]")?;
    writeln!(out, "# {}", one_line(words))?;
    writeln!(out, "name = {}", toml_string(name))?;
    writeln!(out, "epoch = {epoch}")?;
    writeln!(out, "{key} = {at}")?;
    writeln!(out, "value = \"\"")
}

/// One comment line per layer with the `which` numbers of its weights and biases.
fn layer_lines(
    out: &mut dyn Write,
    batch: &Batch,
    which: Arrays,
    w: &str,
    b: &str,
    lang: Lang,
    title: impl Fn(usize) -> String,
) -> io::Result<()> {
    for l in 1..=batch.depth() {
        // A layer's other tensors (an embedding's, attention's, LoRA's …) by their names.
        let others: Vec<String> = crate::layers::Tensor::ALL
            .into_iter()
            .filter(|t| !t.is_plain())
            .filter_map(|t| {
                let a = batch.tensor(which, l, t)?;
                let name = match w {
                    "w" => t.name().to_string(),
                    state => format!("{state}_{}", t.name()),
                };
                let numbers = if a.len() > MAX_SHOWN_NUMBERS {
                    too_many(a.len(), lang)
                } else {
                    crate::lesson::write_nested(a)
                };
                Some(format!("{name}({l}) = {numbers}"))
            })
            .collect();
        if !others.is_empty() {
            let values = others.join(", ");
            let line = tr!(lang, "ws-layer-values", layer = title(l), values = values);
            writeln!(out, "#     {line}")?;
        }
        let (Some(wm), Some(bv)) = (batch.weights(which, l), batch.biases(which, l)) else {
            // A convolution's kernels, out × in × kh × kw, nested as a lesson writes them.
            let kernels = batch.tensor(which, l, crate::trace::Tensor::W);
            let biases = batch.tensor(which, l, crate::trace::Tensor::B);
            if let (Some(k), Some(bv)) = (kernels, biases) {
                let values = format!(
                    "{w}({l}) = {}, {b}({l}) = {}",
                    nested(k, lang),
                    vector(bv.iter().copied(), lang)
                );
                let line = tr!(lang, "ws-layer-values", layer = title(l), values = values);
                writeln!(out, "#     {line}")?;
            }
            continue;
        };
        let weights = if wm.len() > MAX_SHOWN_NUMBERS {
            too_many(wm.len(), lang)
        } else {
            let rows: Vec<String> = wm
                .rows()
                .into_iter()
                .map(|r| vector(r.iter().copied(), lang))
                .collect();
            format!("[{}]", rows.join(", "))
        };
        let values = format!(
            "{w}({l}) = {weights}, {b}({l}) = {}",
            vector(bv.iter().copied(), lang)
        );
        let line = tr!(lang, "ws-layer-values", layer = title(l), values = values);
        writeln!(out, "#     {line}")?;
    }
    Ok(())
}

/// A tensor as nested lists, outermost axis first, or a count when it is too large.
fn nested(t: ndarray::ArrayViewD<'_, f64>, lang: Lang) -> String {
    if t.len() > MAX_SHOWN_NUMBERS {
        return too_many(t.len(), lang);
    }
    if t.ndim() <= 1 {
        return vector(t.iter().copied(), lang);
    }
    let parts: Vec<String> = t.outer_iter().map(|t| nested(t, lang)).collect();
    format!("[{}]", parts.join(", "))
}

/// `[0.05, 0.1]`, or a count when there are too many numbers to be useful in a comment.
fn vector(values: impl ExactSizeIterator<Item = f64>, lang: Lang) -> String {
    let n = values.len();
    if n > MAX_SHOWN_NUMBERS {
        return too_many(n, lang);
    }
    let parts: Vec<String> = values.map(|v| plain(v, Digits::Full)).collect();
    format!("[{}]", parts.join(", "))
}

/// `(784 numbers: see `bpnn-tutor export`)`, in place of an array too long for a comment.
fn too_many(n: usize, lang: Lang) -> String {
    tr!(lang, "ws-too-many", n = n)
}

/// A TOML basic string holding `s`.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Text for a comment: one line, nothing that acts on a terminal (it may be printed on one).
fn one_line(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .map(|c| if display::is_unsafe(c) { '\u{fffd}' } else { c })
        .collect()
}

/// `s` as one shell word: unchanged when plain, otherwise in single quotes.
fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./:@+,".contains(c));
    if plain {
        s.to_string()
    } else {
        let shown: String = s
            .chars()
            .map(|c| if display::is_unsafe(c) { '\u{fffd}' } else { c })
            .collect();
        format!("'{}'", shown.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words() {
        assert_eq!(shell_word("lessons/x.toml"), "lessons/x.toml");
        assert_eq!(shell_word("my sheet.toml"), "'my sheet.toml'");
        assert_eq!(shell_word("it's.toml"), "'it'\\''s.toml'");
    }
}
