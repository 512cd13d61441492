//! The steps both recurrent kinds end their backward pass with: for each row of their
//! weights, the gradients of its biases and of its rows of W_ih and W_hh, each summed over
//! the steps exactly as the engine sums it.

use crate::layers::Tensor;
use crate::trace::Quantity;
use crate::trace::StepId;
use crate::trace::kind::{LayerValues, Segment};

use super::Dims;
use super::math::{grad_bias, grad_w_hh, grad_w_ih};

/// For each of `rows` rows: the gradients of its two biases, then of its row of W_ih (`f`
/// inputs) and of W_hh (`h` units).
pub(crate) fn gradient_steps(rows: usize, f: usize, h: usize) -> Segment {
    Segment::interleaved(
        &[rows],
        &[
            (Quantity::Grad(Tensor::BIh), &[]),
            (Quantity::Grad(Tensor::BHh), &[]),
            (Quantity::Grad(Tensor::WIh), &[f]),
            (Quantity::Grad(Tensor::WHh), &[h]),
        ],
    )
}

/// One sample's gradient of a recurrent layer's parameter, summed over the steps exactly as
/// the engine sums it; `bufs` are the buffers of δ and h.
pub(crate) fn gradient_value(
    v: &LayerValues<'_>,
    (tensor, id): (Tensor, &StepId),
    (delta, hs): (usize, usize),
    d: Dims,
) -> f64 {
    let (delta, hs) = (v.buffer(delta), v.buffer(hs));
    let (r, k) = (id.ix.j(), id.ix.k().unwrap_or(0));
    match tensor {
        Tensor::WIh => grad_w_ih(d, delta, v.input(), (r, k)),
        Tensor::WHh => grad_w_hh(d, delta, hs, (r, k)),
        _ => grad_bias(d, delta, r),
    }
}
