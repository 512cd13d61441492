//! The δ of a layer without an activation (an embedding, a layer norm, attention): ∂L/∂a⁽ˡ⁾,
//! the error reaching its output, written path by path: from the loss, or passed back by the
//! layer above and along every residual connection that adds this layer's output, summed.

use crate::trace::explain::{Formula, Reaching, SampleCx};
use crate::trace::formula::Sym;
use crate::trace::{Index, Quantity, TermLabel};

/// δ⁽ˡ⁾ at `ix` = ∂L/∂a⁽ˡ⁾: what reaches the layer's output, with its paths as named terms.
pub fn error_delta(cx: &SampleCx<'_>, l: usize, ix: Index, value: f64) -> Formula {
    let lhs = Sym::q(Quantity::Delta, l, ix);
    match cx.reaching(l, &ix) {
        Reaching::Loss { dlda, remarks } => {
            let mut f = Formula::new(lhs, dlda, value);
            f.remarks = remarks;
            f
        }
        Reaching::SoftmaxCe(rhs) => Formula::new(lhs, rhs, value),
        Reaching::Above { expr, from } => {
            let mut f = Formula::new(lhs, expr.clone(), value);
            f.terms = cx.paths(l, &ix, &expr);
            if f.terms.is_empty() {
                let passed = crate::trace::formula::var(Sym::PassedBack { l, ix }, expr.eval());
                f.terms = vec![
                    crate::trace::Term::new(passed, expr).labelled(TermLabel::PassedBack { from }),
                ];
            }
            f
        }
    }
}

/// The flat offset of `ix` in a row-major array of shape `dims` (0 if it does not fit).
pub fn offset(ix: &Index, dims: &[usize]) -> usize {
    ix.offset_in(dims).unwrap_or(0)
}

/// Σ of `terms` from 0, in order, as every formula writes a sum.
pub fn sum(terms: impl Iterator<Item = f64>) -> f64 {
    terms.fold(0.0, |s, x| s + x)
}

/// A layer's own output plus, with `residual = N`, a⁽ᴺ⁾ at the same indices: a⁽ˡ⁾ as the
/// engine adds it.
pub fn with_residual(
    cx: &SampleCx<'_>,
    l: usize,
    ix: Index,
    own: crate::trace::formula::Expr,
) -> crate::trace::formula::Expr {
    match cx.layer(l).residual {
        Some(n) => crate::trace::formula::add(vec![own, cx.q(Quantity::A, n, ix)]),
        None => own,
    }
}
