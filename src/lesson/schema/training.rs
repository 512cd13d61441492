//! `[training]`: the loss, the optimizer, the epochs and the batch size.

use super::network::Net;
use super::{Res, only_for, section};
use crate::lesson::limits::{MAX_BATCH_SIZE, MAX_EPOCHS};
use crate::lesson::model::{Activation, Loss, Optimizer, OptimizerKind};
use crate::source::reader::{Cx, Table, Value, choice, count, describe, for_key, number, table};

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
    let t = section(cx, top, "training", "err-training-section-help")?;
    t.allow_only(cx, &TRAINING_KEYS)?;
    let loss_e = t.require(
        cx,
        "loss",
        crate::msg!(
            "err-loss-help",
            names = Loss::ALL.map(Loss::name).join(", ")
        ),
    )?;
    let loss = choice(
        cx,
        loss_e.value,
        "err-kind-loss",
        &Loss::ALL,
        Loss::name,
        &LOSS_ALIASES,
    )?;
    check_output(cx, loss, loss_e.value, net)?;
    let opt_e = t.require(cx, "optimizer", crate::msg!("err-optimizer-help"))?;
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
    let depth_s = depth.to_string();
    let problem = match (loss, out) {
        (Loss::Bce, Activation::Sigmoid) => None,
        (Loss::Bce, other) => Some((
            crate::msg!("err-bce-needs-sigmoid", l = &depth_s, uses = other.name()),
            crate::msg!("err-bce-needs-sigmoid-help", l = &depth_s),
        )),
        (Loss::CrossEntropy, Activation::Softmax) => None,
        (Loss::CrossEntropy, other) => Some((
            crate::msg!("err-ce-needs-softmax", l = &depth_s, uses = other.name()),
            crate::msg!("err-ce-needs-softmax-help", l = &depth_s),
        )),
        (other, Activation::Softmax) => Some((
            crate::msg!("err-softmax-needs-ce", loss = other.name()),
            crate::msg!("err-softmax-needs-ce-help"),
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
                crate::msg!(
                    "err-expected",
                    expected = crate::msg!("err-a-table"),
                    what = for_key("optimizer"),
                    found = describe(v.get_ref())
                ),
            )
            .with_help(crate::msg!("err-optimizer-write"))
            .into());
    }
    let t = table(
        cx,
        v,
        crate::msg!("err-owner-optimizer"),
        &for_key("optimizer"),
    )?;
    t.allow_only(cx, &OPTIMIZER_KEYS)?;
    let kind_e = t.require(cx, "kind", crate::msg!("err-optimizer-kind-help"))?;
    let kind = choice(
        cx,
        kind_e.value,
        "err-kind-optimizer",
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
    let x = number(cx, e.value, &for_key(key))?;
    if x <= 0.0 {
        return Err(cx
            .at(
                e.value.span(),
                crate::msg!("err-above-zero", key = key, found = cx.literal(e.value)),
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
    let x = number(cx, e.value, &for_key(key))?;
    if !(0.0..1.0).contains(&x) {
        return Err(cx
            .at(
                e.value.span(),
                crate::msg!("err-unit-interval", key = key, found = cx.literal(e.value)),
            )
            .into());
    }
    Ok(x)
}
