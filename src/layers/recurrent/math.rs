//! The sums both recurrent kinds take, in the order their formulas write them: the weighted
//! input of each row at one step, the error a step passes back to the one before it through
//! W_hh, the error passed back to the layer below through W_ih, and the gradients summed over
//! the steps (t = 1, 2, … in order, each sum starting at 0).

use crate::engine::LayerParams;

use super::Dims;

/// Which tensor of `LayerParams` is which, in the order `params` lists them.
const W_IH: usize = 0;
const W_HH: usize = 1;
const B_IH: usize = 2;
const B_HH: usize = 3;

/// zᵣ = (Σₖ w_ih[r,k]·xₖ + b_ih[r]) + (Σₖ w_hh[r,k]·h_prev[k] + b_hh[r]) for every row r: the
/// two linear maps PyTorch's cells add; at the first step (h_0 = 0) the second is b_hh alone.
pub(crate) fn pre_activation(
    p: &LayerParams,
    d: Dims,
    x: &[f64],
    prev: Option<&[f64]>,
    z: &mut [f64],
) {
    let (w_ih, w_hh) = (p.slice(W_IH), p.slice(W_HH));
    let (b_ih, b_hh) = (p.slice(B_IH), p.slice(B_HH));
    for (r, zr) in z.iter_mut().enumerate() {
        let input = dot(&w_ih[r * d.f..(r + 1) * d.f], x) + b_ih[r];
        let state = match prev {
            Some(prev) => dot(&w_hh[r * d.h..(r + 1) * d.h], prev) + b_hh[r],
            None => b_hh[r],
        };
        *zr = input + state;
    }
}

/// Σₖ aₖ·bₖ from 0, k in order.
pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).fold(0.0, |s, (a, b)| s + a * b)
}

/// What reaches h_t[j] from step t + 1: Σᵣ w_hh[r,j]·δ_{t+1}[r], r over every row in order.
pub(crate) fn through_time(p: &LayerParams, d: Dims, delta_next: &[f64], j: usize) -> f64 {
    let w_hh = p.slice(W_HH);
    (0..d.rows).fold(0.0, |s, r| s + w_hh[r * d.h + j] * delta_next[r])
}

/// ∂L/∂h_t[j] from its two parts, as the formula adds them: from the output at t (if the
/// layer outputs h_t) and from step t + 1 (if there is one).
pub(crate) fn total(from_output: Option<f64>, from_next: Option<f64>) -> f64 {
    match (from_output, from_next) {
        (Some(a), Some(b)) => a + b,
        (Some(a), None) => a,
        (None, Some(b)) => b,
        (None, None) => 0.0,
    }
}

/// The error passed back to the layer below at every step: Σᵣ w_ih[r,k]·δ_t[r].
pub(crate) fn passed_back(p: &LayerParams, d: Dims, delta: &[f64], dx: &mut [f64]) {
    let w_ih = p.slice(W_IH);
    for t in 0..d.t {
        let dt = &delta[t * d.rows..(t + 1) * d.rows];
        for (k, out) in dx[t * d.f..(t + 1) * d.f].iter_mut().enumerate() {
            *out = (0..d.rows).fold(0.0, |s, r| s + w_ih[r * d.f + k] * dt[r]);
        }
    }
}

/// One sample's gradient of entry [r, k] of W_ih: Σₜ δ_t[r]·x_t[k].
pub(crate) fn grad_w_ih(d: Dims, delta: &[f64], x: &[f64], (r, k): (usize, usize)) -> f64 {
    (0..d.t).fold(0.0, |s, t| s + delta[t * d.rows + r] * x[t * d.f + k])
}

/// One sample's gradient of entry [r, k] of W_hh: Σₜ₌₂ δ_t[r]·h_{t−1}[k] (h_0 = 0 adds
/// nothing at t = 1).
pub(crate) fn grad_w_hh(d: Dims, delta: &[f64], hs: &[f64], (r, k): (usize, usize)) -> f64 {
    (1..d.t).fold(0.0, |s, t| {
        s + delta[t * d.rows + r] * hs[(t - 1) * d.h + k]
    })
}

/// One sample's gradient of bias row r (either bias): Σₜ δ_t[r].
pub(crate) fn grad_bias(d: Dims, delta: &[f64], r: usize) -> f64 {
    (0..d.t).fold(0.0, |s, t| s + delta[t * d.rows + r])
}

/// grad += this sample's gradient (the first sample of a batch sets it), each entry summed
/// over the steps in full before it is added.
pub(crate) fn accumulate(
    grad: &mut LayerParams,
    d: Dims,
    (delta, x, hs): (&[f64], &[f64], &[f64]),
    first: bool,
) {
    let add = |g: &mut f64, s: f64| *g = if first { s } else { *g + s };
    for (i, g) in grad.slice_mut(W_IH).iter_mut().enumerate() {
        add(g, grad_w_ih(d, delta, x, (i / d.f, i % d.f)));
    }
    for (i, g) in grad.slice_mut(W_HH).iter_mut().enumerate() {
        add(g, grad_w_hh(d, delta, hs, (i / d.h, i % d.h)));
    }
    for slot in [B_IH, B_HH] {
        for (r, g) in grad.slice_mut(slot).iter_mut().enumerate() {
            add(g, grad_bias(d, delta, r));
        }
    }
}
