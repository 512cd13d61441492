//! Mistakes of a dense layer's forward steps: z and a.

use crate::check::learner::Reading;
use crate::check::misconception::rewrite::{flipped_logistic, rewrite, substitute};
use crate::check::misconception::{Scene, name};
use crate::notation::Notation;
use crate::notation::scripts::layer;
use crate::trace::formula::{Expr, Func, call};
use crate::trace::{Quantity, Sym};

pub(super) fn exp_sign(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = rewrite(s.rhs(), &|e| match e {
        Expr::Call(Func::Sigmoid, z) => Some(flipped_logistic((**z).clone())),
        _ => None,
    });
    s.eval(r, new)
}

pub(super) fn missing_bias(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let id = s.id();
    let bias = Sym::b(id.layer, id.j());
    s.eval(r, substitute(s.rhs(), bias, &Expr::Num(0.0)))
}

/// The weight w⁽ˡ⁾ₖⱼ for w⁽ˡ⁾ⱼₖ, if the matrix has it.
fn transposed(s: &Scene, sym: Sym) -> Option<Expr> {
    match sym {
        Sym::P(p) if p.is_weight() && p.ix.len() == 2 => {
            s.exact(Sym::w(p.l, p.ix.k().unwrap_or(0), p.ix.j()))
        }
        _ => None,
    }
}

pub(super) fn transposed_weights(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let weights: Vec<Sym> = s
        .rhs()
        .symbols()
        .into_iter()
        .map(|(sym, _)| sym)
        .filter(|sym| matches!(sym, Sym::P(p) if p.is_weight()))
        .collect();
    // Only a matrix square enough for every transposed weight to exist can be read so.
    if weights.iter().any(|&w| transposed(s, w).is_none()) {
        return Vec::new();
    }
    let new = rewrite(s.rhs(), &|e| match e {
        Expr::Var(sym @ Sym::P(p), _) if p.is_weight() => transposed(s, *sym),
        _ => None,
    });
    s.eval(r, new)
}

/// For a hidden δ: the weights it should read (leaving neuron j) and those it read (into
/// neuron j of the layer above); for z: the row it should read and the column it read.
pub(super) fn transposed_weights_detail(s: &Scene, _: usize) -> Option<String> {
    let id = s.id();
    let (l, j) = (id.layer, id.j());
    let list = |syms: Vec<Sym>| syms.into_iter().map(name).collect::<Vec<_>>().join(", ");
    let weights: Vec<Sym> = s
        .rhs()
        .symbols()
        .into_iter()
        .map(|(sym, _)| sym)
        .filter(|sym| matches!(sym, Sym::P(p) if p.is_weight()))
        .collect();
    let swapped: Vec<Sym> = weights
        .iter()
        .filter_map(|w| match w {
            Sym::P(p) => Some(Sym::w(p.l, p.ix.k().unwrap_or(0), p.ix.j())),
            _ => None,
        })
        .collect();
    let text = match id.quantity {
        Quantity::Delta => format!(
            "{} gathers the error along the weights leaving neuron {} of layer {l}, {} (column {} of W{}); your number used the weights into neuron {} of layer {}, {} (row {}).",
            name(s.lhs()),
            j + 1,
            list(weights),
            j + 1,
            layer(l + 1, Notation::Unicode),
            j + 1,
            l + 1,
            list(swapped),
            j + 1
        ),
        _ => format!(
            "{} reads the weights into neuron {} of layer {l}, {} (row {} of W{}); your number used {} (column {}).",
            name(s.lhs()),
            j + 1,
            list(weights),
            j + 1,
            layer(l, Notation::Unicode),
            list(swapped),
            j + 1
        ),
    };
    Some(text)
}

/// aⱼ = σ(zⱼ), each output on its own, instead of the softmax over them all.
pub(super) fn softmax_as_sigmoid(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let id = s.id();
    let new = s
        .exact(Sym::q(Quantity::Z, id.layer, id.ix))
        .map(|z| call(Func::Sigmoid, z));
    s.eval(r, new)
}

/// a = ReLU(z) for a leaky layer's a, and ReLU′ in its δ.
pub(super) fn leaky_as_relu(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let new = rewrite(s.rhs(), &|e| match e {
        Expr::Call(Func::LeakyRelu, z) => Some(call(Func::Relu, (**z).clone())),
        Expr::StepDeriv(Func::LeakyRelu, z) => Some(Expr::StepDeriv(Func::Relu, z.clone())),
        _ => None,
    });
    s.eval(r, new)
}
