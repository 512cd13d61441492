//! Forward, loss, backward and update for one batch, in the order of the trace.

use std::ops::Range;

use ndarray::Array1;

use crate::lesson::{Activation, Lesson, Loss};

use super::optimizer::{self, OptState};
use super::params::Params;
use super::{activation, loss};

/// Everything that changes from one batch to the next.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainState {
    pub params: Params,
    pub opt: OptState,
}

impl TrainState {
    pub fn initial(lesson: &Lesson) -> Self {
        let params = Params::from_lesson(lesson);
        let opt = OptState::new(&lesson.optimizer, &params);
        TrainState { params, opt }
    }
}

/// Buffers reused for every sample, so the hot loop allocates nothing.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// z⁽ˡ⁾ for l = 1..=L at index l (index 0 is unused and empty).
    pub z: Vec<Array1<f64>>,
    /// a⁽ˡ⁾ for l = 0..=L (a⁽⁰⁾ = x).
    pub a: Vec<Array1<f64>>,
    /// δ⁽ˡ⁾ for l = 1..=L at index l (index 0 is unused and empty).
    pub delta: Vec<Array1<f64>>,
    /// The current sample's loss.
    pub loss: f64,
    /// Sum of the per-sample gradients of the batch so far; after the last sample, their mean.
    pub grad: Params,
}

impl Workspace {
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
            delta: per_layer(true),
            loss: 0.0,
            grad: Params::from_lesson(lesson).zeros_like(),
        }
    }

    /// Is every number of the current sample finite?
    fn sample_finite(&self) -> bool {
        self.loss.is_finite()
            && [&self.z, &self.a, &self.delta]
                .iter()
                .all(|v| v.iter().all(|x| x.iter().all(|v| v.is_finite())))
    }
}

/// Watches training. Every method defaults to doing nothing, so a non-recording run
/// ([`NoRecord`]) compiles to the bare math.
pub trait Recorder {
    /// After the forward and backward pass of sample `index` (0-based in the data).
    fn sample(&mut self, _index: usize, _ws: &Workspace) {}
    /// After the mean gradient is known, before the optimizer changes anything.
    fn before_update(&mut self, _state: &TrainState, _mean_grad: &Params) {}
}

/// Records nothing.
pub struct NoRecord;
impl Recorder for NoRecord {}

/// What one batch produced, beyond the new state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BatchOutcome {
    /// Sum of the per-sample losses of the batch.
    pub loss_sum: f64,
    /// false when any number of the batch (activations, deltas, losses, new parameters or
    /// optimizer state) is NaN or infinite.
    pub finite: bool,
}

/// Trains on the samples `range` of the lesson's data as one batch: forward, loss and backward
/// per sample, then one optimizer step with the mean gradient.
pub fn train_batch<R: Recorder>(
    lesson: &Lesson,
    state: &mut TrainState,
    ws: &mut Workspace,
    range: Range<usize>,
    rec: &mut R,
) -> BatchOutcome {
    ws.grad.fill(0.0);
    let mut loss_sum = 0.0;
    let mut finite = true;
    let count = range.len();
    for s in range {
        let sample = &lesson.data[s];
        forward(lesson, &state.params, sample.input.as_slice().unwrap(), ws);
        ws.loss = loss::value(
            lesson.loss,
            ws.a[lesson.depth()].as_slice().unwrap(),
            sample.target.as_slice().unwrap(),
        );
        backward(lesson, &state.params, sample.target.as_slice().unwrap(), ws);
        accumulate(ws);
        loss_sum += ws.loss;
        finite &= ws.sample_finite();
        rec.sample(s, ws);
    }
    if count > 1 {
        let scale = count as f64;
        for g in &mut ws.grad.layers {
            g.w.mapv_inplace(|v| v / scale);
            g.b.mapv_inplace(|v| v / scale);
        }
    }
    rec.before_update(state, &ws.grad);
    optimizer::update(lesson, &mut state.params, &mut state.opt, &ws.grad);
    finite &= state.params.all_finite() && state.opt.all_finite();
    BatchOutcome { loss_sum, finite }
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
        let w = p.w.as_slice().unwrap();
        let b = p.b.as_slice().unwrap();
        weighted_sums(w, a_prev, b, z);
        let a = above[0].as_slice_mut().unwrap();
        if layer.activation == Activation::Softmax {
            activation::softmax(z, a);
        } else {
            for (a, &z) in a.iter_mut().zip(z.iter()) {
                *a = activation::apply(layer.activation, z);
            }
        }
    }
}

/// zⱼ = (Σₖ wⱼₖ aₖ) + bⱼ with each sum taken k = 1, 2, … in order. Four rows at a time, each
/// with its own accumulator, so the order per row is kept while the CPU overlaps the rows.
fn weighted_sums(w: &[f64], a: &[f64], b: &[f64], z: &mut [f64]) {
    let n = a.len();
    let row = |j: usize| &w[j * n..(j + 1) * n];
    let mut j = 0;
    while j + 4 <= z.len() {
        let (r0, r1, r2, r3) = (row(j), row(j + 1), row(j + 2), row(j + 3));
        let (mut s0, mut s1, mut s2, mut s3) = (0.0, 0.0, 0.0, 0.0);
        for k in 0..n {
            let ak = a[k];
            s0 += r0[k] * ak;
            s1 += r1[k] * ak;
            s2 += r2[k] * ak;
            s3 += r3[k] * ak;
        }
        z[j] = s0 + b[j];
        z[j + 1] = s1 + b[j + 1];
        z[j + 2] = s2 + b[j + 2];
        z[j + 3] = s3 + b[j + 3];
        j += 4;
    }
    for j in j..z.len() {
        z[j] = row(j).iter().zip(a).fold(0.0, |s, (w, a)| s + w * a) + b[j];
    }
}

/// δ⁽ᴸ⁾ = ∂L/∂a⁽ᴸ⁾ · f′(z⁽ᴸ⁾) (a − y for softmax + cross-entropy), then
/// δ⁽ˡ⁾ⱼ = (Σₖ w⁽ˡ⁺¹⁾ₖⱼ δ⁽ˡ⁺¹⁾ₖ) · f′(z⁽ˡ⁾ⱼ) down to l = 1.
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
                d[j] = loss::derivative(lesson.loss, a[j], y[j], n)
                    * activation::derivative(out.activation, z[j], a[j]);
            }
        }
    }
    for l in (1..depth).rev() {
        let act = lesson.layers[l - 1].activation;
        let w_above = params.layers[l].w.as_slice().unwrap();
        let (lower, upper) = ws.delta.split_at_mut(l + 1);
        let d_above = upper[0].as_slice().unwrap();
        let d = lower[l].as_slice_mut().unwrap();
        let n = d.len();
        // Σₖ w⁽ˡ⁺¹⁾ₖⱼ δ⁽ˡ⁺¹⁾ₖ, walking W row by row: each j still sums k = 1, 2, … in order.
        d.fill(0.0);
        for (row, &dk) in w_above.chunks_exact(n).zip(d_above) {
            for (dj, &w) in d.iter_mut().zip(row) {
                *dj += w * dk;
            }
        }
        let z = ws.z[l].as_slice().unwrap();
        let a = ws.a[l].as_slice().unwrap();
        for j in 0..n {
            d[j] *= activation::derivative(act, z[j], a[j]);
        }
    }
}

/// grad += per-sample gradient: ∂L/∂b⁽ˡ⁾ⱼ = δ⁽ˡ⁾ⱼ, ∂L/∂w⁽ˡ⁾ⱼₖ = δ⁽ˡ⁾ⱼ · a⁽ˡ⁻¹⁾ₖ.
fn accumulate(ws: &mut Workspace) {
    for (l, g) in ws.grad.layers.iter_mut().enumerate() {
        let d = ws.delta[l + 1].as_slice().unwrap();
        let a = ws.a[l].as_slice().unwrap();
        let gw = g.w.as_slice_mut().unwrap();
        for (row, &dj) in gw.chunks_exact_mut(a.len().max(1)).zip(d) {
            for (g, &ak) in row.iter_mut().zip(a) {
                *g += dj * ak;
            }
        }
        for (g, &dj) in g.b.iter_mut().zip(d) {
            *g += dj;
        }
    }
}
