//! `[training]`: the loss, the optimizer, the epochs and the batch size.

use super::network::Net;
use super::{Res, only_for, section};
use crate::lesson::limits::{MAX_BATCH_SIZE, MAX_EPOCHS};
use crate::lesson::model::{Activation, Loss, Optimizer, OptimizerKind};
use crate::source::reader::{Cx, Table, Value, choice, count, describe, number, table};

const TRAINING_KEYS: [&str; 4] = ["loss", "optimizer", "epochs", "batch_size"];
const OPTIMIZER_KEYS: [&str; 7] = [
    "kind",
    "learning_rate",
    "momentum",
    "beta1",
    "beta2",
    "epsilon",
    "weight_decay",
];

/// Other libraries' names for ours, so "did you mean" can bridge them.
const LOSS_ALIASES: [(&str, &str); 10] = [
    ("sse", "half_sse"),
    ("half_mse", "half_sse"),
    ("mseloss", "mse"),
    ("mean_squared_error", "mse"),
    ("bceloss", "bce"),
    ("binary_cross_entropy", "bce"),
    ("binary_crossentropy", "bce"),
    ("crossentropyloss", "cross_entropy"),
    ("categorical_crossentropy", "cross_entropy"),
    ("ce", "cross_entropy"),
];
const OPTIMIZER_ALIASES: [(&str, &str); 2] = [("gradient_descent", "sgd"), ("gd", "sgd")];

/// PyTorch's defaults (`torch.optim.SGD`, `torch.optim.Adam`).
const DEFAULT_LEARNING_RATE: f64 = 0.001;
const DEFAULT_BETA1: f64 = 0.9;
const DEFAULT_BETA2: f64 = 0.999;
const DEFAULT_EPSILON: f64 = 1e-8;
/// `torch.optim.AdamW`'s default weight decay.
const DEFAULT_WEIGHT_DECAY: f64 = 0.01;

/// The checked `[training]` table.
pub(super) struct Training {
    pub loss: Loss,
    pub optimizer: Optimizer,
    pub epochs: usize,
    pub batch_size: Option<usize>,
}

pub(super) fn read(cx: Cx, top: &Table, net: &Net) -> Res<Training> {
    let t = section(
        cx,
        top,
        "training",
        "add [training] with loss = \"…\" and optimizer = { kind = \"sgd\", learning_rate = 0.5 }",
    )?;
    t.allow_only(cx, &TRAINING_KEYS)?;
    let loss_e = t.require(
        cx,
        "loss",
        format!(
            "add loss = \"…\", one of: {}",
            Loss::ALL.map(Loss::name).join(", ")
        ),
    )?;
    let loss = choice(
        cx,
        loss_e.value,
        "loss",
        &Loss::ALL,
        Loss::name,
        &LOSS_ALIASES,
    )?;
    check_output(cx, loss, loss_e.value, net)?;
    let opt_e = t.require(
        cx,
        "optimizer",
        "add optimizer = { kind = \"sgd\", learning_rate = 0.5 }",
    )?;
    let optimizer = optimizer(cx, opt_e.value)?;
    let epochs = match t.get("epochs") {
        Some(e) => count(cx, e.value, "`epochs`", 1, MAX_EPOCHS)?,
        None => 1,
    };
    let batch_size = t
        .get("batch_size")
        .map(|e| count(cx, e.value, "`batch_size`", 1, MAX_BATCH_SIZE))
        .transpose()?;
    Ok(Training {
        loss,
        optimizer,
        epochs,
        batch_size,
    })
}

/// The loss and the output layer's activation must suit each other.
fn check_output(cx: Cx, loss: Loss, at: &Value, net: &Net) -> Res<()> {
    let depth = net.layers.len();
    let out = net
        .layers
        .last()
        .map_or(Activation::Identity, |l| l.activation());
    let problem = match (loss, out) {
        (Loss::Bce, Activation::Sigmoid) => None,
        (Loss::Bce, other) => Some((
            format!(
                "bce needs a sigmoid output layer, but layer {depth} uses {}",
                other.name()
            ),
            format!("set activation = \"sigmoid\" on layer {depth}, or use loss = \"mse\""),
        )),
        (Loss::CrossEntropy, Activation::Softmax) => None,
        (Loss::CrossEntropy, other) => Some((
            format!(
                "cross_entropy needs a softmax output layer, but layer {depth} uses {}",
                other.name()
            ),
            format!(
                "use bce for sigmoid outputs, or set activation = \"softmax\" on layer {depth}"
            ),
        )),
        (other, Activation::Softmax) => Some((
            format!(
                "a softmax output layer needs loss = \"cross_entropy\", found `{}`",
                other.name()
            ),
            "softmax pairs with cross_entropy, as in PyTorch's CrossEntropyLoss".to_string(),
        )),
        _ => None,
    };
    match problem {
        Some((message, help)) => Err(cx.at(at.span(), message).with_help(help).into()),
        None => Ok(()),
    }
}

fn optimizer(cx: Cx, v: &Value) -> Res<Optimizer> {
    if !v.get_ref().is_table() {
        return Err(cx
            .at(
                v.span(),
                format!(
                    "expected a table for `optimizer`, found {}",
                    describe(v.get_ref())
                ),
            )
            .with_help("write optimizer = { kind = \"sgd\", learning_rate = 0.5 }")
            .into());
    }
    let t = table(cx, v, "the optimizer", "for `optimizer`")?;
    t.allow_only(cx, &OPTIMIZER_KEYS)?;
    let kind_e = t.require(
        cx,
        "kind",
        "add kind = \"sgd\", kind = \"adam\" or kind = \"adamw\"",
    )?;
    let kind = choice(
        cx,
        kind_e.value,
        "optimizer kind",
        &OptimizerKind::ALL,
        OptimizerKind::name,
        &OPTIMIZER_ALIASES,
    )?;
    let sgd = kind == OptimizerKind::Sgd;
    only_for(cx, &t, &["momentum"], sgd, "kind = \"sgd\"")?;
    only_for(
        cx,
        &t,
        &["beta1", "beta2", "epsilon"],
        !sgd,
        "kind = \"adam\" or \"adamw\"",
    )?;
    only_for(
        cx,
        &t,
        &["weight_decay"],
        kind == OptimizerKind::AdamW,
        "kind = \"adamw\"",
    )?;
    let learning_rate = positive(cx, &t, "learning_rate", DEFAULT_LEARNING_RATE)?;
    Ok(match kind {
        OptimizerKind::Sgd => Optimizer::Sgd {
            learning_rate,
            momentum: unit_interval(cx, &t, "momentum", 0.0)?,
        },
        OptimizerKind::Adam => Optimizer::Adam {
            learning_rate,
            beta1: unit_interval(cx, &t, "beta1", DEFAULT_BETA1)?,
            beta2: unit_interval(cx, &t, "beta2", DEFAULT_BETA2)?,
            epsilon: positive(cx, &t, "epsilon", DEFAULT_EPSILON)?,
        },
        OptimizerKind::AdamW => Optimizer::AdamW {
            learning_rate,
            beta1: unit_interval(cx, &t, "beta1", DEFAULT_BETA1)?,
            beta2: unit_interval(cx, &t, "beta2", DEFAULT_BETA2)?,
            epsilon: positive(cx, &t, "epsilon", DEFAULT_EPSILON)?,
            weight_decay: unit_interval(cx, &t, "weight_decay", DEFAULT_WEIGHT_DECAY)?,
        },
    })
}

/// An optional number > 0.
fn positive(cx: Cx, t: &Table, key: &str, default: f64) -> Res<f64> {
    let Some(e) = t.get(key) else {
        return Ok(default);
    };
    let x = number(cx, e.value, &format!("for `{key}`"))?;
    if x <= 0.0 {
        return Err(cx
            .at(
                e.value.span(),
                format!(
                    "`{key}` must be greater than 0, found {}",
                    cx.literal(e.value)
                ),
            )
            .into());
    }
    Ok(x)
}

/// An optional number in [0, 1).
fn unit_interval(cx: Cx, t: &Table, key: &str, default: f64) -> Res<f64> {
    let Some(e) = t.get(key) else {
        return Ok(default);
    };
    let x = number(cx, e.value, &format!("for `{key}`"))?;
    if !(0.0..1.0).contains(&x) {
        return Err(cx
            .at(
                e.value.span(),
                format!(
                    "`{key}` must be at least 0 and less than 1, found {}",
                    cx.literal(e.value)
                ),
            )
            .into());
    }
    Ok(x)
}
