//! A sample's phase in matrix form, with its numbers: the forward pass as
//! z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾ and a⁽ˡ⁾ = f(z⁽ˡ⁾); the backward pass as δ⁽ᴸ⁾ = ∇ₐL ⊙ f′(z⁽ᴸ⁾)
//! (a − y for softmax with cross-entropy), δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾ ⊙ f′(z⁽ˡ⁾) and
//! ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ. Every entry is read from the trace; big layers are windowed
//! (their first rows and columns and their last).

use std::io;

use crate::lesson::{Activation, Loss};
use crate::trace::formula::{Expr, Sym, func_name};
use crate::trace::{Arrays, Batch, Param, Phase, Place, Quantity, SampleValues, Step, StepId};

use super::Doc;
use super::text::{bmatrix, hang, text_matrix};

/// One side of an equation in matrix form: matrices and the operators between them.
pub(super) enum Part<'r> {
    /// A matrix: its shape and entries.
    Matrix(usize, usize, Box<dyn Fn(usize, usize) -> f64 + 'r>),
    /// An operator or symbol between matrices, in LaTeX and in ASCII.
    Op(&'static str, &'static str),
}

impl Doc<'_> {
    /// Ends a phase of a sample with its matrix form (the loss has none).
    pub(super) fn matrix_form(
        &mut self,
        epoch: usize,
        sample: usize,
        batch: usize,
        phase: Phase,
    ) -> io::Result<()> {
        let record = self.trace.batch(epoch, batch);
        let equations = match phase {
            Phase::Forward => self.forward_matrices(&record, sample),
            Phase::Backward => self.backward_matrices(&record, epoch, sample),
            _ => return Ok(()),
        };
        let words = match phase {
            Phase::Forward => self.lang.t("md-matrix-form"),
            _ => crate::tr!(self.lang, "md-matrix-form-odot", odot = self.t("⊙", "(*)")),
        };
        writeln!(self.out, "{words}\n")?;
        for (lhs, rows) in equations {
            let lines = self.equation(&lhs, rows);
            self.block(&lines)?;
        }
        Ok(())
    }

    /// Each layer's z = W a + b and a = f(z).
    fn forward_matrices<'r>(
        &self,
        record: &'r Batch,
        sample: usize,
    ) -> Vec<(String, Vec<Row<'r>>)> {
        let values = record.sample(sample).expect("the batch holds its samples");
        let mut out = Vec::new();
        // A layer on a sequence is written one time step at a time; a convolution's layers
        // step by step (not here); the dense part here.
        for l in 1..=self.lesson.depth() {
            let layer = &self.lesson.layers[l - 1];
            if super::sequence::on_sequence(layer) {
                out.extend(self.sequence_matrices(record, values, l, Phase::Forward));
                continue;
            }
            if !layer.is_dense() {
                continue;
            }
            let (rows, cols) = (self.lesson.width(l), self.lesson.width(l - 1));
            let w = record.weights(Arrays::Before, l).expect("weights");
            let b = record.biases(Arrays::Before, l).expect("biases");
            let (a_in, z, a) = (
                values.activations(l - 1),
                values.zs(l),
                values.activations(l),
            );
            let act = self.lesson.layers[l - 1].activation();
            let (zl, al, al1, wl, bl) = (
                self.vec_sym("z", l),
                self.vec_sym("a", l),
                self.vec_sym("a", l - 1),
                self.mat_sym("W", l),
                self.vec_sym("b", l),
            );
            out.push((
                zl.clone(),
                vec![
                    Row::Symbolic(format!("{wl} {al1} + {bl}")),
                    Row::Parts(vec![
                        Part::Matrix(rows, cols, Box::new(move |r, c| w[[r, c]])),
                        Part::Matrix(cols, 1, column(a_in)),
                        Part::Op("+", "+"),
                        Part::Matrix(rows, 1, Box::new(move |r, _| b[r])),
                    ]),
                    Row::Parts(vec![Part::Matrix(rows, 1, column(z))]),
                ],
            ));
            let f = match act {
                Activation::Identity => zl,
                _ => self.applied(act, &zl),
            };
            out.push((
                al,
                vec![
                    Row::Symbolic(f),
                    Row::Parts(vec![Part::Matrix(rows, 1, column(a))]),
                ],
            ));
        }
        out
    }

    /// δ of every layer from the output down, then each layer's ∂L/∂W = δ aᵀ.
    fn backward_matrices<'r>(
        &self,
        record: &'r Batch,
        epoch: usize,
        sample: usize,
    ) -> Vec<(String, Vec<Row<'r>>)> {
        let values = record.sample(sample).expect("the batch holds its samples");
        let dense = |l: &usize| self.lesson.layers[l - 1].is_dense();
        let layers = || (1..=self.lesson.depth()).rev().filter(dense);
        let others: Vec<usize> = (1..=self.lesson.depth())
            .rev()
            .filter(|&l| super::sequence::on_sequence(&self.lesson.layers[l - 1]))
            .collect();
        let deltas = layers().map(|l| {
            let (symbolic, parts) = self.delta_of(record, values, (epoch, sample), l);
            let n = self.lesson.width(l);
            let result = Part::Matrix(n, 1, column(values.deltas(l)));
            let rows = vec![
                Row::Symbolic(symbolic),
                Row::Parts(parts),
                Row::Parts(vec![result]),
            ];
            (self.vec_sym("\\delta", l), rows)
        });
        let gradients = layers().map(|l| self.weight_gradient(values, l));
        let sequences = others
            .into_iter()
            .flat_map(|l| self.sequence_matrices(record, values, l, Phase::Backward));
        deltas.chain(gradients).chain(sequences).collect()
    }

    /// δ⁽ˡ⁾ as symbols and as matrices: a − y for softmax with cross-entropy, ∇ₐL ⊙ f′(z)
    /// at the output, (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾ ⊙ f′(z) below it.
    fn delta_of<'r>(
        &self,
        record: &'r Batch,
        values: SampleValues<'r>,
        (epoch, sample): (usize, usize),
        l: usize,
    ) -> (String, Vec<Part<'r>>) {
        let n = self.lesson.width(l);
        let act = self.lesson.layers[l - 1].activation();
        let output = l == self.lesson.depth();
        if output && act == Activation::Softmax && self.lesson.loss == Loss::CrossEntropy {
            let y = self.lesson.data[sample - 1].target.to_vec();
            let parts = vec![
                Part::Matrix(n, 1, column(values.activations(l))),
                Part::Op("-", "-"),
                Part::Matrix(n, 1, Box::new(move |r, _| y[r])),
            ];
            return (format!("{} - y", self.vec_sym("a", l)), parts);
        }
        let derivs = self.term_values(epoch, sample, l, |s| matches!(s, Sym::Deriv { .. }));
        let sep = if self.ascii { " (*) " } else { " \\odot " };
        let fprime = self.fprime_sym(act, l);
        let (symbolic, mut parts) = if output {
            let grad = self.term_values(epoch, sample, l, |s| matches!(s, Sym::DlDa { .. }));
            let nabla = if self.ascii {
                "grad_a L"
            } else {
                "\\nabla_{a} L"
            };
            let parts = vec![Part::Matrix(n, 1, Box::new(move |r, _| grad[r]))];
            (nabla.to_string(), parts)
        } else {
            let up = self.lesson.width(l + 1);
            let w = record.weights(Arrays::Before, l + 1).expect("weights");
            let wt = match self.ascii {
                true => format!("{}^T", self.mat_sym("W", l + 1)),
                false => format!("\\left({}\\right)^{{\\top}}", self.mat_sym("W", l + 1)),
            };
            let parts = vec![
                Part::Matrix(n, up, Box::new(move |r, c| w[[c, r]])),
                Part::Matrix(up, 1, column(values.deltas(l + 1))),
            ];
            (format!("{wt} {}", self.vec_sym("\\delta", l + 1)), parts)
        };
        parts.push(Part::Op("\\odot", "(*)"));
        parts.push(Part::Matrix(n, 1, Box::new(move |r, _| derivs[r])));
        (format!("{symbolic}{sep}{fprime}"), parts)
    }

    /// f′(z⁽ˡ⁾) as a symbol.
    fn fprime_sym(&self, act: Activation, l: usize) -> String {
        let (name, zl) = (
            func_name(act.into(), self.style.notation),
            self.vec_sym("z", l),
        );
        match self.ascii {
            true => format!("{name}'({zl})"),
            false => format!("{name}'\\left({zl}\\right)"),
        }
    }

    /// ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ.
    fn weight_gradient<'r>(&self, values: SampleValues<'r>, l: usize) -> (String, Vec<Row<'r>>) {
        let (rows, cols) = (self.lesson.width(l), self.lesson.width(l - 1));
        let a_in = values.activations(l - 1);
        let (lhs, at) = match self.ascii {
            true => (format!("dL/dW({l})"), format!("a({})^T", l - 1)),
            false => (
                format!("\\frac{{\\partial L}}{{\\partial W^{{({l})}}}}"),
                format!("\\left({}\\right)^{{\\top}}", self.vec_sym("a", l - 1)),
            ),
        };
        let rows = vec![
            Row::Symbolic(format!("{} {at}", self.vec_sym("\\delta", l))),
            Row::Parts(vec![
                Part::Matrix(rows, 1, column(values.deltas(l))),
                Part::Matrix(1, cols, Box::new(move |_, c| a_in[c])),
            ]),
            Row::Parts(vec![Part::Matrix(
                rows,
                cols,
                Box::new(move |j, k| values.gradient(Param::w(l, j, k))),
            )]),
        ];
        (lhs, rows)
    }

    /// The values of one named term (∂L/∂a, f′(z)) of the δ formulas of layer `l`, by neuron.
    fn term_values(
        &self,
        epoch: usize,
        sample: usize,
        l: usize,
        which: impl Fn(&Sym) -> bool,
    ) -> Vec<f64> {
        let batch = self.trace.layout().batch_of(sample);
        (0..self.lesson.width(l))
            .map(|j| {
                let step = Step {
                    epoch,
                    batch,
                    place: Place::Sample(sample),
                    index: 0,
                    id: StepId::neuron(Quantity::Delta, l, j),
                    value: 0.0,
                };
                let formula = self.trace.formula(&step);
                formula
                    .terms
                    .iter()
                    .find(|t| matches!(&t.name, Expr::Var(s, _) if which(s)))
                    .map_or(f64::NAN, |t| t.definition.eval())
            })
            .collect()
    }

    /// A layer's vector: `z^{(1)}`, or `z(1)`.
    pub(super) fn vec_sym(&self, base: &str, l: usize) -> String {
        match self.ascii {
            true => format!("{}({l})", base.trim_start_matches('\\')),
            false => format!("{base}^{{({l})}}"),
        }
    }

    /// A layer's matrix: `W^{(1)}`, or `W(1)`.
    fn mat_sym(&self, base: &str, l: usize) -> String {
        self.vec_sym(base, l)
    }

    /// `σ(z^{(1)})`, `sigmoid(z(1))`.
    fn applied(&self, act: Activation, arg: &str) -> String {
        let f = func_name(act.into(), self.style.notation);
        match self.ascii {
            true => format!("{f}({arg})"),
            false => format!("{f}\\left({arg}\\right)"),
        }
    }

    /// `lhs = row = row …`, aligned, the matrices of each row side by side.
    fn equation(&self, lhs: &str, rows: Vec<Row<'_>>) -> Vec<String> {
        if !self.ascii {
            let texts: Vec<String> = rows.into_iter().map(latex_row).collect();
            return self.aligned(lhs, "=", &texts);
        }
        let mut lines = Vec::new();
        let indent = " ".repeat(lhs.chars().count() + 1);
        for (i, row) in rows.into_iter().enumerate() {
            let prefix = match i {
                0 => format!("{lhs} = "),
                _ => format!("{indent}= "),
            };
            lines.extend(hang(&prefix, &ascii_row(row)));
        }
        lines
    }
}

/// A row of an equation: symbols, or matrices with numbers.
pub(super) enum Row<'r> {
    Symbolic(String),
    Parts(Vec<Part<'r>>),
}

fn latex_row(row: Row<'_>) -> String {
    match row {
        Row::Symbolic(s) => s,
        Row::Parts(parts) => parts
            .into_iter()
            .map(|p| match p {
                Part::Matrix(r, c, entry) => bmatrix(r, c, entry),
                Part::Op(latex, _) => latex.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// A row in plain text: matrices side by side, operators on their first line.
fn ascii_row(row: Row<'_>) -> Vec<String> {
    let blocks: Vec<Vec<String>> = match row {
        Row::Symbolic(s) => return vec![s],
        Row::Parts(parts) => parts
            .into_iter()
            .map(|p| match p {
                Part::Matrix(r, c, entry) => text_matrix(r, c, entry),
                Part::Op(_, ascii) => vec![ascii.to_string()],
            })
            .collect(),
    };
    let height = blocks.iter().map(Vec::len).max().unwrap_or(0);
    (0..height)
        .map(|i| {
            let cells: Vec<String> = blocks
                .iter()
                .map(|b| {
                    let width = b.iter().map(|l| l.chars().count()).max().unwrap_or(0);
                    format!("{:width$}", b.get(i).map_or("", String::as_str))
                })
                .collect();
            cells.join(" ").trim_end().to_string()
        })
        .collect()
}

/// A column vector's entries.
fn column(values: &[f64]) -> Box<dyn Fn(usize, usize) -> f64 + '_> {
    Box::new(move |r, _| values[r])
}
