//! The LSTM's math, as PyTorch's LSTM cell computes it in float64: forward t = 1..T, the
//! stacked weighted input z_t, the gates i = σ(z_i), f = σ(z_f), g = tanh(z_g), o = σ(z_o),
//! c_t = f⊙c_{t−1} + i⊙g and h_t = o⊙tanh(c_t); backward t = T..1, ∂L/∂h_t from the output
//! at t and from step t + 1 through W_hh, ∂L/∂c_t through h_t and from step t + 1 through the
//! forget gate, and each gate's δ; then the gradients, sums over t = 1..T in order.

use crate::engine::LayerParams;
use crate::engine::activation::{one_minus_square, sigmoid};
use crate::engine::kind::{Backward, Math, Upstream};
use crate::layers::recurrent::math::{
    accumulate, passed_back, pre_activation, through_time, total,
};
use crate::layers::recurrent::{Dims, Outputs, offset, output_index};
use crate::lesson::Layer;

use super::Lstm;

/// z: the stacked weighted inputs (T × 4H).
pub(crate) const Z: usize = 0;
/// The gates i, f, g, o after their functions, stacked like z (T × 4H).
pub(crate) const GATES: usize = 1;
/// c: the cell states (T × H).
pub(crate) const C: usize = 2;
/// h: the hidden states (T × H).
pub(crate) const H: usize = 3;
/// ∂L/∂h (T × H).
pub(crate) const DH: usize = 4;
/// ∂L/∂c (T × H).
pub(crate) const DC: usize = 5;
/// δ = ∂L/∂z, stacked like z (T × 4H).
pub(crate) const DELTA: usize = 6;

/// Row j of gate block `b` (0 i, 1 f, 2 g, 3 o) at step t, in a T × 4H buffer.
pub(crate) fn gate_at(d: Dims, t: usize, b: usize, j: usize) -> usize {
    t * d.rows + b * d.h + j
}

impl Math for Lstm {
    fn buffers(&self, layer: &Layer) -> Vec<usize> {
        let d = self.dims(layer);
        let (wide, narrow) = (d.t * d.rows, d.t * d.h);
        vec![wide, wide, narrow, narrow, narrow, narrow, wide]
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
        let [z, gates, cs, hs, ..] = bufs else {
            unreachable!("an LSTM keeps z, its gates, c, h, ∂L/∂h, ∂L/∂c and δ")
        };
        for t in 0..d.t {
            let (done, now) = hs.split_at_mut(t * d.h);
            let prev = (t > 0).then(|| &done[(t - 1) * d.h..]);
            let zt = &mut z[t * d.rows..(t + 1) * d.rows];
            pre_activation(p, d, &x[t * d.f..(t + 1) * d.f], prev, zt);
            for j in 0..d.h {
                let at = |b: usize| gate_at(d, t, b, j);
                let i = sigmoid(z[at(0)]);
                let f = sigmoid(z[at(1)]);
                let g = z[at(2)].tanh();
                let o = sigmoid(z[at(3)]);
                for (b, v) in [i, f, g, o].into_iter().enumerate() {
                    gates[at(b)] = v;
                }
                let c = if t > 0 {
                    f * cs[(t - 1) * d.h + j] + i * g
                } else {
                    i * g
                };
                cs[t * d.h + j] = c;
                now[j] = o * c.tanh();
            }
        }
        match self.outputs {
            Outputs::All => out.copy_from_slice(&hs[..]),
            Outputs::Last => out.copy_from_slice(&hs[(d.t - 1) * d.h..]),
        }
    }

    fn backward(&self, b: Backward<'_>) {
        let d = self.dims(b.layer);
        let [_, gates, cs, hs, dh, dc, delta] = b.bufs else {
            unreachable!("an LSTM keeps z, its gates, c, h, ∂L/∂h, ∂L/∂c and δ")
        };
        let Upstream::Grad(error) = b.up else {
            unreachable!("an LSTM has no softmax")
        };
        for t in (0..d.t).rev() {
            for j in 0..d.h {
                let from_output =
                    output_index(self.outputs, d, t, j).map(|ix| error[offset(&ix, d.h)]);
                let from_next =
                    (t + 1 < d.t).then(|| through_time(b.p, d, &delta[(t + 1) * d.rows..], j));
                let s = t * d.h + j;
                dh[s] = total(from_output, from_next);
                let g = |b: usize| gates[gate_at(d, t, b, j)];
                let c = cs[s];
                let through_state = dh[s] * g(3) * one_minus_square(c.tanh());
                dc[s] = if t + 1 < d.t {
                    through_state + dc[s + d.h] * gates[gate_at(d, t + 1, 1, j)]
                } else {
                    through_state
                };
                let c_prev = if t > 0 { cs[s - d.h] } else { 0.0 };
                let (i, f, gc, o) = (g(0), g(1), g(2), g(3));
                delta[gate_at(d, t, 0, j)] = dc[s] * gc * (i * (1.0 - i));
                delta[gate_at(d, t, 1, j)] = dc[s] * c_prev * (f * (1.0 - f));
                delta[gate_at(d, t, 2, j)] = dc[s] * i * one_minus_square(gc);
                delta[gate_at(d, t, 3, j)] = dh[s] * c.tanh() * (o * (1.0 - o));
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
