//! The words every kind says of its steps alike, in a language: a parameter's gradient, update
//! and optimizer state, the layer below, two clauses of one sentence. Each kind's own words are
//! in its `words.rs`; all of them are messages of `steps.*.ftl`, so the numbers of a sentence
//! are worked out once and only its words depend on the language.

use crate::i18n::Lang;
use crate::tr;
use crate::trace::{Moment, Quantity};

/// An optimizer state in words: "Adam's first moment (running mean of gradients)".
pub(crate) fn moment(m: Moment, lang: Lang) -> String {
    lang.t(match m {
        Moment::M => "desc-moment-m",
        Moment::V => "desc-moment-v",
        Moment::Velocity => "desc-moment-velocity",
        Moment::MHat => "desc-moment-mhat",
        Moment::VHat => "desc-moment-vhat",
        Moment::Decayed => "desc-moment-decayed",
    })
}

/// The words of an update step of `param` (in words): its gradient, its updated value or an
/// optimizer state of it; `None` for a step of another quantity.
pub(crate) fn update(quantity: Quantity, param: &str, lang: Lang) -> Option<String> {
    Some(match quantity {
        Quantity::Grad(_) => tr!(lang, "desc-grad", param = param),
        Quantity::Param(_) => tr!(lang, "desc-updated", param = param),
        Quantity::State(m, _) => tr!(lang, "desc-state", moment = moment(m, lang), param = param),
        _ => return None,
    })
}

/// "the input" (`l` = 1), else "layer 2's output": what layer `l` reads.
pub(crate) fn below(l: usize, lang: Lang) -> String {
    if l == 1 {
        lang.t("desc-the-input")
    } else {
        tr!(lang, "desc-layer-output", layer = l - 1)
    }
}

/// Two clauses of one sentence: "…; …".
pub(crate) fn clauses(first: String, then: String, lang: Lang) -> String {
    tr!(lang, "desc-clauses", first = first, then = then)
}

/// "error signal ∂L/∂a of feature 2 at position 1": δ of a layer on a sequence without an
/// activation, `[t, j]`.
pub(crate) fn feature_delta(position: usize, feature: usize, lang: Lang) -> String {
    tr!(
        lang,
        "desc-feature-delta",
        feature = feature,
        position = position
    )
}

/// The first and last rows (or columns), from 1, of a window of `n` starting at `first` (from
/// 0; negative in the padding): "0" and "2" for a 3-row window from row −1.
pub(crate) fn span(first: isize, n: usize) -> (String, String) {
    ((first + 1).to_string(), (first + n as isize).to_string())
}
