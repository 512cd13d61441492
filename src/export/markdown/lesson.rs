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
        let head = self.columns(&["layer", "neurons", "activation", "trains"]);
        writeln!(self.out, "| {head} |")?;
        writeln!(self.out, "| ---: | ---: | --- | --- |")?;
        writeln!(
            self.out,
            "| {} | {} | {none} | {none} |",
            self.layer_cell(0),
            lesson.inputs()
        )?;
        for (i, layer) in lesson.layers.iter().enumerate() {
            let l = i + 1;
            let trains = self.trains(layer);
            writeln!(
                self.out,
                "| {} | {} | {} | {trains} |",
                self.layer_cell(l),
                layer.neurons(),
                code(layer.activation().name())
            )?;
        }
        writeln!(self.out)
    }

    /// Column headings, each the message `md-col-…`, joined as a table row's inside.
    pub(super) fn columns(&self, ids: &[&str]) -> String {
        let words: Vec<String> = ids
            .iter()
            .map(|id| self.lang.t(&format!("md-col-{id}")))
            .collect();
        words.join(" | ")
    }

    /// A layer's role in words: input (layer 0), output (the last) or hidden.
    pub(super) fn role(&self, l: usize) -> String {
        let role = match l {
            0 => "input",
            l if l == self.lesson.depth() => "output",
            _ => "hidden",
        };
        tr!(self.lang, "md-role", role = role)
    }

    /// A layer with its role: `1 (hidden)`.
    pub(super) fn layer_cell(&self, l: usize) -> String {
        tr!(
            self.lang,
            "md-layer-cell",
            l = l.to_string(),
            role = self.role(l)
        )
    }

    /// What of a layer trains: its weights and biases, its weights, or nothing.
    pub(super) fn trains(&self, layer: &crate::lesson::Layer) -> String {
        let id = match (layer.weights_train(), layer.biases_train()) {
            (true, true) => "md-trains-all",
            (true, false) => "md-trains-weights",
            _ => "md-trains-none",
        };
        self.lang.t(id)
    }

    fn loss_and_optimizer(&mut self) -> io::Result<()> {
        let lesson = self.lesson;
        let line = tr!(self.lang, "md-loss-line", loss = code(lesson.loss.name()));
        writeln!(self.out, "{line}\n")?;
        let loss = rules::loss(lesson, self.style);
        self.block(&loss)?;
        if let Some(edges) = rules::saturation(lesson.loss, self.lang) {
            writeln!(self.out, "{}\n", self.prose(&edges))?;
        }
        let rate = self.setting(lesson.optimizer.learning_rate());
        let (eta, mu, b1, b2, eps) = if self.ascii {
            ("eta", "mu", "beta1", "beta2", "eps")
        } else {
            ("η", "μ", "β₁", "β₂", "ε")
        };
        let lang = self.lang;
        let words = match lesson.optimizer {
            Optimizer::Sgd { momentum: 0.0, .. } => tr!(
                lang,
                "md-opt-sgd",
                name = code("sgd"),
                eta = eta,
                rate = rate
            ),
            Optimizer::Sgd { momentum, .. } => tr!(
                lang,
                "md-opt-momentum",
                name = code("sgd"),
                eta = eta,
                rate = rate,
                mu = mu,
                momentum = self.setting(momentum)
            ),
            Optimizer::Adam {
                beta1,
                beta2,
                epsilon,
                ..
            } => tr!(
                lang,
                "md-opt-adam",
                name = code("adam"),
                eta = eta,
                rate = rate,
                b1 = b1,
                beta1 = self.setting(beta1),
                b2 = b2,
                beta2 = self.setting(beta2),
                eps = eps,
                epsilon = self.setting(epsilon)
            ),
            Optimizer::AdamW {
                beta1,
                beta2,
                epsilon,
                weight_decay,
                ..
            } => tr!(
                lang,
                "md-opt-adamw",
                name = code("adamw"),
                eta = eta,
                rate = rate,
                b1 = b1,
                beta1 = self.setting(beta1),
                b2 = b2,
                beta2 = self.setting(beta2),
                eps = eps,
                epsilon = self.setting(epsilon),
                decay = self.setting(weight_decay),
                rule = decayed_rule(self.ascii).0,
                decayed = decayed_rule(self.ascii).1
            ),
        };
        let line = tr!(lang, "md-optimizer-line", words = words);
        writeln!(self.out, "{line}\n")?;
        let rule = rules::optimizer(lesson, self.style);
        self.block(&rule)
    }

    fn batches(&mut self) -> io::Result<()> {
        let lesson = self.lesson;
        let line = tr!(
            self.lang,
            "md-batches",
            size = text::count(lesson.batch_size),
            batch = lesson.batch_size,
            updates = lesson.batches_per_epoch(),
            epochs = text::count(lesson.epochs),
            samples = text::count(lesson.data.len())
        );
        writeln!(self.out, "{line}\n")
    }

    /// Nothing when the lesson has no notes; otherwise says where they are shown.
    fn phase_notes_intro(&mut self) -> io::Result<()> {
        let notes = &self.lesson.notes;
        if [&notes.forward, &notes.loss, &notes.backward, &notes.update]
            .iter()
            .any(|n| n.is_some())
        {
            let id = match self.shows_notes() {
                true => "md-notes-here",
                false => "md-notes-elsewhere",
            };
            writeln!(self.out, "{}\n", self.lang.t(id))?;
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
                let note = tr!(
                    self.lang,
                    "md-data-selected",
                    total = text::count(total),
                    shown = shown.to_string(),
                    selected = text::count(b - a)
                );
                (a..a + shown, Some(note))
            }
            None => (
                0..10,
                Some(tr!(self.lang, "md-data-first", total = text::count(total))),
            ),
        };
        writeln!(self.out, "{}\n", self.lang.t("md-data"))?;
        let tokens = !lesson.vocabulary.is_empty();
        let separate = inputs + outputs <= 8 && !tokens;
        if separate {
            let mut cols = vec![self.lang.t("md-col-sample")];
            cols.extend((1..=inputs).map(|j| self.indexed("x", j)));
            cols.extend((1..=outputs).map(|j| self.indexed("y", j)));
            writeln!(self.out, "| {} |", cols.join(" | "))?;
            writeln!(self.out, "|{}", " ---: |".repeat(cols.len()))?;
        } else {
            let head = self.columns(&["sample", "input-x", "target-y"]);
            writeln!(self.out, "| {head} |")?;
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
    /// (`[我, 爱, 学, 习]`; under `--ascii` a token that ASCII cannot write by its id, `#1`);
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
                    match self.ascii && self.spell(word) != word {
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
        code(&text::vector(values, self.text_notation(), self.lang))
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
                let label = self.block_label(l);
                let heading = tr!(
                    self.lang,
                    "md-layer-block",
                    l = l.to_string(),
                    label = label
                );
                writeln!(self.out, "{heading}\n")?;
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
                let (name, size) = match self.ascii {
                    true => (format!("W({l})"), format!("{rows} x {cols}")),
                    false => (
                        format!("W{}", scripts::layer(l, Notation::Unicode)),
                        format!("{rows} × {cols}"),
                    ),
                };
                elided.push(tr!(self.lang, "md-matrix-size", name = name, size = size));
            }
            let lines = self.layer_matrices(l, layer);
            self.block(&lines)?;
        }
        if !elided.is_empty() {
            let list = text::list(self.lang, &elided);
            let words = tr!(self.lang, "md-large-matrices", list = list);
            writeln!(self.out, "{words}\n")?;
        }
        Ok(())
    }

    fn final_words(&mut self) -> io::Result<()> {
        let epochs = self.lesson.epochs;
        let words = tr!(
            self.lang,
            "md-final-words",
            epochs = epochs,
            count = text::count(epochs)
        );
        writeln!(self.out, "{words}\n")
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
            let more = tr!(
                self.lang,
                "md-more-kernels",
                n = kernels.len() - shown.len()
            );
            lines.push(match self.ascii {
                true => format!("... {more}"),
                false => format!("\\text{{{more}}}"),
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
        let updates = self.trace.layout().batches() * (epoch - 1) + batch - 1;
        let words = tr!(
            self.lang,
            "md-start-words",
            updates = updates,
            count = text::count(updates)
        );
        writeln!(self.out, "{words}\n")?;
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

/// AdamW's decay and the decayed parameter's name, as the document writes them: in Unicode,
/// `p̃ = p·(1 − η·λ)`; in ASCII as code, whose `*` no Markdown reader takes for emphasis.
fn decayed_rule(ascii: bool) -> (&'static str, &'static str) {
    if ascii {
        ("`decayed = p*(1 - eta*lambda)`", "`decayed`")
    } else {
        ("p̃ = p·(1 − η·λ)", "p̃")
    }
}
