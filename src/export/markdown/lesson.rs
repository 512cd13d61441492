//! The lesson section (the network, its loss and optimizer with their rules, batch size, the
//! data) and the parameters as matrices, at the start and at the end.

use crate::tr;
use std::io;

use crate::engine::{LayerParams, Params};
use crate::lesson::{Optimizer, Sample};
use crate::notation::{Digits, Notation, number, scripts};

use super::text::{self, code};
use super::{Doc, rules};

impl Doc<'_> {
    /// A setting exactly as the lesson gives it.
    fn setting(&self, v: f64) -> String {
        number::text(v, Digits::Full, self.text_notation())
    }

    pub(super) fn lesson_section(&mut self) -> io::Result<()> {
        writeln!(
            self.out,
            "## <a id=\"lesson\"></a>{}\n",
            self.lang.t("md-lesson")
        )?;
        self.diagram()?;
        self.layer_table()?;
        self.loss_and_optimizer()?;
        self.batches()?;
        self.data_table()?;
        self.phase_notes_intro()
    }

    fn layer_table(&mut self) -> io::Result<()> {
        if self.is_transformer() {
            return self.transformer_layer_table();
        }
        let lesson = self.lesson;
        if !lesson.layers.iter().all(|l| l.is_dense()) {
            return self.kinds_table();
        }
        let none = self.t("—", "-");
        writeln!(self.out, "| layer | neurons | activation | trains |")?;
        writeln!(self.out, "| ---: | ---: | --- | --- |")?;
        writeln!(
            self.out,
            "| 0 (input) | {} | {none} | {none} |",
            lesson.inputs()
        )?;
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
                code(layer.activation().name())
            )?;
        }
        writeln!(self.out)
    }

    fn loss_and_optimizer(&mut self) -> io::Result<()> {
        let lesson = self.lesson;
        writeln!(
            self.out,
            "**Loss:** {}, the loss of one sample; the loss of a batch is the mean over its \
             samples.\n",
            code(lesson.loss.name())
        )?;
        let loss = rules::loss(lesson, self.style.notation);
        self.block(&loss)?;
        if let Some(edges) = rules::saturation(lesson.loss) {
            writeln!(self.out, "{}\n", self.prose(edges))?;
        }
        let rate = self.setting(lesson.optimizer.learning_rate());
        let (eta, mu, b1, b2, eps) = if self.ascii {
            ("eta", "mu", "beta1", "beta2", "eps")
        } else {
            ("η", "μ", "β₁", "β₂", "ε")
        };
        let words = match lesson.optimizer {
            Optimizer::Sgd { momentum: 0.0, .. } => format!(
                "plain stochastic gradient descent ({}), learning rate {eta} = {rate}. Every \
                 trainable parameter p moves against the batch-mean gradient:",
                code("sgd")
            ),
            Optimizer::Sgd { momentum, .. } => format!(
                "stochastic gradient descent with momentum ({}), learning rate {eta} = {rate}, \
                 momentum {mu} = {}. Each parameter p keeps a velocity v that starts at 0 (so \
                 the first v is the gradient, as in PyTorch):",
                code("sgd"),
                self.setting(momentum)
            ),
            Optimizer::Adam {
                beta1,
                beta2,
                epsilon,
                ..
            } => format!(
                "Adam ({}), learning rate {eta} = {rate}, {b1} = {}, {b2} = {}, {eps} = {}. \
                 Each parameter p keeps moments m and v that start at 0; t counts the updates, \
                 from 1:",
                code("adam"),
                self.setting(beta1),
                self.setting(beta2),
                self.setting(epsilon)
            ),
            Optimizer::AdamW {
                beta1,
                beta2,
                epsilon,
                weight_decay,
                ..
            } => format!(
                "AdamW ({}), learning rate {eta} = {rate}, {b1} = {}, {b2} = {}, {eps} = {}, \
                 weight decay λ = {}. Each step first decays the parameter, p̃ = p·(1 − η·λ), \
                 then takes Adam's step from p̃; m and v start at 0; t counts the updates, \
                 from 1:",
                code("adamw"),
                self.setting(beta1),
                self.setting(beta2),
                self.setting(epsilon),
                self.setting(weight_decay)
            ),
        };
        writeln!(self.out, "**Optimizer:** {words}\n")?;
        let rule = rules::optimizer(lesson, self.style.notation);
        self.block(&rule)
    }

    fn batches(&mut self) -> io::Result<()> {
        let lesson = self.lesson;
        let per_epoch = match lesson.batches_per_epoch() {
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
            text::count(lesson.batch_size),
            text::count(lesson.epochs),
            text::count(lesson.data.len())
        )
    }

    /// Nothing when the lesson has no notes; otherwise says where they are shown.
    fn phase_notes_intro(&mut self) -> io::Result<()> {
        let notes = &self.lesson.notes;
        if [&notes.forward, &notes.loss, &notes.backward, &notes.update]
            .iter()
            .any(|n| n.is_some())
        {
            let words = match self.shows_notes() {
                true => {
                    "The lesson's notes describe epoch 1, sample 1 and its update: they are \
                     quoted there, beside the steps they discuss."
                }
                false => {
                    "The lesson's notes describe epoch 1, sample 1 and its update, which this \
                     document does not show; `--epoch 1 --sample 1` shows them beside their \
                     numbers."
                }
            };
            writeln!(self.out, "{words}\n")?;
        }
        Ok(())
    }

    /// A column heading with an index: `x₁`, or `x[1]` in ASCII.
    fn indexed(&self, name: &str, j: usize) -> String {
        if self.ascii {
            format!("{name}[{j}]")
        } else {
            format!("{name}{}", scripts::subscript(&j.to_string()))
        }
    }

    fn data_table(&mut self) -> io::Result<()> {
        let lesson = self.lesson;
        let total = lesson.data.len();
        let (inputs, outputs) = (lesson.inputs(), lesson.outputs());
        // Which samples to list: all of a small data set, else the selected ones or the first.
        const ALL_UP_TO: usize = 20;
        let (rows, note) = match &self.selection.samples {
            _ if total <= ALL_UP_TO => (0..total, None),
            Some(s) => {
                let (a, b) = (s.start() - 1, *s.end());
                let shown = (b - a).min(ALL_UP_TO);
                let note = format!(
                    "The data has {} samples; the table lists {shown} of the {} selected.",
                    text::count(total),
                    text::count(b - a)
                );
                (a..a + shown, Some(note))
            }
            None => (
                0..10,
                Some(format!(
                    "The first 10 of {} samples; the JSON export lists them all.",
                    text::count(total)
                )),
            ),
        };
        writeln!(self.out, "**Data:**\n")?;
        let tokens = !lesson.vocabulary.is_empty();
        let separate = inputs + outputs <= 8 && !tokens;
        if separate {
            let mut cols = vec!["sample".to_string()];
            cols.extend((1..=inputs).map(|j| self.indexed("x", j)));
            cols.extend((1..=outputs).map(|j| self.indexed("y", j)));
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
                let values = sample.input.iter().chain(sample.target.iter());
                values.map(|v| self.num(*v)).collect()
            } else {
                // A token in a table cell may hold the cell's delimiter.
                let (x, y) = self.sample_text(sample);
                vec![x.replace('|', "\\|"), y.replace('|', "\\|")]
            };
            writeln!(self.out, "| {label} | {} |", cells.join(" | "))?;
        }
        writeln!(self.out)?;
        if let Some(note) = note {
            writeln!(self.out, "{note}\n")?;
        }
        Ok(())
    }

    /// A sample's input and target in running text: a token lesson's as its tokens, the
    /// target as the next token at each position where each position's row is one-hot
    /// (`[我, 爱, 学, 习]`; under `--ascii` a token that is not ASCII by its id, `#1`);
    /// otherwise as vectors of numbers.
    pub(super) fn sample_text(&self, sample: &Sample) -> (String, String) {
        let lesson = self.lesson;
        if lesson.vocabulary.is_empty() {
            let (x, y) = (sample.input.to_vec(), sample.target.to_vec());
            return (self.vector(&x), self.vector(&y));
        }
        let tokens = |ids: &[f64]| {
            let words: Vec<String> = ids
                .iter()
                .map(|&id| {
                    let word = lesson
                        .vocabulary
                        .get(id as usize)
                        .map_or("?", String::as_str);
                    match self.ascii && !word.is_ascii() {
                        true => format!("#{}", id as usize),
                        false => word.to_string(),
                    }
                })
                .collect();
            code(&format!("[{}]", words.join(", ")))
        };
        let input = tokens(sample.input.as_slice().unwrap_or(&[]));
        let target =
            match crate::lesson::next_tokens(lesson, sample.target.as_slice().unwrap_or(&[])) {
                Some(ids) => tokens(&ids),
                None => self.vector(&sample.target.to_vec()),
            };
        (input, target)
    }

    /// A vector in running text, as code: `[0.05, 0.1]`, the middle of a long one elided.
    pub(super) fn vector(&self, values: &[f64]) -> String {
        code(&text::vector(values, self.text_notation()))
    }

    /// The parameters of every layer as matrices: `W` and `b` side by side.
    pub(super) fn params_section(
        &mut self,
        id: &str,
        title: &str,
        params: &Params,
    ) -> io::Result<()> {
        writeln!(self.out, "## <a id=\"{id}\"></a>{title}\n")?;
        if id == "final" {
            self.final_words()?;
        }
        let mut elided = Vec::new();
        for (i, layer) in params.layers.iter().enumerate() {
            let l = i + 1;
            if self.is_transformer() {
                // A transformer's tensors, each by its name.
                writeln!(
                    self.out,
                    "Layer {l}, {}:\n",
                    crate::layers::diagram::label(self.lesson, l)
                )?;
                self.tensor_blocks(l, layer)?;
                continue;
            }
            if !self.lesson.layers[i].is_dense() {
                // A convolution's kernels; a recurrent layer's tensors (or a dense layer's on a
                // sequence) as matrices; a pooling or flatten layer has no parameters.
                let kernels = layer
                    .get(crate::trace::Tensor::W)
                    .is_some_and(|w| w.ndim() == 4);
                if kernels {
                    let lines = self.kernel_matrices(l, layer);
                    self.block(&lines)?;
                } else if !layer.is_empty() {
                    let lines = self.tensor_matrices(l, layer);
                    self.block(&lines)?;
                }
                continue;
            }
            let (rows, cols) = layer.w().dim();
            if rows > text::MAX_SHOWN || cols > text::MAX_SHOWN {
                let name = match self.ascii {
                    true => format!("W({l}) is {rows} x {cols}"),
                    false => format!(
                        "W{} is {rows} × {cols}",
                        scripts::layer(l, Notation::Unicode)
                    ),
                };
                elided.push(name);
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

    fn final_words(&mut self) -> io::Result<()> {
        let epochs = match self.lesson.epochs {
            1 => "its one epoch".to_string(),
            e => format!("all {} epochs", text::count(e)),
        };
        writeln!(
            self.out,
            "After {epochs} of training (whatever part of it this document shows).\n"
        )
    }

    /// A convolution's kernels W⁽ˡ⁾[o,c] (the first few) and its biases.
    fn kernel_matrices(&self, l: usize, layer: &LayerParams) -> Vec<String> {
        const KERNELS: usize = 4;
        let Some(w) = layer.get(crate::trace::Tensor::W) else {
            return Vec::new();
        };
        let dims = w.shape().to_vec();
        let (o_n, c_n, kh, kw) = (dims[0], dims[1], dims[2], dims[3]);
        let b = layer.get(crate::trace::Tensor::B);
        let kernels: Vec<(usize, usize)> = (0..o_n)
            .flat_map(|o| (0..c_n).map(move |c| (o, c)))
            .collect();
        let shown = &kernels[..kernels.len().min(KERNELS)];
        let bias = |r: usize, _: usize| b.map_or(0.0, |b| b[[r]]);
        let mut lines = Vec::new();
        if self.ascii {
            for &(o, c) in shown {
                let m = text::text_matrix(kh, kw, |u, v| w[[o, c, u, v]]);
                lines.extend(text::hang(&format!("W({l})[{},{}] = ", o + 1, c + 1), &m));
            }
            lines.extend(text::hang(
                &format!("b({l}) = "),
                &text::text_matrix(o_n, 1, bias),
            ));
        } else {
            let parts: Vec<String> = shown
                .iter()
                .map(|&(o, c)| {
                    format!(
                        "W^{{({l})}}_{{{},{}}} = {}",
                        o + 1,
                        c + 1,
                        text::bmatrix(kh, kw, |u, v| w[[o, c, u, v]])
                    )
                })
                .collect();
            // As many kernels on a line as fit GitHub's column: about 8 numbers across.
            let per_line = (8 / kw).max(1);
            for chunk in parts.chunks(per_line) {
                lines.push(chunk.join(", \\quad "));
            }
            lines.push(format!("b^{{({l})}} = {}", text::bmatrix(o_n, 1, bias)));
        }
        if kernels.len() > shown.len() {
            let more = kernels.len() - shown.len();
            lines.push(match self.ascii {
                true => format!("... and {more} more kernels"),
                false => format!("\\text{{and {more} more kernels}}"),
            });
        }
        if self.ascii {
            return lines;
        }
        // One display, its lines one under another.
        vec![format!(
            "\\begin{{gathered}}\n{}\n\\end{{gathered}}",
            lines.join(" \\\\\n")
        )]
    }

    fn layer_matrices(&self, l: usize, layer: &LayerParams) -> Vec<String> {
        let (rows, cols) = layer.w().dim();
        let w = |r: usize, c: usize| layer.w()[[r, c]];
        let b = |r: usize| layer.b()[r];
        self.matrices(l, (rows, cols), &w, &b)
    }

    /// `W` and `b` of layer `l` side by side.
    fn matrices(
        &self,
        l: usize,
        (rows, cols): (usize, usize),
        w: &dyn Fn(usize, usize) -> f64,
        b: &dyn Fn(usize) -> f64,
    ) -> Vec<String> {
        let bc = |r: usize, _: usize| b(r);
        if self.ascii {
            let wl = text::hang(&format!("W({l}) = "), &text::text_matrix(rows, cols, w));
            let bl = text::hang(&format!("b({l}) = "), &text::text_matrix(rows, 1, bc));
            text::side_by_side(&wl, &bl, 4)
        } else {
            vec![format!(
                "W^{{({l})}} = {}, \\qquad b^{{({l})}} = {}",
                text::bmatrix(rows, cols, w),
                text::bmatrix(rows, 1, bc)
            )]
        }
    }

    /// Where a chosen range starts later than the run: the parameters its first step reads,
    /// before the first selected batch of its first epoch.
    pub(super) fn start_params_section(&mut self) -> io::Result<()> {
        let epoch = *self.selection.epochs.start();
        let sample = self.selection.samples.as_ref().map_or(1, |s| *s.start());
        let batch = self.trace.layout().batch_of(sample);
        if epoch == 1 && batch == 1 {
            return Ok(());
        }
        let title = tr!(
            self.lang,
            "md-start",
            epoch = text::count(epoch),
            batch = text::count(batch)
        );
        writeln!(self.out, "## <a id=\"start\"></a>{title}\n")?;
        writeln!(
            self.out,
            "What the first step shown here reads: the parameters after {} update{} of training.\n",
            text::count(self.trace.layout().batches() * (epoch - 1) + batch - 1),
            if self.trace.layout().batches() * (epoch - 1) + batch - 1 == 1 {
                ""
            } else {
                "s"
            }
        )?;
        let record = self.trace.batch(epoch, batch);
        for l in 1..=self.lesson.depth() {
            let (Some(w), Some(b)) = (
                record.weights(crate::trace::Arrays::Before, l),
                record.biases(crate::trace::Arrays::Before, l),
            ) else {
                continue;
            };
            let lines = self.matrices(l, w.dim(), &|r, c| w[[r, c]], &|r| b[r]);
            self.block(&lines)?;
        }
        Ok(())
    }
}
