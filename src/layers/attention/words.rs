//! The attention layer's steps in words, in any language: the projections, scores, weights
//! and context of each position (and head), the errors through them, and its parameters.

use crate::i18n::Lang;
use crate::layers::Tensor;
use crate::layers::words::{feature_delta, update};
use crate::lesson::Lesson;
use crate::tr;
use crate::trace::{Inner, Quantity, StepId};

use super::Attention;

impl Attention {
    /// Step `id` in words of `lang`.
    pub(super) fn words(&self, _lesson: &Lesson, id: &StepId, lang: Lang) -> String {
        let (a, b) = (id.ix.j() + 1, id.ix.k().map_or(0, |k| k + 1));
        // A position's feature: "query feature 2 at position 1".
        let at = |message: &str| tr!(lang, message, feature = b, position = a);
        // A query and a key (in a head): "of query 2 for key 1 in head 2".
        let pair = || {
            let (h, t, s) = self.hts(&id.ix);
            let (query, key) = (t + 1, s + 1);
            if self.heads > 1 {
                let head = h + 1;
                tr!(
                    lang,
                    "desc-attention-pair-head",
                    query = query,
                    key = key,
                    head = head
                )
            } else {
                tr!(lang, "desc-attention-pair", query = query, key = key)
            }
        };
        match id.quantity {
            Quantity::Block(Inner::Query) => at("desc-attention-query"),
            Quantity::Block(Inner::Key) => at("desc-attention-key"),
            Quantity::Block(Inner::Value) => at("desc-attention-value"),
            Quantity::Block(Inner::Score) => tr!(lang, "desc-attention-score", pair = pair()),
            Quantity::Block(Inner::Attn) => tr!(lang, "desc-attention-weight", pair = pair()),
            Quantity::Block(Inner::Ctx) => at("desc-attention-context"),
            Quantity::A => at("desc-attention-a"),
            Quantity::Delta => feature_delta(a, b, lang),
            Quantity::Block(Inner::DCtx) => at("desc-attention-dcontext"),
            Quantity::Block(Inner::DAttn) => tr!(lang, "desc-attention-dweight", pair = pair()),
            Quantity::Block(Inner::DScore) => tr!(lang, "desc-attention-dscore", pair = pair()),
            Quantity::Block(Inner::DQuery) => at("desc-attention-dquery"),
            Quantity::Block(Inner::DKey) => at("desc-attention-dkey"),
            Quantity::Block(Inner::DValue) => at("desc-attention-dvalue"),
            q => {
                // An entry of a weight matrix, [a,b], or of a bias, [a].
                let entry = match id.ix.k() {
                    Some(_) => format!("[{a},{b}]"),
                    None => format!("[{a}]"),
                };
                let tensor = lang.t(tensor_id(q.tensor().unwrap_or(Tensor::BO)));
                let param = tr!(lang, "desc-attention-param", tensor = tensor, entry = entry);
                update(q, &param, lang)
                    .unwrap_or_else(|| unreachable!("{id} is not a step of an attention layer"))
            }
        }
    }
}

/// The message of a parameter tensor's name: "query weight".
fn tensor_id(t: Tensor) -> &'static str {
    match t {
        Tensor::WQ => "desc-attention-wq",
        Tensor::WK => "desc-attention-wk",
        Tensor::WV => "desc-attention-wv",
        Tensor::WO => "desc-attention-wo",
        Tensor::BQ => "desc-attention-bq",
        Tensor::BK => "desc-attention-bk",
        Tensor::BV => "desc-attention-bv",
        _ => "desc-attention-bo",
    }
}
