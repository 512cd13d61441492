//! The formulas of one sample's steps: each layer's forward and backward steps come from its
//! kind ([`Explain`](crate::trace::kind::Explain)); the loss, and what reaches the output
//! layer from it, are the same for every kind and written here. [`SampleCx`] is what a kind's
//! formulas read: the sample's numbers as named values.

use crate::engine::softmax_cross_entropy;
use crate::lesson::{Activation, Layer, Lesson, Loss};

use super::super::formula::{Expr, Param, Sym, add, div, gate, mul, pow, sub, var};
use super::super::record::{BatchRecord, LayerValues, SampleRecord};
use super::super::remark::Remark;
use super::super::saturation;
use super::super::step::{Index, Quantity, StepId, Tensor};
use super::super::term::{Term, TermLabel};
use super::Formula;

/// One sample of one batch, as a kind's formulas read it: every number as a named value.
#[derive(Clone, Copy)]
pub struct SampleCx<'a> {
    lesson: &'a Lesson,
    record: &'a BatchRecord,
    s: &'a SampleRecord,
}

/// What reaches a layer's output in the backward pass, as its δ formula writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Reaching {
    /// The output layer: ∂L/∂a from the loss (divided by the positions of a sequence), and
    /// why it is not the textbook one where a clamp acts.
    Loss {
        /// ∂L/∂a.
        dlda: Expr,
        /// Remarks on PyTorch's clamps.
        remarks: Vec<Remark>,
    },
    /// The output layer is a softmax under cross-entropy: δ = a − y (over the positions).
    SoftmaxCe(Expr),
    /// A hidden layer: the error passed back from the layer above, and from every layer that
    /// adds this one's output as a residual.
    Above {
        /// The sum, as the engine takes it.
        expr: Expr,
        /// The layer above, which passes it back.
        from: usize,
    },
}

impl<'a> SampleCx<'a> {
    pub(in crate::trace) fn new(
        lesson: &'a Lesson,
        record: &'a BatchRecord,
        s: &'a SampleRecord,
    ) -> Self {
        SampleCx { lesson, record, s }
    }

    /// The lesson.
    pub fn lesson(&self) -> &'a Lesson {
        self.lesson
    }

    /// Layer `l` (from 1).
    pub fn layer(&self, l: usize) -> &'a Layer {
        &self.lesson.layers[l - 1]
    }

    /// Layer `l`'s numbers for this sample.
    pub fn values(&self, l: usize) -> LayerValues<'a> {
        LayerValues::new(self.lesson, &self.record.before.params, self.s, l)
    }

    /// The value of one of this sample's steps.
    pub fn value(&self, id: &StepId) -> f64 {
        self.s.value(self.lesson, &self.record.before.params, id)
    }

    /// A number of this sample as a named value: `q` of layer `l` at `ix`; `a` of layer 0
    /// is the input.
    pub fn q(&self, q: Quantity, l: usize, ix: Index) -> Expr {
        let value = if l == 0 {
            self.input(&ix)
        } else {
            self.value(&StepId {
                quantity: q,
                layer: l,
                ix,
            })
        };
        var(Sym::Q { q, l, ix }, value)
    }

    /// The input's number at `ix` (flat in row-major order).
    fn input(&self, ix: &Index) -> f64 {
        let dims = self.lesson.input.dims();
        let at = ix.offset_in(&dims).unwrap_or(ix.j());
        self.s.a[0][at]
    }

    /// A parameter as the sample used it: tensor `t` of layer `l` at `ix`.
    pub fn p(&self, t: Tensor, l: usize, ix: Index) -> Expr {
        let p = Param { l, tensor: t, ix };
        var(Sym::P(p), self.record.before.params.at(l, t, &ix))
    }

    /// The sample's targets, flat.
    pub fn targets(&self) -> &'a [f64] {
        self.lesson.data[self.s.index]
            .target
            .as_slice()
            .expect("targets are contiguous")
    }

    /// The target at `ix` of the output.
    pub fn y(&self, ix: Index) -> Expr {
        let dims = self.lesson.shape(self.lesson.depth()).dims();
        let at = ix.offset_in(&dims).unwrap_or(ix.j());
        var(Sym::Y(ix), self.targets()[at])
    }

    /// Positions of the output (1 for a vector).
    fn positions(&self) -> usize {
        self.lesson.shape(self.lesson.depth()).positions()
    }

    /// The output's indices for output `j` at position `t` (an image's `[c,i,j]` for its
    /// number `j` in row-major order).
    fn out_ix(&self, t: usize, j: usize) -> Index {
        let shape = self.lesson.shape(self.lesson.depth());
        if let crate::layers::Shape::Image { .. } = shape {
            return Index::at_offset(j, &shape.dims());
        }
        match self.positions() {
            1 if !self.lesson.shape(self.lesson.depth()).is_sequence() => Index::one(j),
            _ => Index::two(t, j),
        }
    }

    /// What reaches layer `l`'s output at `ix` in the backward pass.
    pub fn reaching(&self, l: usize, ix: &Index) -> Reaching {
        let depth = self.lesson.depth();
        if l == depth {
            let per_position = |e: Expr| match self.positions() {
                1 => e,
                t => div(e, Expr::Num(t as f64)),
            };
            if softmax_cross_entropy(self.lesson) {
                let a = self.q(Quantity::A, l, *ix);
                return Reaching::SoftmaxCe(per_position(sub(a, self.y(*ix))));
            }
            let (dlda, remarks) = self.loss_derivative(l, ix);
            return Reaching::Loss {
                dlda: per_position(dlda),
                remarks,
            };
        }
        let above = self.layer(l + 1).kind.contract();
        let mut parts = vec![above.passed_back(self, l + 1, ix)];
        for r in l + 1..=depth {
            if self.layer(r).residual == Some(l) {
                let error = self.values(r).error();
                let at = ix.offset_in(&self.lesson.shape(r).dims()).unwrap_or(ix.j());
                parts.push(var(Sym::DlDa { l: r, ix: *ix }, error[at]));
            }
        }
        let expr = match parts.len() {
            1 => parts.pop().expect("one part"),
            _ => add(parts),
        };
        Reaching::Above { expr, from: l + 1 }
    }

    /// The paths by which the error reaching layer `l`'s output arrives, when residual
    /// connections add that output to later layers': the error passed back from the layer
    /// above, then each residual's, as named terms (none without residuals). `expr` is
    /// [`Reaching::Above`]'s sum.
    pub fn paths(&self, l: usize, ix: &Index, expr: &Expr) -> Vec<Term> {
        let residuals: Vec<usize> = (l + 1..=self.lesson.depth())
            .filter(|&r| self.layer(r).residual == Some(l))
            .collect();
        let Expr::Add(parts) = expr else {
            return Vec::new();
        };
        if residuals.is_empty() || parts.len() != residuals.len() + 1 {
            return Vec::new();
        }
        let passed = var(Sym::PassedBack { l, ix: *ix }, parts[0].eval());
        let mut terms = vec![
            Term::new(passed, parts[0].clone()).labelled(TermLabel::PassedBack { from: l + 1 }),
        ];
        for (part, r) in parts[1..].iter().zip(residuals) {
            terms.push(
                Term::new(part.clone(), part.clone()).labelled(TermLabel::Residual { from: r }),
            );
        }
        terms
    }

    /// ∂L/∂a of output `ix` for the lesson's loss (one position's), and why it is not the
    /// textbook one.
    fn loss_derivative(&self, l: usize, ix: &Index) -> (Expr, Vec<Remark>) {
        let n = self.lesson.shape(l).features() as u32;
        let (a, y) = (self.q(Quantity::A, l, *ix), self.y(*ix));
        let mut remarks = Vec::new();
        let e = match self.lesson.loss {
            Loss::HalfSse => sub(a, y),
            Loss::Mse => mul(vec![Expr::Frac(2, n), sub(a, y)]),
            Loss::Bce => {
                let a_of = || self.q(Quantity::A, l, *ix);
                let value = self.value(&StepId {
                    quantity: Quantity::A,
                    layer: l,
                    ix: *ix,
                });
                let den = saturation::bce_denominator(&a_of, value, (l, *ix), &mut remarks);
                mul(vec![Expr::Frac(1, n), div(sub(a, y), den)])
            }
            Loss::CrossEntropy => Expr::Neg(Box::new(div(y, a))),
        };
        (e, remarks)
    }

    /// The sample's loss: each position's, and their mean over a sequence's positions.
    fn loss(&self, value: f64) -> Formula {
        let (mut per, mut terms, mut remarks) = (Vec::new(), Vec::new(), Vec::new());
        for t in 0..self.positions() {
            let (e, ts, rs) = self.position_loss(t, value);
            per.push(e);
            terms.extend(ts);
            remarks.extend(rs);
        }
        let rhs = match per.len() {
            1 => per.pop().expect("one position"),
            t => div(Expr::Sum(per), Expr::Num(t as f64)),
        };
        let mut f = Formula::new(Sym::Loss, rhs, value);
        f.terms = terms.into_iter().map(Term::from).collect();
        f.remarks = remarks;
        f
    }

    /// The loss of position `t` (the whole output of a vector).
    #[allow(clippy::type_complexity)]
    fn position_loss(&self, t: usize, value: f64) -> (Expr, Vec<(Expr, Expr)>, Vec<Remark>) {
        let depth = self.lesson.depth();
        let n = self.lesson.shape(depth).features();
        let a = |j: usize| self.q(Quantity::A, depth, self.out_ix(t, j));
        let y = |j: usize| self.y(self.out_ix(t, j));
        let squares = || {
            let each = (0..n).map(|j| pow(sub(a(j), y(j)), Expr::Num(2.0)));
            Expr::Sum(each.collect())
        };
        match self.lesson.loss {
            Loss::HalfSse => (mul(vec![Expr::Frac(1, 2), squares()]), vec![], vec![]),
            Loss::Mse => (
                mul(vec![Expr::Frac(1, n as u32), squares()]),
                vec![],
                vec![],
            ),
            Loss::Bce => {
                let mut remarks = Vec::new();
                let per_output = (0..n)
                    .map(|j| {
                        let ix = self.out_ix(t, j);
                        let av = self.value(&StepId {
                            quantity: Quantity::A,
                            layer: depth,
                            ix,
                        });
                        let at = (depth, ix);
                        let log_a = saturation::bce_log(a(j), av, false, at, &mut remarks);
                        let log_1a = saturation::bce_log(a(j), av, true, at, &mut remarks);
                        add(vec![
                            mul(vec![y(j), log_a]),
                            mul(vec![sub(Expr::Num(1.0), y(j)), log_1a]),
                        ])
                    })
                    .collect();
                let mean = mul(vec![Expr::Frac(1, n as u32), Expr::Sum(per_output)]);
                (Expr::Neg(Box::new(mean)), vec![], remarks)
            }
            Loss::CrossEntropy => {
                let v = self.values(depth);
                let range = t * n..(t + 1) * n;
                let z = &v.buffer_of_logits()[range.clone()];
                let out = (z, &v.output()[range.clone()], &self.targets()[range]);
                let at = match self.positions() {
                    1 if !self.lesson.shape(depth).is_sequence() => Index::EMPTY,
                    _ => Index::one(t),
                };
                // With several positions, each position's loss is checked against its own
                // value, so the plain form is kept only where it evaluates to it.
                let own = if self.positions() == 1 {
                    value
                } else {
                    crate::engine::loss::cross_entropy(out.0, out.2)
                };
                saturation::cross_entropy((depth, at), out, own)
            }
        }
    }
}

/// The formula of a forward, loss or backward step of one sample.
pub(in crate::trace) fn sample_formula(
    lesson: &Lesson,
    record: &BatchRecord,
    s: &SampleRecord,
    id: &StepId,
) -> Formula {
    let cx = SampleCx::new(lesson, record, s);
    if id.quantity == Quantity::Loss {
        return cx.loss(s.loss);
    }
    lesson.layers[id.layer - 1].kind.contract().formula(&cx, id)
}

/// The activation's slope at one unit, as a δ formula reads it.
pub struct Slope {
    /// f′(z) as written: a(1 − a), 1 − a², ReLU′(z), ….
    pub fprime: Expr,
    /// Its named value f′(z⁽ˡ⁾ⱼ).
    pub deriv: Expr,
    /// The activation.
    pub activation: Activation,
    /// The unit's weighted input z, and its value.
    pub z: (Expr, f64),
    /// Remarks on how the slope is written (tanh′ rounded once).
    pub remarks: Vec<Remark>,
}

/// δ = (what reaches the output) · f′(z), with the chain rule's factors as named terms: the
/// output layer's δ⁽ᴸ⁾ = ∂L/∂a⁽ᴸ⁾·f′(z⁽ᴸ⁾) (a − y for softmax and cross-entropy), a hidden
/// layer's δ⁽ˡ⁾ = (the error passed back)·f′(z⁽ˡ⁾). Where ReLU's backward selects instead of
/// multiplying (an infinite error at an inactive unit), the formula says so.
pub fn chain_rule_delta(
    cx: &SampleCx<'_>,
    (l, ix): (usize, Index),
    slope: Slope,
    value: f64,
) -> Formula {
    let lhs = Sym::Q {
        q: Quantity::Delta,
        l,
        ix,
    };
    let Slope {
        fprime,
        deriv,
        activation,
        z,
        remarks: slope_remarks,
    } = slope;
    let slope_term = Term::new(deriv.clone(), fprime.clone()).labelled(TermLabel::Slope {
        activation: activation.name(),
    });
    let chain = |error: Expr, remarks: &mut Vec<Remark>| {
        saturation::relu_selection(activation, z.clone(), error.clone(), (l, ix), remarks)
            .unwrap_or_else(|| mul(vec![error, fprime.clone()]))
    };
    let mut f = match cx.reaching(l, &ix) {
        Reaching::SoftmaxCe(rhs) => return Formula::new(lhs, rhs, value),
        Reaching::Loss { dlda, mut remarks } => {
            let rhs = chain(dlda.clone(), &mut remarks);
            let mut f = Formula::new(lhs, rhs, value);
            let loss_slope = Term::new(var(Sym::DlDa { l, ix }, dlda.eval()), dlda);
            f.terms = vec![loss_slope.labelled(TermLabel::LossSlope), slope_term];
            f.remarks = remarks;
            f
        }
        Reaching::Above { expr, from } => {
            // The chain rule factor by factor: the error passed back, the slope, and their
            // product, which is the δ (the engine multiplies them in this order) — or ReLU's
            // selection where the product would be NaN.
            let passed = var(Sym::PassedBack { l, ix }, expr.eval());
            let mut remarks = Vec::new();
            let rhs = chain(expr.clone(), &mut remarks);
            let last = match rhs {
                Expr::Gate { .. } => Term::new(var(lhs, value), gate(z.0.clone(), passed.clone()))
                    .labelled(TermLabel::Selected),
                _ => Term::new(var(lhs, value), mul(vec![passed.clone(), deriv]))
                    .labelled(TermLabel::Product),
            };
            let mut f = Formula::new(lhs, rhs, value);
            let mut paths = cx.paths(l, &ix, &expr);
            let sum = match paths.is_empty() {
                true => TermLabel::PassedBack { from },
                false => TermLabel::Words("the paths summed"),
            };
            paths.extend([Term::new(passed, expr).labelled(sum), slope_term, last]);
            f.terms = paths;
            f.remarks = remarks;
            f
        }
    };
    f.remarks.extend(slope_remarks);
    f
}
