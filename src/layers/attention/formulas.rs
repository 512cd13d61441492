//! Attention's formulas, each written as the engine computes it: a projection Σₖ w·x + b; a
//! score (Σ_c q·k)/√d_h with its sum written out, plus −∞ where masked; a weight
//! e^(S − max S)/Σ e^(S − max S) over the keys (0 where masked, with the reason); the context
//! Σₛ attn·v; and backward ∂L/∂c = Σᵢ w_o·δ, ∂L/∂attn = Σ_c ∂L/∂c·v, the softmax's Jacobian
//! ∂L/∂S = attn·(∂L/∂attn − Σₛ attn·∂L/∂attn), ∂L/∂q = (Σₛ ∂L/∂S·k)/√d_h, ∂L/∂k and ∂L/∂v,
//! and the error passed back through the query, the key and the value.

use crate::i18n::Lang;
use crate::layers::paths::{error_delta, with_residual};
use crate::lesson::Lesson;
use crate::trace::explain::{Formula, SampleCx};
use crate::trace::formula::{Expr, Func, Param, Sym, add, call, div, mul, sub, var};
use crate::trace::kind::Explain;
use crate::trace::{Index, Inner, Quantity, Remark, StepId, Tensor, Term, TermLabel};

use super::Attention;

fn q(i: Inner) -> Quantity {
    Quantity::Block(i)
}

/// Why a masked weight is 0.
const MASKED: Remark = Remark::Words {
    unicode: "The causal mask hides a later position: its score is −∞, e^(−∞) = 0, so its weight is exactly 0 and it adds nothing to the context.",
    ascii: "The causal mask hides a later position: its score is -inf, exp(-inf) = 0, so its weight is exactly 0 and it adds nothing to the context.",
};

impl Attention {
    /// Σₖ w\[i,k\]·x\[t,k\] + b\[i\] of a projection.
    fn projection(
        cx: &SampleCx<'_>,
        l: usize,
        (w, b): (Tensor, Tensor),
        input: &dyn Fn(usize) -> Expr,
        i: usize,
        d: usize,
    ) -> Expr {
        let terms = (0..d)
            .map(|k| mul(vec![cx.p(w, l, Index::two(i, k)), input(k)]))
            .collect();
        add(vec![Expr::Sum(terms), cx.p(b, l, Index::one(i))])
    }

    fn sqrt_dh(dh: usize) -> Expr {
        call(Func::Sqrt, Expr::Num(dh as f64))
    }

    /// Query t's row of scores: each e^(S − max S) of the keys it sees, and max S.
    fn row(&self, cx: &SampleCx<'_>, l: usize, (h, t): (usize, usize)) -> (Vec<Expr>, Expr) {
        let positions = cx.layer(l).input.positions();
        let score = |s: usize| cx.q(q(Inner::Score), l, self.score_ix(h, t, s));
        let keys = self.keys(t, positions);
        let max = keys
            .clone()
            .map(|s| score(s).eval())
            .fold(f64::NEG_INFINITY, f64::max);
        let row_ix = if self.heads > 1 {
            Index::two(h, t)
        } else {
            Index::one(t)
        };
        let max = var(
            Sym::RowMax {
                q: q(Inner::Score),
                l,
                at: row_ix,
            },
            max,
        );
        let exps = keys
            .map(|s| call(Func::Exp, sub(score(s), max.clone())))
            .collect();
        (exps, max)
    }

    fn weight(&self, cx: &SampleCx<'_>, id: &StepId, value: f64) -> Formula {
        let l = id.layer;
        let (h, t, s) = self.hts(&id.ix);
        let (exps, max) = self.row(cx, l, (h, t));
        let score = cx.q(q(Inner::Score), l, id.ix);
        let rhs = div(call(Func::Exp, sub(score, max)), Expr::Sum(exps));
        let mut f = Formula::new(Sym::q(id.quantity, l, id.ix), rhs, value);
        if !self.allowed(t, s) {
            f.remarks.push(MASKED);
        }
        f
    }
}

impl Explain for Attention {
    fn formula(&self, cx: &SampleCx<'_>, id: &StepId) -> Formula {
        let l = id.layer;
        let value = cx.value(id);
        let (positions, d, _, dh) = self.dims(cx.layer(l));
        let lhs = Sym::q(id.quantity, l, id.ix);
        let (i, k) = (id.ix.j(), id.ix.k().unwrap_or(0));
        let at = |qq: Inner, t: usize, c: usize| cx.q(q(qq), l, Index::two(t, c));
        let x = |t: usize| move |k: usize| cx.q(Quantity::A, l - 1, Index::two(t, k));
        let square =
            |qq: Inner, h: usize, t: usize, s: usize| cx.q(q(qq), l, self.score_ix(h, t, s));
        let rhs = match id.quantity {
            Quantity::Block(Inner::Query) => {
                Attention::projection(cx, l, (Tensor::WQ, Tensor::BQ), &x(i), k, d)
            }
            Quantity::Block(Inner::Key) => {
                Attention::projection(cx, l, (Tensor::WK, Tensor::BK), &x(i), k, d)
            }
            Quantity::Block(Inner::Value) => {
                Attention::projection(cx, l, (Tensor::WV, Tensor::BV), &x(i), k, d)
            }
            Quantity::Block(Inner::Score) => {
                let (h, t, s) = self.hts(&id.ix);
                let dots = (h * dh..(h + 1) * dh)
                    .map(|c| mul(vec![at(Inner::Query, t, c), at(Inner::Key, s, c)]))
                    .collect();
                let scaled = div(Expr::Sum(dots), Attention::sqrt_dh(dh));
                if self.allowed(t, s) {
                    scaled
                } else {
                    let mut f =
                        Formula::new(lhs, add(vec![scaled, Expr::Num(f64::NEG_INFINITY)]), value);
                    f.remarks.push(MASKED);
                    return f;
                }
            }
            Quantity::Block(Inner::Attn) => return self.weight(cx, id, value),
            Quantity::Block(Inner::Ctx) => {
                let h = k / dh;
                let terms = self
                    .keys(i, positions)
                    .map(|s| mul(vec![square(Inner::Attn, h, i, s), at(Inner::Value, s, k)]))
                    .collect();
                Expr::Sum(terms)
            }
            Quantity::A => {
                let ctx = move |c: usize| cx.q(q(Inner::Ctx), l, Index::two(i, c));
                let own = Attention::projection(cx, l, (Tensor::WO, Tensor::BO), &ctx, k, d);
                with_residual(cx, l, id.ix, own)
            }
            Quantity::Delta => return error_delta(cx, l, id.ix, value),
            Quantity::Block(Inner::DCtx) => Expr::Sum(
                (0..d)
                    .map(|j| {
                        mul(vec![
                            cx.p(Tensor::WO, l, Index::two(j, k)),
                            cx.q(Quantity::Delta, l, Index::two(i, j)),
                        ])
                    })
                    .collect(),
            ),
            Quantity::Block(Inner::DAttn) => {
                let (h, t, s) = self.hts(&id.ix);
                Expr::Sum(
                    (h * dh..(h + 1) * dh)
                        .map(|c| mul(vec![at(Inner::DCtx, t, c), at(Inner::Value, s, c)]))
                        .collect(),
                )
            }
            Quantity::Block(Inner::DScore) => {
                let (h, t, s) = self.hts(&id.ix);
                let through = Expr::Sum(
                    self.keys(t, positions)
                        .map(|u| {
                            mul(vec![
                                square(Inner::Attn, h, t, u),
                                square(Inner::DAttn, h, t, u),
                            ])
                        })
                        .collect(),
                );
                let name = var(
                    Sym::Text([
                        "Σₛ α·∂L/∂α",
                        "sum_s attn*dattn",
                        "\\sum_s \\alpha\\,\\partial L/\\partial\\alpha",
                    ]),
                    through.eval(),
                );
                let rhs = mul(vec![
                    square(Inner::Attn, h, t, s),
                    sub(square(Inner::DAttn, h, t, s), through.clone()),
                ]);
                let mut f = Formula::new(lhs, rhs, value);
                f.terms = vec![Term::new(name, through).labelled(TermLabel::Words(
                    "what the row's weights pass back together (the softmax's Jacobian)",
                ))];
                if !self.allowed(t, s) {
                    f.remarks.push(MASKED);
                }
                return f;
            }
            Quantity::Block(Inner::DQuery) => {
                let h = k / dh;
                let terms = self
                    .keys(i, positions)
                    .map(|s| mul(vec![square(Inner::DScore, h, i, s), at(Inner::Key, s, k)]))
                    .collect();
                div(Expr::Sum(terms), Attention::sqrt_dh(dh))
            }
            Quantity::Block(Inner::DKey) => {
                let h = k / dh;
                let terms = self
                    .queries(i, positions)
                    .map(|t| mul(vec![square(Inner::DScore, h, t, i), at(Inner::Query, t, k)]))
                    .collect();
                div(Expr::Sum(terms), Attention::sqrt_dh(dh))
            }
            Quantity::Block(Inner::DValue) => {
                let h = k / dh;
                Expr::Sum(
                    self.queries(i, positions)
                        .map(|t| mul(vec![square(Inner::Attn, h, t, i), at(Inner::DCtx, t, k)]))
                        .collect(),
                )
            }
            Quantity::Grad(tensor) => {
                let (src, input): (Quantity, Box<dyn Fn(usize, usize) -> Expr>) = match tensor {
                    Tensor::WQ | Tensor::BQ => (q(Inner::DQuery), Box::new(|t, k| x(t)(k))),
                    Tensor::WK | Tensor::BK => (q(Inner::DKey), Box::new(|t, k| x(t)(k))),
                    Tensor::WV | Tensor::BV => (q(Inner::DValue), Box::new(|t, k| x(t)(k))),
                    _ => (
                        Quantity::Delta,
                        Box::new(|t, c| cx.q(q(Inner::Ctx), l, Index::two(t, c))),
                    ),
                };
                let terms = (0..positions)
                    .map(|t| {
                        let g = cx.q(src, l, Index::two(t, i));
                        match id.ix.k() {
                            Some(k) => mul(vec![g, input(t, k)]),
                            None => g,
                        }
                    })
                    .collect();
                let p = Param {
                    l,
                    tensor,
                    ix: id.ix,
                };
                return Formula::new(Sym::Grad { p, sample: None }, Expr::Sum(terms), value);
            }
            _ => unreachable!("{id} is not a step of an attention layer's sample"),
        };
        Formula::new(lhs, rhs, value)
    }

    fn passed_back(&self, cx: &SampleCx<'_>, l: usize, ix: &Index) -> Expr {
        let d = cx.layer(l).input.features();
        let (t, k) = (ix.j(), ix.k().unwrap_or(0));
        let path = |w: Tensor, g: Inner| {
            Expr::Sum(
                (0..d)
                    .map(|i| {
                        mul(vec![
                            cx.p(w, l, Index::two(i, k)),
                            cx.q(q(g), l, Index::two(t, i)),
                        ])
                    })
                    .collect(),
            )
        };
        add(vec![
            path(Tensor::WQ, Inner::DQuery),
            path(Tensor::WK, Inner::DKey),
            path(Tensor::WV, Inner::DValue),
        ])
    }

    fn describe_in(&self, lesson: &Lesson, id: &StepId, lang: Lang) -> String {
        self.words(lesson, id, lang)
    }

    fn describe(&self, lesson: &Lesson, id: &StepId) -> String {
        self.words(lesson, id, Lang::En)
    }
}
