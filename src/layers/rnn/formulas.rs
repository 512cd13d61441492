//! The recurrent layer's formulas: z_t = Σₖ w_ih·x_t + b_ih + Σₖ w_hh·h_{t−1} + b_hh and
//! h_t = f(z_t) forward; ∂L/∂h_t as the sum of its two named parts and δ_t = ∂L/∂h_t·f′(z_t)
//! backward, with the chain rule's factors as terms; each gradient a sum over the steps.

use crate::i18n::Lang;
use crate::layers::recurrent::formulas::{
    Parts, gradient, output, passed_back, pre_activation, state_error,
};
use crate::lesson::{Activation, Lesson};
use crate::trace::explain::{Formula, SampleCx};
use crate::trace::formula::{Expr, Func, Sym, call, gate, mul, one_minus_square, var};
use crate::trace::kind::Explain;
use crate::trace::saturation;
use crate::trace::{Index, Quantity, StepId, Term, TermLabel};

use super::Rnn;

impl Rnn {
    /// f′(z_t[j]) as written: 1 − h² for tanh (rounded once, as computed), ReLU′(z).
    fn slope(&self, cx: &SampleCx<'_>, l: usize, ix: Index) -> Expr {
        match self.activation {
            Activation::Relu => Expr::StepDeriv(Func::Relu, Box::new(cx.q(Quantity::Z, l, ix))),
            _ => one_minus_square(cx.q(Quantity::H, l, ix)),
        }
    }

    /// δ_t[j] = ∂L/∂h_t[j]·f′(z_t[j]), reading the step ∂L/∂h (so an error carried from a
    /// learner's own ∂L/∂h is told apart from a new one), with the chain rule as terms: the
    /// two parts of ∂L/∂h (from the output at t, from step t + 1 through W_hh), their sum, the
    /// total derivative, the slope, the direct derivative ∂h/∂z, and their product. Where
    /// ReLU's backward selects instead of multiplying (an infinite error at an inactive unit),
    /// the formula says so.
    fn delta(&self, cx: &SampleCx<'_>, id: &StepId) -> Formula {
        let (l, d) = (id.layer, self.dims(cx.layer(id.layer)));
        let (t, j) = (id.ix.j(), id.ix.k().unwrap_or(0));
        let value = cx.value(id);
        let parts = Parts::of(cx, l, (d, self.outputs), (t, j));
        let dh = cx.q(Quantity::DH, l, id.ix);
        let fprime = self.slope(cx, l, id.ix);
        let mut remarks = parts.remarks.clone();
        let z = cx.q(Quantity::Z, l, id.ix);
        let z_value = z.eval();
        let selected = saturation::relu_selection(
            self.activation,
            (z.clone(), z_value),
            dh.clone(),
            (l, id.ix),
            &mut remarks,
        );
        let deriv = var(
            Sym::Deriv {
                func: Func::from(self.activation),
                l,
                ix: id.ix,
            },
            fprime.eval(),
        );
        let lhs = Sym::q(Quantity::Delta, l, id.ix);
        let last = match &selected {
            Some(_) => {
                Term::new(var(lhs, value), gate(z, dh.clone())).labelled(TermLabel::Selected)
            }
            None => Term::new(var(lhs, value), mul(vec![dh.clone(), deriv.clone()]))
                .labelled(TermLabel::Product),
        };
        let rhs = selected.unwrap_or_else(|| mul(vec![dh.clone(), fprime.clone()]));
        let mut f = Formula::new(lhs, rhs, value);
        f.terms = parts.terms();
        f.terms
            .push(Term::new(dh, parts.named_sum()).labelled(TermLabel::TotalDerivative));
        f.terms
            .push(Term::new(deriv, fprime).labelled(TermLabel::DirectSlope {
                activation: self.activation.name(),
            }));
        f.terms.push(last);
        f.remarks = remarks;
        f
    }
}

impl Explain for Rnn {
    fn formula(&self, cx: &SampleCx<'_>, id: &StepId) -> Formula {
        let (l, d) = (id.layer, self.dims(cx.layer(id.layer)));
        let value = cx.value(id);
        match id.quantity {
            Quantity::Z => {
                let (t, j) = (id.ix.j(), id.ix.k().unwrap_or(0));
                Formula::new(
                    Sym::q(Quantity::Z, l, id.ix),
                    pre_activation(cx, l, d, (t, j)),
                    value,
                )
            }
            Quantity::H => Formula::new(
                Sym::q(Quantity::H, l, id.ix),
                call(Func::from(self.activation), cx.q(Quantity::Z, l, id.ix)),
                value,
            ),
            Quantity::A => output(cx, id, (d, self.outputs)),
            Quantity::DH => state_error(cx, id, (d, self.outputs)),
            Quantity::Delta => self.delta(cx, id),
            Quantity::Grad(_) => gradient(cx, id, d),
            _ => unreachable!("{id} is not a step of a recurrent layer's sample"),
        }
    }

    fn passed_back(&self, cx: &SampleCx<'_>, l: usize, ix: &Index) -> Expr {
        passed_back(cx, l, self.dims(cx.layer(l)), ix)
    }

    fn describe_in(&self, lesson: &Lesson, id: &StepId, lang: Lang) -> String {
        self.words(lesson, id, lang)
    }

    fn describe(&self, lesson: &Lesson, id: &StepId) -> String {
        self.words(lesson, id, Lang::En)
    }
}
