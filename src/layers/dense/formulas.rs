//! The dense layer's formulas: z⁽ˡ⁾ⱼ = Σₖ w⁽ˡ⁾ⱼ,ₖ·a⁽ˡ⁻¹⁾ₖ + b⁽ˡ⁾ⱼ, a⁽ˡ⁾ⱼ = f(z⁽ˡ⁾ⱼ) (plus a
//! residual), δ⁽ˡ⁾ⱼ = (what reaches a⁽ˡ⁾ⱼ)·f′(z⁽ˡ⁾ⱼ), ∂L/∂b⁽ˡ⁾ⱼ = δ⁽ˡ⁾ⱼ and
//! ∂L/∂w⁽ˡ⁾ⱼ,ₖ = δ⁽ˡ⁾ⱼ·a⁽ˡ⁻¹⁾ₖ (each summed over positions on a sequence), and the error it
//! passes back, Σⱼ w⁽ˡ⁾ⱼ,ₖ·δ⁽ˡ⁾ⱼ. Its steps in words, too.

use crate::i18n::Lang;
use crate::lesson::{Activation, Lesson};
use crate::trace::explain::{Formula, SampleCx, Slope, chain_rule_delta};
use crate::trace::formula::{Expr, Func, Sym, add, call, mul, sub, var};
use crate::trace::kind::Explain;
use crate::trace::saturation::{self, softmax as saturation_softmax};
use crate::trace::{Index, Inner, Quantity, Remark, StepId, Tensor};

use super::Dense;

/// The indices of position `t`'s number `j`, on a sequence or a vector.
fn at(seq: bool, t: usize, j: usize) -> Index {
    if seq { Index::two(t, j) } else { Index::one(j) }
}

impl Dense {
    /// z⁽ˡ⁾ⱼ = Σₖ w⁽ˡ⁾ⱼ,ₖ·a⁽ˡ⁻¹⁾ₖ + b⁽ˡ⁾ⱼ
    fn weighted_input(&self, cx: &SampleCx<'_>, id: &StepId, value: f64) -> Formula {
        let (l, seq) = (id.layer, cx.layer(id.layer).input.is_sequence());
        let layer = cx.layer(l);
        let (t, j) = split(seq, &id.ix);
        let terms = (0..Dense::fan_in(layer))
            .map(|k| {
                mul(vec![
                    cx.p(Tensor::W, l, Index::two(j, k)),
                    cx.q(Quantity::A, l - 1, at(seq, t, k)),
                ])
            })
            .collect();
        let b = cx.p(Tensor::B, l, Index::one(j));
        let mut rhs = add(vec![Expr::Sum(terms), b]);
        if let Some(lora) = &self.lora {
            rhs = add(vec![rhs, super::lora::path(lora, cx, l, (t, j))]);
        }
        Formula::new(Sym::q(Quantity::Z, l, id.ix), rhs, value)
    }

    /// f(z) of one neuron, a softmax written so that it evaluates.
    fn applied(
        &self,
        cx: &SampleCx<'_>,
        id: &StepId,
        remarks: &mut Vec<crate::trace::Remark>,
    ) -> Expr {
        let l = id.layer;
        let z = cx.q(Quantity::Z, l, id.ix);
        match self.activation {
            Activation::Softmax => {
                let layer = cx.layer(l);
                let seq = layer.input.is_sequence();
                let n = Dense::neurons(layer);
                let (t, j) = split(seq, &id.ix);
                let v = cx.values(l);
                let range = t * n..(t + 1) * n;
                let zs = &v.buffer(super::math::Z)[range.clone()];
                let position = if seq { Index::one(t) } else { Index::EMPTY };
                saturation_softmax((l, position), j, zs, &v.own_output()[range], remarks)
            }
            Activation::Identity => z,
            Activation::Gelu => gelu_of(z),
            act => call(Func::from(act), z),
        }
    }

    /// a⁽ˡ⁾ⱼ = f(z⁽ˡ⁾ⱼ), plus a⁽ᴺ⁾ⱼ with `residual = N` (any layer with an activation
    /// applied number by number).
    pub(crate) fn activation_formula(&self, cx: &SampleCx<'_>, id: &StepId, value: f64) -> Formula {
        let mut remarks = Vec::new();
        let mut rhs = self.applied(cx, id, &mut remarks);
        if let Some(n) = cx.layer(id.layer).residual {
            rhs = add(vec![rhs, cx.q(Quantity::A, n, id.ix)]);
        }
        let mut f = Formula::new(Sym::q(Quantity::A, id.layer, id.ix), rhs, value);
        f.remarks = remarks;
        f
    }

    /// f′(z⁽ˡ⁾ⱼ) written the textbook way: a(1 − a), 1 − a² (rounded once, with a remark
    /// where that matters), ReLU′(z), 1. With a residual, a⁽ˡ⁾ is not f(z⁽ˡ⁾), so f(z) is
    /// written out.
    fn derivative(&self, cx: &SampleCx<'_>, id: &StepId, remarks: &mut Vec<Remark>) -> Expr {
        let l = id.layer;
        let own = || match cx.layer(l).residual {
            None => cx.q(Quantity::A, l, id.ix),
            Some(_) => call(Func::from(self.activation), cx.q(Quantity::Z, l, id.ix)),
        };
        match self.activation {
            Activation::Sigmoid => mul(vec![own(), sub(Expr::Num(1.0), own())]),
            Activation::Tanh => {
                let v = cx.values(l);
                let at = own_offset(cx, l, &id.ix);
                saturation::tanh_slope(own(), v.own_output()[at], (l, id.ix), remarks)
            }
            Activation::Relu | Activation::LeakyRelu => Expr::StepDeriv(
                Func::from(self.activation),
                Box::new(cx.q(Quantity::Z, l, id.ix)),
            ),
            Activation::Gelu => gelu_slope_of(cx.q(Quantity::Z, l, id.ix)),
            Activation::Identity | Activation::Softmax => Expr::Num(1.0),
        }
    }

    /// δ⁽ˡ⁾ⱼ = (what reaches a⁽ˡ⁾ⱼ) · f′(z⁽ˡ⁾ⱼ) (any layer whose δ is ∂L/∂z of an activation
    /// applied number by number).
    pub(crate) fn delta_formula(&self, cx: &SampleCx<'_>, id: &StepId, value: f64) -> Formula {
        let l = id.layer;
        let mut remarks = Vec::new();
        let fprime = self.derivative(cx, id, &mut remarks);
        let deriv = var(
            Sym::Deriv {
                func: Func::from(self.activation),
                l,
                ix: id.ix,
            },
            fprime.eval(),
        );
        let z = cx.q(Quantity::Z, l, id.ix);
        let z_value = z.eval();
        let slope = Slope {
            fprime,
            deriv,
            activation: self.activation,
            z: (z, z_value),
            remarks,
        };
        chain_rule_delta(cx, (l, id.ix), slope, value)
    }

    /// ∂L/∂b⁽ˡ⁾ⱼ = δ⁽ˡ⁾ⱼ, ∂L/∂w⁽ˡ⁾ⱼ,ₖ = δ⁽ˡ⁾ⱼ·a⁽ˡ⁻¹⁾ₖ; summed over the positions of a sequence.
    fn gradient(&self, cx: &SampleCx<'_>, id: &StepId, value: f64) -> Formula {
        let l = id.layer;
        let layer = cx.layer(l);
        let seq = layer.input.is_sequence();
        let p = id.param().expect("a gradient belongs to a parameter");
        let (j, k) = (id.ix.j(), id.ix.k());
        let term = |t: usize| {
            let delta = cx.q(Quantity::Delta, l, at(seq, t, j));
            match k {
                Some(k) => mul(vec![delta, cx.q(Quantity::A, l - 1, at(seq, t, k))]),
                None => delta,
            }
        };
        let rhs = if seq {
            Expr::Sum((0..Dense::positions(layer)).map(term).collect())
        } else {
            term(0)
        };
        Formula::new(Sym::Grad { p, sample: None }, rhs, value)
    }
}

/// Φ(z) = ½·(1 + erf(z·(1/√2))), the normal distribution function, as PyTorch computes it.
fn normal_cdf(z: Expr) -> Expr {
    let alpha = Expr::Num(crate::engine::activation::GELU_ALPHA);
    mul(vec![
        Expr::Frac(1, 2),
        add(vec![Expr::Num(1.0), call(Func::Erf, mul(vec![z, alpha]))]),
    ])
}

/// GELU(z) = z·½·(1 + erf(z/√2)), written as PyTorch computes it.
fn gelu_of(z: Expr) -> Expr {
    let alpha = Expr::Num(crate::engine::activation::GELU_ALPHA);
    mul(vec![
        z.clone(),
        Expr::Frac(1, 2),
        add(vec![Expr::Num(1.0), call(Func::Erf, mul(vec![z, alpha]))]),
    ])
}

/// GELU′(z) = Φ(z) + z·φ(z), with φ(z) = e^(z·z·(−½))/√(2π).
fn gelu_slope_of(z: Expr) -> Expr {
    let beta = Expr::Num(crate::engine::activation::GELU_BETA);
    let square = mul(vec![z.clone(), z.clone(), Expr::Num(-0.5)]);
    let pdf = mul(vec![beta, call(Func::Exp, square)]);
    add(vec![normal_cdf(z.clone()), mul(vec![z, pdf])])
}

/// The flat offset of a number of layer `l`'s output at `ix`.
fn own_offset(cx: &SampleCx<'_>, l: usize, ix: &Index) -> usize {
    ix.offset_in(&cx.layer(l).output.dims()).unwrap_or(ix.j())
}

/// (position, neuron) of a number of this layer.
pub(super) fn split(seq: bool, ix: &Index) -> (usize, usize) {
    if seq {
        (ix.j(), ix.k().unwrap_or(0))
    } else {
        (0, ix.j())
    }
}

impl Explain for Dense {
    fn formula(&self, cx: &SampleCx<'_>, id: &StepId) -> Formula {
        let value = cx.value(id);
        if let Some(lora) = &self.lora
            && matches!(
                id.quantity,
                Quantity::Block(Inner::Down | Inner::DDown)
                    | Quantity::Grad(Tensor::LoraA | Tensor::LoraB)
            )
        {
            return super::lora::formula(lora, cx, id, value);
        }
        match id.quantity {
            Quantity::Z => self.weighted_input(cx, id, value),
            Quantity::A => self.activation_formula(cx, id, value),
            Quantity::Delta => self.delta_formula(cx, id, value),
            Quantity::Grad(_) => self.gradient(cx, id, value),
            _ => unreachable!("{id} is not a step of a dense layer's sample"),
        }
    }

    fn passed_back(&self, cx: &SampleCx<'_>, l: usize, ix: &Index) -> Expr {
        let layer = cx.layer(l);
        let seq = layer.input.is_sequence();
        let (t, j) = split(seq, ix);
        let base = Expr::Sum(
            (0..Dense::neurons(layer))
                .map(|k| {
                    mul(vec![
                        cx.p(Tensor::W, l, Index::two(k, j)),
                        cx.q(Quantity::Delta, l, at(seq, t, k)),
                    ])
                })
                .collect(),
        );
        match &self.lora {
            Some(lora) => add(vec![base, super::lora::passed_back(lora, cx, l, (t, j))]),
            None => base,
        }
    }

    fn describe_in(&self, lesson: &Lesson, id: &StepId, lang: Lang) -> String {
        self.words(lesson, id, lang)
    }

    fn describe(&self, lesson: &Lesson, id: &StepId) -> String {
        self.words(lesson, id, Lang::En)
    }
}
