//! The recurrent layer's math: forward t = 1..T, z_t = W_ih x_t + b_ih + W_hh h_{t−1} + b_hh
//! and h_t = f(z_t); backward t = T..1, ∂L/∂h_t = (from the output at t) + W_hhᵀδ_{t+1} and
//! δ_t = ∂L/∂h_t ⊙ f′(z_t) (ReLU selects, as PyTorch's backward does); then the gradients,
//! each a sum over t = 1..T in order, and the error passed back to the layer below.

use crate::engine::kind::{Backward, Math, Upstream};
use crate::engine::{LayerParams, activation};
use crate::layers::recurrent::math::{
    accumulate, passed_back, pre_activation, through_time, total,
};
use crate::layers::recurrent::{Outputs, output_index};
use crate::lesson::Layer;

use super::Rnn;

/// z: the weighted inputs, step by step (T × H).
pub(crate) const Z: usize = 0;
/// h: the hidden states (T × H).
pub(crate) const H: usize = 1;
/// ∂L/∂h (T × H).
pub(crate) const DH: usize = 2;
/// δ = ∂L/∂z (T × H).
pub(crate) const DELTA: usize = 3;

impl Math for Rnn {
    fn buffers(&self, layer: &Layer) -> Vec<usize> {
        let d = self.dims(layer);
        vec![d.t * d.h; 4]
    }

    fn forward(
        &self,
        layer: &Layer,
        p: &LayerParams,
        x: &[f64],
        bufs: &mut [Vec<f64>],
        out: &mut [f64],
    ) {
        let d = self.dims(layer);
        let [z, hs, ..] = bufs else {
            unreachable!("a recurrent layer keeps z, h, ∂L/∂h and δ")
        };
        for t in 0..d.t {
            let (done, now) = hs.split_at_mut(t * d.h);
            let prev = (t > 0).then(|| &done[(t - 1) * d.h..]);
            let zt = &mut z[t * d.h..(t + 1) * d.h];
            pre_activation(p, d, &x[t * d.f..(t + 1) * d.f], prev, zt);
            for (h, &z) in now[..d.h].iter_mut().zip(zt.iter()) {
                *h = activation::apply(self.activation, z);
            }
        }
        match self.outputs {
            Outputs::All => out.copy_from_slice(&hs[..]),
            Outputs::Last => out.copy_from_slice(&hs[(d.t - 1) * d.h..]),
        }
    }

    fn backward(&self, b: Backward<'_>) {
        let d = self.dims(b.layer);
        let [z, hs, dh, delta] = b.bufs else {
            unreachable!("a recurrent layer keeps z, h, ∂L/∂h and δ")
        };
        let Upstream::Grad(error) = b.up else {
            unreachable!("a recurrent layer has no softmax")
        };
        for t in (0..d.t).rev() {
            for j in 0..d.h {
                let from_output = output_index(self.outputs, d, t, j)
                    .map(|ix| error[crate::layers::recurrent::offset(&ix, d.h)]);
                let from_next =
                    (t + 1 < d.t).then(|| through_time(b.p, d, &delta[(t + 1) * d.h..], j));
                let i = t * d.h + j;
                dh[i] = total(from_output, from_next);
                delta[i] = activation::backward(self.activation, z[i], hs[i], dh[i]);
            }
        }
        if let Some(grad) = b.grad {
            accumulate(grad, d, (&delta[..], b.x, &hs[..]), b.first);
        }
        if let Some(dx) = b.dx {
            passed_back(b.p, d, delta, dx);
        }
    }
}
