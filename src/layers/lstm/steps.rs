//! The LSTM's steps: forward, for t = 1..T, the 4·H rows of z, then for each unit its gates
//! i, f, g, o, then every c and every h; then the layer's output a. Backward, for t = T..1,
//! every ∂L/∂h, every ∂L/∂c, then the 4·H rows of δ; then for each row the gradients of its
//! biases and of its rows of W_ih and W_hh, each a sum over the steps.

use crate::layers::recurrent::steps::{gradient_steps, gradient_value};
use crate::layers::recurrent::{Outputs, offset};
use crate::lesson::Layer;
use crate::trace::kind::{LayerValues, Segment, Steps};
use crate::trace::{Gate, Quantity, StepId};

use super::Lstm;
use super::math::{C, DC, DELTA, DH, GATES, H, Z, gate_at};

impl Steps for Lstm {
    fn forward_steps(&self, layer: &Layer) -> Vec<Segment> {
        let d = self.dims(layer);
        let output = match self.outputs {
            Outputs::All => Segment::block(Quantity::A, &[d.t, d.h]),
            Outputs::Last => Segment::block(Quantity::A, &[d.h]),
        };
        let h = [d.h];
        vec![
            Segment::interleaved(
                &[d.t],
                &[
                    (Quantity::Z, &[d.rows]),
                    (Quantity::Gate(Gate::Input), &h),
                    (Quantity::Gate(Gate::Forget), &h),
                    (Quantity::Gate(Gate::Cell), &h),
                    (Quantity::Gate(Gate::Output), &h),
                    (Quantity::C, &h),
                    (Quantity::H, &h),
                ],
            ),
            output,
        ]
    }

    fn backward_steps(&self, layer: &Layer) -> Vec<Segment> {
        let d = self.dims(layer);
        vec![
            Segment::interleaved(
                &[d.t],
                &[
                    (Quantity::DH, &[d.h]),
                    (Quantity::DC, &[d.h]),
                    (Quantity::Delta, &[d.rows]),
                ],
            )
            .reversed(),
            gradient_steps(d.rows, d.f, d.h),
        ]
    }

    fn value(&self, v: &LayerValues<'_>, id: &StepId) -> f64 {
        let d = self.dims(v.layer());
        let read =
            |buf: &[f64], width: usize| buf.get(offset(&id.ix, width)).copied().unwrap_or(f64::NAN);
        match id.quantity {
            Quantity::Z => read(v.buffer(Z), d.rows),
            Quantity::Gate(g) => {
                let (t, j) = (id.ix.j(), id.ix.k().unwrap_or(0));
                v.buffer(GATES)
                    .get(gate_at(d, t, g.block(), j))
                    .copied()
                    .unwrap_or(f64::NAN)
            }
            Quantity::C => read(v.buffer(C), d.h),
            Quantity::H => read(v.buffer(H), d.h),
            Quantity::A => read(v.output(), d.h),
            Quantity::DH => read(v.buffer(DH), d.h),
            Quantity::DC => read(v.buffer(DC), d.h),
            Quantity::Delta => read(v.buffer(DELTA), d.rows),
            Quantity::Grad(t) => gradient_value(v, (t, id), (DELTA, H), d),
            _ => unreachable!("{id} is not a step of an LSTM's sample"),
        }
    }

    fn numbers<'a>(&self, v: &LayerValues<'a>, quantity: Quantity) -> Option<&'a [f64]> {
        match quantity {
            Quantity::Z => Some(v.buffer(Z)),
            Quantity::C => Some(v.buffer(C)),
            Quantity::H => Some(v.buffer(H)),
            Quantity::A => Some(v.output()),
            Quantity::DH => Some(v.buffer(DH)),
            Quantity::DC => Some(v.buffer(DC)),
            Quantity::Delta => Some(v.buffer(DELTA)),
            _ => None,
        }
    }
}
