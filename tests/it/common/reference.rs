//! An independent reference implementation of training, written from the formulas of the
//! design contract and PyTorch's rules, in plain f64 loops over `Vec`s. It reads a lesson's
//! settings, initial parameters and data, and nothing of the engine: the tests compare the
//! program against it.
//!
//! Where PyTorch orders an operation differently from the engine, this follows PyTorch
//! (`BCELoss`'s gradient divided by n last, sigmoid′ as g·(1 − a)·a, `CrossEntropyLoss`'s
//! gradient through log-softmax, Adam's `lerp` and `addcdiv`), so agreement is a real check.
//! So does it at the edges, as PyTorch's vectorised CPU kernels compute them: tanh's backward
//! g·(1 − a²) with 1 − a² rounded once (the kernel's multiply and subtract fuse), ReLU's forward
//! `clamp_min(z, 0)` (NaN stays NaN) and its backward a selection on the output (`a ≤ 0` gives
//! 0 whatever g is, even ∞; otherwise g).

use bpnn_tutor::lesson::{Activation, Lesson, Loss, Optimizer};

/// `BCELoss` clamps every log at −100 and divides its gradient by at least ATen's
/// `EPSILON`, declared as a float.
const LOG_FLOOR: f64 = -100.0;
const BCE_EPS: f64 = 1e-12_f32 as f64;

/// Weights w[l][j][k] (row j: neuron j of layer l + 1) and biases b[l][j].
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    pub w: Vec<Vec<Vec<f64>>>,
    pub b: Vec<Vec<f64>>,
}

impl Params {
    fn zeros_like(&self) -> Params {
        Params {
            w: self
                .w
                .iter()
                .map(|m| m.iter().map(|r| vec![0.0; r.len()]).collect())
                .collect(),
            b: self.b.iter().map(|v| vec![0.0; v.len()]).collect(),
        }
    }

    /// Every number, layer by layer: weights row by row, then biases.
    pub fn flat(&self) -> Vec<f64> {
        let mut out = Vec::new();
        for (w, b) in self.w.iter().zip(&self.b) {
            out.extend(w.iter().flatten());
            out.extend(b);
        }
        out
    }
}

/// One sample's numbers: z and δ of layers 1..=L at index l − 1, a of layers 0..=L at l.
#[derive(Debug, Clone)]
pub struct SampleValues {
    pub z: Vec<Vec<f64>>,
    pub a: Vec<Vec<f64>>,
    pub delta: Vec<Vec<f64>>,
    pub loss: f64,
}

/// The numbers of one update: parameters after it, the batch gradient, optimizer state.
#[derive(Debug, Clone)]
pub struct UpdateValues {
    pub params: Params,
    pub grad: Params,
    /// Momentum's velocity (PyTorch's momentum buffer), or Adam's second moment.
    pub v: Option<Params>,
    /// Adam's first moment.
    pub m: Option<Params>,
    /// Adam's step count.
    pub t: i32,
}

/// A whole run. `samples[e][s]` and `updates[e][b]` are kept only when asked for.
pub struct Run {
    pub epoch_losses: Vec<f64>,
    pub samples: Vec<Vec<SampleValues>>,
    pub updates: Vec<Vec<UpdateValues>>,
    pub params: Params,
}

struct Net<'a> {
    lesson: &'a Lesson,
    acts: Vec<Activation>,
}

pub fn f(act: Activation, z: f64) -> f64 {
    match act {
        Activation::Sigmoid => 1.0 / (1.0 + (-z).exp()),
        Activation::Tanh => z.tanh(),
        // clamp_min: max(z, 0) that keeps a NaN.
        Activation::Relu if z < 0.0 => 0.0,
        Activation::Relu => z,
        Activation::LeakyRelu if z > 0.0 => z,
        Activation::LeakyRelu => 0.01 * z,
        Activation::Gelu => super::transformer_ref::gelu(z),
        Activation::Identity => z,
        Activation::Softmax => unreachable!("softmax is a layer function"),
    }
}

/// The gradient `g` with respect to a, carried back through f to z, as PyTorch's backward
/// functions compute it.
pub fn back(act: Activation, g: f64, z: f64, a: f64) -> f64 {
    match act {
        Activation::Sigmoid => g * (1.0 - a) * a,
        Activation::Tanh => g * (-a).mul_add(a, 1.0),
        // threshold_backward(g, a, 0): a ≤ 0 selects 0; a NaN output passes g.
        Activation::Relu if a <= 0.0 => 0.0,
        Activation::Relu => g,
        Activation::LeakyRelu if z > 0.0 => g,
        Activation::LeakyRelu => g * 0.01,
        // GeluBackward: Φ(z) + z·φ(z).
        Activation::Gelu => {
            let cdf = 0.5 * (1.0 + super::transformer_ref::erf(z / 2f64.sqrt()));
            let pdf = (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
            g * (cdf + z * pdf)
        }
        Activation::Identity => g,
        Activation::Softmax => unreachable!("softmax is only used with cross-entropy"),
    }
}

impl Net<'_> {
    fn forward(&self, p: &Params, x: &[f64]) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
        let mut zs = Vec::new();
        let mut acts = vec![x.to_vec()];
        for (l, &act) in self.acts.iter().enumerate() {
            let input = &acts[l];
            let z: Vec<f64> = p.w[l]
                .iter()
                .zip(&p.b[l])
                .map(|(row, b)| row.iter().zip(input).map(|(w, a)| w * a).sum::<f64>() + b)
                .collect();
            let a = if act == Activation::Softmax {
                let m = z.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                let e: Vec<f64> = z.iter().map(|z| (z - m).exp()).collect();
                let s: f64 = e.iter().sum();
                e.iter().map(|e| e / s).collect()
            } else {
                z.iter().map(|&z| f(act, z)).collect()
            };
            zs.push(z);
            acts.push(a);
        }
        (zs, acts)
    }

    fn loss(&self, z: &[f64], a: &[f64], y: &[f64]) -> f64 {
        let n = a.len() as f64;
        match self.lesson.loss {
            Loss::HalfSse => 0.5 * a.iter().zip(y).map(|(a, y)| (a - y).powi(2)).sum::<f64>(),
            Loss::Mse => a.iter().zip(y).map(|(a, y)| (a - y).powi(2)).sum::<f64>() / n,
            Loss::Bce => {
                let per = |(&a, &y): (&f64, &f64)| {
                    (y - 1.0) * (-a).ln_1p().max(LOG_FLOOR) - y * a.ln().max(LOG_FLOOR)
                };
                a.iter().zip(y).map(per).sum::<f64>() / n
            }
            Loss::CrossEntropy => {
                let m = z.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                let lse = z.iter().map(|z| (z - m).exp()).sum::<f64>().ln();
                -z.iter().zip(y).map(|(z, y)| (z - m - lse) * y).sum::<f64>()
            }
        }
    }

    /// δ of the output layer: ∂L/∂z⁽ᴸ⁾.
    fn output_delta(&self, z: &[f64], a: &[f64], y: &[f64]) -> Vec<f64> {
        let n = a.len() as f64;
        let act = *self.acts.last().unwrap();
        if self.lesson.loss == Loss::CrossEntropy {
            // log_softmax's backward with upstream gradient −y: −y + softmax·Σ y.
            let m = z.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            let lse = z.iter().map(|z| (z - m).exp()).sum::<f64>().ln();
            let total: f64 = y.iter().sum();
            return z
                .iter()
                .zip(y)
                .map(|(z, y)| -y + (z - m - lse).exp() * total)
                .collect();
        }
        (0..a.len())
            .map(|j| {
                let (aj, yj) = (a[j], y[j]);
                let g = match self.lesson.loss {
                    Loss::HalfSse => aj - yj,
                    Loss::Mse => 2.0 / n * (aj - yj),
                    Loss::Bce => (aj - yj) / ((1.0 - aj) * aj).max(BCE_EPS) / n,
                    Loss::CrossEntropy => unreachable!(),
                };
                back(act, g, z[j], aj)
            })
            .collect()
    }

    fn sample(&self, p: &Params, x: &[f64], y: &[f64]) -> SampleValues {
        let (z, a) = self.forward(p, x);
        let depth = self.acts.len();
        let loss = self.loss(&z[depth - 1], &a[depth], y);
        let mut delta = vec![Vec::new(); depth];
        delta[depth - 1] = self.output_delta(&z[depth - 1], &a[depth], y);
        for l in (0..depth - 1).rev() {
            delta[l] = (0..z[l].len())
                .map(|j| {
                    let g: f64 = (0..delta[l + 1].len())
                        .map(|k| p.w[l + 1][k][j] * delta[l + 1][k])
                        .sum();
                    back(self.acts[l], g, z[l][j], a[l + 1][j])
                })
                .collect();
        }
        SampleValues { z, a, delta, loss }
    }
}

/// State of one optimizer across updates, for every parameter.
struct Opt {
    m: Params,
    v: Params,
    t: i32,
    started: bool,
}

fn step(lesson: &Lesson, opt: &mut Opt, p: &mut Params, g: &Params) {
    opt.t += 1;
    let first = !opt.started;
    opt.started = true;
    for (l, layer) in lesson.layers.iter().enumerate() {
        let each = |p: &mut f64, g: f64, m: &mut f64, v: &mut f64| match lesson.optimizer {
            Optimizer::Sgd {
                learning_rate,
                momentum,
            } => {
                let d = if momentum == 0.0 {
                    g
                } else {
                    // PyTorch's first momentum step copies the gradient into the buffer.
                    *v = if first { g } else { momentum * *v + g };
                    *v
                };
                *p -= learning_rate * d;
            }
            Optimizer::Adam {
                learning_rate,
                beta1,
                beta2,
                epsilon,
            } => {
                *m += (g - *m) * (1.0 - beta1); // m.lerp_(g, 1 − β₁)
                *v = *v * beta2 + g * g * (1.0 - beta2);
                let bc1 = 1.0 - beta1.powi(opt.t);
                let bc2 = 1.0 - beta2.powi(opt.t);
                let denom = v.sqrt() / bc2.sqrt() + epsilon;
                *p += -(learning_rate / bc1) * (*m / denom);
            }
            Optimizer::AdamW {
                learning_rate,
                beta1,
                beta2,
                epsilon,
                weight_decay,
            } => {
                *p *= 1.0 - learning_rate * weight_decay; // param.mul_(1 − lr·wd)
                *m += (g - *m) * (1.0 - beta1);
                *v = *v * beta2 + g * g * (1.0 - beta2);
                let bc1 = 1.0 - beta1.powi(opt.t);
                let bc2 = 1.0 - beta2.powi(opt.t);
                let denom = v.sqrt() / bc2.sqrt() + epsilon;
                *p += -(learning_rate / bc1) * (*m / denom);
            }
        };
        if layer.weights_train() {
            for j in 0..p.w[l].len() {
                for k in 0..p.w[l][j].len() {
                    let (m, v) = (&mut opt.m.w[l][j][k], &mut opt.v.w[l][j][k]);
                    each(&mut p.w[l][j][k], g.w[l][j][k], m, v);
                }
            }
        }
        if layer.biases_train() {
            for j in 0..p.b[l].len() {
                each(
                    &mut p.b[l][j],
                    g.b[l][j],
                    &mut opt.m.b[l][j],
                    &mut opt.v.b[l][j],
                );
            }
        }
    }
}

/// The lesson's initial parameters, as the loader made them concrete.
pub fn initial(lesson: &Lesson) -> Params {
    Params {
        w: lesson
            .layers
            .iter()
            .map(|l| l.weights().rows().into_iter().map(|r| r.to_vec()).collect())
            .collect(),
        b: lesson.layers.iter().map(|l| l.biases().to_vec()).collect(),
    }
}

/// Trains the lesson from its initial parameters; with `keep`, every sample's and update's
/// numbers are kept too.
pub fn train(lesson: &Lesson, keep: bool) -> Run {
    let net = Net {
        lesson,
        acts: lesson.layers.iter().map(|l| l.activation()).collect(),
    };
    let mut p = initial(lesson);
    let mut opt = Opt {
        m: p.zeros_like(),
        v: p.zeros_like(),
        t: 0,
        started: false,
    };
    let mut run = Run {
        epoch_losses: Vec::new(),
        samples: Vec::new(),
        updates: Vec::new(),
        params: p.clone(),
    };
    let n = lesson.data.len();
    for _ in 0..lesson.epochs {
        let (mut samples, mut updates, mut total) = (Vec::new(), Vec::new(), 0.0);
        for start in (0..n).step_by(lesson.batch_size) {
            let batch = start..(start + lesson.batch_size).min(n);
            let count = batch.len() as f64;
            let mut g = p.zeros_like();
            for s in batch {
                let d = &lesson.data[s];
                let v = net.sample(
                    &p,
                    d.input.as_slice().unwrap(),
                    d.target.as_slice().unwrap(),
                );
                total += v.loss;
                for l in 0..v.delta.len() {
                    for (j, dj) in v.delta[l].iter().enumerate() {
                        g.b[l][j] += dj;
                        for (k, ak) in v.a[l].iter().enumerate() {
                            g.w[l][j][k] += dj * ak;
                        }
                    }
                }
                if keep {
                    samples.push(v);
                }
            }
            g.w.iter_mut().flatten().flatten().for_each(|x| *x /= count);
            g.b.iter_mut().flatten().for_each(|x| *x /= count);
            step(lesson, &mut opt, &mut p, &g);
            if keep {
                let (m, v) = match lesson.optimizer {
                    Optimizer::Sgd { momentum: 0.0, .. } => (None, None),
                    Optimizer::Sgd { .. } => (None, Some(opt.v.clone())),
                    Optimizer::Adam { .. } | Optimizer::AdamW { .. } => {
                        (Some(opt.m.clone()), Some(opt.v.clone()))
                    }
                };
                updates.push(UpdateValues {
                    params: p.clone(),
                    grad: g,
                    v,
                    m,
                    t: opt.t,
                });
            }
        }
        run.epoch_losses.push(total / n as f64);
        run.samples.push(samples);
        run.updates.push(updates);
    }
    run.params = p;
    run
}
