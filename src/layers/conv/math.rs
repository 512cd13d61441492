//! The convolution's math, as `nn.Conv2d` computes it in float64, with every sum in the order
//! its formula writes it:
//!
//! - forward: z[o,i,j] = (Σ_c Σ_u Σ_v w[o,c,u,v]·x[c, s·i+u, s·j+v]) + b[o] over the padded
//!   input x (zeros around the image), then a = f(z);
//! - backward: δ = ∂L/∂a · f′(z) (ReLU selects), ∂L/∂w[o,c,u,v] = Σ_i Σ_j δ[o,i,j]·x[c,
//!   s·i+u, s·j+v], ∂L/∂b[o] = Σ_i Σ_j δ[o,i,j], and the error passed back to each input,
//!   the sum over every output that read it, outputs in row-major order (o, i, j).
//!
//! The loops keep each sum's order and still let the CPU work on several sums at once: the
//! forward pass holds a block of one output row's sums in registers while (c, u, v) runs; the
//! error passed back adds one weight times a row of δ to a row of inputs; the weight gradients
//! of every output channel are summed side by side, from δ laid out channel-last.

use crate::engine::kind::{Backward, Math, Upstream};
use crate::engine::{LayerParams, activation};
use crate::lesson::Layer;

use super::{Conv2d, Dims};

/// z: the weighted inputs, O × OH × OW.
pub(crate) const Z: usize = 0;
/// δ = ∂L/∂z, O × OH × OW.
pub(crate) const DELTA: usize = 1;
// Then the padded input, C × Hp × Wp (empty without padding: the input is read as it is);
// δ channel-last, OH × OW × O (O rounded up to whole lanes, the rest zeros), so that every
// channel's weight gradient sums side by side; and δ with kw − 1 zeros at both ends of each
// row, so that the error passed back to a row of inputs reads whole rows of δ.

/// Channels of δ laid out channel-last: O rounded up to a multiple of 4.
fn lanes(d: &Dims) -> usize {
    d.o.div_ceil(4) * 4
}

/// A row of δ with its margins of zeros.
fn margined(d: &Dims) -> usize {
    d.ow + 2 * (d.kw - 1)
}

impl Math for Conv2d {
    fn buffers(&self, layer: &Layer) -> Vec<usize> {
        let d = self.dims(layer);
        let out = d.o * d.plane();
        let pad = if d.padded() { d.c * d.hp * d.wp } else { 0 };
        vec![
            out,
            out,
            pad,
            d.plane() * lanes(&d),
            d.o * d.oh * margined(&d),
        ]
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
        let [z, _, pad, _, _] = bufs else {
            unreachable!("a convolution keeps z, δ, the padded input and two layouts of δ")
        };
        let xp: &[f64] = if d.padded() {
            fill_padded(x, pad, &d);
            &pad[..]
        } else {
            x
        };
        correlate(&d, (p.slice(0), p.slice(1)), xp, z);
        for (a, &z) in out.iter_mut().zip(z.iter()) {
            *a = activation::apply(self.activation, z);
        }
    }

    fn backward(&self, b: Backward<'_>) {
        let d = self.dims(b.layer);
        let [z, delta, pad, delta_t, delta_m] = b.bufs else {
            unreachable!("a convolution keeps z, δ, the padded input and two layouts of δ")
        };
        let Upstream::Grad(g) = b.up else {
            unreachable!("a convolution has no softmax")
        };
        // As PyTorch's backward takes it: ReLU selects (see activation::backward).
        for (((d, &g), &z), &a) in delta.iter_mut().zip(g).zip(z.iter()).zip(b.out) {
            *d = activation::backward(self.activation, z, a, g);
        }
        if let Some(grad) = b.grad {
            let plane = d.plane();
            let lanes = lanes(&d);
            for (o, map) in delta.chunks_exact(plane).enumerate() {
                for (ij, &v) in map.iter().enumerate() {
                    delta_t[ij * lanes + o] = v;
                }
            }
            let xp: &[f64] = if d.padded() { &pad[..] } else { b.x };
            weight_gradients(&d, xp, delta_t, grad, b.first);
            for (o, g) in grad.slice_mut(1).iter_mut().enumerate() {
                let s = delta[o * plane..(o + 1) * plane]
                    .iter()
                    .fold(0.0, |s, &v| s + v);
                *g = if b.first { s } else { *g + s };
            }
        }
        if let Some(dx) = b.dx {
            if d.sw == 1 {
                let (m, row) = (d.kw - 1, margined(&d));
                for (r, from) in delta.chunks_exact(d.ow).enumerate() {
                    delta_m[r * row + m..][..d.ow].copy_from_slice(from);
                }
                gathered(&d, b.p.slice(0), delta_m, dx);
            } else {
                passed_back(&d, b.p.slice(0), delta, dx);
            }
        }
    }
}

/// The input with `ph`, `pw` zeros around every channel.
fn fill_padded(x: &[f64], pad: &mut [f64], d: &Dims) {
    pad.fill(0.0);
    for c in 0..d.c {
        for y in 0..d.h {
            let from = &x[(c * d.h + y) * d.w..][..d.w];
            pad[(c * d.hp + y + d.ph) * d.wp + d.pw..][..d.w].copy_from_slice(from);
        }
    }
}

/// z = (Σ_c Σ_u Σ_v w·x) + b for every output, x padded.
pub(crate) fn correlate(d: &Dims, wb: (&[f64], &[f64]), xp: &[f64], z: &mut [f64]) {
    crate::engine::wide::dispatch!(correlate_body(d, wb, xp, z))
}

/// How many outputs of a row one block computes side by side, of the `left` still to do: the
/// widest of the compiled widths that fits.
fn block_width(left: usize) -> usize {
    match left {
        r if r >= 24 => 24,
        r if r >= 16 => 16,
        12 => 12,
        r if r >= 8 => 8,
        r if r >= 4 => 4,
        _ => 1,
    }
}

#[inline(always)]
fn correlate_body(d: &Dims, (w, b): (&[f64], &[f64]), xp: &[f64], z: &mut [f64]) {
    let fan_in = d.fan_in();
    for o in 0..d.o {
        let w_o = &w[o * fan_in..(o + 1) * fan_in];
        for i in 0..d.oh {
            let row = &mut z[(o * d.oh + i) * d.ow..][..d.ow];
            let mut j0 = 0;
            while j0 < d.ow {
                let n = block_width(d.ow - j0);
                let out = &mut row[j0..j0 + n];
                match n {
                    24 => block::<24>(d, w_o, xp, (i, j0), out),
                    16 => block::<16>(d, w_o, xp, (i, j0), out),
                    12 => block::<12>(d, w_o, xp, (i, j0), out),
                    8 => block::<8>(d, w_o, xp, (i, j0), out),
                    4 => block::<4>(d, w_o, xp, (i, j0), out),
                    _ => block::<1>(d, w_o, xp, (i, j0), out),
                }
                for zj in out.iter_mut() {
                    *zj += b[o];
                }
                j0 += n;
            }
        }
    }
}

/// N neighbouring outputs of one row, (i, j0..j0+N), their sums kept in registers while
/// (c, u, v) runs: each sum starts at 0 and adds its terms in the formula's order.
#[inline(always)]
fn block<const N: usize>(
    d: &Dims,
    w_o: &[f64],
    xp: &[f64],
    (i, j0): (usize, usize),
    out: &mut [f64],
) {
    let mut acc = [0.0; N];
    for c in 0..d.c {
        for u in 0..d.kh {
            let row = &xp[(c * d.hp + d.sh * i + u) * d.wp..][..d.wp];
            let w_row = &w_o[(c * d.kh + u) * d.kw..][..d.kw];
            if d.sw == 1 {
                for (v, &wv) in w_row.iter().enumerate() {
                    let x: &[f64; N] = row[j0 + v..j0 + v + N].try_into().unwrap();
                    for r in 0..N {
                        acc[r] += wv * x[r];
                    }
                }
            } else {
                for (v, &wv) in w_row.iter().enumerate() {
                    for r in 0..N {
                        acc[r] += wv * row[d.sw * (j0 + r) + v];
                    }
                }
            }
        }
    }
    out.copy_from_slice(&acc);
}

/// ∂L/∂w[o,c,u,v] = Σ_i Σ_j δ[o,i,j]·x[c, s·i+u, s·j+v], (i, j) in row-major order, for every
/// o at once (δ channel-last); set on the first sample of a batch, otherwise computed in full
/// and then added.
fn weight_gradients(d: &Dims, xp: &[f64], delta_t: &[f64], grad: &mut LayerParams, first: bool) {
    crate::engine::wide::dispatch!(weight_gradients_body(d, (xp, delta_t), grad, first))
}

#[inline(always)]
fn weight_gradients_body(
    d: &Dims,
    (xp, delta_t): (&[f64], &[f64]),
    grad: &mut LayerParams,
    first: bool,
) {
    let lanes = lanes(d);
    let gw = grad.slice_mut(0);
    for c in 0..d.c {
        for u in 0..d.kh {
            let mut v0 = 0;
            while v0 < d.kw {
                let nv = (d.kw - v0).min(4);
                let mut o0 = 0;
                while o0 < lanes {
                    let wide = lanes - o0 >= 8;
                    let at = (c, u, v0, o0);
                    let io = (xp, delta_t);
                    match (wide, nv) {
                        (true, 4) => kernel_block::<8, 4>(d, io, at, (gw, first)),
                        (true, 3) => kernel_block::<8, 3>(d, io, at, (gw, first)),
                        (true, 2) => kernel_block::<8, 2>(d, io, at, (gw, first)),
                        (true, _) => kernel_block::<8, 1>(d, io, at, (gw, first)),
                        (false, 4) => kernel_block::<4, 4>(d, io, at, (gw, first)),
                        (false, 3) => kernel_block::<4, 3>(d, io, at, (gw, first)),
                        (false, 2) => kernel_block::<4, 2>(d, io, at, (gw, first)),
                        (false, _) => kernel_block::<4, 1>(d, io, at, (gw, first)),
                    }
                    o0 += if wide { 8 } else { 4 };
                }
                v0 += nv;
            }
        }
    }
}

/// ∂L/∂w[o,c,u,v] of N channels o0.. and V kernel columns v0.. at once, each a sum over
/// (i, j) in row-major order kept in a register (V·N sums side by side, so that no sum waits
/// for the one before it); set on the first sample of a batch, otherwise then added.
#[inline(always)]
fn kernel_block<const N: usize, const V: usize>(
    d: &Dims,
    (xp, delta_t): (&[f64], &[f64]),
    (c, u, v0, o0): (usize, usize, usize, usize),
    (gw, first): (&mut [f64], bool),
) {
    let lanes = lanes(d);
    let mut acc = [[0.0; N]; V];
    for i in 0..d.oh {
        let row = &xp[(c * d.hp + d.sh * i + u) * d.wp..][..d.wp];
        for j in 0..d.ow {
            let ds: &[f64; N] = delta_t[(i * d.ow + j) * lanes + o0..][..N]
                .try_into()
                .unwrap();
            // Kernel columns v0.. read neighbouring inputs, whatever the stride.
            let xs: &[f64; V] = row[d.sw * j + v0..][..V].try_into().unwrap();
            for t in 0..V {
                for r in 0..N {
                    acc[t][r] += ds[r] * xs[t];
                }
            }
        }
    }
    let fan_in = d.fan_in();
    for (t, sums) in acc.iter().enumerate() {
        let at = (c * d.kh + u) * d.kw + v0 + t;
        for (r, &sum) in sums.iter().enumerate().take(d.o.saturating_sub(o0)) {
            let g = &mut gw[(o0 + r) * fan_in + at];
            *g = if first { sum } else { *g + sum };
        }
    }
}

/// The error passed back with stride 1, row by row of the input: each input's sum over the
/// outputs (o, i, j) that read it, in row-major order, kept in a register while (o, u, v)
/// run — u and v backwards, so that i and j go forwards. δ's rows have kw − 1 zeros at each
/// end, so a whole row of inputs reads whole rows of δ; the zeros' products change no sum.
fn gathered(d: &Dims, w: &[f64], delta_m: &[f64], dx: &mut [f64]) {
    crate::engine::wide::dispatch!(gathered_body(d, w, delta_m, dx))
}

#[inline(always)]
fn gathered_body(d: &Dims, w: &[f64], delta_m: &[f64], dx: &mut [f64]) {
    for c in 0..d.c {
        for y in 0..d.h {
            let row = &mut dx[(c * d.h + y) * d.w..][..d.w];
            let mut x0 = 0;
            while x0 < d.w {
                let n = block_width(d.w - x0);
                let out = &mut row[x0..x0 + n];
                match n {
                    24 => out.copy_from_slice(&input_block::<24>(d, w, delta_m, (c, y, x0))),
                    16 => out.copy_from_slice(&input_block::<16>(d, w, delta_m, (c, y, x0))),
                    12 => out.copy_from_slice(&input_block::<12>(d, w, delta_m, (c, y, x0))),
                    8 => out.copy_from_slice(&input_block::<8>(d, w, delta_m, (c, y, x0))),
                    4 => out.copy_from_slice(&input_block::<4>(d, w, delta_m, (c, y, x0))),
                    _ => out.copy_from_slice(&input_block::<1>(d, w, delta_m, (c, y, x0))),
                }
                x0 += n;
            }
        }
    }
}

/// The errors passed back to N neighbouring inputs (c, y, x0..x0+N), stride 1.
#[inline(always)]
fn input_block<const N: usize>(
    d: &Dims,
    w: &[f64],
    delta_m: &[f64],
    (c, y, x0): (usize, usize, usize),
) -> [f64; N] {
    let (fan_in, row, m) = (d.fan_in(), margined(d), d.kw - 1);
    let mut acc = [0.0; N];
    for o in 0..d.o {
        for u in (0..d.kh).rev() {
            // The output row i whose window's kernel row u lies on input row y.
            let t = (y + d.ph) as isize - u as isize;
            if t < 0 || !(t as usize).is_multiple_of(d.sh) || t as usize / d.sh >= d.oh {
                continue;
            }
            let i = t as usize / d.sh;
            let drow = &delta_m[(o * d.oh + i) * row..][..row];
            let w_row = &w[o * fan_in + (c * d.kh + u) * d.kw..][..d.kw];
            for v in (0..d.kw).rev() {
                // Input x reads output j = x + p − v, at x + p − v + m in the margined row.
                let from = x0 + d.pw + m - v;
                let ds: &[f64; N] = drow[from..from + N].try_into().unwrap();
                let wv = w_row[v];
                for r in 0..N {
                    acc[r] += wv * ds[r];
                }
            }
        }
    }
    acc
}

/// The error passed back to every input with a stride of more than 1: Σ over the outputs
/// (o, i, j) that read it, in row-major order, of w[o,c,u,v]·δ[o,i,j]. Each weight times a
/// row of δ is added to the inputs it reached; for a fixed (o, i) the kernel columns run
/// backwards, so that each input still gets its outputs' terms in the order of j.
fn passed_back(d: &Dims, w: &[f64], delta: &[f64], dx: &mut [f64]) {
    crate::engine::wide::dispatch!(passed_back_body(d, w, delta, dx))
}

#[inline(always)]
fn passed_back_body(d: &Dims, w: &[f64], delta: &[f64], dx: &mut [f64]) {
    dx.fill(0.0);
    let fan_in = d.fan_in();
    for o in 0..d.o {
        for i in 0..d.oh {
            let drow = &delta[(o * d.oh + i) * d.ow..][..d.ow];
            for c in 0..d.c {
                for u in 0..d.kh {
                    let y = (d.sh * i + u) as isize - d.ph as isize;
                    if y < 0 || y >= d.h as isize {
                        continue;
                    }
                    let xrow = &mut dx[(c * d.h + y as usize) * d.w..][..d.w];
                    for v in (0..d.kw).rev() {
                        let wv = w[o * fan_in + (c * d.kh + u) * d.kw + v];
                        // Columns j whose input x = s·j + v − p lies inside the image.
                        let (lo, hi) = columns(d, v);
                        for (j, &dv) in drow.iter().enumerate().take(hi).skip(lo) {
                            xrow[d.sw * j + v - d.pw] += wv * dv;
                        }
                    }
                }
            }
        }
    }
}

/// The output columns j (lo..hi) whose kernel column `v` reads inside the image.
fn columns(d: &Dims, v: usize) -> (usize, usize) {
    // s·j + v − p ≥ 0 and < w.
    let lo = d.pw.saturating_sub(v).div_ceil(d.sw);
    let end = d.w + d.pw; // s·j + v < w + p
    let hi = if end > v {
        ((end - v - 1) / d.sw + 1).min(d.ow)
    } else {
        0
    };
    (lo.min(hi), hi)
}

/// The padded input's value at `[c, y, x]` of the padded grid, from the unpadded input.
pub(crate) fn padded_value(d: &Dims, x: &[f64], c: usize, yp: usize, xp: usize) -> f64 {
    let (y, xx) = (yp as isize - d.ph as isize, xp as isize - d.pw as isize);
    d.input_at(c, y, xx).map_or(0.0, |at| x[at])
}

/// One weight's gradient for this sample, exactly as [`weight_gradients`] sums it.
pub(crate) fn weight_gradient(d: &Dims, x: &[f64], delta: &[f64], ix: [usize; 4]) -> f64 {
    let [o, c, u, v] = ix;
    let mut s = 0.0;
    for i in 0..d.oh {
        for j in 0..d.ow {
            let xv = padded_value(d, x, c, d.sh * i + u, d.sw * j + v);
            s += delta[(o * d.oh + i) * d.ow + j] * xv;
        }
    }
    s
}

/// One bias's gradient for this sample: Σ_i Σ_j δ[o,i,j].
pub(crate) fn bias_gradient(d: &Dims, delta: &[f64], o: usize) -> f64 {
    delta[o * d.plane()..(o + 1) * d.plane()]
        .iter()
        .fold(0.0, |s, &v| s + v)
}
