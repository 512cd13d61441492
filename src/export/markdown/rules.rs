//! The general rule of each phase, before its first worked step: how every z and a, the
//! loss, every δ and gradient, and every update are computed, in LaTeX or ASCII.

use crate::lesson::{Activation, Lesson, Loss, Optimizer};
use crate::notation::Notation;

/// The loss of one sample, in general.
pub fn loss(lesson: &Lesson, n: Notation) -> Vec<String> {
    let (depth, outputs) = (lesson.depth(), lesson.outputs());
    let line = if n == Notation::Ascii {
        let a = format!("a({depth})[j]");
        match lesson.loss {
            Loss::HalfSse => format!("L = 1/2 * sum over j = 1..{outputs} of ({a} - y[j])^2"),
            Loss::Mse => {
                format!("L = 1/{outputs} * sum over j = 1..{outputs} of ({a} - y[j])^2")
            }
            Loss::Bce => format!(
                "L = -1/{outputs} * sum over j = 1..{outputs} of [y[j]*ln({a}) + (1 - y[j])*ln(1 - {a})]"
            ),
            Loss::CrossEntropy => format!(
                "L = -(sum over j = 1..{outputs} of y[j]*ln({a})),  {a} = softmax(z({depth}))[j]"
            ),
        }
    } else {
        let a = format!("a^{{({depth})}}_{{j}}");
        let sum = format!("\\sum_{{j=1}}^{{{outputs}}}");
        match lesson.loss {
            Loss::HalfSse => {
                format!("L = \\frac{{1}}{{2}} {sum} \\left({a} - y_{{j}}\\right)^{{2}}")
            }
            Loss::Mse => {
                format!("L = \\frac{{1}}{{{outputs}}} {sum} \\left({a} - y_{{j}}\\right)^{{2}}")
            }
            Loss::Bce => format!(
                "L = -\\frac{{1}}{{{outputs}}} {sum} \\left[y_{{j}} \\ln {a} + \\left(1 - y_{{j}}\\right) \\ln\\left(1 - {a}\\right)\\right]"
            ),
            Loss::CrossEntropy => format!(
                "L = -{sum} y_{{j}} \\ln {a}, \\qquad {a} = \\frac{{e^{{z^{{({depth})}}_{{j}}}}}}{{\\sum_{{k}} e^{{z^{{({depth})}}_{{k}}}}}}"
            ),
        }
    };
    vec![line]
}

/// How every trainable parameter p is updated.
pub fn optimizer(lesson: &Lesson, n: Notation) -> Vec<String> {
    let ascii = n == Notation::Ascii;
    match lesson.optimizer {
        Optimizer::Sgd { momentum: 0.0, .. } if ascii => vec!["p <- p - eta*dL/dp".into()],
        Optimizer::Sgd { momentum: 0.0, .. } => {
            vec!["p \\leftarrow p - \\eta \\cdot \\frac{\\partial L}{\\partial p}".into()]
        }
        Optimizer::Sgd { .. } if ascii => {
            vec!["v <- mu*v + dL/dp".into(), "p <- p - eta*v".into()]
        }
        Optimizer::Sgd { .. } => vec![
            "v \\leftarrow \\mu \\cdot v + \\frac{\\partial L}{\\partial p}, \\qquad p \\leftarrow p - \\eta \\cdot v"
                .into(),
        ],
        Optimizer::Adam { .. } if ascii => vec![
            "m <- beta1*m + (1 - beta1)*dL/dp".into(),
            "v <- beta2*v + (1 - beta2)*(dL/dp)^2".into(),
            "mhat = m / (1 - beta1^t)".into(),
            "vhat = v / (1 - beta2^t)".into(),
            "p <- p - eta*mhat / (sqrt(vhat) + eps)".into(),
        ],
        Optimizer::Adam { .. } => vec![
            [
                "\\begin{aligned}",
                "m &\\leftarrow \\beta_1 \\cdot m + \\left(1 - \\beta_1\\right) \\cdot \\frac{\\partial L}{\\partial p} \\\\",
                "v &\\leftarrow \\beta_2 \\cdot v + \\left(1 - \\beta_2\\right) \\cdot \\left(\\frac{\\partial L}{\\partial p}\\right)^{2} \\\\",
                "\\hat{m} &= \\frac{m}{1 - \\beta_1^{t}}, \\qquad \\hat{v} = \\frac{v}{1 - \\beta_2^{t}} \\\\",
                "p &\\leftarrow p - \\eta \\cdot \\frac{\\hat{m}}{\\sqrt{\\hat{v}} + \\epsilon}",
                "\\end{aligned}",
            ]
            .join("\n"),
        ],
    }
}

/// The forward pass of every neuron, in general.
pub fn forward(lesson: &Lesson, n: Notation) -> Vec<String> {
    let softmax = lesson.layers.last().map(|l| l.activation) == Some(Activation::Softmax);
    if n == Notation::Ascii {
        let mut lines = vec![
            "z(l)[j] = sum over k of w(l)[j,k]*a(l-1)[k] + b(l)[j]".to_string(),
            "a(l)[j] = f(l)(z(l)[j])".into(),
        ];
        if softmax {
            lines.push(format!(
                "a({0})[j] = exp(z({0})[j]) / sum over k of exp(z({0})[k])",
                lesson.depth()
            ));
        }
        return lines;
    }
    let mut lines = vec![
        "\\begin{aligned}".to_string(),
        "z^{(l)}_{j} &= \\sum_{k} w^{(l)}_{j,k} \\cdot a^{(l-1)}_{k} + b^{(l)}_{j} \\\\".into(),
        "a^{(l)}_{j} &= f^{(l)}\\left(z^{(l)}_{j}\\right)".into(),
    ];
    if softmax {
        let l = lesson.depth();
        lines.last_mut().unwrap().push_str(" \\\\");
        lines.push(format!(
            "a^{{({l})}}_{{j}} &= \\frac{{e^{{z^{{({l})}}_{{j}}}}}}{{\\sum_{{k}} e^{{z^{{({l})}}_{{k}}}}}}"
        ));
    }
    lines.push("\\end{aligned}".into());
    vec![lines.join("\n")]
}

/// The backward pass of every neuron, in general.
pub fn backward(lesson: &Lesson, n: Notation) -> Vec<String> {
    let depth = lesson.depth();
    let softmax = lesson.layers.last().map(|l| l.activation) == Some(Activation::Softmax);
    if n == Notation::Ascii {
        let output = match softmax {
            true => format!("delta({depth})[j] = a({depth})[j] - y[j]"),
            false => format!("delta({depth})[j] = dL/da({depth})[j] * f'(z({depth})[j])"),
        };
        let mut lines = vec![output];
        if depth > 1 {
            lines.push(
                "delta(l)[j] = (sum over k of w(l+1)[k,j]*delta(l+1)[k]) * f'(z(l)[j])".into(),
            );
        }
        lines.push("dL/db(l)[j] = delta(l)[j],  dL/dw(l)[j,k] = delta(l)[j]*a(l-1)[k]".into());
        return lines;
    }
    let output = match softmax {
        true => format!("\\delta^{{({depth})}}_{{j}} &= a^{{({depth})}}_{{j}} - y_{{j}}"),
        false => format!(
            "\\delta^{{({depth})}}_{{j}} &= \\frac{{\\partial L}}{{\\partial a^{{({depth})}}_{{j}}}} \\cdot f'\\left(z^{{({depth})}}_{{j}}\\right)"
        ),
    };
    let mut lines = vec!["\\begin{aligned}".to_string(), format!("{output} \\\\")];
    if depth > 1 {
        lines.push(
            "\\delta^{(l)}_{j} &= \\left(\\sum_{k} w^{(l+1)}_{k,j} \\cdot \\delta^{(l+1)}_{k}\\right) \\cdot f'\\left(z^{(l)}_{j}\\right) \\\\"
                .into(),
        );
    }
    lines.push(
        "\\frac{\\partial L}{\\partial b^{(l)}_{j}} &= \\delta^{(l)}_{j}, \\qquad \\frac{\\partial L}{\\partial w^{(l)}_{j,k}} = \\delta^{(l)}_{j} \\cdot a^{(l-1)}_{k}"
            .into(),
    );
    lines.push("\\end{aligned}".into());
    vec![lines.join("\n")]
}

/// How the loss behaves where outputs saturate, as PyTorch computes it (Unicode prose; the
/// document spells it in ASCII under `--ascii`).
pub fn saturation(loss: Loss) -> Option<&'static str> {
    match loss {
        Loss::Bce => Some(
            "As in PyTorch's BCELoss, each logarithm is taken at least −100 and the gradient \
             divides by max(a(1 − a), 10⁻¹²), so a saturated sigmoid costs at most 100 and \
             nothing becomes NaN; where a clamp acts, the step's formula shows it.",
        ),
        Loss::CrossEntropy => Some(
            "As in PyTorch's CrossEntropyLoss, ln a is computed from the logits as log-softmax, \
             z − max z − ln Σ e^(z − max z), so the loss is finite whenever the logits are; \
             where an output underflows to 0, the step's formula is written that way.",
        ),
        Loss::HalfSse | Loss::Mse => None,
    }
}
