//! Layer normalisation as `nn.LayerNorm(dim)`, at every position over its features: the
//! mean μ = (Σⱼ xⱼ)/d, the biased variance σ² = (Σⱼ (xⱼ − μ)²)/d, the normalised
//! x̂ⱼ = (xⱼ − μ)/√(σ² + ε) and a = γⱼ·x̂ⱼ + βⱼ. Backward: δ = ∂L/∂a, ∂L/∂x̂ⱼ = δⱼ·γⱼ, and the
//! error passed to the input in three named parts — directly through x̂, through the mean,
//! through the variance: ∂L/∂xⱼ = ∂L/∂x̂ⱼ/√(σ²+ε) − ((Σₖ ∂L/∂x̂ₖ)/d)/√(σ²+ε)
//! − x̂ⱼ·((Σₖ ∂L/∂x̂ₖ·x̂ₖ)/d)/√(σ²+ε); ∂L/∂γⱼ = Σₜ δ·x̂, ∂L/∂βⱼ = Σₜ δ.
//!
//! - `formulas`: each step's formula; `words`: each step in words, in any language; `view`:
//!   the tutor's picture of μ and σ² per position; `pytorch`: its forward pass written out in
//!   a PyTorch script.

mod formulas;
mod pytorch;
mod view;
mod words;

use ndarray::ArrayD;

use crate::engine::LayerParams;
use crate::engine::kind::{Backward, Math, Upstream};
use crate::layers::{Entry, Fill, Kind, LayerKind, ParamSpec, Tensor};
use crate::lesson::schema::{Head, LayerTable, Res};
use crate::lesson::{Layer, Shape};
use crate::source::reader::{Value, number};
use crate::trace::kind::{LayerValues, Segment, Steps};
use crate::trace::{Inner, Quantity, StepId};

/// `kind = "layernorm"`.
pub(crate) const ENTRY: Entry = Entry {
    name: "layernorm",
    keys: &["epsilon"],
    read,
    mistakes: &crate::layers::attention::mistakes::NORM,
};

/// A layer norm's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayerNorm {
    /// ε, added to σ² inside the square root (PyTorch's 1e-5 unless given).
    pub epsilon: f64,
}

/// PyTorch's default ε.
pub const DEFAULT_EPSILON: f64 = 1e-5;

// Buffers, per sample.
pub(crate) const MU: usize = 0;
pub(crate) const VAR: usize = 1;
pub(crate) const XHAT: usize = 2;
pub(crate) const STD: usize = 3;
pub(crate) const DELTA: usize = 4;
pub(crate) const DXHAT: usize = 5;
pub(crate) const DX: usize = 6;

fn read(lt: &LayerTable) -> Res<Head> {
    let Shape::Sequence { .. } = lt.input else {
        return Err(lt.error(
            lt.table.span.clone(),
            crate::msg!(
                "err-norm-not-sequence",
                l = lt.l.to_string(),
                got = crate::lesson::schema::shape_words(lt.input)
            ),
            crate::msg!("err-norm-not-sequence-help"),
        ));
    };
    let epsilon = match lt.table.get("epsilon") {
        None => DEFAULT_EPSILON,
        Some(e) => {
            let x = number(lt.cx, e.value, &crate::source::reader::for_key("epsilon"))?;
            if x.is_nan() || x <= 0.0 {
                return Err(lt.error(
                    e.value.span(),
                    crate::msg!("err-epsilon-positive"),
                    crate::msg!("err-epsilon-positive-help"),
                ));
            }
            x
        }
    };
    Ok(Head {
        kind: Kind::LayerNorm(LayerNorm { epsilon }),
        output: lt.input,
    })
}

impl LayerNorm {
    /// (positions, features).
    pub fn dims(layer: &Layer) -> (usize, usize) {
        (layer.input.positions(), layer.input.features())
    }
}

// The Markdown export draws a network of sequence layers as one chain of blocks and tables
// its attention matrices after each phase (`export::markdown::sequence`); of each quantity
// of the layer it works the first step out, LayerDoc's default.
impl crate::export::markdown::kind::LayerDoc for LayerNorm {}

impl LayerKind for LayerNorm {
    fn name(&self) -> &'static str {
        "layernorm"
    }

    fn params(&self, layer: &Layer) -> Vec<ParamSpec> {
        let (_, d) = LayerNorm::dims(layer);
        vec![
            ParamSpec {
                tensor: Tensor::Gamma,
                key: "weights",
                dims: vec![d],
                trains: layer.weights_train(),
            },
            ParamSpec {
                tensor: Tensor::Beta,
                key: "biases",
                dims: vec![d],
                trains: layer.biases_train(),
            },
        ]
    }

    fn settings(&self, _layer: &Layer) -> Vec<(&'static str, String)> {
        // `{:?}` is the shortest text that reads back exactly, always with a `.` or an exponent.
        vec![("epsilon", format!("{:?}", self.epsilon))]
    }

    fn fill(&self, _layer: &Layer, spec: &ParamSpec) -> Fill {
        match spec.tensor {
            Tensor::Gamma => Fill::Ones,
            _ => Fill::Zeros,
        }
    }

    fn read_tensor(&self, lt: &LayerTable, spec: &ParamSpec, v: &Value) -> Res<ArrayD<f64>> {
        let what = match spec.tensor {
            Tensor::Gamma => crate::msg!("err-gamma-of-layer", l = lt.l.to_string()),
            _ => crate::msg!("err-beta-of-layer", l = lt.l.to_string()),
        };
        crate::lesson::schema::tensor::read(lt.cx, v, &what, (&spec.dims, &[]), false, lt.files)
    }
}

impl Math for LayerNorm {
    fn buffers(&self, layer: &Layer) -> Vec<usize> {
        let (t, d) = LayerNorm::dims(layer);
        vec![t, t, t * d, t, t * d, t * d, t * d]
    }

    fn forward(
        &self,
        layer: &Layer,
        p: &LayerParams,
        x: &[f64],
        bufs: &mut [Vec<f64>],
        out: &mut [f64],
    ) {
        let (positions, d) = LayerNorm::dims(layer);
        let (gamma, beta) = (p.slice(0), p.slice(1));
        let n = d as f64;
        for t in 0..positions {
            let x = &x[t * d..(t + 1) * d];
            let mu = x.iter().fold(0.0, |s, &v| s + v) / n;
            let var = x.iter().fold(0.0, |s, &v| s + (v - mu).powi(2)) / n;
            let std = (var + self.epsilon).sqrt();
            bufs[MU][t] = mu;
            bufs[VAR][t] = var;
            bufs[STD][t] = std;
            for j in 0..d {
                let xhat = (x[j] - mu) / std;
                bufs[XHAT][t * d + j] = xhat;
                out[t * d + j] = gamma[j] * xhat + beta[j];
            }
        }
    }

    fn backward(&self, b: Backward<'_>) {
        let Upstream::Grad(g) = b.up else {
            unreachable!("a layer norm has no softmax")
        };
        let (positions, d) = LayerNorm::dims(b.layer);
        let n = d as f64;
        let gamma = b.p.slice(0);
        b.bufs[DELTA].copy_from_slice(g);
        for t in 0..positions {
            let r = t * d..(t + 1) * d;
            for (j, g) in gamma.iter().enumerate() {
                b.bufs[DXHAT][t * d + j] = b.bufs[DELTA][t * d + j] * g;
            }
            let (dxhat, xhat) = (&b.bufs[DXHAT][r.clone()], &b.bufs[XHAT][r.clone()]);
            let s1 = dxhat.iter().fold(0.0, |s, &v| s + v);
            let s2 = dxhat.iter().zip(xhat).fold(0.0, |s, (&g, &x)| s + g * x);
            let std = b.bufs[STD][t];
            let dx: Vec<f64> = (0..d)
                .map(|j| {
                    let direct = dxhat[j] / std;
                    let mean = -((s1 / n) / std);
                    let variance = -((xhat[j] * (s2 / n)) / std);
                    direct + mean + variance
                })
                .collect();
            b.bufs[DX][r].copy_from_slice(&dx);
        }
        if let Some(dx) = b.dx {
            dx.copy_from_slice(&b.bufs[DX]);
        }
        let Some(grad) = b.grad else { return };
        let (delta, xhat) = (&b.bufs[DELTA], &b.bufs[XHAT]);
        let add = |g: &mut f64, s: f64| *g = if b.first { s } else { *g + s };
        for j in 0..d {
            let dg = (0..positions).fold(0.0, |s, t| s + delta[t * d + j] * xhat[t * d + j]);
            add(&mut grad.slice_mut(0)[j], dg);
            let db = (0..positions).fold(0.0, |s, t| s + delta[t * d + j]);
            add(&mut grad.slice_mut(1)[j], db);
        }
    }
}

impl Steps for LayerNorm {
    fn forward_steps(&self, layer: &Layer) -> Vec<Segment> {
        let (t, d) = LayerNorm::dims(layer);
        vec![Segment::interleaved(
            &[t],
            &[
                (Quantity::Block(Inner::Mu), &[]),
                (Quantity::Block(Inner::Var), &[]),
                (Quantity::Block(Inner::XHat), &[d]),
                (Quantity::A, &[d]),
            ],
        )]
    }

    fn backward_steps(&self, layer: &Layer) -> Vec<Segment> {
        let (t, d) = LayerNorm::dims(layer);
        vec![
            Segment::interleaved(
                &[t],
                &[
                    (Quantity::Delta, &[d]),
                    (Quantity::Block(Inner::DXHat), &[d]),
                    (Quantity::Block(Inner::DX), &[d]),
                ],
            ),
            Segment::interleaved(
                &[d],
                &[
                    (Quantity::Grad(Tensor::Gamma), &[]),
                    (Quantity::Grad(Tensor::Beta), &[]),
                ],
            ),
        ]
    }

    fn value(&self, v: &LayerValues<'_>, id: &StepId) -> f64 {
        let (positions, d) = LayerNorm::dims(v.layer());
        let (i, j) = (id.ix.j(), id.ix.k().unwrap_or(0));
        let at = i * d + j;
        let (delta, xhat) = (v.buffer(DELTA), v.buffer(XHAT));
        match id.quantity {
            Quantity::Block(Inner::Mu) => v.buffer(MU)[i],
            Quantity::Block(Inner::Var) => v.buffer(VAR)[i],
            Quantity::Block(Inner::XHat) => xhat[at],
            Quantity::A => v.output()[at],
            Quantity::Delta => delta[at],
            Quantity::Block(Inner::DXHat) => v.buffer(DXHAT)[at],
            Quantity::Block(Inner::DX) => v.buffer(DX)[at],
            Quantity::Grad(Tensor::Gamma) => {
                (0..positions).fold(0.0, |s, t| s + delta[t * d + i] * xhat[t * d + i])
            }
            Quantity::Grad(_) => (0..positions).fold(0.0, |s, t| s + delta[t * d + i]),
            _ => unreachable!("{id} is not a step of a layer norm"),
        }
    }

    fn numbers<'a>(&self, v: &LayerValues<'a>, quantity: Quantity) -> Option<&'a [f64]> {
        match quantity {
            Quantity::A => Some(v.output()),
            Quantity::Delta => Some(v.buffer(DELTA)),
            Quantity::Block(Inner::Mu) => Some(v.buffer(MU)),
            Quantity::Block(Inner::Var) => Some(v.buffer(VAR)),
            Quantity::Block(Inner::XHat) => Some(v.buffer(XHAT)),
            Quantity::Block(Inner::DXHat) => Some(v.buffer(DXHAT)),
            Quantity::Block(Inner::DX) => Some(v.buffer(DX)),
            _ => None,
        }
    }
}
