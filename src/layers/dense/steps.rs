//! The dense layer's steps: forward z then a for each neuron (a softmax layer lists all its z
//! before its a); backward δ, ∂L/∂b and each ∂L/∂w for each neuron. On a sequence the forward
//! and δ steps run position by position, and each gradient, a sum over positions, follows.

use crate::layers::Tensor;
use crate::lesson::{Activation, Layer};
use crate::trace::kind::{LayerValues, Segment, Steps};
use crate::trace::{Inner, Quantity, StepId};

use super::Dense;
use super::math::{DELTA, Z};

impl Steps for Dense {
    fn forward_steps(&self, layer: &Layer) -> Vec<Segment> {
        let (n, t) = (Dense::neurons(layer), Dense::positions(layer));
        let at = |inner: &[usize]| -> Vec<usize> {
            if layer.input.is_sequence() {
                [&[t][..], inner].concat()
            } else {
                inner.to_vec()
            }
        };
        let mut out = Vec::new();
        if let Some(lora) = self.lora {
            out.push(Segment::block(
                Quantity::Block(Inner::Down),
                &at(&[lora.rank]),
            ));
        }
        if self.activation == Activation::Softmax {
            // Every a of a softmax layer needs every z, so the z's come first.
            out.push(Segment::interleaved(
                &at(&[]),
                &[(Quantity::Z, &[n]), (Quantity::A, &[n])],
            ));
            return out;
        }
        out.push(Segment::interleaved(
            &at(&[n]),
            &[(Quantity::Z, &[]), (Quantity::A, &[])],
        ));
        out
    }

    fn backward_steps(&self, layer: &Layer) -> Vec<Segment> {
        let (n, m) = (Dense::neurons(layer), Dense::fan_in(layer));
        if let Some(lora) = self.lora {
            // Only A and B have gradients: W and b are frozen.
            let at = |inner: &[usize]| -> Vec<usize> {
                if layer.input.is_sequence() {
                    [&[Dense::positions(layer)][..], inner].concat()
                } else {
                    inner.to_vec()
                }
            };
            return vec![
                Segment::block(Quantity::Delta, &at(&[n])),
                Segment::block(Quantity::Block(Inner::DDown), &at(&[lora.rank])),
                Segment::block(Quantity::Grad(Tensor::LoraB), &[n, lora.rank]),
                Segment::block(Quantity::Grad(Tensor::LoraA), &[lora.rank, m]),
            ];
        }
        if !layer.input.is_sequence() {
            return vec![Segment::interleaved(
                &[n],
                &[
                    (Quantity::Delta, &[]),
                    (Quantity::DB, &[]),
                    (Quantity::DW, &[m]),
                ],
            )];
        }
        vec![
            Segment::block(Quantity::Delta, &[Dense::positions(layer), n]),
            Segment::interleaved(&[n], &[(Quantity::DB, &[]), (Quantity::DW, &[m])]),
        ]
    }

    fn value(&self, v: &LayerValues<'_>, id: &StepId) -> f64 {
        let layer = v.layer();
        let (n, m) = (Dense::neurons(layer), Dense::fan_in(layer));
        let seq = layer.input.is_sequence();
        // The flat offset of a number of this layer's output, at a position or not.
        let at = |ix: &[usize]| -> usize {
            match ix {
                [t, j] if seq => t * n + j,
                [j] => *j,
                _ => unreachable!("{id} is not a step of this dense layer"),
            }
        };
        let ix = id.ix.to_vec();
        if let Some(lora) = &self.lora
            && matches!(
                id.quantity,
                Quantity::Block(Inner::Down | Inner::DDown)
                    | Quantity::Grad(Tensor::LoraA | Tensor::LoraB)
            )
        {
            return super::lora::value(lora, v, id, (n, m, Dense::positions(layer)));
        }
        match id.quantity {
            Quantity::Z => v.buffer(Z)[at(&ix)],
            Quantity::A => v.output()[at(&ix)],
            Quantity::Delta => v.buffer(DELTA)[at(&ix)],
            // The engine accumulates exactly these: δⱼ and δⱼ·aₖ on a vector, sums over
            // positions in order on a sequence.
            Quantity::Grad(t) if !seq => {
                let d = v.buffer(DELTA)[ix[0]];
                match t {
                    crate::layers::Tensor::W => d * v.input()[ix[1]],
                    _ => d,
                }
            }
            Quantity::Grad(t) => {
                let (delta, x) = (v.buffer(DELTA), v.input());
                let j = ix[0];
                let positions = Dense::positions(layer);
                match t {
                    crate::layers::Tensor::W => {
                        (0..positions).fold(0.0, |s, p| s + delta[p * n + j] * x[p * m + ix[1]])
                    }
                    _ => (0..positions).fold(0.0, |s, p| s + delta[p * n + j]),
                }
            }
            _ => unreachable!("{id} is not a step of a dense layer's sample"),
        }
    }

    fn numbers<'a>(&self, v: &LayerValues<'a>, quantity: Quantity) -> Option<&'a [f64]> {
        match quantity {
            Quantity::Z => Some(v.buffer(Z)),
            Quantity::A => Some(v.output()),
            Quantity::Delta => Some(v.buffer(DELTA)),
            Quantity::Block(Inner::Down) if self.lora.is_some() => Some(v.buffer(2)),
            Quantity::Block(Inner::DDown) if self.lora.is_some() => Some(v.buffer(3)),
            _ => None,
        }
    }
}
