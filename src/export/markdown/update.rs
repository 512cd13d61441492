//! An update: its heading (with Adam's t), the batch mean of the gradients before the steps
//! that use it, then after its worked steps a table per layer — each parameter before, its
//! gradient, the optimizer's state, the step and the parameter after — and the payoff, the
//! loss of the batch's samples before and after the update.

use crate::tr;
use std::io;

use crate::lesson::Optimizer;
use crate::notation::number::{self, Column};
use crate::notation::{Digits, Notation};
use crate::trace::formula::{Expr, Renderer, Sym, symbol, var};
use crate::trace::{Batch, Moment, Param, Phase, Place, Quantity, Step, StepId};

use super::Doc;
use super::text::{DIGITS, anchor, code, count};
use super::view::in_window;

/// The kind under which the batch mean is marked as worked out (it is shown once).
const BATCH_MEAN: (Quantity, usize) = (Quantity::DW, usize::MAX);

/// One row of an update's table: the parameter's cell, then the numbers with their anchors
/// (`None` where the step is worked out above, or is no step).
struct ParamRow {
    param: String,
    /// The parameter as a link to its row (or worked step): the state table's first cell.
    link: String,
    cells: Vec<(f64, Option<String>)>,
}

impl Doc<'_> {
    pub(super) fn update_heading(&mut self, epoch: usize, batch: usize) -> io::Result<()> {
        let record = self.trace.batch(epoch, batch);
        let t = record.adam_t().map_or(String::new(), |t| {
            tr!(self.lang, "md-adam-t", t = t.to_string())
        });
        let id = format!("e{epoch}-b{batch}-update");
        let title = tr!(
            self.lang,
            "md-update-after",
            epoch = count(epoch),
            batch = count(batch)
        );
        writeln!(self.out, "### <a id=\"{id}\"></a>{title}{t}\n")?;
        if self.cited.update.is_none() {
            self.cited.update = Some(id);
        }
        let samples: Vec<usize> = record.sample_numbers().collect();
        let (first, last) = (samples[0], samples[samples.len() - 1]);
        let hidden = match &self.selection.samples {
            Some(s) if !(s.contains(&first) && s.contains(&last)) => "yes",
            _ => "no",
        };
        let words = tr!(
            self.lang,
            "md-updated-with",
            samples = usize::from(first != last) + 1,
            first = first.to_string(),
            last = last.to_string(),
            hidden = hidden
        );
        writeln!(self.out, "{words}\n")?;
        self.start_note(Phase::Update, epoch, Place::Batch(batch))?;
        self.update_worked.clear();
        if record.len() > 1 && self.worked.insert(BATCH_MEAN) {
            self.batch_mean(&record)?;
        }
        Ok(())
    }

    /// The batch mean of one parameter's gradient, worked out: what every update step of a
    /// batch uses as ∂L/∂p.
    fn batch_mean(&mut self, record: &Batch) -> io::Result<()> {
        let Some(p) = self.first_trainable() else {
            return Ok(());
        };
        let n = record.len();
        let terms: Vec<Expr> = record
            .samples()
            .map(|s| {
                let sym = Sym::Grad {
                    p,
                    sample: Some(s.number() - 1),
                };
                var(sym, s.gradient(p))
            })
            .collect();
        let sum = Expr::Sum(terms);
        let style = self.style;
        let render = |substituted| Renderer { style, substituted }.render(&sum);
        let over = |s: String| match self.ascii {
            true => format!("({s}) / {n}"),
            false => format!("\\left({s}\\right) / {n}"),
        };
        let rows = vec![
            over(render(false)),
            over(render(true)),
            number::format(record.gradient(p), DIGITS, style.notation),
        ];
        let lhs = symbol(&Sym::Grad { p, sample: None }, style.notation);
        let name = p.id(p.quantity()).to_string();
        let words = tr!(
            self.lang,
            "md-batch-mean",
            n = n.to_string(),
            name = code(&name)
        );
        writeln!(self.out, "{words}\n")?;
        let lines = self.aligned(&lhs, "=", &rows);
        self.block(&lines)
    }

    /// The first parameter the update changes (the first entry of the first layer with
    /// weights that train).
    fn first_trainable(&self) -> Option<Param> {
        self.lesson
            .layers
            .iter()
            .enumerate()
            .find_map(|(i, layer)| {
                let spec = layer.specs().into_iter().find(|s| s.trains)?;
                Some(Param {
                    l: i + 1,
                    tensor: spec.tensor,
                    ix: crate::trace::Index::at_offset(0, &spec.dims),
                })
            })
    }

    /// The entries of every tensor of layer `l` (a convolution's kernels, entry by entry)
    /// that train, each tensor's first three and last in a summary; and how many are left out.
    fn tensor_params(&self, l: usize) -> (Vec<Param>, usize) {
        let full = self.detail == super::Detail::Full;
        let (mut params, mut all) = (Vec::new(), 0);
        for spec in self.lesson.layers[l - 1]
            .specs()
            .into_iter()
            .filter(|s| s.trains)
        {
            let n = spec.len();
            all += n;
            params.extend((0..n).filter(|&k| full || in_window(n, k)).map(|k| Param {
                l,
                tensor: spec.tensor,
                ix: crate::trace::Index::at_offset(k, &spec.dims),
            }));
        }
        let left_out = all - params.len();
        (params, left_out)
    }

    /// After an update's steps: its table per layer and the loss it leaves.
    pub(super) fn close_update(&mut self, epoch: usize, batch: usize) -> io::Result<()> {
        let record = self.trace.batch(epoch, batch);
        writeln!(self.out, "#### {}\n", self.lang.t("md-update-by-parameter"))?;
        let lang = self.lang;
        for (i, layer) in self.lesson.layers.iter().enumerate() {
            let l = i + 1;
            if layer.specs().is_empty() {
                // A pooling or flatten layer has nothing to update.
                continue;
            }
            let (role, frozen_id) = match self.is_transformer() {
                // A block of a transformer, by its kind: `layer norm`, `dense gelu +LoRA`.
                true => (self.spell(&self.block_label(l)), "md-frozen-params"),
                false => (self.role(l), "md-frozen-weights"),
            };
            let l_text = l.to_string();
            if !layer.weights_train() {
                let words = tr!(lang, frozen_id, l = &l_text, role = &role);
                writeln!(self.out, "{words}\n")?;
                continue;
            }
            let frozen: Vec<String> = layer
                .specs()
                .iter()
                .filter(|s| !s.trains)
                .map(|s| super::transformer::tensor_symbol(s.tensor, self.ascii))
                .collect();
            // LoRA's frozen base, a layer's fixed biases, ….
            let heading = match (self.is_transformer(), layer.biases_train()) {
                (true, _) if !frozen.is_empty() => tr!(
                    lang,
                    "md-layer-heading-frozen",
                    l = &l_text,
                    role = &role,
                    frozen = super::text::and_list(lang, &frozen)
                ),
                (true, _) | (false, true) => {
                    tr!(lang, "md-layer-heading", l = &l_text, role = &role)
                }
                (false, false) => tr!(
                    lang,
                    "md-layer-heading-fixed-biases",
                    l = &l_text,
                    role = &role
                ),
            };
            writeln!(self.out, "{heading}\n")?;
            self.layer_update(&record, epoch, batch, l)?;
        }
        self.end_notes()?;
        self.payoff(&record)
    }

    /// The parameters of layer `l` that the table shows, and how many it leaves out.
    fn layer_params(&self, l: usize) -> (Vec<Param>, usize) {
        let layer = &self.lesson.layers[l - 1];
        // A convolution's kernels, a transformer's tensors, LoRA's A and B: entry by entry.
        if !layer.is_dense() {
            return self.tensor_params(l);
        }
        let (rows, cols) = layer.dense_weights().map_or((0, 0), |w| w.dim());
        let full = self.detail == super::Detail::Full;
        let shown = |n: usize, i: usize| full || in_window(n, i);
        let weights = (0..rows)
            .filter(|&j| shown(rows, j))
            .flat_map(|j| {
                (0..cols)
                    .filter(move |&k| shown(cols, k))
                    .map(move |k| (j, k))
            })
            .map(|(j, k)| Param::w(l, j, k));
        let biases = (0..rows)
            .filter(|&j| layer.biases_train() && shown(rows, j))
            .map(|j| Param::b(l, j));
        let params: Vec<Param> = weights.chain(biases).collect();
        let all = rows * cols + if layer.biases_train() { rows } else { 0 };
        let left_out = all - params.len();
        (params, left_out)
    }

    fn layer_update(
        &mut self,
        record: &Batch,
        epoch: usize,
        batch: usize,
        l: usize,
    ) -> io::Result<()> {
        let state = self.trace.layout().state_moments();
        let (params, left_out) = self.layer_params(l);
        let step_of = |id: StepId| Step {
            epoch,
            batch,
            place: Place::Batch(batch),
            index: 0,
            id,
            value: 0.0,
        };
        let mut rows = Vec::with_capacity(params.len());
        for p in params {
            let id = p.id(p.quantity());
            let worked = |id: &StepId| self.update_worked.contains(id);
            let own = |id: StepId| (!worked(&id)).then(|| anchor(&step_of(id)));
            let name = code(&id.to_string());
            let link = format!("[{name}](#{})", anchor(&step_of(id)));
            let param = match worked(&id) {
                true => link.clone(),
                false => format!("<a id=\"{}\"></a>{name}", anchor(&step_of(id))),
            };
            let value = |id: StepId| record.update_value(&id).unwrap_or(f64::NAN);
            let mut cells = vec![(record.before(p), None), (record.gradient(p), None)];
            for q in state {
                let sid = id.with(p.state(*q));
                cells.push((value(sid), own(sid)));
            }
            let step = self.trace.formula(&step_of(id));
            let size = match &step.rhs {
                Expr::Sub(_, size) => size.eval(),
                _ => f64::NAN,
            };
            cells.push((size, None));
            cells.push((value(id), None));
            rows.push(ParamRow { param, link, cells });
        }
        self.param_table(&rows, left_out)
    }

    /// The table of a layer's update: each parameter before, its gradient, the step taken
    /// and after; the optimizer's state in a table of its own beside it, so that neither is
    /// wider than the page.
    fn param_table(&mut self, rows: &[ParamRow], left_out: usize) -> io::Result<()> {
        let moments = self.trace.layout().state_moments();
        let n = moments.len();
        // Cells: before, gradient, the state, the step, after.
        let lang = self.lang;
        let col = |id: &str| lang.t(&format!("md-col-{id}"));
        let mut head = vec![
            col("parameter"),
            col("before"),
            col("gradient"),
            tr!(self.lang, "md-col-update-step", size = self.step_label()),
            col("after"),
        ];
        let main = [0, 1, 2 + n, 3 + n];
        self.table_of(&head, rows, &main, left_out, false)?;
        if n > 0 {
            head = vec![col("parameter")];
            for q in moments {
                head.push(self.state_label(*q));
            }
            let state: Vec<usize> = (2..2 + n).collect();
            writeln!(self.out, "{}\n", self.lang.t("md-optimizer-state"))?;
            self.table_of(&head, rows, &state, left_out, true)?;
        }
        Ok(())
    }

    /// A table of the parameter rows' cells `cells`, under `head`.
    fn table_of(
        &mut self,
        head: &[String],
        rows: &[ParamRow],
        cells: &[usize],
        left_out: usize,
        linked: bool,
    ) -> io::Result<()> {
        writeln!(self.out, "| {} |", head.join(" | "))?;
        writeln!(self.out, "| --- |{}", " ---: |".repeat(head.len() - 1))?;
        let column = Column::new([], DIGITS, self.text_notation());
        for row in rows {
            let shown: Vec<String> = cells
                .iter()
                .map(|&c| match &row.cells[c] {
                    (v, Some(a)) => format!("<a id=\"{a}\"></a>{}", column.format(*v)),
                    (v, None) => column.format(*v),
                })
                .collect();
            let first = if linked { &row.link } else { &row.param };
            writeln!(self.out, "| {first} | {} |", shown.join(" | "))?;
        }
        if left_out > 0 {
            self.left_out = true;
            let dots = self.t("…", "...");
            let more = tr!(
                self.lang,
                "md-params-more",
                dots = dots,
                n = count(left_out)
            );
            writeln!(
                self.out,
                "| {more} | {} |{}",
                self.lang.t("md-params-more-where"),
                " |".repeat(head.len() - 2)
            )?;
        }
        writeln!(self.out)
    }

    fn state_label(&self, q: Moment) -> String {
        let symbol = match (q, self.ascii) {
            (Moment::Velocity, _) => return self.lang.t("md-col-velocity"),
            (Moment::Decayed, _) => return self.lang.t("md-col-decayed"),
            (Moment::M, _) => "m",
            (Moment::V, _) => "v",
            (Moment::MHat, true) => "mhat",
            (Moment::MHat, false) => "m̂",
            (Moment::VHat, true) => "vhat",
            _ => "v̂",
        };
        symbol.to_string()
    }

    /// What the step column takes from the parameter: `η·∂L/∂p`, `η·v`, ….
    fn step_label(&self) -> &'static str {
        match (self.lesson.optimizer, self.ascii) {
            (Optimizer::Sgd { momentum: 0.0, .. }, false) => "η·∂L/∂p",
            (Optimizer::Sgd { momentum: 0.0, .. }, true) => "eta*dL/dp",
            (Optimizer::Sgd { .. }, false) => "η·v",
            (Optimizer::Sgd { .. }, true) => "eta*v",
            (Optimizer::Adam { .. } | Optimizer::AdamW { .. }, false) => "η·m̂/(√v̂ + ε)",
            (Optimizer::Adam { .. } | Optimizer::AdamW { .. }, true) => {
                "eta*mhat/(sqrt(vhat) + eps)"
            }
        }
    }

    /// The payoff: the loss of the batch's samples with the parameters before the update
    /// and with the new ones.
    fn payoff(&mut self, record: &Batch) -> io::Result<()> {
        let (before, after) = (record.loss_before(), record.loss_after());
        let samples: Vec<usize> = record.sample_numbers().collect();
        let (Some(first), Some(last)) = (samples.first(), samples.last()) else {
            return Ok(());
        };
        let change = (after - before) / before * 100.0;
        let percent = number::text(
            change.abs(),
            Digits::Short(3),
            Notation::for_text(self.ascii),
        );
        let way = match change.is_finite() {
            false => "none",
            true if change <= 0.0 => "down",
            true => "up",
        };
        let words = tr!(
            self.lang,
            "md-loss-after",
            samples = samples.len(),
            first = first.to_string(),
            last = last.to_string(),
            before = self.num(before),
            after = self.num(after),
            change = way,
            percent = percent
        );
        writeln!(self.out, "{words}\n")
    }
}
