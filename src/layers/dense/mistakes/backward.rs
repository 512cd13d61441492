//! Mistakes of a dense layer's backward steps: its δ (the activation's derivative, the error
//! gathered from the layer above) and its gradients (the input each weight carries).

use crate::check::learner::Reading;
use crate::check::misconception::rewrite::{
    factors, logistic_slope, rewrite, square, substitute, tanh_slope,
};
use crate::check::misconception::{Scene, name};
use crate::lesson::Activation;
use crate::notation::{Digits, number};
use crate::trace::formula::{Expr, Func, add, call, mul, sub};
use crate::trace::{Place, Quantity, StepKey, Sym};

/// This unit's a, and the δ's factor before its derivative.
fn own_a<'s>(s: &'s Scene) -> Option<(Expr, &'s Expr)> {
    let id = s.id();
    let a = s.exact(Sym::q(Quantity::A, id.layer, id.ix))?;
    Some((a, factors(s.rhs())?.0))
}

/// A number as the notes write it.
fn shown(v: f64) -> String {
    number::plain(v, Digits::Sig(6))
}

pub(super) fn missing_derivative(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    s.eval(r, factors(s.rhs()).map(|(outer, _)| outer.clone()))
}

pub(super) fn missing_derivative_detail(s: &Scene, _: usize) -> Option<String> {
    let id = s.id();
    let (_, slope) = factors(s.rhs())?;
    let func = Func::from(s.activation(id.layer)?);
    let deriv = Sym::Deriv {
        func,
        l: id.layer,
        ix: id.ix,
    };
    Some(format!(
        "Your {} is the error reaching the unit alone; it is multiplied by {} = {}.",
        name(s.lhs()),
        name(deriv),
        shown(slope.eval())
    ))
}

pub(super) fn derivative_of_z(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let id = s.id();
    let (l, ix) = (id.layer, id.ix);
    let new = factors(s.rhs()).and_then(|(outer, slope)| {
        let z = s.exact(Sym::q(Quantity::Z, l, ix))?;
        let on_z = substitute(slope, Sym::q(Quantity::A, l, ix), &z)?;
        Some(mul(vec![outer.clone(), on_z]))
    });
    s.eval(r, new)
}

pub(super) fn updated_weights(s: &Scene, r: &dyn Reading) -> Vec<f64> {
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

/// What ∂L/∂w⁽ˡ⁾ⱼₖ = δ·a⁽ˡ⁻¹⁾ₖ may have been multiplied by instead: z of the input instead of
/// its a; the a (or z) of the weight's own layer; the a of the layer below the input.
fn wrong_inputs(s: &Scene) -> Vec<(Sym, Expr)> {
    let id = s.id();
    let (l, j, k) = (id.layer, id.j(), id.k().unwrap_or(0));
    let mut inputs = Vec::new();
    if l >= 2 {
        inputs.push(Sym::z(l - 1, k));
    }
    inputs.extend([Sym::a(l, k), Sym::a(l, j), Sym::z(l, k), Sym::z(l, j)]);
    if l >= 2 {
        inputs.push(Sym::a(l - 2, k));
    }
    inputs.dedup();
    inputs
        .into_iter()
        .filter_map(|sym| Some((sym, s.exact(sym)?)))
        .collect()
}

pub(super) fn wrong_input(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let Some((delta, _)) = factors(s.rhs()) else {
        return Vec::new();
    };
    let exprs: Vec<Expr> = wrong_inputs(s)
        .into_iter()
        .map(|(_, input)| mul(vec![delta.clone(), input]))
        .collect();
    s.eval(r, exprs)
}

pub(super) fn wrong_input_detail(s: &Scene, form: usize) -> Option<String> {
    let (used, _) = wrong_inputs(s).into_iter().nth(form)?;
    let id = s.id();
    let right = Sym::a(id.layer - 1, id.k()?);
    Some(format!(
        "Your {} multiplies δ by {}, where it takes {}, the activation the weight carries.",
        name(s.lhs()),
        name(used),
        name(right)
    ))
}

/// The input's own derivative: σ′ of a sigmoid's output, tanh′ of a tanh's.
fn input_slope(s: &Scene, input: &Expr) -> Option<(Expr, &'static str)> {
    match s.activation(s.id().layer - 1)? {
        Activation::Sigmoid => Some((logistic_slope(input.clone()), "a(1 − a)")),
        Activation::Tanh => Some((tanh_slope(input.clone()), "1 − a²")),
        _ => None,
    }
}

pub(super) fn derivative_as_input(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = factors(s.rhs()).and_then(|(delta, input)| {
        let (slope, _) = input_slope(s, input)?;
        Some(mul(vec![delta.clone(), slope]))
    });
    s.eval(r, new)
}

pub(super) fn derivative_as_input_detail(s: &Scene, _: usize) -> Option<String> {
    let (_, input) = factors(s.rhs())?;
    let (_, form) = input_slope(s, input)?;
    let sym = match input {
        Expr::Var(sym, _) => *sym,
        _ => return None,
    };
    Some(format!(
        "Your {} multiplies δ by {form} of {}, its derivative, where it takes {} itself.",
        name(s.lhs()),
        name(sym),
        name(sym)
    ))
}

pub(super) fn tanh_derivative_sign(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let Some((a, outer)) = own_a(s) else {
        return Vec::new();
    };
    let one = || Expr::Num(1.0);
    let slopes = [sub(square(a.clone()), one()), add(vec![one(), square(a)])];
    let exprs = slopes.map(|slope| mul(vec![outer.clone(), slope]));
    s.eval(r, exprs)
}

pub(super) fn tanh_derivative_sign_detail(s: &Scene, form: usize) -> Option<String> {
    let slope = ["a² − 1, the negative of", "1 + a² instead of"].get(form)?;
    Some(format!(
        "Your {} was multiplied by {slope} tanh′ = 1 − a².",
        name(s.lhs())
    ))
}

/// δ with the activation's derivative of `a` instead of `z`: `slope(f(a))`.
fn derivative_at_a(s: &Scene, r: &dyn Reading, func: Func, slope: fn(Expr) -> Expr) -> Vec<f64> {
    let new = own_a(s).map(|(a, outer)| mul(vec![outer.clone(), slope(call(func, a))]));
    s.eval(r, new)
}

pub(super) fn sigmoid_derivative_at_a(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    derivative_at_a(s, r, Func::Sigmoid, logistic_slope)
}

pub(super) fn tanh_derivative_at_a(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    derivative_at_a(s, r, Func::Tanh, tanh_slope)
}

/// The terms of a hidden δ's error passed back, w⁽ˡ⁺¹⁾ₖⱼ·δ⁽ˡ⁺¹⁾ₖ, and its derivative.
fn passed_back_terms<'s>(s: &'s Scene) -> Option<(&'s [Expr], &'s Expr)> {
    let (error, slope) = factors(s.rhs())?;
    match error {
        Expr::Sum(terms) if terms.len() >= 2 => Some((terms, slope)),
        _ => None,
    }
}

pub(super) fn hidden_delta_one_output(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let Some((terms, slope)) = passed_back_terms(s) else {
        return Vec::new();
    };
    let exprs: Vec<Expr> = terms
        .iter()
        .map(|t| mul(vec![t.clone(), slope.clone()]))
        .collect();
    s.eval(r, exprs)
}

pub(super) fn hidden_delta_one_output_detail(s: &Scene, form: usize) -> Option<String> {
    let (terms, _) = passed_back_terms(s)?;
    let id = s.id();
    let written = |t: &Expr| {
        t.symbols()
            .into_iter()
            .map(|(sym, _)| name(sym))
            .collect::<Vec<_>>()
            .join("·")
    };
    let all: Vec<String> = terms.iter().map(written).collect();
    Some(format!(
        "Your {} took the error through {} alone; it gathers it along every weight leaving neuron {} of layer {}: {}.",
        name(s.lhs()),
        written(terms.get(form)?),
        id.j() + 1,
        id.layer,
        all.join(" + ")
    ))
}

/// The weight itself in place of the input it carries.
pub(super) fn gradient_times_weight(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = factors(s.rhs()).and_then(|(delta, _)| {
        let p = s.param()?;
        Some(mul(vec![delta.clone(), s.exact(Sym::P(p))?]))
    });
    s.eval(r, new)
}

pub(super) fn gradient_times_weight_detail(s: &Scene, _: usize) -> Option<String> {
    let (_, input) = factors(s.rhs())?;
    let (Expr::Var(carried, _), Some(p)) = (input, s.param()) else {
        return None;
    };
    Some(format!(
        "Your {} multiplies δ by the weight {} itself, where it takes the input the weight carries, {}.",
        name(s.lhs()),
        name(Sym::P(p)),
        name(*carried)
    ))
}

/// The inputs of the bias's layer, which a weight's gradient would be multiplied by.
fn layer_inputs(s: &Scene) -> Vec<(Sym, Expr)> {
    let l = s.id().layer;
    let n = s.lesson().shape(l - 1).features();
    (0..n)
        .filter_map(|k| {
            let sym = Sym::a(l - 1, k);
            Some((sym, s.exact(sym)?))
        })
        .collect()
}

pub(super) fn bias_gradient_times_input(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let exprs: Vec<Expr> = layer_inputs(s)
        .into_iter()
        .map(|(_, input)| mul(vec![s.rhs().clone(), input]))
        .collect();
    s.eval(r, exprs)
}

pub(super) fn bias_gradient_times_input_detail(s: &Scene, form: usize) -> Option<String> {
    let (sym, _) = layer_inputs(s).into_iter().nth(form)?;
    Some(format!(
        "Your {} multiplies δ by {}, as a weight's gradient would; a bias carries 1, so it is δ itself.",
        name(s.lhs()),
        name(sym)
    ))
}

/// δ with ReLU′(z) replaced by the unit's output a.
pub(super) fn relu_derivative_as_a(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let id = s.id();
    let new = s.exact(Sym::q(Quantity::A, id.layer, id.ix)).and_then(|a| {
        rewrite(s.rhs(), &|e| match e {
            Expr::StepDeriv(..) => Some(a.clone()),
            _ => None,
        })
    });
    s.eval(r, new)
}
