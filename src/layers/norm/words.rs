//! The layer norm's steps in words, in any language: μ, σ², x̂ and the output of a position,
//! the errors through them, and γ and β.

use crate::i18n::Lang;
use crate::layers::Tensor;
use crate::layers::words::{feature_delta, update};
use crate::lesson::Lesson;
use crate::tr;
use crate::trace::{Inner, Quantity, StepId};

use super::LayerNorm;

impl LayerNorm {
    /// Step `id` in words of `lang`.
    pub(super) fn words(&self, _lesson: &Lesson, id: &StepId, lang: Lang) -> String {
        let (t, j) = (id.ix.j() + 1, id.ix.k().map_or(0, |k| k + 1));
        let at = |message: &str| tr!(lang, message, feature = j, position = t);
        match id.quantity {
            Quantity::Block(Inner::Mu) => tr!(lang, "desc-norm-mean", position = t),
            Quantity::Block(Inner::Var) => tr!(lang, "desc-norm-variance", position = t),
            Quantity::Block(Inner::XHat) => at("desc-norm-xhat"),
            Quantity::A => at("desc-norm-a"),
            Quantity::Delta => feature_delta(t, j, lang),
            Quantity::Block(Inner::DXHat) => at("desc-norm-dxhat"),
            Quantity::Block(Inner::DX) => at("desc-norm-dx"),
            q => {
                // γ and β are one number per feature: their index is the feature's.
                let param = match q.tensor() {
                    Some(Tensor::Gamma) => tr!(lang, "desc-norm-scale", feature = t),
                    _ => tr!(lang, "desc-norm-shift", feature = t),
                };
                update(q, &param, lang)
                    .unwrap_or_else(|| unreachable!("{id} is not a step of a layer norm"))
            }
        }
    }
}
