//! The formulas both recurrent kinds share: the weighted input of a row at one step, the
//! error reaching a hidden state from its two named parts (from the output at its step, and
//! from the step after it through W_hh), and each gradient as a sum over the steps of its
//! per-step parts.

use crate::trace::explain::{Formula, Reaching, SampleCx};
use crate::trace::formula::{Expr, Sym, add, mul, var};
use crate::trace::{Index, Quantity, Remark, StepId, Tensor, Term, TermLabel};

use super::{Dims, Outputs, at, output_index};

/// At most this many per-step parts of a gradient are listed as terms: the first and the
/// last half of them on a longer sequence.
const STEP_TERMS: usize = 8;

/// zᵣ = Σₖ w_ih[r,k]·x_t[k] + b_ih[r] + (Σₖ w_hh[r,k]·h_{t−1}[k] + b_hh[r]): the input's
/// linear map plus the state's, as PyTorch adds them (the W_hh sum left out at the first step,
/// where h_0 = 0).
pub(crate) fn pre_activation(cx: &SampleCx<'_>, l: usize, d: Dims, (t, r): (usize, usize)) -> Expr {
    let input = (0..d.f)
        .map(|k| {
            mul(vec![
                cx.p(Tensor::WIh, l, Index::two(r, k)),
                cx.q(Quantity::A, l - 1, at(t, k)),
            ])
        })
        .collect();
    let b_hh = cx.p(Tensor::BHh, l, Index::one(r));
    let mut parts = vec![Expr::Sum(input), cx.p(Tensor::BIh, l, Index::one(r))];
    if t > 0 {
        let state = (0..d.h)
            .map(|k| {
                mul(vec![
                    cx.p(Tensor::WHh, l, Index::two(r, k)),
                    cx.q(Quantity::H, l, at(t - 1, k)),
                ])
            })
            .collect();
        parts.push(add(vec![Expr::Sum(state), b_hh]));
    } else {
        parts.push(b_hh);
    }
    add(parts)
}

/// The two parts of ∂L/∂h_t[j]: what reaches it from the layer's output at t, and from step
/// t + 1 through W_hh (either may be absent), with their remarks (PyTorch's clamps in the
/// loss's derivative).
pub(crate) struct Parts {
    /// From the output at t, and its named symbol ∂L/∂a⁽ˡ⁾.
    pub output: Option<(Expr, Sym)>,
    /// From step t + 1: Σᵣ w_hh[r,j]·δ_{t+1}[r].
    pub next: Option<Expr>,
    /// Why the loss's derivative is not the textbook one, where a clamp acts.
    pub remarks: Vec<Remark>,
    /// (t, j) of the state, from 0.
    pub at: (usize, usize),
    /// The layer.
    pub l: usize,
}

impl Parts {
    /// The parts of ∂L/∂h⁽ˡ⁾ at (t, j).
    pub fn of(
        cx: &SampleCx<'_>,
        l: usize,
        (d, outputs): (Dims, Outputs),
        (t, j): (usize, usize),
    ) -> Parts {
        let mut remarks = Vec::new();
        let output = output_index(outputs, d, t, j).map(|ix| {
            let e = match cx.reaching(l, &ix) {
                Reaching::Loss { dlda, remarks: r } => {
                    remarks.extend(r);
                    dlda
                }
                Reaching::SoftmaxCe(e) => e,
                Reaching::Above { expr, .. } => expr,
            };
            (e, Sym::DlDa { l, ix })
        });
        let next = (t + 1 < d.t).then(|| {
            Expr::Sum(
                (0..d.rows)
                    .map(|r| {
                        mul(vec![
                            cx.p(Tensor::WHh, l, Index::two(r, j)),
                            cx.q(Quantity::Delta, l, at(t + 1, r)),
                        ])
                    })
                    .collect(),
            )
        });
        Parts {
            output,
            next,
            remarks,
            at: (t, j),
            l,
        }
    }

    /// Their sum, as the engine adds them (the one there is, if only one).
    pub fn sum(&self) -> Expr {
        match (&self.output, &self.next) {
            (Some((a, _)), Some(b)) => add(vec![a.clone(), b.clone()]),
            (Some((a, _)), None) => a.clone(),
            (None, Some(b)) => b.clone(),
            (None, None) => Expr::Num(0.0),
        }
    }

    /// Each part as a named term: "from the output at step t", "from step t + 1 through
    /// W_hh".
    pub fn terms(&self) -> Vec<Term> {
        let (t, j) = self.at;
        let mut terms = Vec::new();
        if let Some((e, sym)) = &self.output {
            terms.push(
                Term::new(var(*sym, e.eval()), e.clone())
                    .labelled(TermLabel::FromOutput { t: t + 1 }),
            );
        }
        if let Some(e) = &self.next {
            let sym = Sym::Recurrent {
                l: self.l,
                ix: at(t, j),
            };
            terms.push(
                Term::new(var(sym, e.eval()), e.clone())
                    .labelled(TermLabel::ThroughTime { t: t + 2 }),
            );
        }
        terms
    }

    /// Their sum with each part by its name: ∂L/∂a⁽ˡ⁾ₜ,ⱼ + (W_hhᵀδ⁽ˡ⁾ₜ₊₁)ⱼ.
    pub fn named_sum(&self) -> Expr {
        let named: Vec<Expr> = self.terms().into_iter().map(|t| t.name).collect();
        match named.len() {
            0 => Expr::Num(0.0),
            1 => named.into_iter().next().expect("one part"),
            _ => add(named),
        }
    }
}

/// The formula of ∂L/∂h_t[j]: the sum of its two named parts.
pub(crate) fn state_error(
    cx: &SampleCx<'_>,
    id: &StepId,
    (d, outputs): (Dims, Outputs),
) -> Formula {
    let (t, j) = (id.ix.j(), id.ix.k().unwrap_or(0));
    let parts = Parts::of(cx, id.layer, (d, outputs), (t, j));
    let mut f = Formula::new(
        Sym::q(Quantity::DH, id.layer, id.ix),
        parts.sum(),
        cx.value(id),
    );
    f.terms = parts.terms();
    f.remarks = parts.remarks;
    f
}

/// A gradient summed over the steps: ∂L/∂w_ih[r,k] = Σₜ δ_t[r]·x_t[k], ∂L/∂w_hh[r,k] =
/// Σₜ₌₂ δ_t[r]·h_{t−1}[k], ∂L/∂b[r] = Σₜ δ_t[r]; each step's part a term.
pub(crate) fn gradient(cx: &SampleCx<'_>, id: &StepId, d: Dims) -> Formula {
    let l = id.layer;
    let p = id.param().expect("a gradient belongs to a parameter");
    let (r, k) = (id.ix.j(), id.ix.k().unwrap_or(0));
    let delta = |t: usize| cx.q(Quantity::Delta, l, at(t, r));
    let part = |t: usize| match p.tensor {
        Tensor::WIh => mul(vec![delta(t), cx.q(Quantity::A, l - 1, at(t, k))]),
        Tensor::WHh => mul(vec![delta(t), cx.q(Quantity::H, l, at(t - 1, k))]),
        _ => delta(t),
    };
    let first = usize::from(p.tensor == Tensor::WHh);
    let steps: Vec<usize> = (first..d.t).collect();
    let rhs = match steps.len() {
        // One step and W_hh: h_0 = 0, so nothing reaches it.
        0 => Expr::Num(0.0),
        _ => Expr::Sum(steps.iter().map(|&t| part(t)).collect()),
    };
    let mut f = Formula::new(Sym::Grad { p, sample: None }, rhs, cx.value(id));
    // Each step's part of a weight's gradient, a product, as a term (a bias's parts are the
    // δs themselves, every one in the sum already).
    if steps.len() > 1 && !p.tensor.is_bias() {
        let half = STEP_TERMS / 2;
        let shown = steps
            .iter()
            .enumerate()
            .filter(|(i, _)| steps.len() <= STEP_TERMS || *i < half || i + half >= steps.len());
        f.terms = shown
            .map(|(_, &t)| Term::new(part(t), part(t)).labelled(TermLabel::AtStep { t: t + 1 }))
            .collect();
    }
    f
}

/// The error a recurrent layer passes back to its input at [t, k]: Σᵣ w_ih[r,k]·δ_t[r].
pub(crate) fn passed_back(cx: &SampleCx<'_>, l: usize, d: Dims, ix: &Index) -> Expr {
    let (t, k) = match ix.k() {
        Some(k) => (ix.j(), k),
        None => (0, ix.j()),
    };
    Expr::Sum(
        (0..d.rows)
            .map(|r| {
                mul(vec![
                    cx.p(Tensor::WIh, l, Index::two(r, k)),
                    cx.q(Quantity::Delta, l, at(t, r)),
                ])
            })
            .collect(),
    )
}

/// a⁽ˡ⁾ = h (h_T with `outputs = "last"`), plus a⁽ᴺ⁾ with `residual = N`.
pub(crate) fn output(cx: &SampleCx<'_>, id: &StepId, (d, outputs): (Dims, Outputs)) -> Formula {
    let l = id.layer;
    let state = match outputs {
        Outputs::All => at(id.ix.j(), id.ix.k().unwrap_or(0)),
        Outputs::Last => at(d.t - 1, id.ix.j()),
    };
    let mut rhs = cx.q(Quantity::H, l, state);
    if let Some(n) = cx.layer(l).residual {
        rhs = add(vec![rhs, cx.q(Quantity::A, n, id.ix)]);
    }
    Formula::new(Sym::q(Quantity::A, l, id.ix), rhs, cx.value(id))
}
