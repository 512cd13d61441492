//! The LSTM's formulas: each gate from its row of the stacked weighted input, the cell state
//! c_t = f⊙c_{t−1} + i⊙g and h_t = o⊙tanh(c_t) forward; backward ∂L/∂h_t from its two named
//! parts (from the output at t, from step t + 1 through W_hh), the cell path ∂L/∂c_t from its
//! two (through h_t, from step t + 1 through the forget gate), and each gate's δ as what
//! reaches the gate times its slope.

use crate::i18n::Lang;
use crate::layers::recurrent::formulas::{
    gradient, output, passed_back, pre_activation, state_error,
};
use crate::layers::recurrent::{Dims, at};
use crate::lesson::Lesson;
use crate::trace::explain::{Formula, SampleCx};
use crate::trace::formula::{Expr, Func, Sym, add, call, mul, one_minus_square, sub, var};
use crate::trace::kind::Explain;
use crate::trace::{Gate, Index, Quantity, StepId, Term, TermLabel};

use super::Lstm;

/// The gate of row r of the stacked 4·H rows, and its unit.
pub(crate) fn gate_of(d: Dims, r: usize) -> (Gate, usize) {
    (Gate::ALL[(r / d.h).min(3)], r % d.h)
}

/// σ(x)·(1 − σ(x)) written from the gate's value: g(1 − g).
fn logistic_slope(g: Expr) -> Expr {
    mul(vec![g.clone(), sub(Expr::Num(1.0), g)])
}

impl Lstm {
    /// i = σ(z_i), f = σ(z_f), g = tanh(z_g), o = σ(z_o): the gate's row of z.
    fn gate(&self, cx: &SampleCx<'_>, id: &StepId, g: Gate, d: Dims) -> Formula {
        let (t, j) = (id.ix.j(), id.ix.k().unwrap_or(0));
        let z = cx.q(Quantity::Z, id.layer, at(t, g.block() * d.h + j));
        let func = if g == Gate::Cell {
            Func::Tanh
        } else {
            Func::Sigmoid
        };
        Formula::new(
            Sym::q(id.quantity, id.layer, id.ix),
            call(func, z),
            cx.value(id),
        )
    }

    /// c_t = f_t⊙c_{t−1} + i_t⊙g_t (c_1 = i_1⊙g_1: c_0 = 0).
    fn cell(&self, cx: &SampleCx<'_>, id: &StepId) -> Formula {
        let (l, t, j) = (id.layer, id.ix.j(), id.ix.k().unwrap_or(0));
        let q = |q: Quantity, t: usize| cx.q(q, l, at(t, j));
        let new = mul(vec![
            q(Quantity::Gate(Gate::Input), t),
            q(Quantity::Gate(Gate::Cell), t),
        ]);
        let rhs = match t {
            0 => new,
            _ => add(vec![
                mul(vec![
                    q(Quantity::Gate(Gate::Forget), t),
                    q(Quantity::C, t - 1),
                ]),
                new,
            ]),
        };
        Formula::new(Sym::q(Quantity::C, l, id.ix), rhs, cx.value(id))
    }

    /// h_t = o_t⊙tanh(c_t).
    fn state(&self, cx: &SampleCx<'_>, id: &StepId) -> Formula {
        let l = id.layer;
        let rhs = mul(vec![
            cx.q(Quantity::Gate(Gate::Output), l, id.ix),
            call(Func::Tanh, cx.q(Quantity::C, l, id.ix)),
        ]);
        Formula::new(Sym::q(Quantity::H, l, id.ix), rhs, cx.value(id))
    }

    /// ∂L/∂c_t = ∂L/∂h_t·o_t·(1 − tanh² c_t) + ∂L/∂c_{t+1}·f_{t+1}: the cell path, its two
    /// parts named.
    fn cell_error(&self, cx: &SampleCx<'_>, id: &StepId, d: Dims) -> Formula {
        let (l, t, j) = (id.layer, id.ix.j(), id.ix.k().unwrap_or(0));
        let q = |q: Quantity, t: usize| cx.q(q, l, at(t, j));
        let through = mul(vec![
            q(Quantity::DH, t),
            q(Quantity::Gate(Gate::Output), t),
            one_minus_square(call(Func::Tanh, q(Quantity::C, t))),
        ]);
        let mut terms =
            vec![Term::new(through.clone(), through.clone()).labelled(TermLabel::ThroughState)];
        let rhs = if t + 1 < d.t {
            let carry = mul(vec![
                q(Quantity::DC, t + 1),
                q(Quantity::Gate(Gate::Forget), t + 1),
            ]);
            terms.push(
                Term::new(carry.clone(), carry.clone())
                    .labelled(TermLabel::ThroughForget { t: t + 2 }),
            );
            add(vec![through, carry])
        } else {
            through
        };
        let mut f = Formula::new(Sym::q(Quantity::DC, l, id.ix), rhs, cx.value(id));
        f.terms = terms;
        f
    }

    /// δ of row r = what reaches the gate × its slope: ∂L/∂c·g·i(1 − i), ∂L/∂c·c_{t−1}·f(1 − f),
    /// ∂L/∂c·i·(1 − g²), ∂L/∂h·tanh(c)·o(1 − o).
    fn delta(&self, cx: &SampleCx<'_>, id: &StepId, d: Dims) -> Formula {
        let (l, t, r) = (id.layer, id.ix.j(), id.ix.k().unwrap_or(0));
        let (gate, j) = gate_of(d, r);
        let q = |q: Quantity, t: usize| cx.q(q, l, at(t, j));
        let dc = || q(Quantity::DC, t);
        let own = q(Quantity::Gate(gate), t);
        let (error, slope) = match gate {
            Gate::Input => (
                mul(vec![dc(), q(Quantity::Gate(Gate::Cell), t)]),
                logistic_slope(own),
            ),
            Gate::Forget => {
                let before = if t > 0 {
                    q(Quantity::C, t - 1)
                } else {
                    Expr::Num(0.0)
                };
                (mul(vec![dc(), before]), logistic_slope(own))
            }
            Gate::Cell => (
                mul(vec![dc(), q(Quantity::Gate(Gate::Input), t)]),
                one_minus_square(own),
            ),
            Gate::Output => (
                mul(vec![
                    q(Quantity::DH, t),
                    call(Func::Tanh, q(Quantity::C, t)),
                ]),
                logistic_slope(own),
            ),
        };
        let func = if gate == Gate::Cell {
            Func::Tanh
        } else {
            Func::Sigmoid
        };
        let deriv = var(Sym::Deriv { func, l, ix: id.ix }, slope.eval());
        let value = cx.value(id);
        let lhs = Sym::q(Quantity::Delta, l, id.ix);
        let mut f = Formula::new(lhs, mul(vec![error.clone(), slope.clone()]), value);
        f.terms = vec![
            Term::new(error.clone(), error.clone()).labelled(TermLabel::GateError { gate }),
            Term::new(deriv.clone(), slope).labelled(TermLabel::Slope {
                activation: if gate == Gate::Cell {
                    "tanh"
                } else {
                    "sigmoid"
                },
            }),
            Term::new(var(lhs, value), mul(vec![error, deriv])).labelled(TermLabel::Product),
        ];
        f
    }
}

impl Explain for Lstm {
    fn formula(&self, cx: &SampleCx<'_>, id: &StepId) -> Formula {
        let (l, d) = (id.layer, self.dims(cx.layer(id.layer)));
        match id.quantity {
            Quantity::Z => {
                let (t, r) = (id.ix.j(), id.ix.k().unwrap_or(0));
                Formula::new(
                    Sym::q(Quantity::Z, l, id.ix),
                    pre_activation(cx, l, d, (t, r)),
                    cx.value(id),
                )
            }
            Quantity::Gate(g) => self.gate(cx, id, g, d),
            Quantity::C => self.cell(cx, id),
            Quantity::H => self.state(cx, id),
            Quantity::A => output(cx, id, (d, self.outputs)),
            Quantity::DH => state_error(cx, id, (d, self.outputs)),
            Quantity::DC => self.cell_error(cx, id, d),
            Quantity::Delta => self.delta(cx, id, d),
            Quantity::Grad(_) => gradient(cx, id, d),
            _ => unreachable!("{id} is not a step of an LSTM's sample"),
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
