//! Blank worksheets for teachers: every step of one sample, then the update of its batch, in
//! trace order, each with what the number is in words and `value = ""` to fill in. What a
//! learner starts from (inputs, targets, parameters and optimizer state before the batch) is
//! written at the top, so the sheet can be worked by hand. A variant's worksheet
//! ([`write_variant`]) asks for every sample of the first batch and its update, names its
//! student, and carries the variant's numbers in a `[variant]` table for `check` to read.

use std::io::{self, Write};
use std::ops::Range;

use crate::lesson::Optimizer;
use crate::notation::Digits;
use crate::notation::number::plain;
use crate::source::display;
use crate::trace::{Arrays, Batch, Moment, Phase, Place, Trace};

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
        let (epoch, batch) = (self.epoch, self.batch);
        writeln!(out, "# Worksheet: {}", one_line(&lesson.title))?;
        let update_words = if update_steps == 0 {
            String::new()
        } else {
            format!(", then the update after batch {batch}")
        };
        let samples = match self.samples.as_slice() {
            [one] => format!("sample {one}"),
            [first, .., last] => format!("samples {first} to {last}, each"),
            [] => "no sample".into(),
        };
        writeln!(
            out,
            "# Epoch {epoch}, {samples}: the forward pass, the loss and the backward pass{update_words}."
        )?;
        writeln!(
            out,
            "# {} numbers, in the order the tutor computes them.",
            sample_steps + update_steps
        )?;
        writeln!(out, "#")?;
        let floor = precision::floor(Policy::of_lesson(lesson.grading).precision);
        let rule = format!("to every digit written and has at least {floor}. Put it in quotes");
        for line in [
            "Work each number out by hand and write it after `value =`, e.g. value = 0.5933, with",
            "as many digits as you worked to: an answer is right when it agrees with the exact value",
            &rule,
            "(value = \"0.5930\") to keep a trailing zero; leave value = \"\" for a number you skip.",
            "An answer that is off only because an earlier answer was is reported as carried forward,",
            "not as a new mistake; a wrong one that a known mistake reproduces is named.",
            "",
            "Check your work with:",
        ] {
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
        let of = match self.samples.len() {
            1 => String::new(),
            _ => format!(" of sample {sample}"),
        };
        for step in self.trace.steps(self.epoch, steps) {
            if phase != Some(step.phase()) {
                phase = Some(step.phase());
                let title = match step.phase() {
                    Phase::Forward => "forward pass",
                    Phase::Loss => "loss",
                    _ => "backward pass",
                };
                writeln!(out, "\n# ---- {title}{of} ----")?;
            }
            let words = self.trace.describe(&step);
            entry(out, &words, &step.name(), self.epoch, "sample", sample)?;
        }
        Ok(())
    }

    /// One blank answer per step of the batch's update, if it has one.
    fn update_answers(&self, steps: Range<usize>, out: &mut dyn Write) -> io::Result<()> {
        if steps.is_empty() {
            return Ok(());
        }
        let batch = self.batch;
        let samples = self.trace.layout().batch_samples(batch);
        let (first, last) = (*samples.start(), *samples.end());
        let of = if first == last {
            format!("from the gradients of sample {first}")
        } else {
            format!("from the mean of the gradients of samples {first} to {last}")
        };
        writeln!(
            out,
            "\n# ---- update after batch {batch} ({of}); `batch` counts updates ----"
        )?;
        for step in self.trace.steps(self.epoch, steps) {
            let words = self.trace.describe(&step);
            entry(out, &words, &step.name(), self.epoch, "batch", batch)?;
        }
        Ok(())
    }

    /// What the learner starts from: the sample, the parameters and optimizer state before
    /// the batch, and the optimizer's settings.
    fn givens(&self, out: &mut dyn Write) -> io::Result<()> {
        let lesson = self.trace.lesson();
        let (epoch, batch) = (self.epoch, self.batch);
        let record = self.trace.batch(epoch, batch);
        writeln!(out, "# What you start from:")?;
        for &sample in &self.samples {
            let data = &lesson.data[sample - 1];
            let which = match self.samples.len() {
                1 => String::new(),
                _ => format!(" of sample {sample}"),
            };
            writeln!(
                out,
                "#   input{which}  x = a(0) = {}",
                vector(data.input.iter().copied())
            )?;
            writeln!(
                out,
                "#   target{which} y = {}",
                vector(data.target.iter().copied())
            )?;
        }
        let when = if self.variant {
            "as your variant of the lesson gives them".to_string()
        } else if epoch == 1 && batch == 1 {
            "as the lesson gives them".to_string()
        } else {
            format!("after the updates before batch {batch} of epoch {epoch}")
        };
        writeln!(out, "#   weights and biases, {when}")?;
        writeln!(
            out,
            "#   (row j of w(l) holds the weights into neuron j of layer l from each neuron k below):"
        )?;
        layer_lines(out, &record, Arrays::Before, "w", "b", |l| {
            let layer = &lesson.layers[l - 1];
            let training = match (layer.weights_train(), layer.biases_train()) {
                (false, _) => ", frozen",
                (true, false) => ", biases fixed",
                _ => "",
            };
            let what = match layer.kind {
                crate::layers::Kind::Dense(_) => layer.activation().name(),
                _ => layer.kind.name(),
            };
            format!("layer {l} ({what}{training})")
        })?;
        self.optimizer(out)?;
        optimizer_state(&record, lesson.optimizer.has_state(), out)
    }

    /// The loss and the optimizer with its settings.
    fn optimizer(&self, out: &mut dyn Write) -> io::Result<()> {
        let lesson = self.trace.lesson();
        let loss = lesson.loss.name();
        let lr = plain(lesson.optimizer.learning_rate(), Digits::Full);
        let full = |x: f64| plain(x, Digits::Full);
        match lesson.optimizer {
            Optimizer::Sgd { momentum, .. } if momentum != 0.0 => writeln!(
                out,
                "#   loss {loss}; SGD with learning rate η = {lr}, momentum μ = {}",
                full(momentum)
            ),
            Optimizer::Sgd { .. } => writeln!(
                out,
                "#   loss {loss}; plain SGD with learning rate η = {lr}"
            ),
            Optimizer::Adam {
                beta1,
                beta2,
                epsilon,
                ..
            } => writeln!(
                out,
                "#   loss {loss}; Adam with learning rate η = {lr}, β1 = {}, β2 = {}, ε = {}",
                full(beta1),
                full(beta2),
                full(epsilon)
            ),
            Optimizer::AdamW {
                beta1,
                beta2,
                epsilon,
                weight_decay,
                ..
            } => writeln!(
                out,
                "#   loss {loss}; AdamW with learning rate η = {lr}, β1 = {}, β2 = {}, ε = {}, \
                 weight decay λ = {}",
                full(beta1),
                full(beta2),
                full(epsilon),
                full(weight_decay)
            ),
        }
    }
}

/// The optimizer's state before the batch's update: Adam's moments or momentum's velocity.
fn optimizer_state(record: &Batch, has_state: bool, out: &mut dyn Write) -> io::Result<()> {
    let layer = |l: usize| format!("layer {l}");
    let state = Arrays::StateBefore;
    match record.adam_t() {
        Some(t) => {
            writeln!(
                out,
                "#   Adam's moments before this batch's update (this is step t = {t}):"
            )?;
            let m = state(Moment::M);
            layer_lines(out, record, m, "m for w", "m for b", layer)?;
            let v = state(Moment::V);
            layer_lines(out, record, v, "v for w", "v for b", layer)
        }
        None if has_state => {
            writeln!(out, "#   momentum velocity before this batch's update:")?;
            let v = state(Moment::Velocity);
            layer_lines(out, record, v, "v for w", "v for b", layer)
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
                    format!("({} numbers: see `bpnn-tutor export`)", a.len())
                } else {
                    crate::lesson::write_nested(a)
                };
                Some(format!("{name}({l}) = {numbers}"))
            })
            .collect();
        if !others.is_empty() {
            writeln!(out, "#     {}: {}", title(l), others.join(", "))?;
        }
        let (Some(wm), Some(bv)) = (batch.weights(which, l), batch.biases(which, l)) else {
            // A convolution's kernels, out × in × kh × kw, nested as a lesson writes them.
            let kernels = batch.tensor(which, l, crate::trace::Tensor::W);
            let biases = batch.tensor(which, l, crate::trace::Tensor::B);
            if let (Some(k), Some(bv)) = (kernels, biases) {
                writeln!(
                    out,
                    "#     {}: {w}({l}) = {}, {b}({l}) = {}",
                    title(l),
                    nested(k),
                    vector(bv.iter().copied())
                )?;
            }
            continue;
        };
        let weights = if wm.len() > MAX_SHOWN_NUMBERS {
            format!("({} numbers: see `bpnn-tutor export`)", wm.len())
        } else {
            let rows: Vec<String> = wm
                .rows()
                .into_iter()
                .map(|r| vector(r.iter().copied()))
                .collect();
            format!("[{}]", rows.join(", "))
        };
        writeln!(
            out,
            "#     {}: {w}({l}) = {weights}, {b}({l}) = {}",
            title(l),
            vector(bv.iter().copied())
        )?;
    }
    Ok(())
}

/// A tensor as nested lists, outermost axis first, or a count when it is too large.
fn nested(t: ndarray::ArrayViewD<'_, f64>) -> String {
    if t.len() > MAX_SHOWN_NUMBERS {
        return format!("({} numbers: see `bpnn-tutor export`)", t.len());
    }
    if t.ndim() <= 1 {
        return vector(t.iter().copied());
    }
    let parts: Vec<String> = t.outer_iter().map(nested).collect();
    format!("[{}]", parts.join(", "))
}

/// `[0.05, 0.1]`, or a count when there are too many numbers to be useful in a comment.
fn vector(values: impl ExactSizeIterator<Item = f64>) -> String {
    let n = values.len();
    if n > MAX_SHOWN_NUMBERS {
        return format!("({n} numbers: see `bpnn-tutor export`)");
    }
    let parts: Vec<String> = values.map(|v| plain(v, Digits::Full)).collect();
    format!("[{}]", parts.join(", "))
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
