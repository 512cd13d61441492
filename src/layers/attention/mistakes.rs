//! The misconceptions of a transformer's steps: attention's scale, axis and mask; layer
//! norm's statistics; a residual's second path; AdamW's decay; LoRA's scale; GELU's form.
//! Each is a rewrite of the step's formula (so the values it reads are the learner's where
//! they gave them) or, for a chain of optimizer steps, the mistaken chain computed whole.

use crate::check::Mistake;
use crate::check::misconception::Scene;
use crate::check::misconception::rewrite::rewrite;
use crate::layers::Kind;
use crate::lesson::{Activation, Optimizer};
use crate::trace::formula::{Expr, Func, Sym, add, call, div, mul, sub};
use crate::trace::{Index, Inner, Moment, Quantity};

const NO_ATTENTION_SCALE: Mistake = Mistake {
    id: "no_attention_scale",
    explanation: "The score was not divided by √d (d = dim/heads, the features of a head): a score is q·k/√d, which keeps the softmax from saturating as d grows.",
    applies: |s| {
        (s.quantity() == Quantity::Block(Inner::Score) && s.step.value.is_finite())
            || weight_at(s).is_some_and(|(a, t, k, _)| a.allowed(t, k))
    },
    mistaken: |s, r| {
        if let Some((a, t, k, n)) = weight_at(s) {
            // The weight from unscaled scores: each score times √d again, then the softmax.
            let (h, _, _) = a.hts(&s.id().ix);
            let dh = s.lesson().layers[s.id().layer - 1].input.features() / a.heads;
            let unscaled = |u: usize| {
                let score = exact(s, Quantity::Block(Inner::Score), a.score_ix(h, t, u))?;
                Some(mul(vec![score, call(Func::Sqrt, Expr::Num(dh as f64))]))
            };
            let Some(row) = a.keys(t, n).map(unscaled).collect::<Option<Vec<Expr>>>() else {
                return Vec::new();
            };
            let max = row
                .iter()
                .map(|e| r.eval(s.step, e))
                .fold(f64::NEG_INFINITY, f64::max);
            let exp = |e: &Expr| call(Func::Exp, sub(e.clone(), Expr::Num(max)));
            let new = div(exp(&row[k]), Expr::Sum(row.iter().map(exp).collect()));
            return s.eval(r, [new]);
        }
        let new = rewrite(s.rhs(), &|e| match e {
            Expr::Div(sum, _) if matches!(**sum, Expr::Sum(_)) => Some((**sum).clone()),
            _ => None,
        });
        s.eval(r, new)
    },
    ..Mistake::PLAIN
};

const ATTENTION_SCALE_BY_DIM: Mistake = Mistake {
    id: "attention_scale_by_dim",
    explanation: "The score was divided by √dim, the whole model's features, where each head divides by √(dim/heads), its own.",
    applies: |s| {
        s.quantity() == Quantity::Block(Inner::Score)
            && s.step.value.is_finite()
            && attention(s).is_some_and(|a| a.heads > 1)
    },
    mistaken: |s, r| {
        let d = s.lesson().layers[s.id().layer - 1].input.features() as f64;
        let new = rewrite(s.rhs(), &|e| match e {
            Expr::Call(Func::Sqrt, _) => Some(call(Func::Sqrt, Expr::Num(d))),
            _ => None,
        });
        s.eval(r, new)
    },
    ..Mistake::PLAIN
};

const SOFTMAX_WRONG_AXIS: Mistake = Mistake {
    id: "softmax_wrong_axis",
    explanation: "The softmax was taken down a column, over the queries, instead of along the query's row, over the keys: each query's weights sum to 1.",
    applies: |s| {
        weight_at(s).is_some_and(|(a, t, sk, n)| a.allowed(t, sk) && a.queries(sk, n).len() > 1)
    },
    mistaken: |s, r| {
        let Some((a, t, sk, n)) = weight_at(s) else {
            return Vec::new();
        };
        let (h, _, _) = a.hts(&s.id().ix);
        let score = |u: usize| exact(s, Quantity::Block(Inner::Score), a.score_ix(h, u, sk));
        let column: Vec<Expr> = a.queries(sk, n).filter_map(score).collect();
        let Some(own) = score(t) else {
            return Vec::new();
        };
        let max = column
            .iter()
            .map(|e| r.eval(s.step, e))
            .fold(f64::NEG_INFINITY, f64::max);
        let exps = column
            .into_iter()
            .map(|e| call(Func::Exp, sub(e, Expr::Num(max))))
            .collect();
        s.eval(
            r,
            [div(
                call(Func::Exp, sub(own, Expr::Num(max))),
                Expr::Sum(exps),
            )],
        )
    },
    ..Mistake::PLAIN
};

const MASK_AFTER_SOFTMAX: Mistake = Mistake {
    id: "mask_after_softmax",
    explanation: "The softmax was taken over every key and the later ones zeroed after it; the mask must come first, as −∞ added to their scores, so the weights a query keeps sum to 1.",
    applies: |s| {
        weight_at(s).is_some_and(|(a, t, sk, n)| a.causal && a.allowed(t, sk) && t + 1 < n)
    },
    mistaken: |s, r| {
        let Some((a, t, sk, n)) = weight_at(s) else {
            return Vec::new();
        };
        let l = s.id().layer;
        let (h, _, _) = a.hts(&s.id().ix);
        let dh = s.lesson().layers[l - 1].input.features() / a.heads;
        // Every key's score, the masked ones from q and k as if there were no mask.
        let raw = |u: usize| -> Option<Expr> {
            if a.allowed(t, u) {
                return exact(s, Quantity::Block(Inner::Score), a.score_ix(h, t, u));
            }
            let dots: Option<Vec<Expr>> = (h * dh..(h + 1) * dh)
                .map(|c| {
                    Some(mul(vec![
                        exact(s, Quantity::Block(Inner::Query), Index::two(t, c))?,
                        exact(s, Quantity::Block(Inner::Key), Index::two(u, c))?,
                    ]))
                })
                .collect();
            Some(div(
                Expr::Sum(dots?),
                call(Func::Sqrt, Expr::Num(dh as f64)),
            ))
        };
        let Some(row) = (0..n).map(raw).collect::<Option<Vec<Expr>>>() else {
            return Vec::new();
        };
        let max = row
            .iter()
            .map(|e| r.eval(s.step, e))
            .fold(f64::NEG_INFINITY, f64::max);
        let exp = |e: &Expr| call(Func::Exp, sub(e.clone(), Expr::Num(max)));
        let new = div(exp(&row[sk]), Expr::Sum(row.iter().map(exp).collect()));
        s.eval(r, [new])
    },
    ..Mistake::PLAIN
};

const LAYERNORM_CONSTANT_STATS: Mistake = Mistake {
    id: "layernorm_constant_stats",
    explanation: "μ and σ were treated as constants in the backward pass, keeping only ∂L/∂x̂/√(σ² + ε); every x of a position moves its μ and σ², which adds the terms through the mean and the variance.",
    applies: |s| s.quantity() == Quantity::Block(Inner::DX),
    mistaken: |s, r| match s.rhs() {
        Expr::Add(parts) if parts.len() == 3 => s.eval(r, [parts[0].clone()]),
        _ => Vec::new(),
    },
    ..Mistake::PLAIN
};

const LAYERNORM_UNBIASED_VARIANCE: Mistake = Mistake {
    id: "layernorm_unbiased_variance",
    explanation: "The variance was divided by d − 1, the unbiased estimate; layer norm divides by d, the biased variance.",
    applies: |s| s.quantity() == Quantity::Block(Inner::Var),
    mistaken: |s, r| {
        let new = rewrite(s.rhs(), &|e| match e {
            Expr::Div(sum, n) if matches!(**n, Expr::Num(d) if d > 1.0) => match **n {
                Expr::Num(d) => Some(div((**sum).clone(), Expr::Num(d - 1.0))),
                _ => None,
            },
            _ => None,
        });
        s.eval(r, new)
    },
    ..Mistake::PLAIN
};

const LAYERNORM_EPSILON_OUTSIDE: Mistake = Mistake {
    id: "layernorm_epsilon_outside_sqrt",
    explanation: "ε was added after the square root, √σ² + ε; layer norm adds it inside, √(σ² + ε).",
    applies: |s| matches!(s.quantity(), Quantity::Block(Inner::XHat | Inner::DX)),
    mistaken: |s, r| {
        let new = rewrite(s.rhs(), &|e| match e {
            Expr::Call(Func::Sqrt, inner) => match &**inner {
                Expr::Add(parts) if parts.len() == 2 => Some(add(vec![
                    call(Func::Sqrt, parts[0].clone()),
                    parts[1].clone(),
                ])),
                _ => None,
            },
            _ => None,
        });
        s.eval(r, new)
    },
    ..Mistake::PLAIN
};

pub(crate) const RESIDUAL_GRADIENT_DROPPED: Mistake = Mistake {
    id: "residual_gradient_dropped",
    explanation: "The error arriving along the residual connection was left out; a layer whose output a residual adds gets its error by both paths, summed.",
    applies: |s| {
        let l = s.id().layer;
        s.quantity() == Quantity::Delta
            && s.lesson()
                .layers
                .iter()
                .skip(l)
                .any(|r| r.residual == Some(l))
    },
    mistaken: |s, r| {
        let new = rewrite(s.rhs(), &|e| match e {
            Expr::Add(parts)
                if parts.len() > 1
                    && parts[1..]
                        .iter()
                        .all(|p| matches!(p, Expr::Var(Sym::DlDa { .. }, _))) =>
            {
                Some(parts[0].clone())
            }
            _ => None,
        });
        s.eval(r, new)
    },
    ..Mistake::PLAIN
};

pub(crate) const ADAMW_COUPLED_DECAY: Mistake = Mistake {
    id: "adamw_coupled_decay",
    explanation: "The weight decay was added to the gradient, g + λ·p, as Adam's L2 penalty does; AdamW decays the parameter itself, p·(1 − η·λ), and keeps it out of m and v.",
    applies: |s| {
        matches!(s.lesson().optimizer, Optimizer::AdamW { .. })
            && matches!(
                s.quantity(),
                Quantity::Param(_)
                    | Quantity::State(Moment::M | Moment::V | Moment::MHat | Moment::VHat, _)
            )
    },
    mistaken: |s, _| coupled(s).into_iter().collect(),
    ..Mistake::PLAIN
};

pub(crate) const LORA_SCALE_MISSING: Mistake = Mistake {
    id: "lora_scale_missing",
    explanation: "LoRA's path was not scaled by α/r; the adapter adds (α/r)·B·A·a, and its gradients carry the same α/r.",
    applies: |s| {
        let l = s.id().layer;
        l > 0
            && matches!(&s.lesson().layers[l - 1].kind, Kind::Dense(d) if d.lora.is_some())
            && matches!(
                s.quantity(),
                Quantity::Z
                    | Quantity::Block(Inner::DDown)
                    | Quantity::Grad(crate::layers::Tensor::LoraB)
            )
    },
    mistaken: |s, r| {
        let new = rewrite(s.rhs(), &|e| match e {
            Expr::Mul(xs)
                if xs.len() == 2
                    && matches!(&xs[0], Expr::Var(Sym::Text(t), _) if *t == crate::layers::dense::lora::SCALE) =>
            {
                Some(xs[1].clone())
            }
            _ => None,
        });
        s.eval(r, new)
    },
    ..Mistake::PLAIN
};

pub(crate) const GELU_TANH: Mistake = Mistake {
    id: "gelu_tanh_approximation",
    explanation: "GELU was computed with its tanh approximation, ½z(1 + tanh(√(2/π)(z + 0.044715z³))); the default GELU is exact, z·Φ(z) = z·½(1 + erf(z/√2)).",
    applies: |s| {
        s.quantity() == Quantity::A && s.activation(s.id().layer) == Some(Activation::Gelu)
    },
    mistaken: |s, r| {
        let id = s.id();
        let z = match exact(s, Quantity::Z, id.ix) {
            Some(z) => r.eval(s.step, &z),
            None => return Vec::new(),
        };
        let inner = (2.0 / std::f64::consts::PI).sqrt() * (z + 0.044715 * z * z * z);
        let mut own = 0.5 * z * (1.0 + inner.tanh());
        if let Some(n) = s.lesson().layers[id.layer - 1].residual {
            let Some(added) = s.exact(Sym::Q {
                q: Quantity::A,
                l: n,
                ix: id.ix,
            }) else {
                return Vec::new();
            };
            own += r.eval(s.step, &added);
        }
        vec![own]
    },
    ..Mistake::PLAIN
};

/// Attention's own mistakes.
pub static ATTENTION: [Mistake; 6] = [
    NO_ATTENTION_SCALE,
    ATTENTION_SCALE_BY_DIM,
    SOFTMAX_WRONG_AXIS,
    MASK_AFTER_SOFTMAX,
    RESIDUAL_GRADIENT_DROPPED,
    ADAMW_COUPLED_DECAY,
];

/// The layer norm's own mistakes.
pub static NORM: [Mistake; 5] = [
    LAYERNORM_CONSTANT_STATS,
    LAYERNORM_UNBIASED_VARIANCE,
    LAYERNORM_EPSILON_OUTSIDE,
    RESIDUAL_GRADIENT_DROPPED,
    ADAMW_COUPLED_DECAY,
];

/// The embedding's.
pub static EMBEDDING: [Mistake; 2] = [RESIDUAL_GRADIENT_DROPPED, ADAMW_COUPLED_DECAY];

/// The attention layer of the step's layer, if it is one.
fn attention(s: &Scene) -> Option<super::Attention> {
    match s.lesson().layers.get(s.id().layer.checked_sub(1)?)?.kind {
        Kind::Attention(a) => Some(a),
        _ => None,
    }
}

/// (attention, query, key, positions) of an attention weight step.
fn weight_at(s: &Scene) -> Option<(super::Attention, usize, usize, usize)> {
    if s.quantity() != Quantity::Block(Inner::Attn) {
        return None;
    }
    let a = attention(s)?;
    let (_, t, k) = a.hts(&s.id().ix);
    let n = s.lesson().layers[s.id().layer - 1].input.positions();
    Some((a, t, k, n))
}

/// A number of this sample as the formulas name it (its exact value, read through the
/// learner's answers by `Reading::eval`).
fn exact(s: &Scene, q: Quantity, ix: Index) -> Option<Expr> {
    s.exact(Sym::Q {
        q,
        l: s.id().layer,
        ix,
    })
}

/// The AdamW step of this parameter as Adam with an L2 penalty computes it: the gradient
/// g + λ·p through m, v, m̂ and v̂, and no decoupled decay.
fn coupled(s: &Scene) -> Option<f64> {
    let Optimizer::AdamW {
        learning_rate: eta,
        beta1,
        beta2,
        epsilon,
        weight_decay,
    } = s.lesson().optimizer
    else {
        return None;
    };
    let p = s.param()?;
    let t = s.batch.adam_t()? as i32;
    let before = s.batch.before(p);
    let g = s.batch.gradient(p) + weight_decay * before;
    let m = beta1 * s.batch.state_before(Moment::M, p)? + (1.0 - beta1) * g;
    let v = beta2 * s.batch.state_before(Moment::V, p)? + (1.0 - beta2) * (g * g);
    let (m_hat, v_hat) = (m / (1.0 - beta1.powi(t)), v / (1.0 - beta2.powi(t)));
    Some(match s.quantity() {
        Quantity::State(Moment::M, _) => m,
        Quantity::State(Moment::V, _) => v,
        Quantity::State(Moment::MHat, _) => m_hat,
        Quantity::State(Moment::VHat, _) => v_hat,
        _ => before - eta * (m_hat / (v_hat.sqrt() + epsilon)),
    })
}
