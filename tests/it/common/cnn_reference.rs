//! An independent reference for networks of every layer kind a convolutional network uses
//! (dense, conv2d, maxpool2d, avgpool2d, flatten), written from the definitions in plain,
//! unoptimised loops: a direct convolution with bounds checks instead of a padded copy, a
//! max pool that scans each window for its first maximum, and the error passed back below a
//! convolution written the textbook way, as the full convolution of δ with the flipped kernel
//! (for each input, the kernel cells and outputs that reach it), not as the engine sums it.
//! Losses and optimizers follow PyTorch's rules as `reference.rs` does. It reads the lesson's
//! settings, initial parameters and data, and nothing of the engine.

use bpnn_tutor::layers::Kind;
use bpnn_tutor::layers::pool::PoolOp;
use bpnn_tutor::lesson::{Activation, Layer, Lesson, Loss, Optimizer};

// Activations and their backward functions as the dense reference computes them.
use super::reference::{back, f};

const LOG_FLOOR: f64 = -100.0;
const BCE_EPS: f64 = 1e-12_f32 as f64;

/// Every layer's tensors, flat in row-major order, in the kind's order (weights, biases).
pub type Tensors = Vec<Vec<Vec<f64>>>;

/// One sample's numbers: z (conv and dense layers, else empty) and δ of layers 1..=L at
/// l − 1 (∂L/∂z, or ∂L/∂a for a layer without an activation), a of layers 0..=L at l, and
/// this sample's gradients.
#[derive(Debug, Clone)]
pub struct SampleValues {
    pub z: Vec<Vec<f64>>,
    pub a: Vec<Vec<f64>>,
    pub delta: Vec<Vec<f64>>,
    pub grad: Tensors,
    pub loss: f64,
}

/// A whole run: epoch losses, the first epoch's samples, final parameters.
pub struct Run {
    pub epoch_losses: Vec<f64>,
    pub first_epoch: Vec<SampleValues>,
    pub params: Tensors,
}

/// (channels, rows, columns) of an image shape.
fn chw(dims: &[usize]) -> (usize, usize, usize) {
    (dims[0], dims[1], dims[2])
}

/// One layer's forward pass: (z, a).
fn forward_layer(layer: &Layer, p: &[Vec<f64>], x: &[f64]) -> (Vec<f64>, Vec<f64>) {
    match layer.kind {
        Kind::Dense(d) => {
            let m = x.len();
            let n = p[1].len();
            let z: Vec<f64> = (0..n)
                .map(|j| p[1][j] + (0..m).map(|k| p[0][j * m + k] * x[k]).sum::<f64>())
                .collect();
            let a = if d.activation == Activation::Softmax {
                let mx = z.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                let e: Vec<f64> = z.iter().map(|z| (z - mx).exp()).collect();
                let s: f64 = e.iter().sum();
                e.iter().map(|e| e / s).collect()
            } else {
                z.iter().map(|&z| f(d.activation, z)).collect()
            };
            (z, a)
        }
        Kind::Conv2d(conv) => {
            let (c_n, h, w) = chw(&layer.input.dims());
            let (o_n, oh, ow) = chw(&layer.output.dims());
            let (kh, kw) = conv.window.kernel;
            let (sh, sw) = conv.window.stride;
            let (ph, pw) = conv.window.padding;
            let mut z = vec![0.0; o_n * oh * ow];
            for o in 0..o_n {
                for i in 0..oh {
                    for j in 0..ow {
                        let mut s = p[1][o];
                        for c in 0..c_n {
                            for u in 0..kh {
                                for v in 0..kw {
                                    let y = (sh * i + u) as isize - ph as isize;
                                    let xx = (sw * j + v) as isize - pw as isize;
                                    if y < 0 || xx < 0 || y >= h as isize || xx >= w as isize {
                                        continue;
                                    }
                                    let wv = p[0][((o * c_n + c) * kh + u) * kw + v];
                                    s += wv * x[(c * h + y as usize) * w + xx as usize];
                                }
                            }
                        }
                        z[(o * oh + i) * ow + j] = s;
                    }
                }
            }
            let a = z.iter().map(|&z| f(conv.activation, z)).collect();
            (z, a)
        }
        Kind::Pool2d(pool) => {
            let (c_n, h, w) = chw(&layer.input.dims());
            let (_, oh, ow) = chw(&layer.output.dims());
            let (kh, kw) = pool.window.kernel;
            let (sh, sw) = pool.window.stride;
            let mut a = vec![0.0; c_n * oh * ow];
            for c in 0..c_n {
                for i in 0..oh {
                    for j in 0..ow {
                        let cells = window(c, (h, w), (sh * i, sw * j), (kh, kw));
                        a[(c * oh + i) * ow + j] = match pool.op {
                            PoolOp::Max => x[first_max(x, &cells)],
                            PoolOp::Avg => {
                                cells.iter().map(|&k| x[k]).sum::<f64>() / (kh * kw) as f64
                            }
                        };
                    }
                }
            }
            (Vec::new(), a)
        }
        Kind::Flatten(_) => (Vec::new(), x.to_vec()),
        Kind::Rnn(_) | Kind::Lstm(_) => {
            unreachable!("a recurrent layer in a convolutional network")
        }
        Kind::Embedding(_) | Kind::LayerNorm(_) | Kind::Attention(_) => {
            unreachable!("a transformer's layers have their own reference (transformer_ref)")
        }
    }
}

/// The flat offsets of a window whose top-left cell is `(y0, x0)` on channel `c`.
fn window(
    c: usize,
    (h, w): (usize, usize),
    (y0, x0): (usize, usize),
    (kh, kw): (usize, usize),
) -> Vec<usize> {
    let mut cells = Vec::new();
    for u in 0..kh {
        for v in 0..kw {
            cells.push((c * h + y0 + u) * w + x0 + v);
        }
    }
    cells
}

/// The first of the largest values of `x` at `cells`.
fn first_max(x: &[f64], cells: &[usize]) -> usize {
    let mut best = cells[0];
    for &k in &cells[1..] {
        if x[k] > x[best] {
            best = k;
        }
    }
    best
}

/// One layer's backward pass from `g` = ∂L/∂a (or δ itself for a softmax output under
/// cross-entropy): (δ, gradients, ∂L/∂x).
fn backward_layer(
    layer: &Layer,
    p: &[Vec<f64>],
    (x, z, a): (&[f64], &[f64], &[f64]),
    g: &[f64],
    softmax_delta: bool,
) -> (Vec<f64>, Vec<Vec<f64>>, Vec<f64>) {
    match layer.kind {
        Kind::Dense(d) => {
            let (m, n) = (x.len(), a.len());
            let delta: Vec<f64> = if softmax_delta {
                g.to_vec()
            } else {
                (0..n)
                    .map(|j| back(d.activation, g[j], z[j], a[j]))
                    .collect()
            };
            let mut dw = vec![0.0; n * m];
            for j in 0..n {
                for k in 0..m {
                    dw[j * m + k] = delta[j] * x[k];
                }
            }
            let dx = (0..m)
                .map(|k| (0..n).map(|j| p[0][j * m + k] * delta[j]).sum())
                .collect();
            (delta.clone(), vec![dw, delta], dx)
        }
        Kind::Conv2d(conv) => {
            let (c_n, h, w) = chw(&layer.input.dims());
            let (o_n, oh, ow) = chw(&layer.output.dims());
            let (kh, kw) = conv.window.kernel;
            let (sh, sw) = conv.window.stride;
            let (ph, pw) = conv.window.padding;
            let delta: Vec<f64> = (0..g.len())
                .map(|k| back(conv.activation, g[k], z[k], a[k]))
                .collect();
            let mut dw = vec![0.0; o_n * c_n * kh * kw];
            let mut db = vec![0.0; o_n];
            for o in 0..o_n {
                for i in 0..oh {
                    for j in 0..ow {
                        let d = delta[(o * oh + i) * ow + j];
                        db[o] += d;
                        for c in 0..c_n {
                            for u in 0..kh {
                                for v in 0..kw {
                                    let y = (sh * i + u) as isize - ph as isize;
                                    let xx = (sw * j + v) as isize - pw as isize;
                                    if y >= 0 && xx >= 0 && y < h as isize && xx < w as isize {
                                        dw[((o * c_n + c) * kh + u) * kw + v] +=
                                            d * x[(c * h + y as usize) * w + xx as usize];
                                    }
                                }
                            }
                        }
                    }
                }
            }
            // The full convolution of δ with the flipped kernel: for each input, every kernel
            // cell (u, v) whose output (i, j) = ((y + p − u)/s, (x + p − v)/s) exists.
            let mut dx = vec![0.0; c_n * h * w];
            for c in 0..c_n {
                for y in 0..h {
                    for xx in 0..w {
                        let mut s = 0.0;
                        for o in 0..o_n {
                            for u in 0..kh {
                                for v in 0..kw {
                                    let (ty, tx) = (y + ph, xx + pw);
                                    if ty < u || tx < v || (ty - u) % sh != 0 || (tx - v) % sw != 0
                                    {
                                        continue;
                                    }
                                    let (i, j) = ((ty - u) / sh, (tx - v) / sw);
                                    if i < oh && j < ow {
                                        s += p[0][((o * c_n + c) * kh + u) * kw + v]
                                            * delta[(o * oh + i) * ow + j];
                                    }
                                }
                            }
                        }
                        dx[(c * h + y) * w + xx] = s;
                    }
                }
            }
            (delta, vec![dw, db], dx)
        }
        Kind::Pool2d(pool) => {
            let (c_n, h, w) = chw(&layer.input.dims());
            let (_, oh, ow) = chw(&layer.output.dims());
            let (kh, kw) = pool.window.kernel;
            let (sh, sw) = pool.window.stride;
            let mut dx = vec![0.0; c_n * h * w];
            for c in 0..c_n {
                for i in 0..oh {
                    for j in 0..ow {
                        let gv = g[(c * oh + i) * ow + j];
                        let cells = window(c, (h, w), (sh * i, sw * j), (kh, kw));
                        match pool.op {
                            PoolOp::Max => dx[first_max(x, &cells)] += gv,
                            PoolOp::Avg => {
                                for k in cells {
                                    dx[k] += gv / (kh * kw) as f64;
                                }
                            }
                        }
                    }
                }
            }
            (g.to_vec(), Vec::new(), dx)
        }
        Kind::Flatten(_) => (g.to_vec(), Vec::new(), g.to_vec()),
        Kind::Rnn(_) | Kind::Lstm(_) => {
            unreachable!("a recurrent layer in a convolutional network")
        }
        Kind::Embedding(_) | Kind::LayerNorm(_) | Kind::Attention(_) => {
            unreachable!("a transformer's layers have their own reference (transformer_ref)")
        }
    }
}

fn loss(kind: Loss, z: &[f64], a: &[f64], y: &[f64]) -> f64 {
    let n = a.len() as f64;
    match kind {
        Loss::HalfSse => 0.5 * a.iter().zip(y).map(|(a, y)| (a - y).powi(2)).sum::<f64>(),
        Loss::Mse => a.iter().zip(y).map(|(a, y)| (a - y).powi(2)).sum::<f64>() / n,
        Loss::Bce => {
            a.iter()
                .zip(y)
                .map(|(&a, &y)| (y - 1.0) * (-a).ln_1p().max(LOG_FLOOR) - y * a.ln().max(LOG_FLOOR))
                .sum::<f64>()
                / n
        }
        Loss::CrossEntropy => {
            let m = z.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            let lse = z.iter().map(|z| (z - m).exp()).sum::<f64>().ln();
            -z.iter().zip(y).map(|(z, y)| (z - m - lse) * y).sum::<f64>()
        }
    }
}

/// ∂L/∂a of the output, or for a softmax output under cross-entropy δ = ∂L/∂z itself.
fn output_gradient(kind: Loss, z: &[f64], a: &[f64], y: &[f64]) -> Vec<f64> {
    let n = a.len() as f64;
    match kind {
        Loss::HalfSse => a.iter().zip(y).map(|(a, y)| a - y).collect(),
        Loss::Mse => a.iter().zip(y).map(|(a, y)| 2.0 / n * (a - y)).collect(),
        Loss::Bce => a
            .iter()
            .zip(y)
            .map(|(&a, &y)| (a - y) / ((1.0 - a) * a).max(BCE_EPS) / n)
            .collect(),
        Loss::CrossEntropy => {
            let m = z.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            let lse = z.iter().map(|z| (z - m).exp()).sum::<f64>().ln();
            let total: f64 = y.iter().sum();
            z.iter()
                .zip(y)
                .map(|(z, y)| -y + (z - m - lse).exp() * total)
                .collect()
        }
    }
}

/// One sample's forward and backward pass.
pub fn sample(lesson: &Lesson, p: &Tensors, x: &[f64], y: &[f64]) -> SampleValues {
    let depth = lesson.layers.len();
    let mut zs = Vec::new();
    let mut acts = vec![x.to_vec()];
    for (layer, lp) in lesson.layers.iter().zip(p) {
        let (z, a) = forward_layer(layer, lp, acts.last().unwrap());
        zs.push(z);
        acts.push(a);
    }
    let last = &zs[depth - 1];
    let logits = if last.is_empty() { &acts[depth] } else { last };
    let sample_loss = loss(lesson.loss, logits, &acts[depth], y);
    let softmax = lesson.loss == Loss::CrossEntropy
        && lesson.layers[depth - 1].activation() == Activation::Softmax;
    let mut g = output_gradient(lesson.loss, logits, &acts[depth], y);
    let mut delta = vec![Vec::new(); depth];
    let mut grad = vec![Vec::new(); depth];
    for l in (0..depth).rev() {
        let (d, gr, dx) = backward_layer(
            &lesson.layers[l],
            &p[l],
            (&acts[l], &zs[l], &acts[l + 1]),
            &g,
            softmax && l == depth - 1,
        );
        delta[l] = d;
        grad[l] = gr;
        g = dx;
    }
    SampleValues {
        z: zs,
        a: acts,
        delta,
        grad,
        loss: sample_loss,
    }
}

/// The lesson's initial parameters.
pub fn initial(lesson: &Lesson) -> Tensors {
    lesson
        .layers
        .iter()
        .map(|l| {
            l.params
                .iter()
                .map(|t| t.iter().copied().collect())
                .collect()
        })
        .collect()
}

/// Trains the lesson from its initial parameters as PyTorch would (mean gradient of each
/// batch; SGD with momentum, or Adam).
pub fn train(lesson: &Lesson) -> Run {
    let mut p = initial(lesson);
    let zeros = |p: &Tensors| -> Tensors {
        p.iter()
            .map(|l| l.iter().map(|t| vec![0.0; t.len()]).collect())
            .collect()
    };
    let (mut m, mut v) = (zeros(&p), zeros(&p));
    let mut t = 0;
    let mut run = Run {
        epoch_losses: Vec::new(),
        first_epoch: Vec::new(),
        params: Vec::new(),
    };
    let n = lesson.data.len();
    for epoch in 0..lesson.epochs {
        let mut total = 0.0;
        for start in (0..n).step_by(lesson.batch_size) {
            let batch = start..(start + lesson.batch_size).min(n);
            let count = batch.len() as f64;
            let mut g = zeros(&p);
            for s in batch {
                let d = &lesson.data[s];
                let values = sample(
                    lesson,
                    &p,
                    d.input.as_slice().unwrap(),
                    d.target.as_slice().unwrap(),
                );
                total += values.loss;
                for (gl, sl) in g.iter_mut().zip(&values.grad) {
                    for (gt, st) in gl.iter_mut().zip(sl) {
                        for (a, b) in gt.iter_mut().zip(st) {
                            *a += b;
                        }
                    }
                }
                if epoch == 0 {
                    run.first_epoch.push(values);
                }
            }
            t += 1;
            let first = t == 1;
            for (l, layer) in lesson.layers.iter().enumerate() {
                for (i, spec) in layer.specs().iter().enumerate() {
                    if !spec.trains {
                        continue;
                    }
                    for k in 0..p[l][i].len() {
                        let gk = g[l][i][k] / count;
                        let (pk, mk, vk) = (&mut p[l][i][k], &mut m[l][i][k], &mut v[l][i][k]);
                        match lesson.optimizer {
                            Optimizer::Sgd {
                                learning_rate,
                                momentum,
                            } => {
                                let d = if momentum == 0.0 {
                                    gk
                                } else {
                                    *vk = if first { gk } else { momentum * *vk + gk };
                                    *vk
                                };
                                *pk -= learning_rate * d;
                            }
                            Optimizer::AdamW { .. } => {
                                unreachable!("no convolutional lesson trains with AdamW")
                            }
                            Optimizer::Adam {
                                learning_rate,
                                beta1,
                                beta2,
                                epsilon,
                            } => {
                                *mk += (gk - *mk) * (1.0 - beta1);
                                *vk = *vk * beta2 + gk * gk * (1.0 - beta2);
                                let bc1 = 1.0 - beta1.powi(t);
                                let bc2 = 1.0 - beta2.powi(t);
                                let denom = vk.sqrt() / bc2.sqrt() + epsilon;
                                *pk += -(learning_rate / bc1) * (*mk / denom);
                            }
                        }
                    }
                }
            }
        }
        run.epoch_losses.push(total / n as f64);
    }
    run.params = p;
    run
}
