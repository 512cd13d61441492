//! The steps of a recurrent layer in words, in any language: which unit at which step, and
//! what its output, gradients and updates are; which steps a layer on a
//! sequence has and what the tutor's start card says of its quantities.

use crate::i18n::Lang;
use crate::layers::words::update;
use crate::lesson::Lesson;
use crate::tr;
use crate::trace::{Gate, Index, Quantity, StepId, Tensor};

use super::{Dims, Outputs};

/// "hidden unit 2 at step 3" for `[t, j]`.
pub(crate) fn unit_at(ix: &Index, lang: Lang) -> String {
    tr!(
        lang,
        "desc-recurrent-unit",
        unit = ix.k().unwrap_or(0) + 1,
        step = ix.j() + 1
    )
}

/// A gate in words: "forget gate".
pub(crate) fn gate(g: Gate, lang: Lang) -> String {
    lang.t(match g {
        Gate::Input => "desc-lstm-input-gate",
        Gate::Forget => "desc-lstm-forget-gate",
        Gate::Cell => "desc-lstm-cell-candidate",
        Gate::Output => "desc-lstm-output-gate",
    })
}

/// A parameter of a recurrent layer in words: "input weight from input 2 to hidden unit 1", …
fn param(tensor: Tensor, ix: &Index, d: Dims, lang: Lang) -> String {
    let row = row(ix.j(), d, lang);
    let from = ix.k().unwrap_or(0) + 1;
    match tensor {
        Tensor::WIh => tr!(lang, "desc-recurrent-input-weight", input = from, row = row),
        Tensor::WHh => tr!(lang, "desc-recurrent-weight", unit = from, row = row),
        Tensor::BIh => tr!(lang, "desc-recurrent-input-bias", row = row),
        _ => tr!(lang, "desc-recurrent-bias", row = row),
    }
}

/// Row r of the weights: "hidden unit 2", or for an LSTM "the forget gate of unit 2 (row 4)".
fn row(r: usize, d: Dims, lang: Lang) -> String {
    if d.rows == d.h {
        return tr!(lang, "desc-recurrent-row", unit = r + 1);
    }
    tr!(
        lang,
        "desc-recurrent-gate-row",
        gate = gate(Gate::ALL[r / d.h], lang),
        unit = r % d.h + 1,
        row = r + 1
    )
}

/// The words of the steps both kinds share: the output, gradients, updates and optimizer
/// state.
pub(crate) fn common(id: &StepId, d: Dims, outputs: Outputs, lang: Lang) -> Option<String> {
    let l = id.layer;
    let param = || {
        let tensor = id.quantity.tensor().unwrap_or(Tensor::WIh);
        param(tensor, &id.ix, d, lang)
    };
    let (j, k) = (id.ix.j() + 1, id.ix.k().unwrap_or(0) + 1);
    match id.quantity {
        Quantity::A => Some(match outputs {
            Outputs::All => tr!(lang, "desc-recurrent-output", layer = l, step = j, unit = k),
            Outputs::Last => tr!(
                lang,
                "desc-recurrent-output-last",
                layer = l,
                unit = j,
                step = d.t
            ),
        }),
        Quantity::Grad(_) => Some(match d.t {
            1 => tr!(lang, "desc-recurrent-grad-one", param = param()),
            t => tr!(lang, "desc-recurrent-grad", param = param(), steps = t),
        }),
        q => update(q, &param(), lang),
    }
}

/// "error signal ∂L/∂z of …" for a unit or a row of the stacked weighted input.
pub(crate) fn delta(unit: String, lang: Lang) -> String {
    tr!(lang, "desc-recurrent-delta", unit = unit)
}

/// Which numbers a layer on a sequence (recurrent, or dense at every position) has, for a
/// message about a step name it lacks (`id`): `layer 1 is an rnn of 2 units over 3 steps: z,
/// h, dh and delta(1)[t,j] for t = 1..3, j = 1..2`, or the shape of the tensor it names; in
/// `lang`.
pub fn indices(lesson: &Lesson, l: usize, id: &StepId, lang: crate::i18n::Lang) -> Option<String> {
    use crate::layers::Kind;
    use crate::tr;
    let layer = &lesson.layers[l - 1];
    if !layer.input.is_sequence() {
        return None;
    }
    if let Some(tensor) = id.quantity.tensor() {
        let spec = layer.specs().into_iter().find(|s| s.tensor == tensor)?;
        // A parameter the layer has is missing for another reason (frozen, say).
        if id.ix.offset_in(&spec.dims).is_some() {
            return None;
        }
        let dims: Vec<String> = spec.dims.iter().map(|d| d.to_string()).collect();
        return Some(tr!(
            lang,
            "err-tensor-indices",
            key = spec.key,
            l = l.to_string(),
            tensor = tensor.name(),
            dims = dims.join(" × ")
        ));
    }
    let (l, t) = (l.to_string(), layer.input.positions().to_string());
    Some(match layer.kind {
        Kind::Rnn(k) => tr!(
            lang,
            "err-rnn-indices",
            l = l,
            h = k.hidden.to_string(),
            t = t
        ),
        Kind::Lstm(k) => tr!(
            lang,
            "err-lstm-indices",
            l = l,
            h = k.hidden.to_string(),
            t = t,
            rows = (4 * k.hidden).to_string()
        ),
        Kind::Dense(_) if layer.input.is_sequence() => tr!(
            lang,
            "err-positions-indices",
            l = l,
            t = t,
            n = layer.output.features().to_string()
        ),
        _ => return None,
    })
}

/// What a lesson's recurrent layers add to the tutor's start card: each quantity's letters
/// (Unicode, ASCII) and what it is (in ASCII with `ascii`), short enough for one line of the
/// card. None without a recurrent layer.
pub fn card(lesson: &Lesson, ascii: bool) -> Vec<((&'static str, &'static str), String)> {
    use crate::layers::Kind;
    let has = |lstm: bool| {
        lesson.layers.iter().any(|l| match l.kind {
            Kind::Rnn(_) => !lstm,
            Kind::Lstm(_) => true,
            _ => false,
        })
    };
    let pick = |u: &str, a: &str| if ascii { a.to_string() } else { u.to_string() };
    let mut lines = Vec::new();
    if has(false) {
        lines.push((
            ("h", "h"),
            pick(
                "a unit's state at step t; its z reads the input at t and h at t − 1",
                "a unit's state at step t; its z reads the input at t and h at t - 1",
            ),
        ));
        lines.push((
            ("∂h", "dh"),
            pick(
                "its error ∂L/∂h: from the output at t plus from t + 1 through W_hh",
                "its error dL/dh: from the output at t plus from t + 1 through W_hh",
            ),
        ));
    }
    if has(true) {
        lines.push((
            ("c", "c"),
            pick(
                "an LSTM's cell state c = f⊙c(t − 1) + i⊙g, from gates i, f, g, o",
                "an LSTM's cell state c = f(*)c(t-1) + i(*)g, from gates i, f, g, o",
            ),
        ));
    }
    lines
}
