//! The layer norm's formulas: μ, σ², x̂ and a forward; δ, ∂L/∂x̂, the error to the input in
//! its three named parts, ∂L/∂γ and ∂L/∂β backward.

use crate::i18n::Lang;
use crate::layers::paths::error_delta;
use crate::lesson::Lesson;
use crate::trace::explain::{Formula, SampleCx};
use crate::trace::formula::{Expr, Func, Param, Sym, add, call, div, mul, neg, pow, sub, var};
use crate::trace::kind::Explain;
use crate::trace::{Index, Inner, Quantity, StepId, Tensor, Term, TermLabel};

use super::LayerNorm;

/// Position t's quantity of layer l.
fn at(q: Inner, l: usize, t: usize) -> (Quantity, usize, Index) {
    (Quantity::Block(q), l, Index::one(t))
}

impl LayerNorm {
    /// x\[t,j\]: the layer's input (the layer below's output).
    fn x(cx: &SampleCx<'_>, l: usize, t: usize, j: usize) -> Expr {
        cx.q(Quantity::A, l - 1, Index::two(t, j))
    }

    fn q(cx: &SampleCx<'_>, (q, l, ix): (Quantity, usize, Index)) -> Expr {
        cx.q(q, l, ix)
    }

    /// √(σ²ₜ + ε), as every x̂ and ∂L/∂x of position t divides by it.
    fn std(&self, cx: &SampleCx<'_>, l: usize, t: usize) -> Expr {
        let var_t = LayerNorm::q(cx, at(Inner::Var, l, t));
        call(Func::Sqrt, add(vec![var_t, var(Sym::Eps, self.epsilon)]))
    }

    /// ∂L/∂x\[t,j\] = (via x̂) + (via μ) + (via σ²), each a named term.
    fn dx(&self, cx: &SampleCx<'_>, l: usize, t: usize, j: usize, value: f64) -> Formula {
        let d = LayerNorm::dims(cx.layer(l)).1;
        let dxhat = |k: usize| cx.q(Quantity::Block(Inner::DXHat), l, Index::two(t, k));
        let xhat = |k: usize| cx.q(Quantity::Block(Inner::XHat), l, Index::two(t, k));
        let n = || Expr::Num(d as f64);
        let direct = div(dxhat(j), self.std(cx, l, t));
        let through_mean = neg(div(
            div(Expr::Sum((0..d).map(dxhat).collect()), n()),
            self.std(cx, l, t),
        ));
        let through_var = neg(div(
            mul(vec![
                xhat(j),
                div(
                    Expr::Sum((0..d).map(|k| mul(vec![dxhat(k), xhat(k)])).collect()),
                    n(),
                ),
            ]),
            self.std(cx, l, t),
        ));
        let named = |names: [&'static str; 3], words: &'static str, e: &Expr| {
            Term::new(var(Sym::Text(names), e.eval()), e.clone()).labelled(TermLabel::Words(words))
        };
        let terms = vec![
            named(
                ["via x̂", "via xhat", "\\text{via }\\hat{x}"],
                "directly, through x̂ alone",
                &direct,
            ),
            named(
                ["via μ", "via mu", "\\text{via }\\mu"],
                "through the mean μ, which every x of the position moves",
                &through_mean,
            ),
            named(
                ["via σ²", "via var", "\\text{via }\\sigma^2"],
                "through the variance σ², which every x of the position moves",
                &through_var,
            ),
        ];
        let lhs = Sym::q(Quantity::Block(Inner::DX), l, Index::two(t, j));
        let mut f = Formula::new(lhs, add(vec![direct, through_mean, through_var]), value);
        f.terms = terms;
        f
    }
}

impl Explain for LayerNorm {
    fn formula(&self, cx: &SampleCx<'_>, id: &StepId) -> Formula {
        let l = id.layer;
        let value = cx.value(id);
        let d = LayerNorm::dims(cx.layer(l)).1;
        let (t, j) = (id.ix.j(), id.ix.k().unwrap_or(0));
        let n = || Expr::Num(d as f64);
        let lhs = Sym::q(id.quantity, l, id.ix);
        let mu = || LayerNorm::q(cx, at(Inner::Mu, l, t));
        let rhs = match id.quantity {
            Quantity::Block(Inner::Mu) => div(
                Expr::Sum((0..d).map(|k| LayerNorm::x(cx, l, t, k)).collect()),
                n(),
            ),
            Quantity::Block(Inner::Var) => div(
                Expr::Sum(
                    (0..d)
                        .map(|k| pow(sub(LayerNorm::x(cx, l, t, k), mu()), Expr::Num(2.0)))
                        .collect(),
                ),
                n(),
            ),
            Quantity::Block(Inner::XHat) => {
                div(sub(LayerNorm::x(cx, l, t, j), mu()), self.std(cx, l, t))
            }
            Quantity::A => crate::layers::paths::with_residual(
                cx,
                l,
                id.ix,
                add(vec![
                    mul(vec![
                        cx.p(Tensor::Gamma, l, Index::one(j)),
                        cx.q(Quantity::Block(Inner::XHat), l, id.ix),
                    ]),
                    cx.p(Tensor::Beta, l, Index::one(j)),
                ]),
            ),
            Quantity::Delta => return error_delta(cx, l, id.ix, value),
            Quantity::Block(Inner::DXHat) => mul(vec![
                cx.q(Quantity::Delta, l, id.ix),
                cx.p(Tensor::Gamma, l, Index::one(j)),
            ]),
            Quantity::Block(Inner::DX) => return self.dx(cx, l, t, j, value),
            Quantity::Grad(tensor) => {
                let positions = LayerNorm::dims(cx.layer(l)).0;
                let delta = |s: usize| cx.q(Quantity::Delta, l, Index::two(s, t));
                let terms = (0..positions)
                    .map(|s| match tensor {
                        Tensor::Gamma => mul(vec![
                            delta(s),
                            cx.q(Quantity::Block(Inner::XHat), l, Index::two(s, t)),
                        ]),
                        _ => delta(s),
                    })
                    .collect();
                let p = Param {
                    l,
                    tensor,
                    ix: id.ix,
                };
                return Formula::new(Sym::Grad { p, sample: None }, Expr::Sum(terms), value);
            }
            _ => unreachable!("{id} is not a step of a layer norm's sample"),
        };
        Formula::new(lhs, rhs, value)
    }

    fn passed_back(&self, cx: &SampleCx<'_>, l: usize, ix: &Index) -> Expr {
        cx.q(Quantity::Block(Inner::DX), l, *ix)
    }

    fn describe_in(&self, lesson: &Lesson, id: &StepId, lang: Lang) -> String {
        self.words(lesson, id, lang)
    }

    fn describe(&self, lesson: &Lesson, id: &StepId) -> String {
        self.words(lesson, id, Lang::En)
    }
}
