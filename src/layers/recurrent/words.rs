//! The steps of a recurrent layer in words: which unit at which step, and what its output,
//! gradients and updates are.

use crate::lesson::Lesson;
use crate::trace::{Index, Moment, Quantity, StepId, Tensor};

use super::{Dims, Outputs};

/// "hidden unit 2 at step 3" for `[t, j]`.
pub(crate) fn unit_at(ix: &Index, _steps: usize) -> String {
    format!(
        "hidden unit {} at step {}",
        ix.k().unwrap_or(0) + 1,
        ix.j() + 1
    )
}

/// A parameter of a recurrent layer in words: "input weight from input 2 to row 1", …
pub(crate) fn param(tensor: Tensor, ix: &Index, d: Dims) -> String {
    let row = |r: usize| row(r, d);
    match tensor {
        Tensor::WIh => format!(
            "input weight from input {} to {}",
            ix.k().unwrap_or(0) + 1,
            row(ix.j())
        ),
        Tensor::WHh => format!(
            "recurrent weight from hidden unit {} (the state before) to {}",
            ix.k().unwrap_or(0) + 1,
            row(ix.j())
        ),
        Tensor::BIh => format!("input bias of {}", row(ix.j())),
        _ => format!("recurrent bias of {}", row(ix.j())),
    }
}

/// Row r of the weights: "hidden unit 2", or for an LSTM "the forget gate of unit 2 (row 4)".
pub(crate) fn row(r: usize, d: Dims) -> String {
    if d.rows == d.h {
        return format!("hidden unit {}", r + 1);
    }
    let gate = crate::trace::Gate::ALL[r / d.h];
    format!(
        "the {} of unit {} (row {})",
        gate.words(),
        r % d.h + 1,
        r + 1
    )
}

fn moment(m: Moment) -> &'static str {
    // The words every kind uses, AdamW's decayed value included.
    crate::layers::dense::moment_words(m)
}

/// The words of the steps both kinds share: the output, gradients, updates and optimizer
/// state.
pub(crate) fn common(lesson: &Lesson, id: &StepId, d: Dims, outputs: Outputs) -> Option<String> {
    let l = id.layer;
    let param = || param(id.quantity.tensor().unwrap_or(Tensor::WIh), &id.ix, d);
    let over = match d.t {
        1 => "its one step".to_string(),
        t => format!("all {t} steps"),
    };
    let _ = lesson;
    Some(match id.quantity {
        Quantity::A => match outputs {
            Outputs::All => format!(
                "output of layer {l} at step {}: the hidden state of unit {}",
                id.ix.j() + 1,
                id.ix.k().unwrap_or(0) + 1
            ),
            Outputs::Last => format!(
                "output of layer {l}: the hidden state of unit {} at the last step, {}",
                id.ix.j() + 1,
                d.t
            ),
        },
        Quantity::Grad(_) => format!(
            "gradient of the loss for the {}, summed over {over}",
            param()
        ),
        Quantity::Param(_) => format!("updated {}", param()),
        Quantity::State(m, _) => format!("{} of the {}", moment(m), param()),
        _ => return None,
    })
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
