//! Attention's steps: forward q, k, v at each position; each query's scores then weights
//! (head by head); the context; the output. Backward: δ, the output projection's gradients,
//! ∂L/∂c, each query's ∂L/∂attn then ∂L/∂S, ∂L/∂q, ∂L/∂k and ∂L/∂v at each position, then
//! the projections' gradients.

use crate::layers::Tensor;
use crate::lesson::Layer;
use crate::trace::kind::{LayerValues, Segment, Steps};
use crate::trace::{Inner, Quantity, StepId};

use super::Attention;
use super::math::*;

fn block(i: Inner) -> Quantity {
    Quantity::Block(i)
}

impl Attention {
    /// The outer index of a query's row of scores: `[h, t]` with several heads, `[t]` with one.
    fn rows(&self, positions: usize) -> Vec<usize> {
        if self.heads > 1 {
            vec![self.heads, positions]
        } else {
            vec![positions]
        }
    }

    /// Σₜ g\[t,i\]·input\[t,k\] (a weight) or Σₜ g\[t,i\] (a bias) of one sample.
    fn gradient(
        g: &[f64],
        input: &[f64],
        d: usize,
        positions: usize,
        i: usize,
        k: Option<usize>,
    ) -> f64 {
        (0..positions).fold(0.0, |a, t| match k {
            Some(k) => a + g[t * d + i] * input[t * d + k],
            None => a + g[t * d + i],
        })
    }
}

impl Steps for Attention {
    fn forward_steps(&self, layer: &Layer) -> Vec<Segment> {
        let (t, d, _, _) = self.dims(layer);
        vec![
            Segment::interleaved(
                &[t],
                &[
                    (block(Inner::Query), &[d]),
                    (block(Inner::Key), &[d]),
                    (block(Inner::Value), &[d]),
                ],
            ),
            Segment::interleaved(
                &self.rows(t),
                &[(block(Inner::Score), &[t]), (block(Inner::Attn), &[t])],
            ),
            Segment::block(block(Inner::Ctx), &[t, d]),
            Segment::block(Quantity::A, &[t, d]),
        ]
    }

    fn backward_steps(&self, layer: &Layer) -> Vec<Segment> {
        let (t, d, _, _) = self.dims(layer);
        let mut out = vec![
            Segment::block(Quantity::Delta, &[t, d]),
            Segment::interleaved(
                &[d],
                &[
                    (Quantity::Grad(Tensor::BO), &[]),
                    (Quantity::Grad(Tensor::WO), &[d]),
                ],
            ),
            Segment::block(block(Inner::DCtx), &[t, d]),
            Segment::interleaved(
                &self.rows(t),
                &[(block(Inner::DAttn), &[t]), (block(Inner::DScore), &[t])],
            ),
            Segment::interleaved(
                &[t],
                &[
                    (block(Inner::DQuery), &[d]),
                    (block(Inner::DKey), &[d]),
                    (block(Inner::DValue), &[d]),
                ],
            ),
        ];
        for (w, b) in [
            (Tensor::WQ, Tensor::BQ),
            (Tensor::WK, Tensor::BK),
            (Tensor::WV, Tensor::BV),
        ] {
            out.push(Segment::interleaved(
                &[d],
                &[(Quantity::Grad(b), &[]), (Quantity::Grad(w), &[d])],
            ));
        }
        out
    }

    fn value(&self, v: &LayerValues<'_>, id: &StepId) -> f64 {
        let (positions, d, _, _) = self.dims(v.layer());
        let (i, k) = (id.ix.j(), id.ix.k());
        let flat = i * d + k.unwrap_or(0);
        let square = || {
            let (h, t, s) = self.hts(&id.ix);
            (Attention::at(positions, h, t, s), t, s)
        };
        let grad = |src: usize, on_ctx: bool| {
            let input = if on_ctx { v.buffer(CTX) } else { v.input() };
            Attention::gradient(v.buffer(src), input, d, positions, i, k)
        };
        match id.quantity {
            Quantity::Block(Inner::Query) => v.buffer(Q)[flat],
            Quantity::Block(Inner::Key) => v.buffer(K)[flat],
            Quantity::Block(Inner::Value) => v.buffer(V)[flat],
            Quantity::Block(Inner::Score) => {
                let (at, t, s) = square();
                if self.allowed(t, s) {
                    v.buffer(SCORE)[at]
                } else {
                    f64::NEG_INFINITY
                }
            }
            Quantity::Block(Inner::Attn) => v.buffer(ATTN)[square().0],
            Quantity::Block(Inner::Ctx) => v.buffer(CTX)[flat],
            Quantity::A => v.output()[flat],
            Quantity::Delta => v.buffer(DELTA)[flat],
            Quantity::Block(Inner::DCtx) => v.buffer(DCTX)[flat],
            Quantity::Block(Inner::DAttn) => v.buffer(DATTN)[square().0],
            Quantity::Block(Inner::DScore) => v.buffer(DSCORE)[square().0],
            Quantity::Block(Inner::DQuery) => v.buffer(DQ)[flat],
            Quantity::Block(Inner::DKey) => v.buffer(DK)[flat],
            Quantity::Block(Inner::DValue) => v.buffer(DV)[flat],
            Quantity::Grad(Tensor::WQ | Tensor::BQ) => grad(DQ, false),
            Quantity::Grad(Tensor::WK | Tensor::BK) => grad(DK, false),
            Quantity::Grad(Tensor::WV | Tensor::BV) => grad(DV, false),
            Quantity::Grad(Tensor::WO | Tensor::BO) => grad(DELTA, true),
            _ => unreachable!("{id} is not a step of an attention layer's sample"),
        }
    }

    fn numbers<'a>(&self, v: &LayerValues<'a>, quantity: Quantity) -> Option<&'a [f64]> {
        let buffer = match quantity {
            Quantity::A => return Some(v.output()),
            Quantity::Delta => DELTA,
            Quantity::Block(Inner::Query) => Q,
            Quantity::Block(Inner::Key) => K,
            Quantity::Block(Inner::Value) => V,
            Quantity::Block(Inner::Attn) => ATTN,
            Quantity::Block(Inner::Ctx) => CTX,
            Quantity::Block(Inner::DCtx) => DCTX,
            Quantity::Block(Inner::DAttn) => DATTN,
            Quantity::Block(Inner::DScore) => DSCORE,
            Quantity::Block(Inner::DQuery) => DQ,
            Quantity::Block(Inner::DKey) => DK,
            Quantity::Block(Inner::DValue) => DV,
            _ => return None,
        };
        Some(v.buffer(buffer))
    }

    fn masked(&self, _layer: &Layer, id: &StepId) -> bool {
        let (_, t, s) = self.hts(&id.ix);
        id.quantity == Quantity::Block(Inner::Score) && !self.allowed(t, s)
    }
}
