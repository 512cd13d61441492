//! A pooling layer's steps: forward every a[c,i,j]; backward every δ[c,i,j], the error
//! ∂L/∂a reaching its output (it has no z of its own).

use crate::lesson::Layer;
use crate::trace::kind::{LayerValues, Segment, Steps};
use crate::trace::{Quantity, StepId};

use super::Pool2d;

impl Steps for Pool2d {
    fn forward_steps(&self, layer: &Layer) -> Vec<Segment> {
        vec![Segment::block(Quantity::A, &layer.output.dims())]
    }

    fn backward_steps(&self, layer: &Layer) -> Vec<Segment> {
        vec![Segment::block(Quantity::Delta, &layer.output.dims())]
    }

    fn value(&self, v: &LayerValues<'_>, id: &StepId) -> f64 {
        let at = id
            .ix
            .offset_in(&v.layer().output.dims())
            .expect("a step of this layer has its indices");
        match id.quantity {
            Quantity::A => v.output()[at],
            Quantity::Delta => v.error()[at],
            _ => unreachable!("{id} is not a step of a pooling layer"),
        }
    }

    fn numbers<'a>(&self, v: &LayerValues<'a>, quantity: Quantity) -> Option<&'a [f64]> {
        match quantity {
            Quantity::A => Some(v.output()),
            Quantity::Delta => Some(v.error()),
            _ => None,
        }
    }
}
