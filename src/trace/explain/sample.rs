//! The formulas of one sample's steps: forward (z, a), the loss, and backward (δ, ∂L/∂b,
//! ∂L/∂w), each read from the batch record.

use crate::lesson::{Activation, Lesson, Loss};

use super::super::formula::{Expr, Func, Param, Sym, add, call, div, gate, mul, pow, sub, var};
use super::super::record::{BatchRecord, SampleRecord};
use super::super::saturation::{self, Remark};
use super::super::step::{Quantity, StepId};
use super::super::term::{Term, TermLabel};
use super::Formula;

/// What every formula of one sample reads: the lesson, the batch (for the parameters before
/// its update) and the sample's own values.
struct Sample<'a> {
    lesson: &'a Lesson,
    record: &'a BatchRecord,
    s: &'a SampleRecord,
}

impl Sample<'_> {
    fn target(&self) -> &[f64] {
        self.lesson.data[self.s.index]
            .target
            .as_slice()
            .expect("targets are contiguous")
    }

    fn w(&self, l: usize, j: usize, k: usize) -> Expr {
        let value = self.record.before.params.layers[l - 1].w[[j, k]];
        var(Sym::W { l, j, k }, value)
    }

    fn a(&self, l: usize, j: usize) -> Expr {
        var(Sym::A { l, j }, self.s.a[l][j])
    }

    fn z(&self, l: usize, j: usize) -> Expr {
        var(Sym::Z { l, j }, self.s.z[l][j])
    }

    fn y(&self, j: usize) -> Expr {
        var(Sym::Y { j }, self.target()[j])
    }

    fn delta(&self, l: usize, j: usize) -> Expr {
        var(Sym::Delta { l, j }, self.s.delta[l][j])
    }

    /// z⁽ˡ⁾ⱼ = Σₖ w⁽ˡ⁾ⱼ,ₖ·a⁽ˡ⁻¹⁾ₖ + b⁽ˡ⁾ⱼ
    fn weighted_input(&self, l: usize, j: usize, value: f64) -> Formula {
        let terms = (0..self.lesson.width(l - 1))
            .map(|k| mul(vec![self.w(l, j, k), self.a(l - 1, k)]))
            .collect();
        let b = var(
            Sym::B { l, j },
            self.record.before.params.layers[l - 1].b[j],
        );
        Formula::new(Sym::Z { l, j }, add(vec![Expr::Sum(terms), b]), value)
    }

    /// a⁽ˡ⁾ⱼ = f(z⁽ˡ⁾ⱼ), a softmax written so that it evaluates.
    fn activation(&self, l: usize, j: usize, value: f64) -> Formula {
        let act = self.lesson.layers[l - 1].activation;
        let mut remarks = Vec::new();
        let rhs = match act {
            Activation::Softmax => {
                let z = self.s.z[l].as_slice().expect("contiguous");
                let a = self.s.a[l].as_slice().expect("contiguous");
                saturation::softmax(l, j, z, a, &mut remarks)
            }
            Activation::Identity => self.z(l, j),
            _ => call(Func::from(act), self.z(l, j)),
        };
        let mut f = Formula::new(Sym::A { l, j }, rhs, value);
        f.remarks = remarks;
        f
    }

    /// The sample's loss, by the lesson's loss function.
    fn loss(&self, value: f64) -> Formula {
        let depth = self.lesson.depth();
        let n = self.lesson.outputs();
        let squares = || {
            let each = (0..n).map(|j| pow(sub(self.a(depth, j), self.y(j)), Expr::Num(2.0)));
            Expr::Sum(each.collect())
        };
        let (rhs, terms, remarks) = match self.lesson.loss {
            Loss::HalfSse => (mul(vec![Expr::Frac(1, 2), squares()]), vec![], vec![]),
            Loss::Mse => (
                mul(vec![Expr::Frac(1, n as u32), squares()]),
                vec![],
                vec![],
            ),
            Loss::Bce => {
                let (rhs, remarks) = self.binary_cross_entropy();
                (rhs, vec![], remarks)
            }
            Loss::CrossEntropy => {
                let out = (
                    self.s.z[depth].as_slice().expect("contiguous"),
                    self.s.a[depth].as_slice().expect("contiguous"),
                    self.target(),
                );
                saturation::cross_entropy(depth, out, value)
            }
        };
        let mut f = Formula::new(Sym::Loss, rhs, value);
        f.terms = terms.into_iter().map(Term::from).collect();
        f.remarks = remarks;
        f
    }

    /// −(1/n)·Σⱼ [yⱼ·ln aⱼ + (1 − yⱼ)·ln(1 − aⱼ)], each log as PyTorch clamps it.
    fn binary_cross_entropy(&self) -> (Expr, Vec<Remark>) {
        let depth = self.lesson.depth();
        let n = self.lesson.outputs();
        let mut remarks = Vec::new();
        let per_output = (0..n)
            .map(|j| {
                let (at, av) = ((depth, j), self.s.a[depth][j]);
                let log_a = saturation::bce_log(self.a(depth, j), av, false, at, &mut remarks);
                let log_1a = saturation::bce_log(self.a(depth, j), av, true, at, &mut remarks);
                add(vec![
                    mul(vec![self.y(j), log_a]),
                    mul(vec![sub(Expr::Num(1.0), self.y(j)), log_1a]),
                ])
            })
            .collect();
        let mean = mul(vec![Expr::Frac(1, n as u32), Expr::Sum(per_output)]);
        (Expr::Neg(Box::new(mean)), remarks)
    }

    /// f′(z⁽ˡ⁾ⱼ) written the textbook way: a(1 − a), 1 − a² (rounded once, with a remark
    /// where that matters), ReLU′(z), 1.
    fn derivative(&self, act: Activation, l: usize, j: usize, remarks: &mut Vec<Remark>) -> Expr {
        match act {
            Activation::Sigmoid => mul(vec![self.a(l, j), sub(Expr::Num(1.0), self.a(l, j))]),
            Activation::Tanh => {
                saturation::tanh_slope(self.a(l, j), self.s.a[l][j], (l, j), remarks)
            }
            Activation::Relu | Activation::LeakyRelu => {
                Expr::StepDeriv(Func::from(act), Box::new(self.z(l, j)))
            }
            Activation::Identity | Activation::Softmax => Expr::Num(1.0),
        }
    }

    /// `error · f′(z⁽ˡ⁾ⱼ)`, or ReLU's selection where that product would not give δ⁽ˡ⁾ⱼ.
    fn chain(
        &self,
        l: usize,
        j: usize,
        error: Expr,
        fprime: Expr,
        remarks: &mut Vec<Remark>,
    ) -> Expr {
        let act = self.lesson.layers[l - 1].activation;
        let z = (self.z(l, j), self.s.z[l][j]);
        saturation::relu_selection(act, z, error.clone(), (l, j), remarks)
            .unwrap_or_else(|| mul(vec![error, fprime]))
    }

    /// ∂L/∂a⁽ᴸ⁾ⱼ for the lesson's loss, and why it is not the textbook one.
    fn loss_derivative(&self, l: usize, j: usize) -> (Expr, Vec<Remark>) {
        let n = self.lesson.outputs() as u32;
        let (a, y) = (self.a(l, j), self.y(j));
        let mut remarks = Vec::new();
        let e = match self.lesson.loss {
            Loss::HalfSse => sub(a, y),
            Loss::Mse => mul(vec![Expr::Frac(2, n), sub(a, y)]),
            Loss::Bce => {
                let a_of = || self.a(l, j);
                let den = saturation::bce_denominator(&a_of, self.s.a[l][j], (l, j), &mut remarks);
                mul(vec![Expr::Frac(1, n), div(sub(a, y), den)])
            }
            Loss::CrossEntropy => Expr::Neg(Box::new(div(y, a))),
        };
        (e, remarks)
    }

    /// δ⁽ˡ⁾ⱼ: at the output from the loss, in a hidden layer from the δ above it; with the
    /// chain rule's factors as named terms.
    fn delta_formula(&self, l: usize, j: usize, value: f64) -> Formula {
        let act = self.lesson.layers[l - 1].activation;
        let output = l == self.lesson.depth();
        if output && act == Activation::Softmax {
            let rhs = sub(self.a(l, j), self.y(j));
            return Formula::new(Sym::Delta { l, j }, rhs, value);
        }
        let mut slope_remarks = Vec::new();
        let fprime = self.derivative(act, l, j, &mut slope_remarks);
        let deriv = var(
            Sym::Deriv {
                func: Func::from(act),
                l,
                j,
            },
            fprime.eval(),
        );
        let slope = Term::new(deriv.clone(), fprime.clone()).labelled(TermLabel::Slope {
            activation: act.name(),
        });
        let mut f = if output {
            self.output_delta(l, j, value, fprime, slope)
        } else {
            self.hidden_delta(l, j, value, (fprime, deriv), slope)
        };
        f.remarks.extend(slope_remarks);
        f
    }

    /// δ⁽ᴸ⁾ⱼ = ∂L/∂a⁽ᴸ⁾ⱼ · f′(z⁽ᴸ⁾ⱼ)
    fn output_delta(&self, l: usize, j: usize, value: f64, fprime: Expr, slope: Term) -> Formula {
        let (dlda, mut remarks) = self.loss_derivative(l, j);
        let rhs = self.chain(l, j, dlda.clone(), fprime, &mut remarks);
        let mut f = Formula::new(Sym::Delta { l, j }, rhs, value);
        let loss_slope = Term::new(var(Sym::DlDa { l, j }, dlda.eval()), dlda);
        f.terms = vec![loss_slope.labelled(TermLabel::LossSlope), slope];
        f.remarks = remarks;
        f
    }

    /// δ⁽ˡ⁾ⱼ = (Σₖ w⁽ˡ⁺¹⁾ₖ,ⱼ·δ⁽ˡ⁺¹⁾ₖ) · f′(z⁽ˡ⁾ⱼ)
    fn hidden_delta(
        &self,
        l: usize,
        j: usize,
        value: f64,
        (fprime, deriv): (Expr, Expr),
        slope: Term,
    ) -> Formula {
        let lhs = Sym::Delta { l, j };
        let back = Expr::Sum(
            (0..self.lesson.width(l + 1))
                .map(|k| mul(vec![self.w(l + 1, k, j), self.delta(l + 1, k)]))
                .collect(),
        );
        // The chain rule factor by factor: the error passed back, the slope, and their
        // product, which is the δ (the engine multiplies them in this order) — or ReLU's
        // selection where the product would be NaN.
        let passed = var(Sym::PassedBack { l, j }, back.eval());
        let mut remarks = Vec::new();
        let rhs = self.chain(l, j, back.clone(), fprime, &mut remarks);
        let last = match rhs {
            Expr::Gate { .. } => Term::new(var(lhs, value), gate(self.z(l, j), passed.clone()))
                .labelled(TermLabel::Selected),
            _ => Term::new(var(lhs, value), mul(vec![passed.clone(), deriv]))
                .labelled(TermLabel::Product),
        };
        let mut f = Formula::new(lhs, rhs, value);
        f.terms = vec![
            Term::new(passed, back).labelled(TermLabel::PassedBack { from: l + 1 }),
            slope,
            last,
        ];
        f.remarks = remarks;
        f
    }

    /// ∂L/∂b⁽ˡ⁾ⱼ = δ⁽ˡ⁾ⱼ, or ∂L/∂w⁽ˡ⁾ⱼ,ₖ = δ⁽ˡ⁾ⱼ·a⁽ˡ⁻¹⁾ₖ.
    fn gradient(&self, l: usize, j: usize, k: Option<usize>, value: f64) -> Formula {
        let (p, rhs) = match k {
            None => (Param::B { l, j }, self.delta(l, j)),
            Some(k) => (
                Param::W { l, j, k },
                mul(vec![self.delta(l, j), self.a(l - 1, k)]),
            ),
        };
        Formula::new(Sym::Grad { p, sample: None }, rhs, value)
    }
}

/// The formula of a forward, loss or backward step of one sample.
pub(in crate::trace) fn sample_formula(
    lesson: &Lesson,
    record: &BatchRecord,
    s: &SampleRecord,
    id: &StepId,
) -> Formula {
    let (l, j) = (id.layer, id.j);
    let value = s.value(id);
    let sample = Sample { lesson, record, s };
    match id.quantity {
        Quantity::Z => sample.weighted_input(l, j, value),
        Quantity::A => sample.activation(l, j, value),
        Quantity::Loss => sample.loss(value),
        Quantity::Delta => sample.delta_formula(l, j, value),
        Quantity::Db => sample.gradient(l, j, None, value),
        Quantity::Dw => sample.gradient(l, j, Some(id.k.unwrap_or(0)), value),
        _ => unreachable!("{id} is an update step"),
    }
}
