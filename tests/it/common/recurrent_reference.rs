//! An independent reference for networks of recurrent and dense layers on sequences, written
//! from PyTorch's definitions in plain loops over `Vec`s and nothing of the engine: nn.RNN
//! (h_t = f(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh), h_0 = 0), nn.LSTM (gates i, f, g, o
//! stacked in that order, c_0 = 0), nn.Linear at every position, the losses with mean
//! reduction over positions, and backpropagation through time as the textbooks write the
//! recursion: a running ∂L/∂h (and ∂L/∂c) carried from step t + 1 to step t through W_hhᵀ
//! (and the forget gate), rather than the engine's two named parts; a residual adds an
//! earlier output and passes its error back to it. The optimizers are PyTorch's SGD (with
//! momentum) and Adam.

use bpnn_tutor::layers::recurrent::Outputs;
use bpnn_tutor::lesson::{Activation, Kind, Lesson, Loss, Optimizer};

/// Every parameter: layer → tensor (in the kind's order) → entries, row-major.
pub type Params = Vec<Vec<Vec<f64>>>;

/// A training run: the epoch losses, the final parameters, the first batch's mean gradient,
/// and for the first sample of each epoch every layer's h_t and c_t (per layer: T × H, flat).
pub struct Run {
    pub epoch_losses: Vec<f64>,
    pub params: Params,
    pub first_gradient: Params,
    pub states: Vec<Vec<(Vec<f64>, Vec<f64>)>>,
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn act(a: Activation, z: f64) -> f64 {
    match a {
        Activation::Sigmoid => sigmoid(z),
        Activation::Tanh => z.tanh(),
        Activation::Relu => z.max(0.0),
        Activation::LeakyRelu => {
            if z > 0.0 {
                z
            } else {
                0.01 * z
            }
        }
        _ => z,
    }
}

fn slope(a: Activation, z: f64, y: f64) -> f64 {
    match a {
        Activation::Sigmoid => y * (1.0 - y),
        Activation::Tanh => 1.0 - y * y,
        Activation::Relu => f64::from(u8::from(z > 0.0)),
        Activation::LeakyRelu => {
            if z > 0.0 {
                1.0
            } else {
                0.01
            }
        }
        _ => 1.0,
    }
}

/// One layer's forward numbers for one sample.
#[derive(Default, Clone)]
struct Cache {
    x: Vec<f64>,
    z: Vec<f64>,
    /// Gates after their functions (LSTM), stacked like z.
    gates: Vec<f64>,
    h: Vec<f64>,
    c: Vec<f64>,
    /// The layer's own output, and with its residual added.
    out: Vec<f64>,
    out_with_residual: Vec<f64>,
}

/// y = W x + b for W of `rows` × `cols`, row-major.
fn affine(w: &[f64], b: &[f64], x: &[f64], rows: usize) -> Vec<f64> {
    let cols = x.len();
    (0..rows)
        .map(|r| b[r] + (0..cols).map(|k| w[r * cols + k] * x[k]).sum::<f64>())
        .collect()
}

/// Wᵀ v for W of `rows` × `cols`.
fn transposed(w: &[f64], v: &[f64], cols: usize) -> Vec<f64> {
    (0..cols)
        .map(|k| (0..v.len()).map(|r| w[r * cols + k] * v[r]).sum())
        .collect()
}

fn forward_layer(lesson: &Lesson, l: usize, p: &[Vec<f64>], x: &[f64]) -> Cache {
    let layer = &lesson.layers[l];
    let steps = layer.input.positions();
    let f = layer.input.features();
    let mut cache = Cache {
        x: x.to_vec(),
        ..Cache::default()
    };
    match layer.kind {
        Kind::Dense(d) => {
            let n = layer.output.features();
            for t in 0..steps {
                let z = affine(&p[0], &p[1], &x[t * f..(t + 1) * f], n);
                let a: Vec<f64> = if d.activation == Activation::Softmax {
                    let max = z.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                    let e: Vec<f64> = z.iter().map(|v| (v - max).exp()).collect();
                    let s: f64 = e.iter().sum();
                    e.iter().map(|v| v / s).collect()
                } else {
                    z.iter().map(|&v| act(d.activation, v)).collect()
                };
                cache.z.extend(z);
                cache.out.extend(a);
            }
        }
        Kind::Rnn(k) => {
            let h = k.hidden;
            let mut prev = vec![0.0; h];
            for t in 0..steps {
                let a = affine(&p[0], &p[2], &x[t * f..(t + 1) * f], h);
                let b = affine(&p[1], &p[3], &prev, h);
                let z: Vec<f64> = a.iter().zip(&b).map(|(a, b)| a + b).collect();
                prev = z.iter().map(|&v| act(k.activation, v)).collect();
                cache.z.extend(z);
                cache.h.extend(prev.iter());
            }
            cache.out = match k.outputs {
                Outputs::All => cache.h.clone(),
                Outputs::Last => prev,
            };
        }
        Kind::Lstm(k) => {
            let h = k.hidden;
            let (mut hp, mut cp) = (vec![0.0; h], vec![0.0; h]);
            for t in 0..steps {
                let a = affine(&p[0], &p[2], &x[t * f..(t + 1) * f], 4 * h);
                let b = affine(&p[1], &p[3], &hp, 4 * h);
                let z: Vec<f64> = a.iter().zip(&b).map(|(a, b)| a + b).collect();
                let mut g = vec![0.0; 4 * h];
                for j in 0..h {
                    g[j] = sigmoid(z[j]);
                    g[h + j] = sigmoid(z[h + j]);
                    g[2 * h + j] = z[2 * h + j].tanh();
                    g[3 * h + j] = sigmoid(z[3 * h + j]);
                }
                let c: Vec<f64> = (0..h)
                    .map(|j| g[h + j] * cp[j] + g[j] * g[2 * h + j])
                    .collect();
                hp = (0..h).map(|j| g[3 * h + j] * c[j].tanh()).collect();
                cp = c;
                cache.z.extend(z);
                cache.gates.extend(g);
                cache.c.extend(cp.iter());
                cache.h.extend(hp.iter());
            }
            cache.out = match k.outputs {
                Outputs::All => cache.h.clone(),
                Outputs::Last => hp,
            };
        }
        _ => unreachable!("a convolutional layer on a sequence"),
    }
    cache
}

/// The loss of one sample and ∂L/∂(output) (∂L/∂z of a softmax output under cross-entropy).
fn loss_and_gradient(lesson: &Lesson, caches: &[Cache], y: &[f64]) -> (f64, Vec<f64>) {
    let last = caches.last().unwrap();
    let a = &last.out_with_residual;
    let shape = lesson.shape(lesson.depth());
    let (steps, n) = (shape.positions(), shape.features());
    let mut total = 0.0;
    let mut g = vec![0.0; a.len()];
    for t in 0..steps {
        let (a, y) = (&a[t * n..(t + 1) * n], &y[t * n..(t + 1) * n]);
        let nf = n as f64;
        let loss = match lesson.loss {
            Loss::HalfSse => 0.5 * a.iter().zip(y).map(|(a, y)| (a - y).powi(2)).sum::<f64>(),
            Loss::Mse => a.iter().zip(y).map(|(a, y)| (a - y).powi(2)).sum::<f64>() / nf,
            Loss::Bce => {
                -a.iter()
                    .zip(y)
                    .map(|(a, y)| y * a.ln().max(-100.0) + (1.0 - y) * (1.0 - a).ln().max(-100.0))
                    .sum::<f64>()
                    / nf
            }
            Loss::CrossEntropy => -a
                .iter()
                .zip(y)
                .map(|(a, y)| if *y == 0.0 { 0.0 } else { y * a.ln() })
                .sum::<f64>(),
        };
        total += loss;
        for j in 0..n {
            let d = match lesson.loss {
                Loss::HalfSse => a[j] - y[j],
                Loss::Mse => 2.0 * (a[j] - y[j]) / nf,
                Loss::Bce => (a[j] - y[j]) / (a[j] * (1.0 - a[j])) / nf,
                Loss::CrossEntropy => a[j] - y[j],
            };
            g[t * n + j] = d / steps as f64;
        }
    }
    (total / steps as f64, g)
}

/// The backward pass of layer l from ∂L/∂(its output) `g`; returns ∂L/∂(its input) and adds
/// this sample's gradient to `grad`.
fn backward_layer(
    lesson: &Lesson,
    l: usize,
    p: &[Vec<f64>],
    cache: &Cache,
    g: &[f64],
    grad: &mut [Vec<f64>],
    softmax_ce: bool,
) -> Vec<f64> {
    let layer = &lesson.layers[l];
    let steps = layer.input.positions();
    let f = layer.input.features();
    let mut dx = vec![0.0; cache.x.len()];
    match layer.kind {
        Kind::Dense(d) => {
            let n = layer.output.features();
            for t in 0..steps {
                let delta: Vec<f64> = (0..n)
                    .map(|j| {
                        let i = t * n + j;
                        if softmax_ce {
                            g[i]
                        } else {
                            g[i] * slope(d.activation, cache.z[i], cache.out[i])
                        }
                    })
                    .collect();
                let x = &cache.x[t * f..(t + 1) * f];
                for j in 0..n {
                    for k in 0..f {
                        grad[0][j * f + k] += delta[j] * x[k];
                    }
                    grad[1][j] += delta[j];
                }
                dx[t * f..(t + 1) * f].copy_from_slice(&transposed(&p[0], &delta, f));
            }
        }
        Kind::Rnn(k) => {
            let h = k.hidden;
            let mut dh_next = vec![0.0; h];
            for t in (0..steps).rev() {
                let mut dh = dh_next.clone();
                match k.outputs {
                    Outputs::All => (0..h).for_each(|j| dh[j] += g[t * h + j]),
                    Outputs::Last if t + 1 == steps => (0..h).for_each(|j| dh[j] += g[j]),
                    Outputs::Last => {}
                }
                let delta: Vec<f64> = (0..h)
                    .map(|j| dh[j] * slope(k.activation, cache.z[t * h + j], cache.h[t * h + j]))
                    .collect();
                let x = &cache.x[t * f..(t + 1) * f];
                for j in 0..h {
                    for q in 0..f {
                        grad[0][j * f + q] += delta[j] * x[q];
                    }
                    if t > 0 {
                        for q in 0..h {
                            grad[1][j * h + q] += delta[j] * cache.h[(t - 1) * h + q];
                        }
                    }
                    grad[2][j] += delta[j];
                    grad[3][j] += delta[j];
                }
                dx[t * f..(t + 1) * f].copy_from_slice(&transposed(&p[0], &delta, f));
                dh_next = transposed(&p[1], &delta, h);
            }
        }
        Kind::Lstm(k) => {
            let h = k.hidden;
            let (mut dh_next, mut dc_next) = (vec![0.0; h], vec![0.0; h]);
            for t in (0..steps).rev() {
                let mut dh = dh_next.clone();
                match k.outputs {
                    Outputs::All => (0..h).for_each(|j| dh[j] += g[t * h + j]),
                    Outputs::Last if t + 1 == steps => (0..h).for_each(|j| dh[j] += g[j]),
                    Outputs::Last => {}
                }
                let gt = &cache.gates[t * 4 * h..(t + 1) * 4 * h];
                let mut delta = vec![0.0; 4 * h];
                for j in 0..h {
                    let (i, fg, gc, o) = (gt[j], gt[h + j], gt[2 * h + j], gt[3 * h + j]);
                    let c = cache.c[t * h + j];
                    let c_prev = if t > 0 { cache.c[(t - 1) * h + j] } else { 0.0 };
                    let dc = dh[j] * o * (1.0 - c.tanh().powi(2)) + dc_next[j];
                    delta[j] = dc * gc * i * (1.0 - i);
                    delta[h + j] = dc * c_prev * fg * (1.0 - fg);
                    delta[2 * h + j] = dc * i * (1.0 - gc * gc);
                    delta[3 * h + j] = dh[j] * c.tanh() * o * (1.0 - o);
                    dc_next[j] = dc * fg;
                }
                let x = &cache.x[t * f..(t + 1) * f];
                for r in 0..4 * h {
                    for q in 0..f {
                        grad[0][r * f + q] += delta[r] * x[q];
                    }
                    if t > 0 {
                        for q in 0..h {
                            grad[1][r * h + q] += delta[r] * cache.h[(t - 1) * h + q];
                        }
                    }
                    grad[2][r] += delta[r];
                    grad[3][r] += delta[r];
                }
                dx[t * f..(t + 1) * f].copy_from_slice(&transposed(&p[0], &delta, f));
                dh_next = transposed(&p[1], &delta, h);
            }
        }
        _ => unreachable!("a convolutional layer on a sequence"),
    }
    dx
}

/// The initial parameters of the lesson, row-major.
pub fn initial(lesson: &Lesson) -> Params {
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

/// One sample: its loss, its gradient, and its forward numbers.
fn sample(lesson: &Lesson, p: &Params, s: usize) -> (f64, Params, Vec<Cache>) {
    let data = &lesson.data[s];
    // outs[l]: layer l's output, its residual added (outs[0] = x).
    let mut outs: Vec<Vec<f64>> = vec![data.input.iter().copied().collect()];
    let mut caches = Vec::new();
    for (l, params) in p.iter().enumerate() {
        let mut c = forward_layer(lesson, l, params, &outs[l]);
        let mut out = c.out.clone();
        if let Some(n) = lesson.layers[l].residual {
            out.iter_mut().zip(&outs[n]).for_each(|(a, r)| *a += r);
        }
        c.out_with_residual = out.clone();
        outs.push(out);
        caches.push(c);
    }
    let y: Vec<f64> = data.target.iter().copied().collect();
    let (loss, g) = loss_and_gradient(lesson, &caches, &y);
    let softmax_ce = lesson.loss == Loss::CrossEntropy;
    let mut grad: Params = p
        .iter()
        .map(|l| l.iter().map(|t| vec![0.0; t.len()]).collect())
        .collect();
    // ∂L/∂(layer l's output), gathered from the layer above and from residuals.
    let mut g_out: Vec<Vec<f64>> = outs.iter().map(|o| vec![0.0; o.len()]).collect();
    g_out[lesson.depth()] = g;
    for l in (0..lesson.depth()).rev() {
        let last = softmax_ce && l + 1 == lesson.depth();
        let g = g_out[l + 1].clone();
        let dx = backward_layer(lesson, l, &p[l], &caches[l], &g, &mut grad[l], last);
        g_out[l].iter_mut().zip(&dx).for_each(|(a, d)| *a += d);
        if let Some(n) = lesson.layers[l].residual {
            g_out[n].iter_mut().zip(&g).for_each(|(a, d)| *a += d);
        }
    }
    (loss, grad, caches)
}

/// Trains the lesson as PyTorch would, and keeps what the tests compare.
pub fn train(lesson: &Lesson) -> Run {
    let mut p = initial(lesson);
    let zeros = |p: &Params| -> Params {
        p.iter()
            .map(|l| l.iter().map(|t| vec![0.0; t.len()]).collect())
            .collect()
    };
    let (mut m, mut v) = (zeros(&p), zeros(&p));
    let mut steps = 0;
    let mut run = Run {
        epoch_losses: Vec::new(),
        params: Vec::new(),
        first_gradient: Vec::new(),
        states: Vec::new(),
    };
    for _epoch in 0..lesson.epochs {
        let mut losses = Vec::new();
        let mut start = 0;
        while start < lesson.data.len() {
            let end = (start + lesson.batch_size).min(lesson.data.len());
            let mut mean = zeros(&p);
            for s in start..end {
                let (loss, grad, caches) = sample(lesson, &p, s);
                losses.push(loss);
                if s == 0 {
                    run.states
                        .push(caches.iter().map(|c| (c.h.clone(), c.c.clone())).collect());
                }
                for (ml, gl) in mean.iter_mut().zip(&grad) {
                    for (mt, gt) in ml.iter_mut().zip(gl) {
                        for (a, b) in mt.iter_mut().zip(gt) {
                            *a += b;
                        }
                    }
                }
            }
            let n = (end - start) as f64;
            mean.iter_mut().flatten().flatten().for_each(|g| *g /= n);
            if run.first_gradient.is_empty() {
                run.first_gradient = mean.clone();
            }
            steps += 1;
            for (l, layer) in lesson.layers.iter().enumerate() {
                for (i, spec) in layer.specs().iter().enumerate() {
                    if !spec.trains {
                        continue;
                    }
                    for e in 0..p[l][i].len() {
                        let g = mean[l][i][e];
                        let (pe, me, ve) = (&mut p[l][i][e], &mut m[l][i][e], &mut v[l][i][e]);
                        match lesson.optimizer {
                            Optimizer::Sgd {
                                learning_rate,
                                momentum: 0.0,
                            } => *pe -= learning_rate * g,
                            Optimizer::Sgd {
                                learning_rate,
                                momentum,
                            } => {
                                *ve = momentum * *ve + g;
                                *pe -= learning_rate * *ve;
                            }
                            Optimizer::AdamW { .. } => {
                                unreachable!("no recurrent lesson trains with AdamW")
                            }
                            Optimizer::Adam {
                                learning_rate,
                                beta1,
                                beta2,
                                epsilon,
                            } => {
                                *me = beta1 * *me + (1.0 - beta1) * g;
                                *ve = beta2 * *ve + (1.0 - beta2) * g * g;
                                let mh = *me / (1.0 - beta1.powi(steps));
                                let vh = *ve / (1.0 - beta2.powi(steps));
                                *pe -= learning_rate * mh / (vh.sqrt() + epsilon);
                            }
                        }
                    }
                }
            }
            start = end;
        }
        run.epoch_losses
            .push(losses.iter().sum::<f64>() / losses.len() as f64);
    }
    run.params = p;
    run
}

/// The loss of sample `s` under `p` (for finite differences).
pub fn sample_loss(lesson: &Lesson, p: &Params, s: usize) -> f64 {
    sample(lesson, p, s).0
}
