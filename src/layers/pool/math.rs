//! The pooling layers' math, as PyTorch's CPU kernels compute it in float64:
//!
//! - max: each window's largest number, scanned in row-major order from −∞, a number taking
//!   over when it is larger or NaN (so the first of equal maxima stays); its position is kept
//!   for the backward pass, which adds each output's gradient to that position only;
//! - average: each window's sum (from 0, in row-major order) divided by kh·kw; the backward
//!   pass adds each output's gradient divided by kh·kw to every cell of its window.
//!
//! In both, an input read by several windows (a stride smaller than the kernel) gets its
//! windows' shares in the order of the outputs, row-major.

use crate::engine::LayerParams;
use crate::engine::kind::{Backward, Math, Upstream};
use crate::lesson::Layer;

use super::{Pool2d, PoolDims, PoolOp};

/// A max pool's window maxima: each output's input offset (as a number).
pub(crate) const ARGMAX: usize = 0;

/// The largest of `values` as max pooling takes it: from −∞, a value takes over when it is
/// larger or NaN; with its position (the first, for equal maxima).
pub(crate) fn max_of(values: impl IntoIterator<Item = f64>) -> (usize, f64) {
    let mut best = (0, f64::NEG_INFINITY);
    for (i, v) in values.into_iter().enumerate() {
        if v > best.1 || v.is_nan() {
            best = (i, v);
        }
    }
    best
}

impl Math for Pool2d {
    fn buffers(&self, layer: &Layer) -> Vec<usize> {
        match self.op {
            PoolOp::Max => vec![layer.output.len()],
            PoolOp::Avg => Vec::new(),
        }
    }

    fn forward(
        &self,
        layer: &Layer,
        _p: &LayerParams,
        x: &[f64],
        bufs: &mut [Vec<f64>],
        out: &mut [f64],
    ) {
        let d = self.dims(layer);
        let (kh, kw) = self.window.kernel;
        let area = (kh * kw) as f64;
        for c in 0..d.c {
            let plane = &x[c * d.h * d.w..(c + 1) * d.h * d.w];
            for i in 0..d.oh {
                let y0 = self.window.row(i, 0) as usize;
                for j in 0..d.ow {
                    let at = (c * d.oh + i) * d.ow + j;
                    let x0 = self.window.col(j, 0) as usize;
                    match self.op {
                        PoolOp::Max => {
                            // As max_of: from −∞, larger or NaN takes over.
                            let (mut best, mut m) = (y0 * d.w + x0, f64::NEG_INFINITY);
                            for u in 0..kh {
                                let row = (y0 + u) * d.w + x0;
                                for (v, &val) in plane[row..row + kw].iter().enumerate() {
                                    // A select rather than a branch: which cell wins is
                                    // as good as random.
                                    let take = val > m || val.is_nan();
                                    best = if take { row + v } else { best };
                                    m = if take { val } else { m };
                                }
                            }
                            out[at] = m;
                            bufs[ARGMAX][at] = (c * d.h * d.w + best) as f64;
                        }
                        PoolOp::Avg => {
                            let mut s = 0.0;
                            for u in 0..kh {
                                let row = (y0 + u) * d.w + x0;
                                for &val in &plane[row..row + kw] {
                                    s += val;
                                }
                            }
                            out[at] = s / area;
                        }
                    }
                }
            }
        }
    }

    fn backward(&self, b: Backward<'_>) {
        let Some(dx) = b.dx else {
            return;
        };
        let Upstream::Grad(g) = b.up else {
            unreachable!("a pooling layer has no softmax")
        };
        dx.fill(0.0);
        match self.op {
            PoolOp::Max => {
                for (&at, &g) in b.bufs[ARGMAX].iter().zip(g) {
                    dx[at as usize] += g;
                }
            }
            PoolOp::Avg => {
                let d = self.dims(b.layer);
                let area = self.window.area() as f64;
                for c in 0..d.c {
                    for i in 0..d.oh {
                        for j in 0..d.ow {
                            let share = g[(c * d.oh + i) * d.ow + j] / area;
                            for at in self.window_cells(&d, (c, i, j)) {
                                dx[at] += share;
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The outputs whose window holds input `[c, y, x]`, row-major: `(i, j)` with the cell's
/// place (u, v) in each window.
pub(crate) fn windows_holding(
    pool: &Pool2d,
    d: &PoolDims,
    (y, x): (usize, usize),
) -> Vec<((usize, usize), (usize, usize))> {
    let rows = pool.window.readers(0, y, d.oh);
    let cols = pool.window.readers(1, x, d.ow);
    let mut out = Vec::with_capacity(rows.len() * cols.len());
    for &(i, u) in &rows {
        for &(j, v) in &cols {
            out.push(((i, j), (u, v)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::max_of;

    #[test]
    fn the_first_maximum_wins_and_a_nan_takes_over() {
        // As PyTorch's max pool, checked there: equal maxima route to the first, a NaN takes
        // over from a number (the last NaN stays), and a window of −∞ keeps its first cell.
        assert_eq!(max_of([-3.5, -3.5, -3.5, -3.5]), (0, -3.5));
        assert_eq!(max_of([0.5, 2.0, 2.0, 1.0]), (1, 2.0));
        let (k, v) = max_of([1.0, f64::NAN, f64::NAN, 0.0]);
        assert_eq!(k, 2);
        assert!(v.is_nan());
        assert_eq!(max_of([f64::NEG_INFINITY; 4]), (0, f64::NEG_INFINITY));
    }
}
