//! The selected steps, in sections by epoch, sample (or update) and phase: the first step of
//! each kind worked out, the others gathered into tables, each phase of a sample closed by
//! its matrix form and each update by its table of parameters and the loss it leaves.

use crate::tr;
use std::io;

use crate::trace::formula::{Expr, Renderer, Sym};
use crate::trace::{Phase, Place, Quantity, Step, TermLabel};

use super::super::select::phase_title as select_title;
use super::Doc;
use super::text::{anchor, code, count, escape_line};
use super::{rules, worked};

/// Where the stream of steps is: the section of the last step written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Section {
    pub(super) epoch: usize,
    pub(super) sample: Option<usize>,
    pub(super) batch: usize,
    pub(super) phase: Phase,
}

impl Section {
    fn of(step: &Step) -> Self {
        Section {
            epoch: step.epoch,
            sample: step.sample(),
            batch: step.batch,
            phase: step.phase(),
        }
    }

    /// Does `next` start a new sample or a new update?
    fn new_place(&self, next: &Section) -> bool {
        self.epoch != next.epoch
            || self.sample != next.sample
            || (next.sample.is_none() && self.batch != next.batch)
    }
}

impl Doc<'_> {
    /// Every selected step, in sections by epoch, sample (or update) and phase.
    pub(super) fn steps(&mut self) -> io::Result<()> {
        let mut prev: Option<Section> = None;
        for step in self.selection.steps(self.trace) {
            let here = Section::of(&step);
            if prev != Some(here) {
                if let Some(p) = prev {
                    self.close_phase(&p)?;
                    if p.epoch != here.epoch {
                        self.close_epoch(p.epoch)?;
                    }
                }
                self.open(prev.as_ref(), &here)?;
            }
            self.put(&step)?;
            prev = Some(here);
        }
        if let Some(p) = prev {
            self.close_phase(&p)?;
            self.close_epoch(p.epoch)?;
        }
        Ok(())
    }

    /// Headings for a new section: epoch, sample or update, phase.
    fn open(&mut self, prev: Option<&Section>, here: &Section) -> io::Result<()> {
        if prev.is_none_or(|p| p.epoch != here.epoch) {
            let title = tr!(self.lang, "md-epoch", n = count(here.epoch));
            writeln!(self.out, "## <a id=\"e{e}\"></a>{title}\n", e = here.epoch)?;
            if self.cited.epoch.is_none() {
                self.cited.epoch = Some(format!("e{}", here.epoch));
            }
        }
        let new_place = prev.is_none_or(|p| p.new_place(here));
        match here.sample {
            Some(s) => {
                if new_place {
                    self.sample_heading(here.epoch, s)?;
                }
                self.phase_heading(here)
            }
            None if new_place => self.update_heading(here.epoch, here.batch),
            None => Ok(()),
        }
    }

    /// One step: worked out when it is the first of its kind, else a table row (or counted
    /// among those a summary leaves out). Update steps not worked out are rows of the
    /// update's table, written when the update ends.
    fn put(&mut self, step: &Step) -> io::Result<()> {
        let update = step.sample().is_none();
        if !self.visible(step) {
            if !update {
                self.table_skip();
            }
            return Ok(());
        }
        let works = match super::sequence::works_out(self.lesson, step) {
            // A recurrent layer works one time step out in full (which one depends on the
            // sequence's length) and tables the others.
            Some(works) => works && self.worked_rows.insert(step.id),
            None => {
                let layer = if update { 0 } else { step.id.layer };
                let first = self.worked.insert((step.id.quantity, layer));
                // A layer's kind says which of its steps are worked out (the loss and
                // updates: the first of each quantity).
                match self.lesson.layers.get(step.id.layer.wrapping_sub(1)) {
                    Some(l) if !update => l.kind.contract().works_out(&step.id, first),
                    _ => first,
                }
            }
        };
        if works {
            self.flush_table()?;
            self.write_notes(step.index.checked_sub(1))?;
            if update {
                self.update_worked.insert(step.id);
            }
            self.worked_step(step)?;
            return self.write_notes(Some(step.index));
        }
        if !update {
            self.table_row(step);
        }
        Ok(())
    }

    /// Ends a section: its table, then a sample phase's matrix form or an update's tables.
    fn close_phase(&mut self, section: &Section) -> io::Result<()> {
        self.flush_table()?;
        if section.sample.is_some() {
            self.end_notes()?;
        }
        match section.sample {
            // A transformer's attention matrices differ from sample to sample: as tables
            // after each sample's phase.
            Some(s) if self.is_transformer() => {
                self.attention_tables(section.epoch, s, section.batch, section.phase)
            }
            // Tables or matrix form, not both: the matrix form once, in the first sample.
            Some(s) if self.has_matrix_form() && self.matrices.insert(section.phase) => {
                self.matrix_form(section.epoch, s, section.batch, section.phase)
            }
            Some(_) => Ok(()),
            None => self.close_update(section.epoch, section.batch),
        }
    }

    fn close_epoch(&mut self, epoch: usize) -> io::Result<()> {
        let loss = self.trace.epoch_summary(epoch).loss;
        let n = self.lesson.data.len();
        let words = tr!(
            self.lang,
            "md-epoch-loss",
            epoch = count(epoch),
            loss = self.num(loss),
            n = n,
            count = count(n)
        );
        writeln!(self.out, "{words}\n")
    }

    fn sample_heading(&mut self, epoch: usize, s: usize) -> io::Result<()> {
        let sample = &self.lesson.data[s - 1];
        let title = tr!(
            self.lang,
            "md-epoch-sample",
            epoch = count(epoch),
            sample = count(s)
        );
        writeln!(self.out, "### <a id=\"e{epoch}-s{s}\"></a>{title}\n")?;
        if self.cited.sample.is_none() {
            self.cited.sample = Some(format!("e{epoch}-s{s}"));
        }
        let (x, y) = self.sample_text(sample);
        writeln!(
            self.out,
            "{}\n",
            tr!(self.lang, "md-input-target", x = x, y = y)
        )
    }

    fn phase_heading(&mut self, here: &Section) -> io::Result<()> {
        let title = match self.lang {
            crate::i18n::Lang::En => select_title(here.phase).to_string(),
            lang => lang.t(&format!("md-phase-{}", here.phase.name())),
        };
        match (here.phase, here.sample) {
            (Phase::Loss, _) | (_, None) => writeln!(self.out, "#### {title}\n")?,
            (phase, Some(s)) => {
                let id = format!("e{}-s{s}-{}", here.epoch, phase.name());
                if self.cited.phase.is_none() {
                    self.cited.phase = Some(id.clone());
                }
                writeln!(self.out, "#### <a id=\"{id}\"></a>{title}\n")?
            }
        }
        self.rule(here.phase)?;
        let place = Place::Sample(here.sample.unwrap_or(1));
        self.start_note(here.phase, here.epoch, place)
    }

    /// The general rule of a forward or backward pass, the first time the phase appears
    /// (the loss and the update have theirs in the lesson section).
    fn rule(&mut self, phase: Phase) -> io::Result<()> {
        let i = phase as usize;
        if self.ruled[i] {
            return Ok(());
        }
        self.ruled[i] = true;
        if self.is_transformer() {
            // The rules of a dense network do not fit these layers: each kind's first step
            // is worked out below with its own formula.
            return Ok(());
        }
        let lines = match phase {
            Phase::Forward => rules::forward(self.lesson, self.style),
            Phase::Backward => rules::backward(self.lesson, self.style),
            _ => return Ok(()),
        };
        writeln!(self.out, "{}\n", self.lang.t("md-rule"))?;
        self.block(&lines)?;
        let recurrent = self.recurrent_rules(phase);
        if !recurrent.is_empty() {
            writeln!(self.out, "{}\n", self.lang.t("md-rule-through-time"))?;
            for line in recurrent {
                self.block(&[line])?;
            }
        }
        Ok(())
    }

    /// One step worked out: its anchor, name and meaning, its formula, the numbers
    /// substituted and the result, then the terms it uses (a δ's chain-rule factors).
    pub(super) fn worked_step(&mut self, step: &Step) -> io::Result<()> {
        let formula = self.trace.formula(step);
        let style = self.style;
        let id = anchor(step);
        self.cited.cite_worked(step, &id, self.lang);
        writeln!(
            self.out,
            "<a id=\"{id}\"></a>**{}** — {}\n",
            code(&step.name()),
            escape_line(&self.describe(step))
        )?;
        let lhs = formula.name(style);
        let rhs = Renderer {
            style,
            substituted: false,
        }
        .render(&formula.rhs);
        // A δ's numbers as the product of its factors, each worked below.
        let factors = match step.id.quantity {
            Quantity::Delta => worked::factor_row(&formula, style),
            _ => None,
        };
        let lines = match worked::sum_items(&formula.rhs) {
            Some(items) => {
                let rows = worked::contributions(&items, formula.value, style);
                worked::aligned_rows(&lhs, &rhs, &rows, style.notation)
            }
            None => {
                let chain = worked::gradient_chain(
                    step,
                    &formula,
                    self.product_delta(step),
                    style.notation,
                );
                let mut rows: Vec<String> = chain.into_iter().collect();
                rows.push(rhs);
                let numbers = factors
                    .clone()
                    .unwrap_or_else(|| formula.substituted(style));
                for row in [numbers, formula.result(style)] {
                    if rows.last() != Some(&row) {
                        rows.push(row);
                    }
                }
                let relation = match (formula.assign, self.ascii) {
                    (false, _) => "=",
                    (true, true) => "<-",
                    (true, false) => "\\leftarrow",
                };
                self.aligned(&lhs, relation, &rows)
            }
        };
        self.block(&lines)?;
        // An update's batch mean is shown before the update, not under each step.
        let batch_mean = |name: &Expr| matches!(name, Expr::Var(Sym::Grad { sample: None, .. }, _));
        let update = step.sample().is_none();
        // A hidden δ's terms name the error passed back, then f′, then their product.
        // The factors' product is the δ's own line above when it is written as that product.
        let names: Vec<&Expr> = formula.terms.iter().map(|t| &t.name).collect();
        let product = |t: &&crate::trace::Term| {
            factors.is_some()
                && matches!(&t.definition, Expr::Mul(f) if f.iter().all(|x| names.contains(&x)))
        };
        let terms: Vec<(Option<String>, Vec<String>)> = formula
            .terms
            .iter()
            .filter(|t| !(product(t) || update && batch_mean(&t.name)))
            .map(|t| (t.label.as_ref().map(|l| self.label(l)), self.term_lines(t)))
            .collect();
        if !terms.is_empty() {
            let label = match step.id.quantity {
                Quantity::Delta => "md-chain-rule",
                _ => "md-where",
            };
            writeln!(self.out, "{}\n", self.lang.t(label))?;
            for (label, term) in terms {
                if let Some(label) = label {
                    writeln!(
                        self.out,
                        "{}\n",
                        tr!(self.lang, "md-term-label", label = label)
                    )?;
                }
                self.block(&term)?;
            }
        }
        self.remarks(&formula.remark_lines(style))
    }

    /// Do the layers' kinds show their phases in matrix form (every one must)?
    fn has_matrix_form(&self) -> bool {
        self.lesson
            .layers
            .iter()
            .all(|l| l.kind.contract().matrix_form())
    }

    /// A term of a formula: a sum of products worked term by term, else on one line.
    fn term_lines(&self, t: &crate::trace::Term) -> Vec<String> {
        let style = self.style;
        let Some(items) = worked::sum_items(&t.definition) else {
            return vec![t.equation(style)];
        };
        let render = |e: &Expr| {
            Renderer {
                style,
                substituted: false,
            }
            .render(e)
        };
        let rows = worked::contributions(&items, t.definition.eval(), style);
        let first = format!("{} = {}", render(&t.name), render(&t.definition));
        let (lhs, rest) = first.split_once(" = ").expect("just joined");
        worked::aligned_rows(lhs, rest, &rows, style.notation)
    }

    /// Is a δ of this step's layer the product ∂L/∂a · f′(z) (not a − y, as softmax with
    /// cross-entropy gives at the output)?
    fn product_delta(&self, step: &Step) -> bool {
        let l = step.id.layer;
        let output = l == self.lesson.depth();
        !(output
            && self.lesson.layers[l - 1].activation() == crate::lesson::Activation::Softmax
            && self.lesson.loss == crate::lesson::Loss::CrossEntropy)
    }

    /// Why a formula is not the textbook one (a clamp of PyTorch's acts), in words.
    pub(super) fn remarks(&mut self, remarks: &[String]) -> io::Result<()> {
        for remark in remarks {
            let note = tr!(self.lang, "md-note", text = self.prose(remark));
            writeln!(self.out, "{note}\n")?;
        }
        Ok(())
    }

    /// `lhs = first row`, then `= row` for each further row: aligned LaTeX, or indented text.
    pub(super) fn aligned(&self, lhs: &str, relation: &str, rows: &[String]) -> Vec<String> {
        if self.ascii {
            let indent = " ".repeat(lhs.chars().count() + 1);
            return rows
                .iter()
                .enumerate()
                .map(|(i, r)| match i {
                    0 => format!("{lhs} {relation} {r}"),
                    _ => format!("{indent}= {r}"),
                })
                .collect();
        }
        let mut lines = vec!["\\begin{aligned}".to_string()];
        let n = rows.len();
        for (i, r) in rows.iter().enumerate() {
            let end = if i + 1 < n { " \\\\" } else { "" };
            match i {
                0 => lines.push(format!("{lhs} &{relation} {r}{end}")),
                _ => lines.push(format!("&= {r}{end}")),
            }
        }
        lines.push("\\end{aligned}".into());
        lines
    }
}

impl Doc<'_> {
    /// A term's label as a sentence starts: `The error passed back from layer 2` (a capital
    /// only in English: in Chinese the label may start with a function's name, `sigmoid 的斜率`).
    fn label(&self, label: &TermLabel) -> String {
        let text = label.text_in(self.lang);
        if self.lang != crate::i18n::Lang::En {
            return text;
        }
        let mut chars = text.chars();
        chars
            .next()
            .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
    }
}
