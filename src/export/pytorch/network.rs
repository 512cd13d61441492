//! The network in the script: each layer's code as its kind gives it (the [`Net`] class), the
//! loss with PyTorch's reduction, and the optimizer with its state.

use crate::lesson::{Activation, Layer, Lesson, Loss, Optimizer, Shape};
use crate::trace::{Moment, Tensor};

use super::layer::{Forward, LayerNames, Module, ParamRef, Traced};
use super::literal::{comment_text, python_float};

/// One layer's part of the script, as its kind wrote it.
#[derive(Debug, Clone)]
pub struct LayerCode {
    /// Its names.
    pub names: LayerNames,
    /// The modules it builds.
    pub modules: Vec<Module>,
    /// Its forward pass.
    pub forward: Forward,
    /// Where its parameter tensors are, in the order of its specs.
    pub params: Vec<ParamRef>,
    /// Which tensors hold its traced quantities.
    pub traced: Vec<Traced>,
    /// Its tensors whose true gradient is 0 (their values are held to `NOISE`).
    pub zero_gradients: Vec<Tensor>,
}

impl LayerCode {
    /// Layer `l` (from 1) of `lesson`, as its kind writes it.
    pub fn new(lesson: &Lesson, l: usize) -> Self {
        let layer = &lesson.layers[l - 1];
        let own = match layer.residual {
            Some(_) => format!("out{l}"),
            None => format!("a{l}"),
        };
        let names = LayerNames::new(l, own);
        let kind = layer.kind.contract();
        LayerCode {
            modules: kind.torch_modules(layer, &names),
            forward: kind.torch_forward(layer, &names),
            params: kind.torch_parameters(layer, &names),
            traced: kind.torch_traced(layer, &names),
            zero_gradients: kind.torch_zero_gradients(layer),
            names,
        }
    }
}

/// The `Net` class: every layer's modules and forward pass.
pub fn class(lesson: &Lesson, layers: &[LayerCode]) -> String {
    let mut init = String::new();
    let mut forward = String::new();
    let mut returned: Vec<String> = Vec::new();
    for (code, layer) in layers.iter().zip(&lesson.layers) {
        let l = code.names.layer();
        init.push_str(&format!("        # {}\n", describe(l, layer)));
        for m in &code.modules {
            init.push_str(&format!("        self.{} = {}\n", m.attr, m.build));
        }
        for line in &code.forward.code {
            forward.push_str(&format!("        {line}\n"));
        }
        if let Some(n) = layer.residual {
            forward.push_str(&format!(
                "        a{l} = {} + a{n}  # residual = {n}\n",
                code.names.output()
            ));
        }
        for name in code.forward.returned().chain([&format!("a{l}")]) {
            if !returned.contains(name) {
                returned.push(name.clone());
            }
        }
    }
    let entries: Vec<String> = returned.iter().map(|n| format!("\"{n}\": {n}")).collect();
    format!(
        "class Net(nn.Module):\n    \"\"\"The lesson's network, as a PyTorch user writes it.\"\"\"\n\n    \
         def __init__(self):\n        super().__init__()\n{init}\n    \
         def forward(self, a0):\n        \"\"\"Every tensor bpnn-tutor traces for the batch a0, by name: z1 holds z(1), a1 holds\n        \
         a(1) (the output of layer 1), and so on.\"\"\"\n{forward}        return {{{}}}\n",
        entries.join(", ")
    )
}

/// `layer 1: dense, neurons = 2, activation = "sigmoid"; 2 → 2`, and how it trains.
fn describe(l: usize, layer: &Layer) -> String {
    let kind = layer.kind.contract();
    let mut parts = vec![kind.name().to_string()];
    parts.extend(
        kind.settings(layer)
            .into_iter()
            .map(|(key, value)| format!("{key} = {value}")),
    );
    if let Some(n) = layer.residual {
        parts.push(format!("residual = {n}"));
    }
    if !layer.trainable {
        parts.push("trainable = false".into());
    } else if !layer.train_biases {
        parts.push("train_biases = false".into());
    }
    comment_text(&format!(
        "layer {l}: {}; {} → {}",
        parts.join(", "),
        layer.input,
        layer.output
    ))
}

/// `loss_fn(t, y)`: the loss of a batch, the mean of its samples' losses (and of a sequence's
/// positions), as PyTorch reduces it.
pub fn loss_function(lesson: &Lesson, logits: Option<&str>) -> String {
    let depth = lesson.depth();
    let a = format!("t[\"a{depth}\"]");
    let shape = lesson.shape(depth);
    let features = shape.features();
    let (doc, body) = match lesson.loss {
        Loss::HalfSse => (
            "half_sse: ½ Σⱼ (aⱼ − yⱼ)² per sample (and position); a batch's loss is their mean.",
            match shape {
                Shape::Vector(_) | Shape::Sequence { .. } => {
                    format!("0.5 * (({a} - y) ** 2).sum(dim=-1).mean()")
                }
                _ => format!("0.5 * (({a} - y) ** 2).flatten(1).sum(dim=1).mean()"),
            },
        ),
        Loss::Mse => (
            "mse: nn.MSELoss, the mean of (aⱼ − yⱼ)² over every output of the batch.",
            format!("F.mse_loss({a}, y)"),
        ),
        Loss::Bce => (
            "bce: nn.BCELoss (which clamps each log at −100), the mean over every output of the batch.",
            format!("F.binary_cross_entropy({a}, y)"),
        ),
        Loss::CrossEntropy => match logits {
            Some(z) => (
                "cross_entropy: nn.CrossEntropyLoss on the logits with probability targets, the\n    \
                 mean over the batch's samples (and positions).",
                format!(
                    "F.cross_entropy(t[\"{z}\"].reshape(-1, {features}), y.reshape(-1, {features}))"
                ),
            ),
            None => (
                "cross_entropy: −Σⱼ yⱼ ln aⱼ per sample (and position); a batch's loss is their mean.",
                format!("-(y * torch.log({a})).sum(dim=-1).mean()"),
            ),
        },
    };
    format!("def loss_fn(t, y):\n    \"\"\"{doc}\"\"\"\n    return {body}\n")
}

/// A Python call of an activation on the variable `z`.
pub fn activation(act: Activation, z: &str) -> String {
    match act {
        Activation::Sigmoid => format!("torch.sigmoid({z})"),
        Activation::Tanh => format!("torch.tanh({z})"),
        Activation::Relu => format!("torch.relu({z})"),
        Activation::LeakyRelu => format!(
            "F.leaky_relu({z}, {})",
            python_float(crate::lesson::LEAKY_SLOPE)
        ),
        Activation::Identity => z.to_string(),
        Activation::Softmax => format!("torch.softmax({z}, dim=-1)"),
        // nn.GELU()'s function, exact: x·Φ(x) (not the tanh approximation).
        Activation::Gelu => format!("F.gelu({z}, approximate=\"none\")"),
    }
}

/// `torch.optim.…(params, …)` for the lesson's optimizer, over the trainable tensors `params`
/// (Python expressions of PyTorch parameters).
pub fn optimizer(opt: &Optimizer, params: &[String]) -> String {
    let list = format!("[{}]", params.join(", "));
    match *opt {
        Optimizer::Sgd {
            learning_rate,
            momentum: 0.0,
        } => {
            format!(
                "torch.optim.SGD({list}, lr={})",
                python_float(learning_rate)
            )
        }
        Optimizer::Sgd {
            learning_rate,
            momentum,
        } => format!(
            "torch.optim.SGD({list}, lr={}, momentum={})",
            python_float(learning_rate),
            python_float(momentum)
        ),
        Optimizer::Adam {
            learning_rate,
            beta1,
            beta2,
            epsilon,
        } => format!(
            "torch.optim.Adam({list}, lr={}, betas=({}, {}), eps={})",
            python_float(learning_rate),
            python_float(beta1),
            python_float(beta2),
            python_float(epsilon)
        ),
        Optimizer::AdamW {
            learning_rate,
            beta1,
            beta2,
            epsilon,
            weight_decay,
        } => format!(
            "torch.optim.AdamW({list}, lr={}, betas=({}, {}), eps={}, weight_decay={})",
            python_float(learning_rate),
            python_float(beta1),
            python_float(beta2),
            python_float(epsilon),
            python_float(weight_decay)
        ),
    }
}

/// The Python expression of a parameter's optimizer state `m` after a step, from PyTorch's
/// `optimizer.state`: momentum's buffer, Adam's `exp_avg` and `exp_avg_sq`, and m̂, v̂ as
/// Adam computes them from those and its step count; AdamW's decayed parameter from
/// [`state_helpers`]' `decayed`; `None` for state the optimizer does not keep.
pub fn state(opt: &Optimizer, m: Moment, p: &ParamRef) -> Option<String> {
    let state = format!("optimizer.state[{}]", p.parameter());
    let slot = |key: &str| format!("{state}[\"{key}\"]{}", p.slice);
    let corrected = |key: &str, beta: f64| {
        format!(
            "{} / (1 - {} ** {state}[\"step\"])",
            slot(key),
            python_float(beta)
        )
    };
    // One arm per optimizer, so a new one must say where its state is.
    match *opt {
        Optimizer::Sgd { .. } => match m {
            Moment::Velocity => Some(slot("momentum_buffer")),
            _ => None,
        },
        Optimizer::Adam { beta1, beta2, .. } => match m {
            Moment::M => Some(slot("exp_avg")),
            Moment::V => Some(slot("exp_avg_sq")),
            Moment::MHat => Some(corrected("exp_avg", beta1)),
            Moment::VHat => Some(corrected("exp_avg_sq", beta2)),
            Moment::Velocity | Moment::Decayed => None,
        },
        Optimizer::AdamW { beta1, beta2, .. } => match m {
            Moment::M => Some(slot("exp_avg")),
            Moment::V => Some(slot("exp_avg_sq")),
            Moment::MHat => Some(corrected("exp_avg", beta1)),
            Moment::VHat => Some(corrected("exp_avg_sq", beta2)),
            // Computed by `decayed`, which `state_helpers` defines.
            Moment::Decayed => Some(format!("decayed({}){}", p.parameter(), p.slice)),
            Moment::Velocity => None,
        },
    }
}

/// Python functions `check_update` defines for the state it reads: with AdamW, `decayed(p)`.
pub fn state_helpers(opt: &Optimizer) -> String {
    let Optimizer::AdamW {
        learning_rate,
        beta1,
        beta2,
        epsilon,
        ..
    } = *opt
    else {
        return String::new();
    };
    // torch.optim.AdamW decays p in place, p.mul_(1 − lr·λ), then takes Adam's step from
    // it, p.addcdiv_(m, √v/√(1 − β₂ᵗ) + ε, value=−lr/(1 − β₁ᵗ)): that step added back to
    // the parameter it ends with is the decayed parameter it computed.
    format!(
        "    def decayed(p):\n        \
         \"\"\"AdamW's decayed parameter p·(1 − lr·λ), before its Adam step: PyTorch's p after\n        \
         the step, with Adam's step (lr/(1 − β₁ᵗ))·m/(√v/√(1 − β₂ᵗ) + ε) added back.\"\"\"\n        \
         s = optimizer.state[p]\n        \
         step = {} / (1 - {} ** s[\"step\"]) * s[\"exp_avg\"] / (\n            \
         s[\"exp_avg_sq\"].sqrt() / (1 - {} ** s[\"step\"]).sqrt() + {})\n        \
         return p + step\n\n",
        python_float(learning_rate),
        python_float(beta1),
        python_float(beta2),
        python_float(epsilon)
    )
}
