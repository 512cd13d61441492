//! The flatten layer's steps: forward every a[j]; backward every δ[j], the error ∂L/∂a
//! reaching its output.

use crate::lesson::Layer;
use crate::trace::kind::{LayerValues, Segment, Steps};
use crate::trace::{Quantity, StepId};

use super::Flatten;

impl Steps for Flatten {
    fn forward_steps(&self, layer: &Layer) -> Vec<Segment> {
        vec![Segment::block(Quantity::A, &[layer.output.len()])]
    }

    fn backward_steps(&self, layer: &Layer) -> Vec<Segment> {
        vec![Segment::block(Quantity::Delta, &[layer.output.len()])]
    }

    fn value(&self, v: &LayerValues<'_>, id: &StepId) -> f64 {
        match id.quantity {
            Quantity::A => v.output()[id.ix.j()],
            Quantity::Delta => v.error()[id.ix.j()],
            _ => unreachable!("{id} is not a step of a flatten layer"),
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
