//! The dense layer's math: zⱼ = Σₖ wⱼₖ·aₖ + bⱼ, aⱼ = f(zⱼ) forward; δⱼ = (∂L/∂aⱼ)·f′(zⱼ),
//! ∂L/∂wⱼₖ = δⱼ·aₖ, ∂L/∂bⱼ = δⱼ and the error passed back Σⱼ wⱼₖ·δⱼ backward. Every sum
//! starts at 0 and adds its terms in index order, exactly as the formulas are written.

use crate::engine::kind::{Backward, Math, Upstream};
use crate::engine::{LayerParams, activation};
use crate::layers::Tensor;
use crate::lesson::{Activation, Layer};

use super::Dense;

/// z: the weighted inputs, position by position.
pub(crate) const Z: usize = 0;
/// δ = ∂L/∂z.
pub(crate) const DELTA: usize = 1;

impl Math for Dense {
    fn buffers(&self, layer: &Layer) -> Vec<usize> {
        let mut out = vec![layer.output.len(); 2];
        if let Some(lora) = self.lora {
            out.extend([layer.input.positions() * lora.rank; 2]);
        }
        out
    }

    fn column_major(&self, tensor: Tensor) -> bool {
        tensor == Tensor::W
    }

    fn forward(
        &self,
        layer: &Layer,
        p: &LayerParams,
        x: &[f64],
        bufs: &mut [Vec<f64>],
        out: &mut [f64],
    ) {
        let (n, m) = (Dense::neurons(layer), Dense::fan_in(layer));
        let (w, b) = (p.slice(0), p.slice(1));
        for t in 0..Dense::positions(layer) {
            let xt = &x[t * m..(t + 1) * m];
            let z = &mut bufs[Z][t * n..(t + 1) * n];
            weighted_sums(w, xt, b, z);
            if let Some(lora) = self.lora {
                // u = A·x, then z += (α/r)·(B·u): W's path and the low-rank path, as peft adds them.
                let (a, bb, r) = (p.slice(2), p.slice(3), lora.rank);
                let u: Vec<f64> = (0..r)
                    .map(|i| (0..m).fold(0.0, |s, k| s + a[i * m + k] * xt[k]))
                    .collect();
                let z = &mut bufs[Z][t * n..(t + 1) * n];
                for (j, zj) in z.iter_mut().enumerate() {
                    let up = (0..r).fold(0.0, |s, i| s + bb[j * r + i] * u[i]);
                    *zj += lora.scale() * up;
                }
                bufs[super::lora::DOWN][t * r..(t + 1) * r].copy_from_slice(&u);
            }
            let z = &bufs[Z][t * n..(t + 1) * n];
            activate(self.activation, z, &mut out[t * n..(t + 1) * n]);
        }
    }

    fn backward(&self, b: Backward<'_>) {
        let (n, m) = (Dense::neurons(b.layer), Dense::fan_in(b.layer));
        let positions = Dense::positions(b.layer);
        let (zd, lora_bufs) = b.bufs.split_at_mut(2);
        let [z, delta] = zd else {
            unreachable!("a dense layer keeps z and δ")
        };
        match b.up {
            Upstream::SoftmaxCe { y, positions } => {
                for ((d, &a), &y) in delta.iter_mut().zip(b.out).zip(y) {
                    *d = if positions > 1 {
                        (a - y) / positions as f64
                    } else {
                        a - y
                    };
                }
            }
            Upstream::Grad(g) => {
                // As PyTorch's backward takes it: ReLU selects (see activation::backward).
                for (((d, &g), &z), &a) in delta.iter_mut().zip(g).zip(z.iter()).zip(b.out) {
                    *d = activation::backward(self.activation, z, a, g);
                }
            }
        }
        let w = b.p.slice(0);
        if let Some(lora) = self.lora {
            let (down, ddown) = lora_bufs.split_at_mut(1);
            let (down, ddown) = (&down[0], &mut ddown[0]);
            let (a, bb, r, s) = (b.p.slice(2), b.p.slice(3), lora.rank, lora.scale());
            for t in 0..positions {
                for i in 0..r {
                    let back = (0..n).fold(0.0, |acc, j| acc + bb[j * r + i] * delta[t * n + j]);
                    ddown[t * r + i] = s * back;
                }
            }
            if let Some(grad) = b.grad {
                let add = |g: &mut f64, v: f64| *g = if b.first { v } else { *g + v };
                for i in 0..r {
                    for k in 0..m {
                        let v = (0..positions)
                            .fold(0.0, |acc, t| acc + ddown[t * r + i] * b.x[t * m + k]);
                        add(&mut grad.slice_mut(2)[i * m + k], v);
                    }
                }
                for j in 0..n {
                    for i in 0..r {
                        let v = (0..positions)
                            .fold(0.0, |acc, t| acc + delta[t * n + j] * down[t * r + i]);
                        add(&mut grad.slice_mut(3)[j * r + i], s * v);
                    }
                }
            }
            if let Some(dx) = b.dx {
                for t in 0..positions {
                    let dxt = &mut dx[t * m..(t + 1) * m];
                    passed_back(w, &delta[t * n..(t + 1) * n], dxt);
                    for (k, d) in dxt.iter_mut().enumerate() {
                        *d += (0..r).fold(0.0, |acc, i| acc + a[i * m + k] * ddown[t * r + i]);
                    }
                }
            }
            return;
        }
        if let Some(grad) = b.grad {
            if positions == 1 {
                accumulate(grad, delta, b.x, b.first);
            } else {
                accumulate_positions(grad, delta, b.x, b.first, (positions, n, m));
            }
        }
        if let Some(dx) = b.dx {
            for t in 0..positions {
                passed_back(w, &delta[t * n..(t + 1) * n], &mut dx[t * m..(t + 1) * m]);
            }
        }
    }

    fn logits<'a>(&self, bufs: &'a [Vec<f64>]) -> Option<&'a [f64]> {
        Some(&bufs[Z])
    }
}

/// a = f(z) for a layer (softmax over the whole layer).
pub(crate) fn activate(act: Activation, z: &[f64], a: &mut [f64]) {
    if act == Activation::Softmax {
        activation::softmax(z, a);
    } else {
        for (a, &z) in a.iter_mut().zip(z) {
            *a = activation::apply(act, z);
        }
    }
}

/// zⱼ = (Σₖ wⱼₖ aₖ) + bⱼ, with W column-major. Each sum starts at 0 and adds k = 1, 2, … in
/// order, exactly as the formula is written; taking one k for every j at once lets the CPU
/// work on many neurons in parallel without changing any sum's order.
pub(crate) fn weighted_sums(w: &[f64], a: &[f64], b: &[f64], z: &mut [f64]) {
    crate::engine::wide::dispatch!(weighted_sums_body(w, a, b, z))
}

#[inline(always)]
fn weighted_sums_body(w: &[f64], a: &[f64], b: &[f64], z: &mut [f64]) {
    // Blocks of BLOCK neurons keep their sums in registers while k runs over every input.
    const BLOCK: usize = 16;
    let rows = z.len();
    let full = rows - rows % BLOCK;
    for start in (0..full).step_by(BLOCK) {
        let mut acc = [0.0; BLOCK];
        for (col, &ak) in w.chunks_exact(rows).zip(a) {
            let col: &[f64; BLOCK] = col[start..start + BLOCK].try_into().unwrap();
            for r in 0..BLOCK {
                acc[r] += col[r] * ak;
            }
        }
        for r in 0..BLOCK {
            z[start + r] = acc[r] + b[start + r];
        }
    }
    let mut acc = [0.0; BLOCK];
    for (col, &ak) in w.chunks_exact(rows).zip(a) {
        for (s, &wjk) in acc.iter_mut().zip(&col[full..]) {
            *s += wjk * ak;
        }
    }
    for ((zj, s), &bj) in z[full..].iter_mut().zip(acc).zip(&b[full..]) {
        *zj = s + bj;
    }
}

/// The error passed back to each input k: Σⱼ wⱼₖ·δⱼ, j in order. Column k of the
/// column-major W holds wⱼₖ for every j.
pub(crate) fn passed_back(w: &[f64], delta: &[f64], dx: &mut [f64]) {
    for (dk, col) in dx.iter_mut().zip(w.chunks_exact(delta.len())) {
        *dk = col.iter().zip(delta).fold(0.0, |s, (w, d)| s + w * d);
    }
}

/// grad += this sample's gradient on a vector: ∂L/∂wⱼₖ = δⱼ·aₖ, ∂L/∂bⱼ = δⱼ (the first
/// sample of a batch sets it instead).
fn accumulate(grad: &mut LayerParams, delta: &[f64], a: &[f64], first: bool) {
    for (col, &ak) in grad.slice_mut(0).chunks_exact_mut(delta.len()).zip(a) {
        for (g, &dj) in col.iter_mut().zip(delta) {
            *g = if first { dj * ak } else { *g + dj * ak };
        }
    }
    for (g, &dj) in grad.slice_mut(1).iter_mut().zip(delta) {
        *g = if first { dj } else { *g + dj };
    }
}

/// grad += this sample's gradient on a sequence: ∂L/∂wⱼₖ = Σₜ δ[t,j]·a[t,k] and
/// ∂L/∂bⱼ = Σₜ δ[t,j], each sum over positions in order, then added to the batch's.
fn accumulate_positions(
    grad: &mut LayerParams,
    delta: &[f64],
    a: &[f64],
    first: bool,
    (positions, n, m): (usize, usize, usize),
) {
    let add = |g: &mut f64, s: f64| *g = if first { s } else { *g + s };
    let w = grad.slice_mut(0);
    for k in 0..m {
        for j in 0..n {
            let s = (0..positions).fold(0.0, |s, t| s + delta[t * n + j] * a[t * m + k]);
            add(&mut w[k * n + j], s);
        }
    }
    let b = grad.slice_mut(1);
    for (j, g) in b.iter_mut().enumerate() {
        let s = (0..positions).fold(0.0, |s, t| s + delta[t * n + j]);
        add(g, s);
    }
}
