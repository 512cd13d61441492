//! Attention's math, exactly as its formulas are written: every sum from 0 in index order,
//! the scores divided by √d_h, the softmax over the keys a query may see (shifted by their
//! largest score), the masked weights exactly 0. Backward through the output projection,
//! the context, the softmax (∂L/∂S = attn·(∂L/∂attn − Σₛ attn·∂L/∂attn)) and the three
//! projections; the error passed back is the sum of the query's, the key's and the value's.

use crate::engine::kind::{Backward, Math, Upstream};
use crate::engine::{LayerParams, activation};
use crate::lesson::Layer;

use super::Attention;

// Buffers, per sample.
pub(crate) const Q: usize = 0;
pub(crate) const K: usize = 1;
pub(crate) const V: usize = 2;
/// The scaled scores before the mask (the mask is applied when a step is read).
pub(crate) const SCORE: usize = 3;
pub(crate) const ATTN: usize = 4;
pub(crate) const CTX: usize = 5;
pub(crate) const DELTA: usize = 6;
pub(crate) const DCTX: usize = 7;
pub(crate) const DATTN: usize = 8;
pub(crate) const DSCORE: usize = 9;
pub(crate) const DQ: usize = 10;
pub(crate) const DK: usize = 11;
pub(crate) const DV: usize = 12;

/// Σₖ w\[i,k\]·x\[k\] + b\[i\] for every i, W row-major (d_out × d_in).
fn project(w: &[f64], b: &[f64], x: &[f64], out: &mut [f64]) {
    let m = x.len();
    for (i, o) in out.iter_mut().enumerate() {
        let s = w[i * m..(i + 1) * m]
            .iter()
            .zip(x)
            .fold(0.0, |s, (w, x)| s + w * x);
        *o = s + b[i];
    }
}

impl Attention {
    /// The flat offset of (head, query, key) in a score-shaped buffer.
    pub(crate) fn at(positions: usize, h: usize, t: usize, s: usize) -> usize {
        (h * positions + t) * positions + s
    }

    /// √d_h, which every score is divided by.
    pub(crate) fn scale(dh: usize) -> f64 {
        (dh as f64).sqrt()
    }
}

impl Math for Attention {
    fn buffers(&self, layer: &Layer) -> Vec<usize> {
        let (t, d, h, _) = self.dims(layer);
        let (vec, sq) = (t * d, h * t * t);
        vec![vec, vec, vec, sq, sq, vec, vec, vec, sq, sq, vec, vec, vec]
    }

    fn forward(
        &self,
        layer: &Layer,
        p: &LayerParams,
        x: &[f64],
        bufs: &mut [Vec<f64>],
        out: &mut [f64],
    ) {
        let (positions, d, heads, dh) = self.dims(layer);
        let scale = Attention::scale(dh);
        for t in 0..positions {
            let (xt, r) = (&x[t * d..(t + 1) * d], t * d..(t + 1) * d);
            project(p.slice(0), p.slice(4), xt, &mut bufs[Q][r.clone()]);
            project(p.slice(1), p.slice(5), xt, &mut bufs[K][r.clone()]);
            project(p.slice(2), p.slice(6), xt, &mut bufs[V][r]);
        }
        for h in 0..heads {
            let cs = h * dh..(h + 1) * dh;
            for t in 0..positions {
                for s in 0..positions {
                    let dot = cs
                        .clone()
                        .fold(0.0, |a, c| a + bufs[Q][t * d + c] * bufs[K][s * d + c]);
                    bufs[SCORE][Attention::at(positions, h, t, s)] = dot / scale;
                }
                let row = Attention::at(positions, h, t, 0);
                let keys = self.keys(t, positions);
                let seen: Vec<f64> = bufs[SCORE][row + keys.start..row + keys.end].to_vec();
                let attn = &mut bufs[ATTN];
                attn[row..row + positions].fill(0.0);
                activation::softmax(&seen, &mut attn[row + keys.start..row + keys.end]);
            }
        }
        for t in 0..positions {
            for c in 0..d {
                let h = c / dh;
                let s = self.keys(t, positions).fold(0.0, |a, s| {
                    a + bufs[ATTN][Attention::at(positions, h, t, s)] * bufs[V][s * d + c]
                });
                bufs[CTX][t * d + c] = s;
            }
            let r = t * d..(t + 1) * d;
            project(p.slice(3), p.slice(7), &bufs[CTX][r.clone()], &mut out[r]);
        }
    }

    fn backward(&self, b: Backward<'_>) {
        let Upstream::Grad(g) = b.up else {
            unreachable!("attention has no softmax output")
        };
        let (positions, d, heads, dh) = self.dims(b.layer);
        let scale = Attention::scale(dh);
        let bufs = b.bufs;
        let p = b.p;
        bufs[DELTA].copy_from_slice(g);
        // ∂L/∂c[t,c] = Σᵢ w_o[i,c]·δ[t,i].
        let wo = p.slice(3);
        for t in 0..positions {
            for c in 0..d {
                bufs[DCTX][t * d + c] =
                    (0..d).fold(0.0, |a, i| a + wo[i * d + c] * bufs[DELTA][t * d + i]);
            }
        }
        for h in 0..heads {
            let cs = h * dh..(h + 1) * dh;
            for t in 0..positions {
                for s in 0..positions {
                    let v = cs
                        .clone()
                        .fold(0.0, |a, c| a + bufs[DCTX][t * d + c] * bufs[V][s * d + c]);
                    bufs[DATTN][Attention::at(positions, h, t, s)] = v;
                }
                let row = Attention::at(positions, h, t, 0);
                let through = self
                    .keys(t, positions)
                    .fold(0.0, |a, s| a + bufs[ATTN][row + s] * bufs[DATTN][row + s]);
                for s in 0..positions {
                    bufs[DSCORE][row + s] = bufs[ATTN][row + s] * (bufs[DATTN][row + s] - through);
                }
            }
        }
        for t in 0..positions {
            for c in 0..d {
                let h = c / dh;
                let dq = self.keys(t, positions).fold(0.0, |a, s| {
                    a + bufs[DSCORE][Attention::at(positions, h, t, s)] * bufs[K][s * d + c]
                });
                bufs[DQ][t * d + c] = dq / scale;
                let dk = self.queries(t, positions).fold(0.0, |a, u| {
                    a + bufs[DSCORE][Attention::at(positions, h, u, t)] * bufs[Q][u * d + c]
                });
                bufs[DK][t * d + c] = dk / scale;
                bufs[DV][t * d + c] = self.queries(t, positions).fold(0.0, |a, u| {
                    a + bufs[ATTN][Attention::at(positions, h, u, t)] * bufs[DCTX][u * d + c]
                });
            }
        }
        if let Some(dx) = b.dx {
            for t in 0..positions {
                for k in 0..d {
                    let path = |w: &[f64], g: &[f64]| {
                        (0..d).fold(0.0, |a, i| a + w[i * d + k] * g[t * d + i])
                    };
                    dx[t * d + k] = path(p.slice(0), &bufs[DQ])
                        + path(p.slice(1), &bufs[DK])
                        + path(p.slice(2), &bufs[DV]);
                }
            }
        }
        let Some(grad) = b.grad else { return };
        let first = b.first;
        let x = b.x;
        // Weights: Σₜ g[t,i]·input[t,k]; biases: Σₜ g[t,i]; for q, k, v (input x) and o
        // (input the context).
        let sources = [(DQ, false), (DK, false), (DV, false), (DELTA, true)];
        for (n, &(src, on_ctx)) in sources.iter().enumerate() {
            let input: &[f64] = if on_ctx { &bufs[CTX] } else { x };
            let gsrc = &bufs[src];
            let w = grad.slice_mut(n);
            for i in 0..d {
                for k in 0..d {
                    let s = (0..positions).fold(0.0, |a, t| a + gsrc[t * d + i] * input[t * d + k]);
                    w[i * d + k] = if first { s } else { w[i * d + k] + s };
                }
            }
            let bias = grad.slice_mut(n + 4);
            for i in 0..d {
                let s = (0..positions).fold(0.0, |a, t| a + gsrc[t * d + i]);
                bias[i] = if first { s } else { bias[i] + s };
            }
        }
    }
}
