//! The step an answer names: it must be a step of the lesson, and when it is not, the message
//! says why (the layer, neuron or optimizer state the lesson lacks) and suggests what was meant.

use super::repair::repair;
use super::{Res, STEP_NAMES, count_of};
use crate::lesson::Lesson;
use crate::source::reader::{self, Cx, Value};
use crate::trace::{Phase, Place, Quantity, StepId, Trace};

/// The step an answer names, which must be a step of this lesson.
pub(super) fn step_id(cx: Cx, trace: &Trace, name: &str, v: &Value) -> Res<StepId> {
    let step_names = || crate::msg!(STEP_NAMES);
    if name.trim().is_empty() {
        return Err(cx
            .at(v.span(), crate::msg!("err-name-empty"))
            .with_help(step_names())
            .into());
    }
    let suggestion = || {
        repair(name)
            .filter(|id| exists(trace, id))
            .map(|id| crate::i18n::did_you_mean(&id.to_string()))
            .unwrap_or_default()
    };
    let id = match trace.parse_step(name) {
        Ok(id) => id,
        Err(why) => {
            // "expected a step name such as …" only repeats the help.
            let message = match why.is_shape() {
                true => crate::msg!("err-not-a-step-name", name = reader::name(name)),
                false => crate::msg!(
                    "err-not-a-step-name-because",
                    name = reader::name(name),
                    why = why.to_string()
                ),
            };
            return Err(cx
                .at(v.span(), message + &suggestion())
                .with_help(step_names())
                .into());
        }
    };
    if id.quantity == Quantity::Loss && id != StepId::LOSS {
        return Err(cx
            .at(v.span(), crate::msg!("err-loss-no-index"))
            .with_help(crate::msg!("err-loss-no-index-help"))
            .into());
    }
    if exists(trace, &id) {
        return Ok(id);
    }
    let (why, help) = missing(trace.lesson(), trace, &id);
    let message = crate::msg!("err-no-such-step", step = id.to_string(), why = why);
    Err(cx
        .at(v.span(), message + &suggestion())
        .with_help(help)
        .into())
}

fn exists(trace: &Trace, id: &StepId) -> bool {
    (id.quantity != Quantity::Loss || *id == StepId::LOSS)
        && trace.position(id, Place::of(id, 1)).is_some()
}

/// Why the lesson has no step `id` (which parsed as a name), and what to write instead.
fn missing(lesson: &Lesson, trace: &Trace, id: &StepId) -> (String, String) {
    use crate::msg;
    let depth = lesson.depth();
    let l = id.layer;
    let ls = l.to_string();
    let q = id.quantity.name();
    let layers = layers_list(lesson);
    if l == 0 {
        let why = if matches!(id.quantity, Quantity::Z | Quantity::A) {
            msg!("err-layer-zero-given")
        } else {
            msg!("err-layer-zero")
        };
        return (why, msg!("err-the-layers-are", layers = &layers));
    }
    if l > depth {
        return (
            msg!("err-network-has", inputs = count_of(depth, "err-n-layers")),
            msg!("err-its-layers-are", layers = &layers),
        );
    }
    if let Some(indices) =
        crate::layers::recurrent::words::indices(lesson, l, id, crate::i18n::lang())
    {
        return (indices, msg!(STEP_NAMES));
    }
    let n = lesson.width(l);
    if id.j() >= n {
        return (
            msg!(
                "err-layer-has",
                l = &ls,
                neurons = count_of(n, "err-n-neurons")
            ),
            msg!("err-j-runs", q = q, l = &ls, n = n.to_string()),
        );
    }
    if let Some(k) = id.k() {
        let n_in = lesson.width(l - 1);
        if k >= n_in {
            let below = if l == 1 {
                msg!("err-network-has", inputs = count_of(n_in, "err-n-inputs"))
            } else {
                msg!(
                    "err-layer-has",
                    l = (l - 1).to_string(),
                    neurons = count_of(n_in, "err-n-neurons")
                )
            };
            return (
                below,
                msg!(
                    "err-k-runs",
                    q = q,
                    l = &ls,
                    below = (l - 1).to_string(),
                    n = n_in.to_string()
                ),
            );
        }
    }
    let state = trace.layout().state_moments();
    if id.quantity.moment().is_some_and(|m| !state.contains(&m)) {
        let kept = match lesson.optimizer {
            crate::lesson::Optimizer::Sgd { momentum, .. } if momentum != 0.0 => {
                "err-momentum-keeps"
            }
            crate::lesson::Optimizer::Sgd { .. } => "err-sgd-keeps",
            crate::lesson::Optimizer::Adam { .. } => "err-adam-keeps",
            crate::lesson::Optimizer::AdamW { .. } => "err-adamw-keeps",
        };
        return (msg!(kept), msg!("err-moments-help"));
    }
    let layer = &lesson.layers[l - 1];
    let weight_like = id.k().is_some();
    if id.phase() == Phase::Update && !layer.weights_train() {
        return (
            msg!("err-frozen", l = &ls),
            msg!("err-frozen-help", l = &ls),
        );
    }
    if id.phase() == Phase::Update && !weight_like && !layer.biases_train() {
        return (
            msg!("err-fixed-biases", l = &ls),
            msg!("err-fixed-biases-help", l = &ls),
        );
    }
    (msg!("err-not-in-trace"), msg!(STEP_NAMES))
}

/// "1 (2 neurons, sigmoid) and 2 (2 neurons, sigmoid)".
fn layers_list(lesson: &Lesson) -> String {
    let parts: Vec<String> = lesson
        .layers
        .iter()
        .enumerate()
        .map(|(i, layer)| {
            crate::msg!(
                "err-layer-in-list",
                l = (i + 1).to_string(),
                neurons = count_of(layer.neurons(), "err-n-neurons"),
                activation = layer.activation().name()
            )
        })
        .collect();
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => crate::msg!(
            "err-list-and",
            rest = rest.join(&crate::msg!("err-list-comma")),
            last = last.as_str()
        ),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}
