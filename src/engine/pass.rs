//! The per-sample passes every way of training shares: forward, loss and backward of one
//! sample into a reusable [`Workspace`].

use ndarray::Array1;

use crate::lesson::{Activation, Lesson, Loss};

use super::params::Params;
use super::{activation, loss};

/// Buffers reused for every sample, so the hot loop allocates nothing.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// z⁽ˡ⁾ for l = 1..=L at index l (index 0 is unused and empty).
    pub z: Vec<Array1<f64>>,
    /// a⁽ˡ⁾ for l = 0..=L (a⁽⁰⁾ = x).
    pub a: Vec<Array1<f64>>,
    /// The next sample's activations, while online training overlaps two samples.
    pub(super) a_next: Vec<Array1<f64>>,
    /// δ⁽ˡ⁾ for l = 1..=L at index l (index 0 is unused and empty).
    pub delta: Vec<Array1<f64>>,
    /// The current sample's loss.
    pub loss: f64,
    /// Sum of the per-sample gradients of the batch so far; after the last sample, their mean.
    pub grad: Params,
}

impl Workspace {
    /// Buffers shaped for the lesson's network.
    pub fn new(lesson: &Lesson) -> Self {
        let widths: Vec<usize> = (0..=lesson.depth()).map(|l| lesson.width(l)).collect();
        let per_layer = |skip_input: bool| -> Vec<Array1<f64>> {
            widths
                .iter()
                .enumerate()
                .map(|(l, &n)| Array1::zeros(if skip_input && l == 0 { 0 } else { n }))
                .collect()
        };
        Workspace {
            z: per_layer(true),
            a: per_layer(false),
            a_next: per_layer(false),
            delta: per_layer(true),
            loss: 0.0,
            grad: Params::from_lesson(lesson).zeros_like(),
        }
    }

    /// Is every number of the current sample finite?
    pub(super) fn sample_finite(&self) -> bool {
        self.loss.is_finite()
            && [&self.z, &self.a, &self.delta]
                .iter()
                .all(|v| v.iter().all(|x| x.iter().all(|v| v.is_finite())))
    }
}

/// Forward, loss and backward of sample `s` into the workspace.
pub(super) fn sample_pass(lesson: &Lesson, params: &Params, s: usize, ws: &mut Workspace) {
    let sample = &lesson.data[s];
    forward(lesson, params, sample.input.as_slice().unwrap(), ws);
    loss_and_backward(lesson, params, s, ws);
}

/// The loss and backward pass of sample `s`, whose forward pass is in the workspace.
pub(super) fn loss_and_backward(lesson: &Lesson, params: &Params, s: usize, ws: &mut Workspace) {
    let target = lesson.data[s].target.as_slice().unwrap();
    let depth = lesson.depth();
    ws.loss = loss::value(
        lesson.loss,
        ws.z[depth].as_slice().unwrap(),
        ws.a[depth].as_slice().unwrap(),
        target,
    );
    backward(lesson, params, target, ws);
}

/// z⁽ˡ⁾ⱼ = Σₖ w⁽ˡ⁾ⱼₖ a⁽ˡ⁻¹⁾ₖ + b⁽ˡ⁾ⱼ, a⁽ˡ⁾ⱼ = f(z⁽ˡ⁾ⱼ), for l = 1..=L.
pub fn forward(lesson: &Lesson, params: &Params, x: &[f64], ws: &mut Workspace) {
    ws.a[0].as_slice_mut().unwrap().copy_from_slice(x);
    for (l, layer) in lesson.layers.iter().enumerate() {
        let l = l + 1;
        let p = &params.layers[l - 1];
        let (below, above) = ws.a.split_at_mut(l);
        let a_prev = below[l - 1].as_slice().unwrap();
        let z = ws.z[l].as_slice_mut().unwrap();
        let b = p.b.as_slice().unwrap();
        weighted_sums(p.w_slice(), a_prev, b, z);
        activate(layer.activation, z, above[0].as_slice_mut().unwrap());
    }
}

/// a = f(z) for a layer (softmax over the whole layer).
pub(super) fn activate(act: Activation, z: &[f64], a: &mut [f64]) {
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
pub(super) fn weighted_sums(w: &[f64], a: &[f64], b: &[f64], z: &mut [f64]) {
    super::wide::dispatch!(weighted_sums_body(w, a, b, z))
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

/// δ⁽ᴸ⁾ = ∂L/∂a⁽ᴸ⁾ · f′(z⁽ᴸ⁾) (a − y for softmax + cross-entropy), then
/// δ⁽ˡ⁾ⱼ = (Σₖ w⁽ˡ⁺¹⁾ₖⱼ δ⁽ˡ⁺¹⁾ₖ) · f′(z⁽ˡ⁾ⱼ) down to l = 1, each product as
/// [`activation::backward`] takes it (ReLU selects).
pub fn backward(lesson: &Lesson, params: &Params, y: &[f64], ws: &mut Workspace) {
    let depth = lesson.depth();
    let out = &lesson.layers[depth - 1];
    {
        let a = ws.a[depth].as_slice().unwrap();
        let z = ws.z[depth].as_slice().unwrap();
        let d = ws.delta[depth].as_slice_mut().unwrap();
        let n = a.len();
        if out.activation == Activation::Softmax && lesson.loss == Loss::CrossEntropy {
            for j in 0..n {
                d[j] = a[j] - y[j];
            }
        } else {
            for j in 0..n {
                let dlda = loss::derivative(lesson.loss, a[j], y[j], n);
                d[j] = activation::backward(out.activation, z[j], a[j], dlda);
            }
        }
    }
    for l in (1..depth).rev() {
        let act = lesson.layers[l - 1].activation;
        let w_above = params.layers[l].w_slice();
        let (lower, upper) = ws.delta.split_at_mut(l + 1);
        let d_above = upper[0].as_slice().unwrap();
        let d = lower[l].as_slice_mut().unwrap();
        let n = d.len();
        // Σₖ w⁽ˡ⁺¹⁾ₖⱼ δ⁽ˡ⁺¹⁾ₖ: column j of the column-major W above holds w⁽ˡ⁺¹⁾ₖⱼ for every k.
        for (dj, col) in d.iter_mut().zip(w_above.chunks_exact(d_above.len())) {
            *dj = col.iter().zip(d_above).fold(0.0, |s, (w, dk)| s + w * dk);
        }
        let z = ws.z[l].as_slice().unwrap();
        let a = ws.a[l].as_slice().unwrap();
        for j in 0..n {
            d[j] = activation::backward(act, z[j], a[j], d[j]);
        }
    }
}
