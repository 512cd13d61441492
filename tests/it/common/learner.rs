//! A learner working a dense lesson's first batch by hand: every number of each sample of the
//! batch, then its update, written from the formulas of the design contract — nothing of the
//! program's formulas or its grader. It reads only the lesson's settings, parameters and data.
//!
//! How the learner works is set by [`Hand`]: how many significant figures they write, whether
//! they carry on from what they wrote (rounding as they go) or from their calculator's full
//! value, which steps their sheet shows, a mistake they make every time it applies, and a
//! one-off slip (a number off by a factor) at one step.

use std::collections::BTreeMap;

use bpnn_tutor::lesson::{Activation, Lesson, Loss, Optimizer};

/// A mistake the learner makes every time it applies, spelled as the catalogue's ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mistake {
    ExpSign,
    MissingBias,
    TransposedWeights,
    SoftmaxAsSigmoid,
    LeakyAsRelu,
    LossFactor,
    FlippedError,
    LossSign,
    DecimalLog,
    BceMissingTerm,
    BceDoubleDerivative,
    ExtraDerivative,
    MissingDerivative,
    DerivativeOfZ,
    TanhDerivativeSign,
    SigmoidDerivativeAtA,
    TanhDerivativeAtA,
    HiddenDeltaOneOutput,
    ReluDerivativeAsA,
    WrongInput,
    DerivativeAsInput,
    GradientTimesWeight,
    BiasGradientTimesInput,
    GradientAscent,
    NoLearningRate,
    BatchSum,
    LastSampleOnly,
    MeanOverDataset,
    MomentumOldVelocity,
    MomentumEma,
    MomentumAsStep,
    AdamEpsilonInsideSqrt,
    AdamNoBiasCorrection,
    AdamTOffByOne,
    AdamUnsquaredGradient,
    AdamOneBeta,
    AdamNoOneMinusBeta,
    AdamNoSqrt,
}

impl Mistake {
    pub const ALL: [Mistake; 38] = [
        Mistake::ExpSign,
        Mistake::MissingBias,
        Mistake::TransposedWeights,
        Mistake::SoftmaxAsSigmoid,
        Mistake::LeakyAsRelu,
        Mistake::LossFactor,
        Mistake::FlippedError,
        Mistake::LossSign,
        Mistake::DecimalLog,
        Mistake::BceMissingTerm,
        Mistake::BceDoubleDerivative,
        Mistake::ExtraDerivative,
        Mistake::MissingDerivative,
        Mistake::DerivativeOfZ,
        Mistake::TanhDerivativeSign,
        Mistake::SigmoidDerivativeAtA,
        Mistake::TanhDerivativeAtA,
        Mistake::HiddenDeltaOneOutput,
        Mistake::ReluDerivativeAsA,
        Mistake::WrongInput,
        Mistake::DerivativeAsInput,
        Mistake::GradientTimesWeight,
        Mistake::BiasGradientTimesInput,
        Mistake::GradientAscent,
        Mistake::NoLearningRate,
        Mistake::BatchSum,
        Mistake::LastSampleOnly,
        Mistake::MeanOverDataset,
        Mistake::MomentumOldVelocity,
        Mistake::MomentumEma,
        Mistake::MomentumAsStep,
        Mistake::AdamEpsilonInsideSqrt,
        Mistake::AdamNoBiasCorrection,
        Mistake::AdamTOffByOne,
        Mistake::AdamUnsquaredGradient,
        Mistake::AdamOneBeta,
        Mistake::AdamNoOneMinusBeta,
        Mistake::AdamNoSqrt,
    ];

    /// The catalogue's id for it.
    pub fn id(self) -> &'static str {
        use Mistake::*;
        match self {
            ExpSign => "exp_sign",
            MissingBias => "missing_bias",
            TransposedWeights => "transposed_weights",
            SoftmaxAsSigmoid => "softmax_as_sigmoid",
            LeakyAsRelu => "leaky_as_relu",
            LossFactor => "loss_factor",
            FlippedError => "flipped_error",
            LossSign => "loss_sign",
            DecimalLog => "decimal_log",
            BceMissingTerm => "bce_missing_term",
            BceDoubleDerivative => "bce_double_derivative",
            ExtraDerivative => "extra_derivative",
            MissingDerivative => "missing_derivative",
            DerivativeOfZ => "derivative_of_z",
            TanhDerivativeSign => "tanh_derivative_sign",
            SigmoidDerivativeAtA => "sigmoid_derivative_at_a",
            TanhDerivativeAtA => "tanh_derivative_at_a",
            HiddenDeltaOneOutput => "hidden_delta_one_output",
            ReluDerivativeAsA => "relu_derivative_as_a",
            WrongInput => "wrong_input",
            DerivativeAsInput => "derivative_as_input",
            GradientTimesWeight => "gradient_times_weight",
            BiasGradientTimesInput => "bias_gradient_times_input",
            GradientAscent => "gradient_ascent",
            NoLearningRate => "no_learning_rate",
            BatchSum => "batch_sum",
            LastSampleOnly => "last_sample_only",
            MeanOverDataset => "mean_over_dataset",
            MomentumOldVelocity => "momentum_old_velocity",
            MomentumEma => "momentum_ema",
            MomentumAsStep => "momentum_as_step",
            AdamEpsilonInsideSqrt => "adam_epsilon_inside_sqrt",
            AdamNoBiasCorrection => "adam_no_bias_correction",
            AdamTOffByOne => "adam_t_off_by_one",
            AdamUnsquaredGradient => "adam_unsquared_gradient",
            AdamOneBeta => "adam_one_beta",
            AdamNoOneMinusBeta => "adam_no_one_minus_beta",
            AdamNoSqrt => "adam_no_sqrt",
        }
    }
}

/// Which steps a sheet shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// Every step of every sample of the batch, and the update.
    Full,
    /// The gradients (∂L/∂w, ∂L/∂b) and the update: an exam that skips the forward pass.
    Gradients,
}

/// How the learner works.
#[derive(Debug, Clone)]
pub struct Hand {
    /// Significant figures written.
    pub figures: usize,
    /// Carry on from the numbers written (rounding as you go), or from the calculator's.
    pub from_written: bool,
    pub coverage: Coverage,
    pub mistake: Option<Mistake>,
    /// A one-off slip: this step (name, sample or batch) off by this factor.
    pub slip: Option<(String, usize, f64)>,
}

impl Hand {
    pub fn right(figures: usize, from_written: bool) -> Self {
        Hand {
            figures,
            from_written,
            coverage: Coverage::Full,
            mistake: None,
            slip: None,
        }
    }
}

/// One number on the sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub name: String,
    /// The sample, or the batch of an update step.
    pub at: usize,
    pub update: bool,
    pub text: String,
    /// What the learner's calculator held.
    pub full: f64,
}

/// `v` to `figures` significant figures, as a learner writes it: decimals, no exponent.
pub fn written(v: f64, figures: usize) -> String {
    if v == 0.0 || !v.is_finite() {
        return "0".into();
    }
    let exponent = v.abs().log10().floor() as i64;
    let decimals = (figures as i64 - 1 - exponent).max(0) as usize;
    let text = format!("{v:.decimals$}");
    if text.trim_start_matches(['-', '0', '.']).is_empty() {
        return "0".into();
    }
    text
}

fn sigma(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// The learner at work: the numbers so far, each as carried on.
struct Work<'h> {
    hand: &'h Hand,
    sheet: Vec<Written>,
    carried: BTreeMap<(String, usize), f64>,
}

impl Work<'_> {
    fn has(&self, m: Mistake) -> bool {
        self.hand.mistake == Some(m)
    }

    fn shows(&self, name: &str) -> bool {
        match self.hand.coverage {
            Coverage::Full => true,
            Coverage::Gradients => {
                let stem = name.split('(').next().unwrap_or(name);
                !matches!(stem, "z" | "a" | "loss" | "delta")
            }
        }
    }

    /// Works out one number: writes it if the sheet shows it, and returns what is carried on.
    fn keep(&mut self, name: String, at: usize, update: bool, full: f64) -> f64 {
        let full = match &self.hand.slip {
            Some((n, a, f)) if *n == name && *a == at => full * f,
            _ => full,
        };
        let mut carried = full;
        if self.shows(&name) {
            let text = written(full, self.hand.figures);
            if self.hand.from_written {
                carried = text.parse().unwrap();
            }
            self.sheet.push(Written {
                name: name.clone(),
                at,
                update,
                text,
                full,
            });
        }
        self.carried.insert((name, at), carried);
        carried
    }
}

/// The sheet of `hand` for the first batch of `lesson` (epoch 1).
pub fn work(lesson: &Lesson, hand: &Hand) -> Vec<Written> {
    let mut w = Work {
        hand,
        sheet: Vec::new(),
        carried: BTreeMap::new(),
    };
    let depth = lesson.layers.len();
    let acts: Vec<Activation> = lesson.layers.iter().map(|l| l.activation()).collect();
    let weights: Vec<Vec<Vec<f64>>> = lesson
        .layers
        .iter()
        .map(|l| l.weights().rows().into_iter().map(|r| r.to_vec()).collect())
        .collect();
    let biases: Vec<Vec<f64>> = lesson.layers.iter().map(|l| l.biases().to_vec()).collect();
    let batch = lesson.batch_size.min(lesson.data.len());
    // Per sample, each weight's and bias's gradient as carried on: grads[s][l][j][k], k = n for b.
    let mut grads: Vec<Vec<Vec<Vec<f64>>>> = Vec::new();
    for s in 0..batch {
        grads.push(sample(&mut w, lesson, &acts, &weights, &biases, s, depth));
    }
    update(&mut w, lesson, &weights, &biases, &grads);
    w.sheet
}

#[allow(clippy::too_many_arguments)]
fn sample(
    w: &mut Work,
    lesson: &Lesson,
    acts: &[Activation],
    weights: &[Vec<Vec<f64>>],
    biases: &[Vec<f64>],
    s: usize,
    depth: usize,
) -> Vec<Vec<Vec<f64>>> {
    let n = s + 1;
    let x = lesson.data[s].input.to_vec();
    let y = lesson.data[s].target.to_vec();
    let mut z: Vec<Vec<f64>> = vec![Vec::new(); depth + 1];
    let mut a: Vec<Vec<f64>> = vec![x.clone()];
    for l in 1..=depth {
        let (wl, bl, act) = (&weights[l - 1], &biases[l - 1], acts[l - 1]);
        let square = wl.len() == wl[0].len();
        let mut zl = Vec::new();
        let mut al = vec![0.0; wl.len()];
        for j in 0..wl.len() {
            let mut sum = 0.0;
            for k in 0..wl[j].len() {
                let weight = match w.has(Mistake::TransposedWeights) && square {
                    true => wl[k][j],
                    false => wl[j][k],
                };
                sum += weight * a[l - 1][k];
            }
            if !w.has(Mistake::MissingBias) {
                sum += bl[j];
            }
            let zj = w.keep(format!("z({l})[{}]", j + 1), n, false, sum);
            zl.push(zj);
            if act != Activation::Softmax {
                let aj = match act {
                    Activation::Sigmoid if w.has(Mistake::ExpSign) => 1.0 / (1.0 + zj.exp()),
                    Activation::Sigmoid => sigma(zj),
                    Activation::Tanh => zj.tanh(),
                    Activation::Relu => zj.max(0.0),
                    Activation::LeakyRelu if zj > 0.0 => zj,
                    Activation::LeakyRelu if w.has(Mistake::LeakyAsRelu) => 0.0,
                    Activation::LeakyRelu => 0.01 * zj,
                    _ => zj,
                };
                al[j] = w.keep(format!("a({l})[{}]", j + 1), n, false, aj);
            }
        }
        if act == Activation::Softmax {
            let total: f64 = zl.iter().map(|v| v.exp()).sum();
            for j in 0..zl.len() {
                let aj = match w.has(Mistake::SoftmaxAsSigmoid) {
                    true => sigma(zl[j]),
                    false => zl[j].exp() / total,
                };
                al[j] = w.keep(format!("a({l})[{}]", j + 1), n, false, aj);
            }
        }
        z[l] = zl;
        a.push(al);
    }
    let out = &a[depth];
    let m = out.len() as f64;
    let ln = |v: f64| match w.has(Mistake::DecimalLog) {
        true => v.log10(),
        false => v.ln(),
    };
    let loss = match lesson.loss {
        Loss::HalfSse => {
            let sq: f64 = out.iter().zip(&y).map(|(a, y)| (a - y).powi(2)).sum();
            if w.has(Mistake::LossFactor) {
                sq
            } else {
                0.5 * sq
            }
        }
        Loss::Mse => {
            let sq: f64 = out.iter().zip(&y).map(|(a, y)| (a - y).powi(2)).sum();
            if w.has(Mistake::LossFactor) {
                sq
            } else {
                sq / m
            }
        }
        Loss::Bce => {
            let terms: f64 = out
                .iter()
                .zip(&y)
                .map(|(&a, &y)| match w.has(Mistake::BceMissingTerm) {
                    true => y * ln(a),
                    false => y * ln(a) + (1.0 - y) * ln(1.0 - a),
                })
                .sum();
            let mean = terms / m;
            if w.has(Mistake::LossFactor) {
                -terms
            } else {
                -mean
            }
        }
        Loss::CrossEntropy => -out.iter().zip(&y).map(|(&a, &y)| y * ln(a)).sum::<f64>(),
    };
    // Only a loss written with a leading minus sign can lose it.
    let signed = matches!(lesson.loss, Loss::Bce | Loss::CrossEntropy);
    let loss = if w.has(Mistake::LossSign) && signed {
        -loss
    } else {
        loss
    };
    w.keep("loss".into(), n, false, loss);

    let mut delta: Vec<Vec<f64>> = vec![Vec::new(); depth + 1];
    let mut g: Vec<Vec<Vec<f64>>> = vec![Vec::new(); depth + 1];
    for l in (1..=depth).rev() {
        let act = acts[l - 1];
        let width = a[l].len();
        let mut dl = vec![0.0; width];
        let mut gl = vec![Vec::new(); width];
        for j in 0..width {
            let (aj, zj) = (a[l][j], z[l][j]);
            let d = if l == depth {
                output_delta(w, lesson.loss, act, aj, zj, y[j], m)
            } else {
                let above = &weights[l];
                let square = above.len() == above[0].len();
                let terms: Vec<f64> = (0..above.len())
                    .map(|k| {
                        let weight = match w.has(Mistake::TransposedWeights) && square {
                            true => above[j][k],
                            false => above[k][j],
                        };
                        weight * delta[l + 1][k]
                    })
                    .collect();
                let error = match w.has(Mistake::HiddenDeltaOneOutput) && terms.len() > 1 {
                    true => terms[0],
                    false => terms.iter().sum(),
                };
                error * slope(w, act, aj, zj)
            };
            dl[j] = w.keep(format!("delta({l})[{}]", j + 1), n, false, d);
            let below = &a[l - 1];
            let db = match w.has(Mistake::BiasGradientTimesInput) {
                true => dl[j] * below[0],
                false => dl[j],
            };
            let db = w.keep(format!("db({l})[{}]", j + 1), n, false, db);
            let mut row = Vec::new();
            for k in 0..below.len() {
                let input = if w.has(Mistake::WrongInput) && l >= 2 {
                    z[l - 1][k]
                } else if w.has(Mistake::DerivativeAsInput)
                    && l >= 2
                    && acts[l - 2] == Activation::Sigmoid
                {
                    below[k] * (1.0 - below[k])
                } else if w.has(Mistake::DerivativeAsInput)
                    && l >= 2
                    && acts[l - 2] == Activation::Tanh
                {
                    1.0 - below[k] * below[k]
                } else if w.has(Mistake::GradientTimesWeight) {
                    weights[l - 1][j][k]
                } else {
                    below[k]
                };
                let dw = dl[j] * input;
                row.push(w.keep(format!("dw({l})[{},{}]", j + 1, k + 1), n, false, dw));
            }
            row.push(db);
            gl[j] = row;
        }
        delta[l] = dl;
        g[l] = gl;
    }
    g
}

/// δ of an output unit: ∂L/∂a·f′(z), or a − y for softmax with cross-entropy.
fn output_delta(w: &Work, loss: Loss, act: Activation, a: f64, z: f64, y: f64, m: f64) -> f64 {
    let error = if w.has(Mistake::FlippedError) {
        y - a
    } else {
        a - y
    };
    if loss == Loss::CrossEntropy {
        return match w.has(Mistake::ExtraDerivative) {
            true => error * a * (1.0 - a),
            false => error,
        };
    }
    let dlda = match loss {
        Loss::HalfSse if w.has(Mistake::LossFactor) => 2.0 * error,
        Loss::HalfSse => error,
        Loss::Mse if w.has(Mistake::LossFactor) => 2.0 * error,
        Loss::Mse => 2.0 / m * error,
        Loss::Bce if w.has(Mistake::BceDoubleDerivative) => return error / m * a * (1.0 - a),
        Loss::Bce if w.has(Mistake::BceMissingTerm) => -y / a / m,
        Loss::Bce if w.has(Mistake::LossFactor) => error / (a * (1.0 - a)),
        Loss::Bce => error / (a * (1.0 - a)) / m,
        Loss::CrossEntropy => unreachable!(),
    };
    dlda * slope(w, act, a, z)
}

/// f′(z) as the learner takes it.
fn slope(w: &Work, act: Activation, a: f64, z: f64) -> f64 {
    if w.has(Mistake::MissingDerivative) {
        return 1.0;
    }
    match act {
        Activation::Sigmoid if w.has(Mistake::DerivativeOfZ) => z * (1.0 - z),
        Activation::Sigmoid if w.has(Mistake::SigmoidDerivativeAtA) => sigma(a) * (1.0 - sigma(a)),
        Activation::Sigmoid => a * (1.0 - a),
        Activation::Tanh if w.has(Mistake::DerivativeOfZ) => 1.0 - z * z,
        Activation::Tanh if w.has(Mistake::TanhDerivativeSign) => a * a - 1.0,
        Activation::Tanh if w.has(Mistake::TanhDerivativeAtA) => 1.0 - a.tanh().powi(2),
        Activation::Tanh => 1.0 - a * a,
        Activation::Relu | Activation::LeakyRelu if w.has(Mistake::ReluDerivativeAsA) => a,
        Activation::Relu if z > 0.0 => 1.0,
        Activation::Relu => 0.0,
        Activation::LeakyRelu if z > 0.0 => 1.0,
        Activation::LeakyRelu if w.has(Mistake::LeakyAsRelu) => 0.0,
        Activation::LeakyRelu => 0.01,
        _ => 1.0,
    }
}

fn update(
    w: &mut Work,
    lesson: &Lesson,
    weights: &[Vec<Vec<f64>>],
    biases: &[Vec<f64>],
    grads: &[Vec<Vec<Vec<f64>>>],
) {
    let batch = grads.len() as f64;
    for (l, layer) in lesson.layers.iter().enumerate() {
        let l = l + 1;
        let cols = weights[l - 1][0].len();
        let mut entries: Vec<(String, f64, usize, usize)> = Vec::new();
        if layer.weights_train() {
            for (j, row) in weights[l - 1].iter().enumerate() {
                for (k, &w) in row.iter().enumerate() {
                    entries.push((format!("({l})[{},{}]", j + 1, k + 1), w, j, k));
                }
            }
        }
        if layer.biases_train() {
            for (j, &b) in biases[l - 1].iter().enumerate() {
                entries.push((format!("({l})[{}]", j + 1), b, j, cols));
            }
        }
        for (suffix, old, j, k) in entries {
            let per: Vec<f64> = grads.iter().map(|g| g[l][j][k]).collect();
            let sum: f64 = per.iter().sum();
            let g = if w.has(Mistake::BatchSum) {
                sum
            } else if w.has(Mistake::LastSampleOnly) {
                *per.last().unwrap()
            } else if w.has(Mistake::MeanOverDataset) {
                sum / lesson.data.len() as f64
            } else {
                sum / batch
            };
            let stem = if k == cols { "b" } else { "w" };
            step(w, lesson.optimizer, stem, &suffix, old, g);
        }
    }
}

/// One parameter's update from its batch gradient `g`, with its optimizer state (epoch 1,
/// the first update: every state starts at 0).
fn step(w: &mut Work, opt: Optimizer, stem: &str, suffix: &str, old: f64, g: f64) {
    let name = |what: &str| format!("{what}{suffix}");
    let new = match opt {
        Optimizer::Sgd {
            learning_rate: eta,
            momentum: 0.0,
        } => {
            if w.has(Mistake::GradientAscent) {
                old + eta * g
            } else if w.has(Mistake::NoLearningRate) {
                old - g
            } else {
                old - eta * g
            }
        }
        Optimizer::Sgd {
            learning_rate: eta,
            momentum: mu,
        } => {
            // PyTorch's first velocity is the gradient itself (μ·0 + g).
            let v = if w.has(Mistake::MomentumEma) {
                (1.0 - mu) * g
            } else if w.has(Mistake::MomentumAsStep) {
                -eta * g
            } else {
                g
            };
            let v = w.keep(name("v"), 1, true, v);
            if w.has(Mistake::MomentumOldVelocity) {
                old
            } else if w.has(Mistake::MomentumAsStep) {
                old + v
            } else if w.has(Mistake::GradientAscent) {
                old + eta * v
            } else if w.has(Mistake::NoLearningRate) {
                old - v
            } else {
                old - eta * v
            }
        }
        Optimizer::Adam {
            learning_rate,
            beta1,
            beta2,
            epsilon,
        } => adam(w, &name, (learning_rate, beta1, beta2, epsilon), old, g),
        Optimizer::AdamW {
            learning_rate,
            beta1,
            beta2,
            epsilon,
            weight_decay,
        } => {
            // Decoupled: the parameter decays first, then Adam's step is taken from it.
            let decayed = old * (1.0 - learning_rate * weight_decay);
            let decayed = w.keep(name("decayed"), 1, true, decayed);
            adam(w, &name, (learning_rate, beta1, beta2, epsilon), decayed, g)
        }
    };
    w.keep(name(stem), 1, true, new);
}

/// Adam's moments and step from `old` with the batch gradient `g` (epoch 1, the first
/// update), as the learner's mistakes make them.
fn adam(
    w: &mut Work,
    name: &dyn Fn(&str) -> String,
    (eta, beta1, beta2, epsilon): (f64, f64, f64, f64),
    old: f64,
    g: f64,
) -> f64 {
    let (b1, b2) = match w.has(Mistake::AdamOneBeta) {
        true => (beta1, beta1),
        false => (beta1, beta2),
    };
    let plain = w.has(Mistake::AdamNoOneMinusBeta);
    let m = if plain { g } else { (1.0 - b1) * g };
    let m = w.keep(name("m"), 1, true, m);
    let gg = if w.has(Mistake::AdamUnsquaredGradient) {
        g
    } else {
        g * g
    };
    let v = if plain { gg } else { (1.0 - b2) * gg };
    let v = w.keep(name("v"), 1, true, v);
    let t = if w.has(Mistake::AdamTOffByOne) { 2 } else { 1 };
    let (m_hat, v_hat) = match w.has(Mistake::AdamNoBiasCorrection) {
        true => (m, v),
        false => (m / (1.0 - b1.powi(t)), v / (1.0 - b2.powi(t))),
    };
    let m_hat = w.keep(name("mhat"), 1, true, m_hat);
    let v_hat = w.keep(name("vhat"), 1, true, v_hat);
    let root = if w.has(Mistake::AdamEpsilonInsideSqrt) {
        (v_hat + epsilon).sqrt()
    } else if w.has(Mistake::AdamNoSqrt) {
        v_hat + epsilon
    } else {
        v_hat.sqrt() + epsilon
    };
    let step = eta * m_hat / root;
    match w.has(Mistake::GradientAscent) {
        true => old + step,
        false => old - step,
    }
}
