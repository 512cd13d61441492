//! The mistakes of updates, batches and optimizers: the step's sign, the learning rate, the
//! batch's mean, momentum's velocity and Adam's moments. Every kind shares them.

use super::rewrite::{is_var, rewrite, substitute};
use super::{Scene, name, times};
use crate::check::learner::Reading;
use crate::lesson::Optimizer;
use crate::trace::formula::{Expr, Func, add, call, div, mul, pow, sub};
use crate::trace::{Moment, Quantity, StepKey, Sym};

pub(super) fn is_parameter_update(s: &Scene) -> bool {
    matches!(s.quantity(), Quantity::Param(_))
}

/// Adam or AdamW: their moments, corrections and step are the same.
pub(super) fn is_adam(s: &Scene) -> bool {
    s.lesson().optimizer.is_adam()
}

pub(super) fn is_momentum(s: &Scene) -> bool {
    matches!(s.lesson().optimizer, Optimizer::Sgd { momentum, .. } if momentum != 0.0)
}

/// Is the step Adam's m̂ or v̂, or a parameter Adam updates?
pub(super) fn reads_corrected_moments(s: &Scene) -> bool {
    is_adam(s)
        && (is_parameter_update(s)
            || matches!(s.quantity().moment(), Some(Moment::MHat | Moment::VHat)))
}

pub(super) fn gradient_ascent(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = match s.rhs() {
        Expr::Sub(old, step) => Some(add(vec![(**old).clone(), (**step).clone()])),
        _ => None,
    };
    s.eval(r, new)
}

pub(super) fn no_learning_rate(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    s.eval(r, substitute(s.rhs(), Sym::Eta, &Expr::Num(1.0)))
}

/// The batch-mean gradient the step's formula reads, and its definition Σₛ gₛ / n.
pub(super) fn batch_mean<'s>(s: &'s Scene) -> Option<(Sym, &'s Expr)> {
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

pub(super) fn batch_sum(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = batch_mean(s).and_then(|(g, sum)| substitute(s.rhs(), g, sum));
    s.eval(r, new)
}

pub(super) fn batch_sum_detail(s: &Scene, _: usize) -> Option<String> {
    Some(format!(
        "Your {} moved {} as far as the right one: the {} samples' gradients were added, not averaged.",
        name(s.lhs()),
        times(s.batch.len() as f64),
        s.batch.len()
    ))
}

/// The update from the last sample's gradient alone, instead of the batch's mean.
pub(super) fn last_sample_only(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = batch_mean(s).and_then(|(g, sum)| {
        let last = match sum {
            Expr::Sum(terms) | Expr::Add(terms) => terms.last()?.clone(),
            _ => return None,
        };
        substitute(s.rhs(), g, &last)
    });
    s.eval(r, new)
}

/// Does an update step read a gradient averaged over fewer samples than the data set has?
pub(super) fn mean_over_part_of_the_data(s: &Scene) -> bool {
    let reads_gradient = s
        .rhs()
        .symbols()
        .iter()
        .any(|(sym, _)| matches!(sym, Sym::Grad { sample: None, .. }));
    s.step.phase() == crate::trace::Phase::Update
        && reads_gradient
        && s.batch.len() < s.lesson().data.len()
}

/// The batch's gradients summed and divided by the size of the data set, not the batch.
pub(super) fn mean_over_dataset(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let total = Expr::Num(s.lesson().data.len() as f64);
    let new = match batch_mean(s) {
        Some((g, sum)) => substitute(s.rhs(), g, &div(sum.clone(), total)),
        None => rewrite(s.rhs(), &|e| match e {
            Expr::Var(Sym::Grad { sample: None, .. }, _) => Some(div(e.clone(), total.clone())),
            _ => None,
        }),
    };
    s.eval(r, new)
}

pub(super) fn mean_over_dataset_detail(s: &Scene, _: usize) -> Option<String> {
    Some(format!(
        "The gradients were divided by the data set's {} samples, where the mean is over this batch's {}.",
        s.lesson().data.len(),
        s.batch.len()
    ))
}

pub(super) fn adam_epsilon_inside_sqrt(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = rewrite(s.rhs(), &|e| match e {
        Expr::Add(xs) if xs.len() == 2 => match &xs[0] {
            Expr::Call(Func::Sqrt, v) => {
                Some(call(Func::Sqrt, add(vec![(**v).clone(), xs[1].clone()])))
            }
            _ => None,
        },
        _ => None,
    });
    s.eval(r, new)
}

/// The update's step η·m̂/(v̂ + ε): v̂ not square-rooted.
pub(super) fn adam_no_sqrt(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = rewrite(s.rhs(), &|e| match e {
        Expr::Call(Func::Sqrt, v) => Some((**v).clone()),
        _ => None,
    });
    s.eval(r, new)
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

pub(super) fn adam_no_bias_correction(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = match (s.quantity(), s.rhs()) {
        (Quantity::State(Moment::MHat | Moment::VHat, _), Expr::Div(moment, _)) => {
            Some((**moment).clone())
        }
        _ => with_moments(s, &|m| m, &|v| v),
    };
    s.eval(r, new)
}

pub(super) fn adam_t_off_by_one(s: &Scene, r: &dyn Reading) -> Vec<f64> {
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

pub(super) fn adam_unsquared_gradient(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = rewrite(s.rhs(), &|e| match e {
        Expr::Pow(g, _) if matches!(**g, Expr::Var(Sym::Grad { .. }, _)) => Some((**g).clone()),
        _ => None,
    });
    s.eval(r, new)
}

/// Is the step one of Adam's moments, m, v, m̂ or v̂?
pub(super) fn is_adam_moment(s: &Scene) -> bool {
    is_adam(s) && s.quantity().moment().is_some()
}

/// One β for both moments: β₁ where β₂ belongs (in v and v̂), or β₂ where β₁ belongs (in m
/// and m̂).
pub(super) fn adam_one_beta(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let Some((beta1, beta2, _)) = adam_constants(s) else {
        return Vec::new();
    };
    let new = match s.quantity().moment() {
        Some(Moment::V | Moment::VHat) => substitute(s.rhs(), Sym::Beta2, &Expr::Num(beta1)),
        Some(Moment::M | Moment::MHat) => substitute(s.rhs(), Sym::Beta1, &Expr::Num(beta2)),
        _ => None,
    };
    s.eval(r, new)
}

pub(super) fn adam_one_beta_detail(s: &Scene, _: usize) -> Option<String> {
    let (used, right) = match s.quantity().moment()? {
        Moment::V | Moment::VHat => ("β₁", "β₂"),
        _ => ("β₂", "β₁"),
    };
    Some(format!(
        "Your {} was computed with {used}, where it takes {right}.",
        name(s.lhs())
    ))
}

/// Adam's moments without their (1 − β) factors: m ← β₁·m + g, v ← β₂·v + g²; and the update
/// from such moments.
pub(super) fn adam_no_one_minus_beta(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let drop_factor = |e: &Expr| match e {
        Expr::Mul(fs)
            if fs.len() == 2
                && matches!(&fs[0], Expr::Sub(one, b)
            if matches!(**one, Expr::Num(v) if v == 1.0)
                && (is_var(b, Sym::Beta1) || is_var(b, Sym::Beta2))) =>
        {
            Some(fs[1].clone())
        }
        _ => None,
    };
    let new = match s.quantity() {
        Quantity::State(Moment::M | Moment::V, _) => rewrite(s.rhs(), &drop_factor),
        Quantity::Param(_) => {
            let Some((beta1, beta2, t)) = adam_constants(s) else {
                return Vec::new();
            };
            let Some(p) = s.param() else {
                return Vec::new();
            };
            let g = s.batch.gradient(p);
            let before = |m: Moment| s.batch.state_before(m, p).unwrap_or(0.0);
            let m = beta1 * before(Moment::M) + g;
            let v = beta2 * before(Moment::V) + g * g;
            let corrected = |x: f64, beta: f64| Expr::Num(x / (1.0 - beta.powf(t)));
            with_moments(s, &|_| corrected(m, beta1), &|_| corrected(v, beta2))
        }
        _ => None,
    };
    s.eval(r, new)
}

pub(super) fn momentum_old_velocity(s: &Scene, r: &dyn Reading) -> Vec<f64> {
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
    s.eval(r, substitute(s.rhs(), Sym::V(p), &Expr::Num(old)))
}

pub(super) fn momentum_ema(s: &Scene, r: &dyn Reading) -> Vec<f64> {
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

/// Momentum written as v ← μ·v − η·g, w ← w + v: the velocity holds the step itself.
pub(super) fn momentum_as_step(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = match (s.quantity(), s.rhs()) {
        (Quantity::State(Moment::Velocity, _), Expr::Add(xs)) if xs.len() == 2 => {
            let eta = Expr::Var(Sym::Eta, s.lesson().optimizer.learning_rate());
            Some(sub(xs[0].clone(), mul(vec![eta, xs[1].clone()])))
        }
        (Quantity::Param(_), Expr::Sub(old, step)) => match &**step {
            Expr::Mul(fs) if fs.len() == 2 && is_var(&fs[0], Sym::Eta) => {
                Some(add(vec![(**old).clone(), fs[1].clone()]))
            }
            _ => None,
        },
        _ => None,
    };
    s.eval(r, new)
}
