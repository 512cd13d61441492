//! The catalogue: one entry per mistake — its id, a sentence, the steps it applies to, and how
//! to compute the mistaken value. The order is the order of matching (the first mistake that
//! reproduces an answer names it): the table first, then those added since.

use super::rewrite::{
    factors, flipped_logistic, is_var, logistic_slope, rewrite, square, substitute, tanh_slope,
};
use super::{Mistake, Scene};
use crate::check::learner::Reading;
use crate::lesson::{Activation, Loss, Optimizer};
use crate::trace::formula::{Expr, Func, add, call, div, mul, pow, sub};
use crate::trace::{Moment, Place, Quantity, StepKey, Sym};

/// Every known mistake, in the order they are tried.
pub static CATALOGUE: [Mistake; 23] = [
    Mistake {
        id: "exp_sign",
        explanation: "σ(z) was computed as 1/(1 + e^z), with the exponent's sign flipped; σ(z) = 1/(1 + e^(−z)).",
        applies: |s| {
            s.quantity() == Quantity::A && s.activation(s.id().layer) == Some(Activation::Sigmoid)
        },
        mistaken: exp_sign,
    },
    Mistake {
        id: "missing_bias",
        explanation: "z was computed without the neuron's bias; z = Σ w·a + b.",
        applies: |s| s.quantity() == Quantity::Z,
        mistaken: missing_bias,
    },
    Mistake {
        id: "transposed_weights",
        explanation: "The weight w⁽ˡ⁾ₖⱼ was used where w⁽ˡ⁾ⱼₖ belongs; w⁽ˡ⁾ⱼₖ connects neuron k of layer l − 1 to neuron j of layer l, in z and in a hidden δ alike.",
        applies: |s| {
            s.quantity() == Quantity::Z || (s.quantity() == Quantity::Delta && !s.is_output())
        },
        mistaken: transposed_weights,
    },
    Mistake {
        id: "loss_factor",
        explanation: "The loss's constant factor was dropped or added: ½ in half_sse, 1/n in mse (and the 1 or 2/n they leave in ∂L/∂a = a − y or (2/n)(a − y)).",
        applies: |s| {
            s.quantity() == Quantity::Loss
                || (s.quantity() == Quantity::Delta && s.is_output() && !s.is_softmax_output())
        },
        mistaken: loss_factor,
    },
    Mistake {
        id: "flipped_error",
        explanation: "The error was taken as y − a instead of a − y, which flips the sign of δ and of every gradient after it.",
        applies: |s| s.quantity() == Quantity::Delta && s.is_output(),
        mistaken: flipped_error,
    },
    Mistake {
        id: "missing_derivative",
        explanation: "δ was computed without the activation's derivative; δ = ∂L/∂a · f′(z) at the output and (Σ w·δ) · f′(z) in a hidden layer.",
        applies: |s| s.quantity() == Quantity::Delta && !s.is_softmax_output(),
        mistaken: missing_derivative,
    },
    Mistake {
        id: "derivative_of_z",
        explanation: "The activation's derivative was evaluated on z as if it were a, z(1 − z) or 1 − z², instead of a(1 − a) or 1 − a².",
        applies: |s| {
            s.quantity() == Quantity::Delta
                && matches!(
                    s.activation(s.id().layer),
                    Some(Activation::Sigmoid | Activation::Tanh)
                )
        },
        mistaken: derivative_of_z,
    },
    Mistake {
        id: "updated_weights",
        explanation: "A hidden δ was computed with the layer above's weights after their update; backpropagation uses the weights the forward pass used.",
        applies: |s| {
            let l = s.id().layer;
            s.quantity() == Quantity::Delta
                && !s.is_output()
                && s.lesson().layers[l].weights_train()
        },
        mistaken: updated_weights,
    },
    Mistake {
        id: "wrong_input",
        explanation: "∂L/∂w was computed from the wrong input; ∂L/∂w⁽ˡ⁾ⱼₖ = δ⁽ˡ⁾ⱼ · a⁽ˡ⁻¹⁾ₖ, the activation the weight carries, not z or another layer's a.",
        applies: |s| s.quantity() == Quantity::DW,
        mistaken: wrong_input,
    },
    Mistake {
        id: "derivative_as_input",
        explanation: "∂L/∂w was computed as δ·a(1 − a), with the input's derivative in place of the input; ∂L/∂w = δ·a.",
        applies: |s| s.quantity() == Quantity::DW,
        mistaken: derivative_as_input,
    },
    Mistake {
        id: "gradient_ascent",
        explanation: "The update added the step instead of subtracting it; gradient descent moves against the gradient, w ← w − η·g.",
        applies: is_parameter_update,
        mistaken: gradient_ascent,
    },
    Mistake {
        id: "no_learning_rate",
        explanation: "The update left out the learning rate, w − g instead of w − η·g.",
        applies: is_parameter_update,
        mistaken: no_learning_rate,
    },
    Mistake {
        id: "batch_sum",
        explanation: "The batch's gradients were summed instead of averaged; an update uses their mean, (1/n) Σ ∂Lₛ/∂w.",
        applies: |s| s.batch.len() > 1 && batch_mean(s).is_some(),
        mistaken: batch_sum,
    },
    Mistake {
        id: "adam_epsilon_inside_sqrt",
        explanation: "ε was added inside the square root, √(v̂ + ε), instead of after it, √v̂ + ε.",
        applies: |s| is_adam(s) && is_parameter_update(s),
        mistaken: adam_epsilon_inside_sqrt,
    },
    Mistake {
        id: "adam_no_bias_correction",
        explanation: "Adam's m and v were used without their bias correction, m̂ = m/(1 − β₁ᵗ) and v̂ = v/(1 − β₂ᵗ).",
        applies: |s| {
            is_adam(s)
                && (is_parameter_update(s)
                    || matches!(s.quantity().moment(), Some(Moment::MHat | Moment::VHat)))
        },
        mistaken: adam_no_bias_correction,
    },
    Mistake {
        id: "early_rounding",
        explanation: "Intermediate values were rounded so early that the result lost its significant figures; keep more digits in between and round only the answer.",
        // Told by carried grading: the right formula from the learner's own rounded answers.
        applies: |_| false,
        mistaken: |_, _| Vec::new(),
    },
    Mistake {
        id: "loss_sign",
        explanation: "The loss was written without its leading minus sign; ln a is negative, so −Σ y ln a is positive.",
        applies: |s| {
            s.quantity() == Quantity::Loss
                && matches!(s.lesson().loss, Loss::Bce | Loss::CrossEntropy)
        },
        mistaken: |s, r| vec![-r.eval(s.step, s.rhs())],
    },
    Mistake {
        id: "extra_derivative",
        explanation: "δ of a softmax output with cross-entropy was multiplied by a(1 − a) as well; a − y already includes the softmax's derivative.",
        applies: |s| s.quantity() == Quantity::Delta && s.is_softmax_output(),
        mistaken: extra_derivative,
    },
    Mistake {
        id: "tanh_derivative_sign",
        explanation: "tanh′ was taken with the wrong sign, a² − 1 or 1 + a²; tanh′(z) = 1 − a².",
        applies: |s| {
            s.quantity() == Quantity::Delta && s.activation(s.id().layer) == Some(Activation::Tanh)
        },
        mistaken: tanh_derivative_sign,
    },
    Mistake {
        id: "momentum_old_velocity",
        explanation: "The update used the velocity from before this step; first v ← μ·v + g, then w ← w − η·v with the new v.",
        applies: |s| is_momentum(s) && is_parameter_update(s),
        mistaken: momentum_old_velocity,
    },
    Mistake {
        id: "momentum_ema",
        explanation: "The velocity was averaged as μ·v + (1 − μ)·g; PyTorch's SGD adds the whole gradient, v ← μ·v + g.",
        applies: |s| is_momentum(s) && s.quantity().moment() == Some(Moment::Velocity),
        mistaken: momentum_ema,
    },
    Mistake {
        id: "adam_t_off_by_one",
        explanation: "Adam's step count t was off by one in the bias correction 1 − βᵗ; t is 1 at the first update.",
        applies: |s| {
            is_adam(s)
                && (is_parameter_update(s)
                    || matches!(s.quantity().moment(), Some(Moment::MHat | Moment::VHat)))
        },
        mistaken: adam_t_off_by_one,
    },
    Mistake {
        id: "adam_unsquared_gradient",
        explanation: "Adam's second moment was fed the gradient instead of its square; v ← β₂·v + (1 − β₂)·g².",
        applies: |s| is_adam(s) && s.quantity().moment() == Some(Moment::V),
        mistaken: adam_unsquared_gradient,
    },
];

/// Found by carried grading rather than by re-evaluating a mistaken formula.
pub static EARLY_ROUNDING: &Mistake = &CATALOGUE[15];

fn is_parameter_update(s: &Scene) -> bool {
    matches!(s.quantity(), Quantity::Param(_))
}

fn is_adam(s: &Scene) -> bool {
    s.lesson().optimizer.is_adam()
}

fn is_momentum(s: &Scene) -> bool {
    matches!(s.lesson().optimizer, Optimizer::Sgd { momentum, .. } if momentum != 0.0)
}

/// The rewritten formula's value, if the rewrite changed anything.
fn rewritten(s: &Scene, r: &dyn Reading, new: Option<Expr>) -> Vec<f64> {
    s.eval(r, new)
}

fn exp_sign(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = rewrite(s.rhs(), &|e| match e {
        Expr::Call(Func::Sigmoid, z) => Some(flipped_logistic((**z).clone())),
        _ => None,
    });
    rewritten(s, r, new)
}

fn missing_bias(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let id = s.id();
    let bias = Sym::b(id.layer, id.j());
    rewritten(s, r, substitute(s.rhs(), bias, &Expr::Num(0.0)))
}

fn transposed_weights(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let transposed = |sym: Sym| match sym {
        Sym::P(p) if p.is_weight() && p.ix.len() == 2 => {
            s.exact(Sym::w(p.l, p.ix.k().unwrap_or(0), p.ix.j()))
        }
        _ => None,
    };
    let weights: Vec<Sym> = s
        .rhs()
        .symbols()
        .into_iter()
        .map(|(sym, _)| sym)
        .filter(|sym| matches!(sym, Sym::P(p) if p.is_weight()))
        .collect();
    // Only a matrix square enough for every transposed weight to exist can be read so.
    if weights.iter().any(|&w| transposed(w).is_none()) {
        return Vec::new();
    }
    let new = rewrite(s.rhs(), &|e| match e {
        Expr::Var(sym @ Sym::P(p), _) if p.is_weight() => transposed(*sym),
        _ => None,
    });
    rewritten(s, r, new)
}

/// The factors by which a dropped or added constant changes the loss or the output δ.
fn loss_factors(loss: Loss, quantity: Quantity, n: f64) -> Vec<f64> {
    let factors = match (loss, quantity) {
        // ½ dropped; the mean over the outputs taken as well.
        (Loss::HalfSse, Quantity::Loss) => vec![2.0, 1.0 / n],
        // 1/n dropped; ½ added; ½ or 2/n instead of 1/n.
        (Loss::Mse, Quantity::Loss) => vec![n, 0.5, n / 2.0, 2.0],
        (Loss::Bce, Quantity::Loss) => vec![n],
        // ∂/∂a of Σ(a − y)² without the ½ (2(a − y)), the ½ kept ((a − y)/2), or mse's 1/n
        // or 2/n added.
        (Loss::HalfSse, Quantity::Delta) => vec![2.0, 0.5, 1.0 / n, 2.0 / n],
        // 2/n dropped; 1/n instead of 2/n; 2 instead of 2/n.
        (Loss::Mse, Quantity::Delta) => vec![n / 2.0, 0.5, n],
        (Loss::Bce, Quantity::Delta) => vec![n],
        _ => Vec::new(),
    };
    let mut distinct: Vec<f64> = Vec::new();
    for f in factors {
        if f != 1.0 && !distinct.contains(&f) {
            distinct.push(f);
        }
    }
    distinct
}

fn loss_factor(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let n = s.lesson().outputs() as f64;
    let value = r.eval(s.step, s.rhs());
    loss_factors(s.lesson().loss, s.quantity(), n)
        .into_iter()
        .map(|f| f * value)
        .collect()
}

fn flipped_error(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = rewrite(s.rhs(), &|e| match e {
        Expr::Sub(a, y)
            if matches!(**a, Expr::Var(Sym::Q { q: Quantity::A, .. }, _))
                && matches!(**y, Expr::Var(Sym::Y(_), _)) =>
        {
            Some(Expr::Sub(y.clone(), a.clone()))
        }
        _ => None,
    });
    rewritten(s, r, new)
}

fn missing_derivative(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    s.eval(r, factors(s.rhs()).map(|(outer, _)| outer.clone()))
}

/// This neuron's a, and the δ's factor before its derivative.
fn own_a<'s>(s: &'s Scene) -> Option<(Expr, &'s Expr)> {
    let id = s.id();
    let a = s.exact(Sym::a(id.layer, id.j()))?;
    Some((a, factors(s.rhs())?.0))
}

fn derivative_of_z(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let id = s.id();
    let (l, j) = (id.layer, id.j());
    let new = factors(s.rhs()).and_then(|(outer, slope)| {
        let z = s.exact(Sym::z(l, j))?;
        let on_z = substitute(slope, Sym::a(l, j), &z)?;
        Some(mul(vec![outer.clone(), on_z]))
    });
    s.eval(r, new)
}

fn updated_weights(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let step = s.step;
    let new = rewrite(s.rhs(), &|e| match e {
        Expr::Var(Sym::P(p), _) if p.is_weight() => {
            let p = *p;
            let key = StepKey {
                epoch: step.epoch,
                place: Place::Batch(step.batch),
                id: p.id(p.quantity()),
            };
            Some(Expr::Num(r.answer(&key).unwrap_or(s.batch.after(p))))
        }
        _ => None,
    });
    // Weights that did not change leave the same δ: that is no mistake to tell.
    let value = s.eval(r, new);
    let right = r.eval(step, s.rhs());
    value.into_iter().filter(|&v| v != right).collect()
}

fn wrong_input(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let id = s.id();
    let (l, j, k) = (id.layer, id.j(), id.k().unwrap_or(0));
    let Some((delta, _)) = factors(s.rhs()) else {
        return Vec::new();
    };
    // z of the input instead of its a; the a (or z) of the weight's own layer; the a of the
    // layer below the input.
    let mut inputs = Vec::new();
    if l >= 2 {
        inputs.push(Sym::z(l - 1, k));
    }
    inputs.extend([Sym::a(l, k), Sym::a(l, j), Sym::z(l, k), Sym::z(l, j)]);
    if l >= 2 {
        inputs.push(Sym::a(l - 2, k));
    }
    inputs.dedup();
    let exprs: Vec<Expr> = inputs
        .into_iter()
        .filter_map(|sym| s.exact(sym))
        .map(|input| mul(vec![delta.clone(), input]))
        .collect();
    s.eval(r, exprs)
}

fn derivative_as_input(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let Some((delta, input)) = factors(s.rhs()) else {
        return Vec::new();
    };
    let below = s.id().layer - 1;
    let mut exprs = vec![mul(vec![delta.clone(), logistic_slope(input.clone())])];
    if s.activation(below) == Some(Activation::Tanh) {
        exprs.push(mul(vec![delta.clone(), tanh_slope(input.clone())]));
    }
    s.eval(r, exprs)
}

fn gradient_ascent(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = match s.rhs() {
        Expr::Sub(old, step) => Some(add(vec![(**old).clone(), (**step).clone()])),
        _ => None,
    };
    s.eval(r, new)
}

fn no_learning_rate(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    rewritten(s, r, substitute(s.rhs(), Sym::Eta, &Expr::Num(1.0)))
}

/// The batch-mean gradient the step's formula reads, and its definition Σₛ gₛ / n.
fn batch_mean<'s>(s: &'s Scene) -> Option<(Sym, &'s Expr)> {
    s.formula
        .terms
        .iter()
        .find_map(|t| match (&t.name, &t.definition) {
            (Expr::Var(sym @ Sym::Grad { sample: None, .. }, _), Expr::Div(sum, _)) => {
                Some((*sym, &**sum))
            }
            _ => None,
        })
}

fn batch_sum(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = batch_mean(s).and_then(|(g, sum)| substitute(s.rhs(), g, sum));
    s.eval(r, new)
}

fn adam_epsilon_inside_sqrt(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = rewrite(s.rhs(), &|e| match e {
        Expr::Add(xs) if xs.len() == 2 => match &xs[0] {
            Expr::Call(Func::Sqrt, v) => {
                Some(call(Func::Sqrt, add(vec![(**v).clone(), xs[1].clone()])))
            }
            _ => None,
        },
        _ => None,
    });
    rewritten(s, r, new)
}

/// `(β₁, β₂, t)` of an Adam update.
fn adam_constants(s: &Scene) -> Option<(f64, f64, f64)> {
    match s.lesson().optimizer {
        Optimizer::Adam { beta1, beta2, .. } | Optimizer::AdamW { beta1, beta2, .. } => {
            Some((beta1, beta2, s.batch.adam_t()? as f64))
        }
        _ => None,
    }
}

/// The W or b update with m̂ and v̂ replaced by `m_hat(m)` and `v_hat(v)`.
fn with_moments(
    s: &Scene,
    m_hat: &dyn Fn(Expr) -> Expr,
    v_hat: &dyn Fn(Expr) -> Expr,
) -> Option<Expr> {
    let p = s.param()?;
    let (m, v) = (s.exact(Sym::M(p))?, s.exact(Sym::V(p))?);
    let new = substitute(s.rhs(), Sym::MHat(p), &m_hat(m))?;
    substitute(&new, Sym::VHat(p), &v_hat(v))
}

fn adam_no_bias_correction(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = match (s.quantity(), s.rhs()) {
        (Quantity::State(Moment::MHat | Moment::VHat, _), Expr::Div(moment, _)) => {
            Some((**moment).clone())
        }
        _ => with_moments(s, &|m| m, &|v| v),
    };
    s.eval(r, new)
}

fn adam_t_off_by_one(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let Some((beta1, beta2, t)) = adam_constants(s) else {
        return Vec::new();
    };
    let shifts = [t + 1.0, t - 1.0].into_iter().filter(|&t| t >= 1.0);
    let exprs: Vec<Expr> = shifts
        .filter_map(|t2| match s.quantity() {
            Quantity::State(Moment::MHat | Moment::VHat, _) => {
                substitute(s.rhs(), Sym::T, &Expr::Num(t2))
            }
            _ => {
                let correct = |beta: f64| {
                    move |x: Expr| div(x, sub(Expr::Num(1.0), pow(Expr::Num(beta), Expr::Num(t2))))
                };
                with_moments(s, &correct(beta1), &correct(beta2))
            }
        })
        .collect();
    s.eval(r, exprs)
}

fn extra_derivative(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let id = s.id();
    let new = s
        .exact(Sym::a(id.layer, id.j()))
        .map(|a| mul(vec![s.rhs().clone(), logistic_slope(a)]));
    s.eval(r, new)
}

fn tanh_derivative_sign(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let Some((a, outer)) = own_a(s) else {
        return Vec::new();
    };
    let one = || Expr::Num(1.0);
    let slopes = [sub(square(a.clone()), one()), add(vec![one(), square(a)])];
    let exprs = slopes.map(|slope| mul(vec![outer.clone(), slope]));
    s.eval(r, exprs)
}

fn momentum_old_velocity(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let Some(p) = s.param() else {
        return Vec::new();
    };
    // The velocity before this step is what this update's own velocity formula reads as v.
    let step = s.step;
    let velocity = StepKey {
        epoch: step.epoch,
        place: step.place,
        id: s.trace.layout().resolve(p.id(p.state(Moment::V))),
    };
    let learners = s
        .trace
        .find(&velocity)
        .and_then(|v| s.trace.source_of(&v, &Sym::V(p)))
        .and_then(|key| r.answer(&key));
    let old = learners
        .or_else(|| s.batch.state_before(Moment::Velocity, p))
        .unwrap_or(0.0);
    rewritten(s, r, substitute(s.rhs(), Sym::V(p), &Expr::Num(old)))
}

fn momentum_ema(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = match s.rhs() {
        Expr::Add(xs) if xs.len() == 2 => match &xs[0] {
            Expr::Mul(fs) if fs.first().is_some_and(|f| is_var(f, Sym::Mu)) => Some(add(vec![
                xs[0].clone(),
                mul(vec![sub(Expr::Num(1.0), fs[0].clone()), xs[1].clone()]),
            ])),
            _ => None,
        },
        _ => None,
    };
    s.eval(r, new)
}

fn adam_unsquared_gradient(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = rewrite(s.rhs(), &|e| match e {
        Expr::Pow(g, _) if matches!(**g, Expr::Var(Sym::Grad { .. }, _)) => Some((**g).clone()),
        _ => None,
    });
    rewritten(s, r, new)
}
