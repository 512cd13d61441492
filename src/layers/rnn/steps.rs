//! The recurrent layer's steps: forward, for t = 1..T and each unit j, z then h; then the
//! layer's output a (every h_t, or h_T). Backward, for t = T..1 and each unit j, ∂L/∂h then
//! δ; then for each unit the gradients of its biases and of its rows of W_ih and W_hh, each a
//! sum over the steps.

use crate::layers::recurrent::steps::{gradient_steps, gradient_value};
use crate::layers::recurrent::{Outputs, offset};
use crate::lesson::Layer;
use crate::trace::kind::{LayerValues, Segment, Steps};
use crate::trace::{Quantity, StepId};

use super::Rnn;
use super::math::{DELTA, DH, H, Z};

impl Steps for Rnn {
    fn forward_steps(&self, layer: &Layer) -> Vec<Segment> {
        let d = self.dims(layer);
        let output = match self.outputs {
            Outputs::All => Segment::block(Quantity::A, &[d.t, d.h]),
            Outputs::Last => Segment::block(Quantity::A, &[d.h]),
        };
        vec![
            Segment::interleaved(&[d.t, d.h], &[(Quantity::Z, &[]), (Quantity::H, &[])]),
            output,
        ]
    }

    fn backward_steps(&self, layer: &Layer) -> Vec<Segment> {
        let d = self.dims(layer);
        vec![
            Segment::interleaved(&[d.t, d.h], &[(Quantity::DH, &[]), (Quantity::Delta, &[])])
                .reversed(),
            gradient_steps(d.h, d.f, d.h),
        ]
    }

    fn value(&self, v: &LayerValues<'_>, id: &StepId) -> f64 {
        let d = self.dims(v.layer());
        let at = offset(&id.ix, d.h);
        let read = |buf: &[f64]| buf.get(at).copied().unwrap_or(f64::NAN);
        match id.quantity {
            Quantity::Z => read(v.buffer(Z)),
            Quantity::H => read(v.buffer(H)),
            Quantity::A => read(v.output()),
            Quantity::DH => read(v.buffer(DH)),
            Quantity::Delta => read(v.buffer(DELTA)),
            Quantity::Grad(t) => gradient_value(v, (t, id), (DELTA, H), d),
            _ => unreachable!("{id} is not a step of a recurrent layer's sample"),
        }
    }

    fn numbers<'a>(&self, v: &LayerValues<'a>, quantity: Quantity) -> Option<&'a [f64]> {
        match quantity {
            Quantity::Z => Some(v.buffer(Z)),
            Quantity::H => Some(v.buffer(H)),
            Quantity::A => Some(v.output()),
            Quantity::DH => Some(v.buffer(DH)),
            Quantity::Delta => Some(v.buffer(DELTA)),
            _ => None,
        }
    }
}
