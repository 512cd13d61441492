//! The convolution's steps: forward z then a for each output [o,i,j] in row-major order;
//! backward every δ[o,i,j], then for each output channel o its ∂L/∂b[o] and every
//! ∂L/∂w[o,c,u,v].

use crate::layers::Tensor;
use crate::lesson::Layer;
use crate::trace::kind::{LayerValues, Segment, Steps};
use crate::trace::{Quantity, StepId};

use super::Conv2d;
use super::math::{DELTA, Z, bias_gradient, weight_gradient};

impl Steps for Conv2d {
    fn forward_steps(&self, layer: &Layer) -> Vec<Segment> {
        let d = self.dims(layer);
        vec![Segment::interleaved(
            &[d.o, d.oh, d.ow],
            &[(Quantity::Z, &[]), (Quantity::A, &[])],
        )]
    }

    fn backward_steps(&self, layer: &Layer) -> Vec<Segment> {
        let d = self.dims(layer);
        vec![
            Segment::block(Quantity::Delta, &[d.o, d.oh, d.ow]),
            Segment::interleaved(
                &[d.o],
                &[(Quantity::DB, &[]), (Quantity::DW, &[d.c, d.kh, d.kw])],
            ),
        ]
    }

    fn value(&self, v: &LayerValues<'_>, id: &StepId) -> f64 {
        let d = self.dims(v.layer());
        let ix = id.ix.to_vec();
        let at = || (ix[0] * d.oh + ix[1]) * d.ow + ix[2];
        match id.quantity {
            Quantity::Z => v.buffer(Z)[at()],
            Quantity::A => v.output()[at()],
            Quantity::Delta => v.buffer(DELTA)[at()],
            // The engine sums exactly these, in this order.
            Quantity::Grad(Tensor::W) => {
                weight_gradient(&d, v.input(), v.buffer(DELTA), [ix[0], ix[1], ix[2], ix[3]])
            }
            Quantity::Grad(_) => bias_gradient(&d, v.buffer(DELTA), ix[0]),
            _ => unreachable!("{id} is not a step of a convolution's sample"),
        }
    }

    fn numbers<'a>(&self, v: &LayerValues<'a>, quantity: Quantity) -> Option<&'a [f64]> {
        match quantity {
            Quantity::Z => Some(v.buffer(Z)),
            Quantity::A => Some(v.output()),
            Quantity::Delta => Some(v.buffer(DELTA)),
            _ => None,
        }
    }
}
