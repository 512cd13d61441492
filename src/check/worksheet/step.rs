//! The step an answer names: it must be a step of the lesson, and when it is not, the message
//! says why (the layer, neuron or optimizer state the lesson lacks) and suggests what was meant.

use super::repair::repair;
use super::{Res, STEP_NAMES, count_of};
use crate::lesson::Lesson;
use crate::source::reader::{self, Cx, Value};
use crate::trace::{Phase, Place, Quantity, StepId, Trace};

/// The step an answer names, which must be a step of this lesson.
pub(super) fn step_id(cx: Cx, trace: &Trace, name: &str, v: &Value) -> Res<StepId> {
    if name.trim().is_empty() {
        return Err(cx
            .at(v.span(), "`name` is empty: which number is this?")
            .with_help(STEP_NAMES)
            .into());
    }
    let suggestion = || {
        repair(name)
            .filter(|id| exists(trace, id))
            .map(|id| format!("; did you mean `{id}`?"))
            .unwrap_or_default()
    };
    let id = match trace.parse_step(name) {
        Ok(id) => id,
        Err(why) => {
            let why = why.message();
            // "expected a step name such as …" only repeats the help.
            let why = if why.starts_with("expected") {
                String::new()
            } else {
                format!(": {why}")
            };
            return Err(cx
                .at(
                    v.span(),
                    format!(
                        "{} is not a step name{why}{}",
                        reader::name(name),
                        suggestion()
                    ),
                )
                .with_help(STEP_NAMES)
                .into());
        }
    };
    if id.quantity == Quantity::Loss && id != StepId::LOSS {
        return Err(cx
            .at(v.span(), "the loss has no layer or neuron index")
            .with_help("write name = \"loss\"")
            .into());
    }
    if exists(trace, &id) {
        return Ok(id);
    }
    let (why, help) = missing(trace.lesson(), trace, &id);
    Err(cx
        .at(
            v.span(),
            format!("the lesson has no step {id}: {why}{}", suggestion()),
        )
        .with_help(help)
        .into())
}

fn exists(trace: &Trace, id: &StepId) -> bool {
    (id.quantity != Quantity::Loss || *id == StepId::LOSS)
        && trace.position(id, Place::of(id, 1)).is_some()
}

/// Why the lesson has no step `id` (which parsed as a name), and what to write instead.
fn missing(lesson: &Lesson, trace: &Trace, id: &StepId) -> (String, String) {
    let depth = lesson.depth();
    let l = id.layer;
    let q = id.quantity.name();
    let layers = layers_list(lesson);
    if l == 0 {
        let why = if matches!(id.quantity, Quantity::Z | Quantity::A) {
            "layer 0 is the input x, given rather than computed".to_string()
        } else {
            "layers are numbered from 1; layer 0 is the input x".to_string()
        };
        return (why, format!("the network's layers are {layers}"));
    }
    if l > depth {
        return (
            format!("the network has {}", count_of(depth, "layer")),
            format!("its layers are {layers}"),
        );
    }
    if let Some(indices) =
        crate::layers::recurrent::words::indices(lesson, l, id, crate::i18n::lang())
    {
        return (indices, STEP_NAMES.to_string());
    }
    let n = lesson.width(l);
    if id.j() >= n {
        return (
            format!("layer {l} has {}", count_of(n, "neuron")),
            format!("in {q}({l})[j], j runs from 1 to {n}"),
        );
    }
    if let Some(k) = id.k() {
        let n_in = lesson.width(l - 1);
        if k >= n_in {
            let below = if l == 1 {
                format!("the network has {}", count_of(n_in, "input"))
            } else {
                format!("layer {} has {}", l - 1, count_of(n_in, "neuron"))
            };
            return (
                below,
                format!(
                    "in {q}({l})[j,k], k is the neuron of layer {} and runs from 1 to {n_in}",
                    l - 1
                ),
            );
        }
    }
    let state = trace.layout().state_moments();
    if id.quantity.moment().is_some_and(|m| !state.contains(&m)) {
        let kept = match lesson.optimizer {
            crate::lesson::Optimizer::Sgd { momentum, .. } if momentum != 0.0 => {
                "SGD with momentum keeps only a velocity v per parameter"
            }
            crate::lesson::Optimizer::Sgd { .. } => "plain SGD keeps no optimizer state",
            crate::lesson::Optimizer::Adam { .. } => "Adam keeps m, v, mhat and vhat",
            crate::lesson::Optimizer::AdamW { .. } => "AdamW keeps decayed, m, v, mhat and vhat",
        };
        return (
            kept.to_string(),
            "m, v, mhat and vhat are Adam's; v alone is SGD's momentum velocity".to_string(),
        );
    }
    let layer = &lesson.layers[l - 1];
    let weight_like = id.k().is_some();
    if id.phase() == Phase::Update && !layer.weights_train() {
        return (
            format!("layer {l} is frozen (trainable = false), so nothing of it is updated"),
            format!("its gradients (dw({l})[j,k], db({l})[j]) are still computed"),
        );
    }
    if id.phase() == Phase::Update && !weight_like && !layer.biases_train() {
        return (
            format!("the biases of layer {l} are fixed (train_biases = false)"),
            format!("its gradients db({l})[j] are still computed"),
        );
    }
    (
        "it is not part of this lesson's trace".to_string(),
        STEP_NAMES.to_string(),
    )
}

/// "1 (2 neurons, sigmoid) and 2 (2 neurons, sigmoid)".
fn layers_list(lesson: &Lesson) -> String {
    let parts: Vec<String> = lesson
        .layers
        .iter()
        .enumerate()
        .map(|(i, layer)| {
            format!(
                "{} ({}, {})",
                i + 1,
                count_of(layer.neurons(), "neuron"),
                layer.activation().name()
            )
        })
        .collect();
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}
