//! The Markdown worked example: the lesson, then every selected step with its formula, the
//! numbers substituted and the result, then the loss per epoch and the final parameters.
//!
//! The document renders on GitHub: formulas are ```` ```math ```` blocks (LaTeX), never `$`
//! in running text, and every number is written to 6 significant digits. With `ascii`,
//! formulas are plain text in ```` ```text ```` blocks instead and no LaTeX is written.
//!
//! It is written while the steps stream out of the trace, so a one-sample export of a large
//! lesson needs no more memory than one batch record.
//!
//! # Anchors
//!
//! Every step has an HTML anchor made from where it is and its name ([`anchor`]):
//! `e1-s2-z-1-3` is `z(1)[3]` of epoch 1, sample 2; `e1-b1-w-2-1-2` is `w(2)[1,2]` after the
//! update of batch 1 of epoch 1; `e3-s1-loss` is the loss of sample 1 in epoch 3. Sections
//! have anchors too: `e1` (an epoch), `e1-s2` (a sample), `e1-s2-forward` and
//! `e1-s2-backward` (its phases; the loss phase is its one step, `e1-s2-loss`), `e1-b1-update`
//! (an update), and `lesson`, `initial`, `losses`, `final`, `anchors`.

mod text;

use std::io::{self, Write};

use crate::engine::{LayerParams, Params};
use crate::lesson::{Lesson, Loss, Optimizer};
use crate::notation::{Digits, Notation, number, scripts};
use crate::trace::formula::Renderer;
use crate::trace::{Phase, Place, Quantity, Step, StepId, Style, Trace};

use super::select::{Selection, phase_title};

use text::{DIGITS, code, escape, escape_line};
pub use text::{anchor, step_slug};

/// Writes the selected part of the trace as a Markdown document.
pub fn write(
    trace: &Trace,
    selection: &Selection,
    ascii: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut doc = Doc {
        trace,
        lesson: trace.lesson(),
        selection,
        ascii,
        style: Style::new(
            if ascii {
                Notation::Ascii
            } else {
                Notation::Latex
            },
            DIGITS,
        ),
        out,
        noted: [false; 4],
    };
    doc.header()?;
    doc.lesson_section()?;
    doc.params_section("initial", "Initial parameters", &trace.initial_params())?;
    doc.steps()?;
    doc.losses()?;
    let final_params = trace.final_params();
    doc.params_section("final", "Final parameters", &final_params)?;
    doc.anchors_section()
}

/// Above this many selected steps (about 350 bytes each), the document passes the size up to
/// which GitHub renders Markdown (about 512 KB), and says so.
const LONG_DOCUMENT_STEPS: usize = 1400;

/// Where the stream of steps is: which section the last step was written in.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Section {
    epoch: usize,
    sample: Option<usize>,
    batch: usize,
    phase: Phase,
}

struct Doc<'a> {
    trace: &'a Trace,
    lesson: &'a Lesson,
    selection: &'a Selection,
    ascii: bool,
    /// How formulas are written: LaTeX, or ASCII with `ascii`.
    style: Style,
    out: &'a mut dyn Write,
    /// Whether each phase's note (from the lesson) has been shown; it is shown once.
    noted: [bool; 4],
}

impl Doc<'_> {
    /// A number for running text and tables (no LaTeX there): `3.51085e-5`, `NaN`, `∞`.
    fn num(&self, v: f64) -> String {
        let notation = if self.ascii {
            Notation::Ascii
        } else {
            Notation::Unicode
        };
        number::format(v, DIGITS, notation)
    }

    /// What a step's number is, in words (ASCII writes ∂ as d).
    fn describe(&self, step: &Step) -> String {
        let words = self.trace.describe(step);
        if self.ascii {
            words.replace('∂', "d")
        } else {
            words
        }
    }

    /// A setting exactly as the lesson gives it.
    fn setting(&self, v: f64) -> String {
        number::plain(v, Digits::Full)
    }

    fn vector(&self, values: &[f64]) -> String {
        let notation = if self.ascii {
            Notation::Ascii
        } else {
            Notation::Unicode
        };
        code(&text::vector(values, notation))
    }

    /// A formula block: LaTeX lines in a ```` ```math ```` fence, or ASCII in ```` ```text ````.
    fn block(&mut self, lines: &[String]) -> io::Result<()> {
        let fence = if self.ascii { "text" } else { "math" };
        writeln!(self.out, "```{fence}")?;
        for line in lines {
            writeln!(self.out, "{line}")?;
        }
        writeln!(self.out, "```\n")
    }

    fn header(&mut self) -> io::Result<()> {
        let lesson = self.lesson;
        writeln!(self.out, "# {}\n", escape_line(&lesson.title))?;
        let summary = lesson.summary.trim();
        if !summary.is_empty() {
            writeln!(self.out, "{}\n", escape(summary))?;
        }
        let what = self.selection_words();
        writeln!(
            self.out,
            "A worked example exported by bpnn-tutor from {}: every number of {what}, each \
             with its formula, the formula with the numbers substituted, and the result. \
             Numbers are rounded to 6 significant digits; `bpnn-tutor export --format json` \
             gives every value to full precision.\n",
            code(&lesson.source)
        )?;
        let steps =
            self.selection.epochs.clone().count() * self.selection.positions(self.trace).len();
        if steps > LONG_DOCUMENT_STEPS {
            writeln!(
                self.out,
                "> **A long document:** about {steps} steps. GitHub renders Markdown files only up \
                 to about 512 KB, so read this one in an editor, or export less with `--epoch` \
                 and `--sample`.\n"
            )?;
        }
        if let Some(step) = self.trace.first_non_finite() {
            let at = match step.sample() {
                Some(s) => format!("sample {s}"),
                None => format!("the update of batch {}", step.batch),
            };
            let name = if self.shows(&step) {
                format!("[{}](#{})", code(&step.name()), anchor(&step))
            } else {
                code(&step.name())
            };
            writeln!(
                self.out,
                "> **Training diverges:** {name} of epoch {}, {at}, is {}. The numbers after \
                 it are not meaningful; a smaller learning rate may help.\n",
                step.epoch,
                self.num(step.value)
            )?;
        }
        let epochs = self.selection.epochs.clone();
        let mut links: Vec<String> = Vec::new();
        let epoch_link = |e: usize| format!("[Epoch {e}](#e{e})");
        if epochs.clone().count() <= 6 {
            links.extend(epochs.clone().map(epoch_link));
        } else {
            links.push(epoch_link(*epochs.start()));
            links.push(epoch_link(epochs.start() + 1));
            links.push("…".into());
            links.push(epoch_link(*epochs.end()));
        }
        writeln!(
            self.out,
            "**Contents:** [The lesson](#lesson) · [Initial parameters](#initial) · {} · \
             [Loss per epoch](#losses) · [Final parameters](#final) · [Anchors](#anchors)\n",
            links.join(" · ")
        )
    }

    /// "epoch 1 (all samples)", "epochs 2 to 3, sample 4", …
    fn selection_words(&self) -> String {
        let range = |r: &std::ops::RangeInclusive<usize>, one: &str, many: &str| {
            if r.start() == r.end() {
                format!("{one} {}", r.start())
            } else {
                format!("{many} {} to {}", r.start(), r.end())
            }
        };
        let epochs = range(&self.selection.epochs, "epoch", "epochs");
        match &self.selection.samples {
            None => format!("{epochs} (all samples)"),
            Some(s) => format!("{epochs}, {}", range(s, "sample", "samples")),
        }
    }

    /// Is this step in the document?
    fn shows(&self, step: &Step) -> bool {
        self.selection.epochs.contains(&step.epoch)
            && self.selection.positions(self.trace).contains(&step.index)
            && self.selection.contains(step)
    }

    fn lesson_section(&mut self) -> io::Result<()> {
        let lesson = self.lesson;
        writeln!(self.out, "## <a id=\"lesson\"></a>The lesson\n")?;
        writeln!(self.out, "| layer | neurons | activation | trains |")?;
        writeln!(self.out, "| ---: | ---: | --- | --- |")?;
        writeln!(self.out, "| 0 (input) | {} | — | — |", lesson.inputs)?;
        let depth = lesson.depth();
        for (i, layer) in lesson.layers.iter().enumerate() {
            let l = i + 1;
            let role = if l == depth { "output" } else { "hidden" };
            let trains = match (layer.weights_train(), layer.biases_train()) {
                (true, true) => "weights and biases",
                (true, false) => "weights only (biases fixed)",
                _ => "no (frozen)",
            };
            writeln!(
                self.out,
                "| {l} ({role}) | {} | {} | {trains} |",
                layer.neurons(),
                escape(layer.activation.name())
            )?;
        }
        writeln!(self.out)?;

        let n = lesson.outputs();
        writeln!(
            self.out,
            "**Loss:** {}, the loss of one sample; the loss of a batch is the mean over its \
             samples.\n",
            code(lesson.loss.name())
        )?;
        let loss = loss_rule(lesson.loss, depth, n, self.ascii);
        self.block(&[loss])?;
        if let Some(edges) = saturation_rule(lesson.loss, self.ascii) {
            writeln!(self.out, "{}\n", escape_line(&edges))?;
        }

        let rate = self.setting(lesson.optimizer.learning_rate());
        let (eta, mu, b1, b2, eps) = if self.ascii {
            ("eta", "mu", "beta1", "beta2", "eps")
        } else {
            ("η", "μ", "β₁", "β₂", "ε")
        };
        let (words, rule) = match lesson.optimizer {
            Optimizer::Sgd { momentum: 0.0, .. } => (
                format!(
                    "plain stochastic gradient descent ({}), learning rate {eta} = {rate}. \
                     Every trainable parameter p moves against the batch-mean gradient:",
                    code("sgd")
                ),
                sgd_rule(self.ascii),
            ),
            Optimizer::Sgd { momentum, .. } => (
                format!(
                    "stochastic gradient descent with momentum ({}), learning rate {eta} = \
                     {rate}, momentum {mu} = {}. Each parameter p keeps a velocity v that \
                     starts at 0 (so the first v is the gradient, as in PyTorch):",
                    code("sgd"),
                    self.setting(momentum)
                ),
                momentum_rule(self.ascii),
            ),
            Optimizer::Adam {
                beta1,
                beta2,
                epsilon,
                ..
            } => (
                format!(
                    "Adam ({}), learning rate {eta} = {rate}, {b1} = {}, {b2} = {}, {eps} = {}. \
                     Each parameter p keeps moments m and v that start at 0; t counts the \
                     updates:",
                    code("adam"),
                    self.setting(beta1),
                    self.setting(beta2),
                    self.setting(epsilon)
                ),
                adam_rule(self.ascii),
            ),
        };
        writeln!(self.out, "**Optimizer:** {words}\n")?;
        self.block(&rule)?;

        let batches = lesson.batches_per_epoch();
        let per_epoch = match batches {
            1 => "1 update per epoch".to_string(),
            b => format!("{b} updates per epoch"),
        };
        let when = if lesson.batch_size == 1 {
            "the parameters are updated after every sample".to_string()
        } else {
            format!(
                "the parameters are updated after every {} samples with the mean of their \
                 gradients",
                lesson.batch_size
            )
        };
        writeln!(
            self.out,
            "**Batch size:** {}: {when} ({per_epoch}). **Epochs:** {}. **Samples:** {}.\n",
            lesson.batch_size,
            lesson.epochs,
            lesson.data.len()
        )?;
        self.data_table()?;
        self.phase_notes_intro()
    }

    /// Nothing when the lesson has no notes; otherwise says where they are shown.
    fn phase_notes_intro(&mut self) -> io::Result<()> {
        let notes = &self.lesson.notes;
        if [&notes.forward, &notes.loss, &notes.backward, &notes.update]
            .iter()
            .any(|n| n.is_some())
        {
            writeln!(
                self.out,
                "The lesson's notes on each phase are quoted where that phase first appears.\n"
            )?;
        }
        Ok(())
    }

    fn data_table(&mut self) -> io::Result<()> {
        let lesson = self.lesson;
        let total = lesson.data.len();
        let (inputs, outputs) = (lesson.inputs, lesson.outputs());
        // Which samples to list: all of a small data set, else the selected ones or the first.
        const ALL_UP_TO: usize = 20;
        let (rows, note) = match &self.selection.samples {
            _ if total <= ALL_UP_TO => (0..total, None),
            Some(s) => {
                let (a, b) = (s.start() - 1, *s.end());
                let shown = (b - a).min(ALL_UP_TO);
                let note = format!(
                    "The data has {total} samples; the table lists {} of the {} selected.",
                    shown,
                    b - a
                );
                (a..a + shown, Some(note))
            }
            None => (
                0..10,
                Some(format!(
                    "The first 10 of {total} samples; the JSON export lists them all."
                )),
            ),
        };
        writeln!(self.out, "**Data:**\n")?;
        let separate = inputs + outputs <= 8;
        let head = |name: &str, j: usize| {
            if self.ascii {
                format!("{name}[{j}]")
            } else {
                format!("{name}{}", scripts::subscript(&j.to_string()))
            }
        };
        if separate {
            let mut cols = vec!["sample".to_string()];
            cols.extend((1..=inputs).map(|j| head("x", j)));
            cols.extend((1..=outputs).map(|j| head("y", j)));
            writeln!(self.out, "| {} |", cols.join(" | "))?;
            writeln!(self.out, "|{}", " ---: |".repeat(cols.len()))?;
        } else {
            writeln!(self.out, "| sample | input x | target y |")?;
            writeln!(self.out, "| ---: | --- | --- |")?;
        }
        let first_epoch = *self.selection.epochs.start();
        for i in rows {
            let sample = &lesson.data[i];
            let n = i + 1;
            let selected = self
                .selection
                .samples
                .as_ref()
                .is_none_or(|s| s.contains(&n));
            let label = if selected {
                format!("[{n}](#e{first_epoch}-s{n})")
            } else {
                n.to_string()
            };
            let cells: Vec<String> = if separate {
                sample
                    .input
                    .iter()
                    .chain(sample.target.iter())
                    .map(|v| self.num(*v))
                    .collect()
            } else {
                vec![
                    self.vector(&sample.input.to_vec()),
                    self.vector(&sample.target.to_vec()),
                ]
            };
            writeln!(self.out, "| {label} | {} |", cells.join(" | "))?;
        }
        writeln!(self.out)?;
        if let Some(note) = note {
            writeln!(self.out, "{note}\n")?;
        }
        Ok(())
    }

    /// The parameters of every layer as matrices: `W` and `b` side by side.
    fn params_section(&mut self, id: &str, title: &str, params: &Params) -> io::Result<()> {
        writeln!(self.out, "## <a id=\"{id}\"></a>{title}\n")?;
        if id == "final" {
            let epochs = match self.lesson.epochs {
                1 => "its one epoch".to_string(),
                e => format!("all {e} epochs"),
            };
            writeln!(
                self.out,
                "After {epochs} of training (whatever part of it this document shows).\n"
            )?;
        }
        let mut elided = Vec::new();
        for (i, layer) in params.layers.iter().enumerate() {
            let l = i + 1;
            let (rows, cols) = layer.w.dim();
            if rows > 8 || cols > 8 {
                elided.push(format!(
                    "W{} is {rows} × {cols}",
                    scripts::layer(l, Notation::Unicode)
                ));
            }
            let lines = self.layer_matrices(l, layer);
            self.block(&lines)?;
        }
        if !elided.is_empty() {
            writeln!(
                self.out,
                "Large matrices show their first rows and columns and their last ({}); the \
                 JSON export has every value.\n",
                elided.join(", ")
            )?;
        }
        Ok(())
    }

    fn layer_matrices(&self, l: usize, layer: &LayerParams) -> Vec<String> {
        let (rows, cols) = layer.w.dim();
        let w = |r: usize, c: usize| layer.w[[r, c]];
        let b = |r: usize, _: usize| layer.b[r];
        if self.ascii {
            let wl = text::hang(&format!("W({l}) = "), &text::text_matrix(rows, cols, w));
            let bl = text::hang(&format!("b({l}) = "), &text::text_matrix(rows, 1, b));
            text::side_by_side(&wl, &bl, 4)
        } else {
            vec![format!(
                "W^{{({l})}} = {}, \\qquad b^{{({l})}} = {}",
                text::bmatrix(rows, cols, w),
                text::bmatrix(rows, 1, b)
            )]
        }
    }

    /// Every selected step, in sections by epoch, sample (or update) and phase.
    fn steps(&mut self) -> io::Result<()> {
        let mut prev: Option<Section> = None;
        for step in self.selection.steps(self.trace) {
            let here = Section {
                epoch: step.epoch,
                sample: step.sample(),
                batch: step.batch,
                phase: step.phase(),
            };
            let new_epoch = prev.is_none_or(|p| p.epoch != here.epoch);
            if new_epoch {
                if let Some(p) = prev {
                    self.close(&p)?;
                    self.close_epoch(p.epoch)?;
                }
                writeln!(
                    self.out,
                    "## <a id=\"e{e}\"></a>Epoch {e}\n",
                    e = here.epoch
                )?;
            }
            let new_section = new_epoch
                || prev.is_some_and(|p| {
                    p.sample != here.sample || (here.sample.is_none() && p.batch != here.batch)
                });
            if let Some(p) = prev.filter(|_| new_section && !new_epoch) {
                self.close(&p)?;
            }
            match here.sample {
                Some(s) => {
                    if new_section {
                        self.sample_heading(here.epoch, s)?;
                    }
                    if new_section || prev.is_some_and(|p| p.phase != here.phase) {
                        self.phase_heading(&here)?;
                    }
                }
                None if new_section => self.update_heading(here.epoch, here.batch)?,
                None => {}
            }
            self.step(&step)?;
            prev = Some(here);
        }
        if let Some(p) = prev {
            self.close(&p)?;
            self.close_epoch(p.epoch)?;
        }
        Ok(())
    }

    /// Ends a section: an update's section ends with its parameters at a glance.
    fn close(&mut self, place: &Section) -> io::Result<()> {
        if place.sample.is_none() {
            self.update_tables(place.epoch, place.batch)?;
        }
        Ok(())
    }

    fn close_epoch(&mut self, epoch: usize) -> io::Result<()> {
        let loss = self.trace.epoch_summary(epoch).loss;
        let n = self.lesson.data.len();
        let what = if n == 1 {
            "the loss of its one sample".to_string()
        } else {
            format!(
                "the mean of the losses of its {n} samples, each with the parameters of its moment"
            )
        };
        writeln!(
            self.out,
            "**Loss of epoch {epoch}:** {} ({what}).\n",
            self.num(loss)
        )
    }

    fn sample_heading(&mut self, epoch: usize, s: usize) -> io::Result<()> {
        let sample = &self.lesson.data[s - 1];
        writeln!(
            self.out,
            "### <a id=\"e{epoch}-s{s}\"></a>Epoch {epoch}, sample {s}\n"
        )?;
        let (x, y) = (
            self.vector(&sample.input.to_vec()),
            self.vector(&sample.target.to_vec()),
        );
        writeln!(self.out, "Input x = {x}, target y = {y}.\n")
    }

    fn phase_heading(&mut self, here: &Section) -> io::Result<()> {
        let title = phase_title(here.phase);
        match (here.phase, here.sample) {
            (Phase::Loss, _) | (_, None) => writeln!(self.out, "#### {title}\n")?,
            (phase, Some(s)) => writeln!(
                self.out,
                "#### <a id=\"e{}-s{s}-{}\"></a>{title}\n",
                here.epoch,
                phase.name()
            )?,
        }
        self.note(here.phase)
    }

    /// The lesson's note on a phase, the first time the phase appears.
    fn note(&mut self, phase: Phase) -> io::Result<()> {
        let i = phase as usize;
        if self.noted[i] {
            return Ok(());
        }
        self.noted[i] = true;
        let notes = &self.lesson.notes;
        let note = match phase {
            Phase::Forward => &notes.forward,
            Phase::Loss => &notes.loss,
            Phase::Backward => &notes.backward,
            Phase::Update => &notes.update,
        };
        if let Some(note) = note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            for line in escape(note).lines() {
                if line.trim().is_empty() {
                    writeln!(self.out, ">")?;
                } else {
                    writeln!(self.out, "> {line}")?;
                }
            }
            writeln!(self.out)?;
        }
        Ok(())
    }

    fn update_heading(&mut self, epoch: usize, batch: usize) -> io::Result<()> {
        writeln!(
            self.out,
            "### <a id=\"e{epoch}-b{batch}-update\"></a>Epoch {epoch}, update after batch \
             {batch}\n"
        )?;
        let range = self.lesson.batch_range(batch - 1);
        let (first, last) = (range.start + 1, range.end);
        let from = if first == last {
            format!("the gradient of sample {first}")
        } else {
            format!("the mean of the gradients of samples {first} to {last}")
        };
        let hidden = match &self.selection.samples {
            Some(s) if !(s.contains(&first) && s.contains(&last)) => {
                " (samples outside the selection are not shown above, but count)"
            }
            _ => "",
        };
        writeln!(
            self.out,
            "Every trainable parameter is updated with {from}{hidden}.\n"
        )?;
        self.note(Phase::Update)
    }

    /// One step: its anchor, name and meaning, then its formula worked out.
    fn step(&mut self, step: &Step) -> io::Result<()> {
        let formula = self.trace.formula(step);
        let style = self.style;
        writeln!(
            self.out,
            "<a id=\"{}\"></a>**{}** — {}\n",
            anchor(step),
            code(&step.name()),
            escape_line(&self.describe(step))
        )?;
        let lhs = formula.name(style);
        let rhs = Renderer {
            style,
            substituted: false,
        }
        .render(&formula.rhs);
        let mut rows = vec![rhs];
        for row in [formula.substituted(style), formula.result(style)] {
            if rows.last() != Some(&row) {
                rows.push(row);
            }
        }
        let relation = match (formula.assign, self.ascii) {
            (false, _) => "=",
            (true, true) => "<-",
            (true, false) => "\\leftarrow",
        };
        let lines: Vec<String> = if self.ascii {
            let indent = " ".repeat(lhs.chars().count() + 1);
            rows.iter()
                .enumerate()
                .map(|(i, r)| {
                    if i == 0 {
                        format!("{lhs} {relation} {r}")
                    } else {
                        format!("{indent}= {r}")
                    }
                })
                .collect()
        } else {
            let mut lines = vec!["\\begin{aligned}".to_string()];
            let n = rows.len();
            for (i, r) in rows.iter().enumerate() {
                let end = if i + 1 < n { " \\\\" } else { "" };
                if i == 0 {
                    lines.push(format!("{lhs} &{relation} {r}{end}"));
                } else {
                    lines.push(format!("&= {r}{end}"));
                }
            }
            lines.push("\\end{aligned}".into());
            lines
        };
        self.block(&lines)?;
        let terms = formula.term_lines(style);
        if !terms.is_empty() {
            let label = match step.id.quantity {
                Quantity::Delta => "Chain rule, factor by factor:",
                _ if step.sample().is_none() => "The batch mean of the per-sample gradients:",
                _ => "Where:",
            };
            writeln!(self.out, "{label}\n")?;
            if self.ascii {
                self.block(&terms)?;
            } else {
                for term in terms {
                    self.block(&[term])?;
                }
            }
        }
        for remark in formula.remark_lines(style) {
            writeln!(self.out, "**Note:** {}\n", escape_line(&remark))?;
        }
        Ok(())
    }

    /// After an update's steps: per layer, each parameter before, its gradient, the
    /// optimizer's state and the parameter after.
    fn update_tables(&mut self, epoch: usize, batch: usize) -> io::Result<()> {
        let record = self.trace.batch(epoch, batch);
        let lesson = self.lesson;
        let state = self.trace.layout().state_quantities();
        writeln!(self.out, "#### The update at a glance\n")?;
        let depth = lesson.depth();
        for (i, layer) in lesson.layers.iter().enumerate() {
            let l = i + 1;
            let role = if l == depth { "output" } else { "hidden" };
            if !layer.weights_train() {
                writeln!(
                    self.out,
                    "Layer {l} ({role}) is frozen: its weights and biases stay as they are.\n"
                )?;
                continue;
            }
            let fixed = if layer.biases_train() {
                ""
            } else {
                " (its biases are fixed)"
            };
            writeln!(self.out, "Layer {l} ({role}){fixed}:\n")?;
            let mut head = vec!["parameter", "before", "gradient"];
            for q in state {
                head.push(self.state_label(*q));
            }
            head.push("after");
            writeln!(self.out, "| {} |", head.join(" | "))?;
            writeln!(self.out, "| --- |{}", " ---: |".repeat(head.len() - 1))?;
            let (rows, cols) = layer.weights.dim();
            let weights = (0..rows)
                .flat_map(|j| (0..cols).map(move |k| StepId::weight(Quantity::W, l, j, k)));
            let biases = (0..rows)
                .filter(|_| layer.biases_train())
                .map(|j| StepId::neuron(Quantity::B, l, j));
            for id in weights.chain(biases) {
                let step = Step {
                    epoch,
                    batch,
                    place: Place::Batch(batch),
                    index: 0,
                    id,
                    value: 0.0,
                };
                let p = id.param().expect("an update step is about a parameter");
                let mut cells = vec![
                    format!("[{}](#{})", code(&id.to_string()), anchor(&step)),
                    self.num(record.before(p)),
                    self.num(record.gradient(p)),
                ];
                let value = |id: StepId| record.update_value(&id).unwrap_or(f64::NAN);
                for q in state {
                    cells.push(self.num(value(id.with(*q))));
                }
                cells.push(self.num(value(id)));
                writeln!(self.out, "| {} |", cells.join(" | "))?;
            }
            writeln!(self.out)?;
        }
        Ok(())
    }

    fn state_label(&self, q: Quantity) -> &'static str {
        match (q, self.ascii) {
            (Quantity::Velocity, _) => "velocity v",
            (Quantity::M, _) => "m",
            (Quantity::V, _) => "v",
            (Quantity::MHat, true) => "mhat",
            (Quantity::MHat, false) => "m̂",
            (Quantity::VHat, true) => "vhat",
            _ => "v̂",
        }
    }

    /// Mean loss per epoch: every epoch of a short run, else the first and last few and
    /// every k-th.
    fn losses(&mut self) -> io::Result<()> {
        let epochs = self.lesson.epochs;
        writeln!(self.out, "## <a id=\"losses\"></a>Loss per epoch\n")?;
        writeln!(
            self.out,
            "The mean of the per-sample losses over each epoch, for the whole run.\n"
        )?;
        let every = loss_stride(epochs);
        writeln!(self.out, "| epoch | mean loss |")?;
        writeln!(self.out, "| ---: | ---: |")?;
        for e in (1..=epochs).filter(|&e| every == 1 || e <= 5 || e + 5 > epochs || e % every == 0)
        {
            let label = if self.selection.epochs.contains(&e) {
                format!("[{e}](#e{e})")
            } else {
                e.to_string()
            };
            let loss = self.trace.epoch_summary(e).loss;
            writeln!(self.out, "| {label} | {} |", self.num(loss))?;
        }
        writeln!(self.out)?;
        if every > 1 {
            writeln!(
                self.out,
                "Of {epochs} epochs, the table shows the first 5, every {} and the last 5; \
                 the JSON export lists every epoch.\n",
                if every == 2 {
                    "2nd".to_string()
                } else {
                    format!("{every}th")
                }
            )?;
        }
        Ok(())
    }

    fn anchors_section(&mut self) -> io::Result<()> {
        writeln!(self.out, "## <a id=\"anchors\"></a>About the anchors\n")?;
        writeln!(
            self.out,
            "Every step has an anchor made from where it is and its name, with the name's \
             parentheses, brackets and commas turned into hyphens:\n"
        )?;
        writeln!(
            self.out,
            "- {} is {} of epoch 1, sample 2;",
            code("#e1-s2-z-1-3"),
            code("z(1)[3]")
        )?;
        writeln!(
            self.out,
            "- {} is {} after the update of batch 1 of epoch 1;",
            code("#e1-b1-w-2-1-2"),
            code("w(2)[1,2]")
        )?;
        writeln!(
            self.out,
            "- {} is the loss of sample 1 in epoch 3.\n",
            code("#e3-s1-loss")
        )?;
        writeln!(
            self.out,
            "Sections: {} (an epoch), {} (a sample), {} and {} (its phases), {} (an update).\n",
            code("#e1"),
            code("#e1-s2"),
            code("#e1-s2-forward"),
            code("#e1-s2-backward"),
            code("#e1-b1-update")
        )?;
        if let Some(step) = self.selection.steps(self.trace).next() {
            writeln!(
                self.out,
                "The first step of this document: [{}](#{}).",
                code(&format!("#{}", anchor(&step))),
                anchor(&step)
            )?;
        }
        Ok(())
    }
}

/// Rows of the loss table: 1 shows every epoch; otherwise a round stride giving about 20 rows.
fn loss_stride(epochs: usize) -> usize {
    if epochs <= 40 {
        return 1;
    }
    let rough = epochs.div_ceil(20);
    let mut p = 1;
    loop {
        for m in [1, 2, 5] {
            if m * p >= rough {
                return m * p;
            }
        }
        p *= 10;
    }
}

/// The loss of one sample, in general.
fn loss_rule(loss: Loss, depth: usize, n: usize, ascii: bool) -> String {
    if ascii {
        let a = format!("a({depth})[j]");
        match loss {
            Loss::HalfSse => format!("L = 1/2 * sum over j = 1..{n} of ({a} - y[j])^2"),
            Loss::Mse => format!("L = 1/{n} * sum over j = 1..{n} of ({a} - y[j])^2"),
            Loss::Bce => format!(
                "L = -1/{n} * sum over j = 1..{n} of [y[j]*ln({a}) + (1 - y[j])*ln(1 - {a})]"
            ),
            Loss::CrossEntropy => {
                format!("L = -(sum over j = 1..{n} of y[j]*ln({a})),  {a} = softmax(z({depth}))[j]")
            }
        }
    } else {
        let a = format!("a^{{({depth})}}_{{j}}");
        let sum = format!("\\sum_{{j=1}}^{{{n}}}");
        match loss {
            Loss::HalfSse => {
                format!("L = \\frac{{1}}{{2}} {sum} \\left({a} - y_{{j}}\\right)^{{2}}")
            }
            Loss::Mse => format!("L = \\frac{{1}}{{{n}}} {sum} \\left({a} - y_{{j}}\\right)^{{2}}"),
            Loss::Bce => format!(
                "L = -\\frac{{1}}{{{n}}} {sum} \\left[y_{{j}} \\ln {a} + \\left(1 - y_{{j}}\\right) \\ln\\left(1 - {a}\\right)\\right]"
            ),
            Loss::CrossEntropy => format!(
                "L = -{sum} y_{{j}} \\ln {a}, \\qquad {a} = \\frac{{e^{{z^{{({depth})}}_{{j}}}}}}{{\\sum_{{k}} e^{{z^{{({depth})}}_{{k}}}}}}"
            ),
        }
    }
}

/// How the loss behaves where outputs saturate, as PyTorch computes it.
fn saturation_rule(loss: Loss, ascii: bool) -> Option<String> {
    let text = match loss {
        Loss::Bce => {
            "As in PyTorch's BCELoss, each logarithm is taken at least −100 and the gradient \
             divides by max(a(1 − a), 10⁻¹²), so a saturated sigmoid costs at most 100 and \
             nothing becomes NaN; where a clamp acts, the step's formula shows it."
        }
        Loss::CrossEntropy => {
            "As in PyTorch's CrossEntropyLoss, ln a is computed from the logits as log-softmax, \
             z − max z − ln Σ e^(z − max z), so the loss is finite whenever the logits are; \
             where an output underflows to 0, the step's formula is written that way."
        }
        Loss::HalfSse | Loss::Mse => return None,
    };
    Some(if ascii {
        text.replace('−', "-")
            .replace("10⁻¹²", "1e-12")
            .replace("ln Σ", "ln(sum of")
            .replace("max z),", "max z)),")
    } else {
        text.to_string()
    })
}

fn sgd_rule(ascii: bool) -> Vec<String> {
    if ascii {
        vec!["p <- p - eta*dL/dp".into()]
    } else {
        vec!["p \\leftarrow p - \\eta \\cdot \\frac{\\partial L}{\\partial p}".into()]
    }
}

fn momentum_rule(ascii: bool) -> Vec<String> {
    if ascii {
        vec!["v <- mu*v + dL/dp".into(), "p <- p - eta*v".into()]
    } else {
        vec![
            "v \\leftarrow \\mu \\cdot v + \\frac{\\partial L}{\\partial p}, \\qquad p \\leftarrow p - \\eta \\cdot v"
                .into(),
        ]
    }
}

fn adam_rule(ascii: bool) -> Vec<String> {
    if ascii {
        vec![
            "t <- t + 1".into(),
            "m <- beta1*m + (1 - beta1)*dL/dp".into(),
            "v <- beta2*v + (1 - beta2)*(dL/dp)^2".into(),
            "mhat = m / (1 - beta1^t)".into(),
            "vhat = v / (1 - beta2^t)".into(),
            "p <- p - eta*mhat / (sqrt(vhat) + eps)".into(),
        ]
    } else {
        vec![
            [
                "\\begin{aligned}",
                "m &\\leftarrow \\beta_1 \\cdot m + \\left(1 - \\beta_1\\right) \\cdot \\frac{\\partial L}{\\partial p} \\\\",
                "v &\\leftarrow \\beta_2 \\cdot v + \\left(1 - \\beta_2\\right) \\cdot \\left(\\frac{\\partial L}{\\partial p}\\right)^{2} \\\\",
                "\\hat{m} &= \\frac{m}{1 - \\beta_1^{t}}, \\qquad \\hat{v} = \\frac{v}{1 - \\beta_2^{t}} \\\\",
                "p &\\leftarrow p - \\eta \\cdot \\frac{\\hat{m}}{\\sqrt{\\hat{v}} + \\epsilon}",
                "\\end{aligned}",
            ]
            .join("\n"),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_runs_show_about_twenty_loss_rows() {
        assert_eq!(loss_stride(40), 1);
        assert_eq!(loss_stride(41), 5);
        assert_eq!(loss_stride(100), 5);
        assert_eq!(loss_stride(1_000), 50);
        assert_eq!(loss_stride(10_000), 500);
    }
}
