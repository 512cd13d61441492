//! The mistakes of the loss and of what it passes to the output layer: its constant factor,
//! its sign, the error's sign, the derivative of softmax or sigmoid applied twice, a term of
//! the cross-entropy dropped, the wrong logarithm. Every kind shares them.

use super::rewrite::{factors, logistic_slope, rewrite};
use super::{Scene, name, times};
use crate::check::learner::Reading;
use crate::lesson::{Activation, Loss};
use crate::trace::formula::{Expr, Func, mul, sub};
use crate::trace::{Quantity, Sym};

/// Is the step the output layer's δ, whose formula reads the loss's ∂L/∂a?
pub(super) fn is_output_delta(s: &Scene) -> bool {
    s.quantity() == Quantity::Delta && s.is_output()
}

/// The factors by which a dropped or added constant changes the loss or the output δ, with
/// what each means: no factor twice, none that changes nothing.
fn loss_factors(loss: Loss, quantity: Quantity, n: f64) -> Vec<(f64, String)> {
    let factors: Vec<(f64, String)> = match (loss, quantity) {
        (Loss::HalfSse, Quantity::Loss) => vec![
            (2.0, "the ½ of ½Σ(a − y)² was left out".into()),
            (
                1.0 / n,
                format!("the sum was divided by the {n} outputs, where half_sse only halves it"),
            ),
        ],
        (Loss::Mse, Quantity::Loss) => vec![
            (n, format!("the 1/{n} of (1/n)Σ(a − y)² was left out")),
            (0.5, "a ½ was put in front of mse's mean as well".into()),
            (n / 2.0, format!("½ was taken where mse takes 1/{n}")),
            (2.0, format!("2/{n} was taken where mse takes 1/{n}")),
        ],
        (Loss::Bce, Quantity::Loss) => {
            vec![(n, format!("the mean over the {n} outputs (1/n) was left out"))]
        }
        (Loss::HalfSse, Quantity::Delta) => vec![
            (
                2.0,
                "∂L/∂a was taken as 2(a − y), but half_sse's ½ cancels the square's 2".into(),
            ),
            (
                0.5,
                "∂L/∂a was taken as ½(a − y), but half_sse's ½ cancels the square's 2 instead of staying".into(),
            ),
            (
                1.0 / n,
                format!("∂L/∂a was divided by the {n} outputs, as if the loss were a mean"),
            ),
            (
                2.0 / n,
                format!("∂L/∂a was taken as mse's (2/{n})(a − y), where half_sse gives a − y"),
            ),
        ],
        (Loss::Mse, Quantity::Delta) => vec![
            (
                n / 2.0,
                format!("the 2/{n} of mse's ∂L/∂a = (2/n)(a − y) was left out"),
            ),
            (0.5, format!("1/{n} was taken where mse's ∂L/∂a has 2/{n}")),
            (n, format!("2 was taken where mse's ∂L/∂a has 2/{n}")),
        ],
        (Loss::Bce, Quantity::Delta) => vec![(
            n,
            format!("the 1/{n} of bce's ∂L/∂a = (1/n)(a − y)/(a(1 − a)) was left out"),
        )],
        _ => Vec::new(),
    };
    let mut distinct: Vec<(f64, String)> = Vec::new();
    for (f, words) in factors {
        if f != 1.0 && !distinct.iter().any(|(d, _)| *d == f) {
            distinct.push((f, words));
        }
    }
    distinct
}

fn scene_factors(s: &Scene) -> Vec<(f64, String)> {
    let n = s.lesson().outputs() as f64;
    loss_factors(s.lesson().loss, s.quantity(), n)
}

pub(super) fn loss_factor(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let value = r.eval(s.step, s.rhs());
    scene_factors(s)
        .into_iter()
        .map(|(f, _)| f * value)
        .collect()
}

pub(super) fn loss_factor_detail(s: &Scene, form: usize) -> Option<String> {
    let (f, words) = scene_factors(s).into_iter().nth(form)?;
    Some(format!(
        "Your {} is {} the right one: {words}.",
        name(s.lhs()),
        times(f)
    ))
}

pub(super) fn flipped_error(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = rewrite(s.rhs(), &|e| match e {
        Expr::Sub(a, y)
            if matches!(**a, Expr::Var(Sym::Q { q: Quantity::A, .. }, _))
                && matches!(**y, Expr::Var(Sym::Y(_), _)) =>
        {
            Some(Expr::Sub(y.clone(), a.clone()))
        }
        _ => None,
    });
    s.eval(r, new)
}

pub(super) fn flipped_error_detail(s: &Scene, _: usize) -> Option<String> {
    Some(format!(
        "Your {} has the opposite sign of the right one: the error is a − y, the output minus its target.",
        name(s.lhs())
    ))
}

pub(super) fn loss_sign(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    vec![-r.eval(s.step, s.rhs())]
}

/// δ of a softmax output under cross-entropy times a(1 − a) once more.
pub(super) fn extra_derivative(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let id = s.id();
    let new = s
        .exact(Sym::q(Quantity::A, id.layer, id.ix))
        .map(|a| mul(vec![s.rhs().clone(), logistic_slope(a)]));
    s.eval(r, new)
}

/// Is the step a sigmoid output's δ under bce?
pub(super) fn is_bce_output_delta(s: &Scene) -> bool {
    is_output_delta(s)
        && s.lesson().loss == Loss::Bce
        && s.activation(s.id().layer) == Some(Activation::Sigmoid)
}

/// bce's ∂L/∂a, (a − y)/(a(1 − a)) (the denominator clamped or not), rewritten by `f`.
fn bce_slope(s: &Scene, f: &dyn Fn(&Expr, &Expr) -> Expr) -> Option<Expr> {
    rewrite(s.rhs(), &|e| match e {
        Expr::Div(num, _) => match &**num {
            Expr::Sub(a, y) if matches!(**y, Expr::Var(Sym::Y(_), _)) => Some(f(a, y)),
            _ => None,
        },
        _ => None,
    })
}

/// (a − y)·a(1 − a): σ′ applied although bce's ∂L/∂a already divides it out.
pub(super) fn bce_double_derivative(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = bce_slope(s, &|a, y| sub(a.clone(), y.clone()));
    s.eval(r, new)
}

/// bce without its (1 − y)·ln(1 − a) term: the loss −(1/n)Σ y ln a, and its δ from
/// ∂L/∂a = −(1/n)·y/a.
pub(super) fn bce_missing_term(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = match s.quantity() {
        Quantity::Loss => rewrite(s.rhs(), &|e| match e {
            Expr::Add(xs) if xs.len() == 2 && is_one_minus_y_term(&xs[1]) => Some(xs[0].clone()),
            _ => None,
        }),
        _ => bce_slope(s, &|a, y| {
            Expr::Neg(Box::new(Expr::Div(
                Box::new(y.clone()),
                Box::new(a.clone()),
            )))
        }),
    };
    s.eval(r, new)
}

/// (1 − y)·ln(1 − a), clamped or not.
fn is_one_minus_y_term(e: &Expr) -> bool {
    match factors(e) {
        Some((Expr::Sub(one, y), _)) => {
            matches!(**one, Expr::Num(v) if v == 1.0) && matches!(**y, Expr::Var(Sym::Y(_), _))
        }
        _ => false,
    }
}

/// The loss with log₁₀ for ln: every logarithm of the loss, and so the loss, divided by ln 10.
pub(super) fn log10_for_ln(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    vec![r.eval(s.step, s.rhs()) / std::f64::consts::LN_10]
}

/// Does the loss's formula take a logarithm?
pub(super) fn has_log(s: &Scene) -> bool {
    fn logs(e: &Expr) -> bool {
        match e {
            Expr::Call(Func::Ln | Func::LnOneMinus, _) => true,
            Expr::Var(Sym::LogSumExp { .. }, _) => true,
            Expr::Add(xs) | Expr::Sum(xs) | Expr::Mul(xs) => xs.iter().any(logs),
            Expr::Sub(a, b) | Expr::Div(a, b) | Expr::Max(a, b) | Expr::Pow(a, b) => {
                logs(a) || logs(b)
            }
            Expr::Neg(a) | Expr::Call(_, a) => logs(a),
            _ => false,
        }
    }
    logs(s.rhs())
}
