//! Optimizer state and update rules, exactly as `torch.optim.SGD` and `torch.optim.Adam`.

use crate::lesson::{Lesson, Optimizer};

use super::params::Params;

/// Per-parameter state carried from one update to the next.
/// What an optimizer carries from one step to the next.
#[derive(Debug, Clone, PartialEq)]
pub enum OptState {
    /// Plain SGD keeps nothing.
    Plain,
    /// SGD with momentum: the velocity (PyTorch's momentum buffer). Starting it at zero gives
    /// PyTorch's first step v = g exactly, since μ·0 + g = g.
    Momentum {
        /// The velocity of every parameter.
        v: Params,
    },
    /// Adam: first and second moments and the number of steps taken so far.
    Adam {
        /// The first moment (running mean of gradients) of every parameter.
        m: Params,
        /// The second moment (running mean of squared gradients) of every parameter.
        v: Params,
        /// Steps taken so far.
        t: u64,
    },
}

impl OptState {
    /// The state before the first step: zeros, and t = 0.
    pub fn new(optimizer: &Optimizer, params: &Params) -> Self {
        match *optimizer {
            Optimizer::Sgd { momentum: 0.0, .. } => OptState::Plain,
            Optimizer::Sgd { .. } => OptState::Momentum {
                v: params.zeros_like(),
            },
            Optimizer::Adam { .. } | Optimizer::AdamW { .. } => OptState::Adam {
                m: params.zeros_like(),
                v: params.zeros_like(),
                t: 0,
            },
        }
    }

    /// Is every number of the state finite?
    pub fn all_finite(&self) -> bool {
        match self {
            OptState::Plain => true,
            OptState::Momentum { v } => v.all_finite(),
            OptState::Adam { m, v, .. } => m.all_finite() && v.all_finite(),
        }
    }
}

/// One optimizer step on every trainable parameter, with `grad` the batch-mean gradient.
/// Frozen parameters and their state are left untouched. Returns whether every value it
/// wrote is finite (frozen values never change, so they cannot become NaN here).
pub fn update(lesson: &Lesson, params: &mut Params, state: &mut OptState, grad: &Params) -> bool {
    let mut finite = true;
    if let OptState::Adam { t, .. } = state {
        *t += 1;
    }
    for (l, layer) in lesson.layers.iter().enumerate() {
        for (i, spec) in layer.specs().iter().enumerate() {
            if spec.trains {
                let (p, g) = (params.layers[l].slice_mut(i), grad.layers[l].slice(i));
                finite &= step_slice(&lesson.optimizer, state, (l, i), p, g);
            }
        }
    }
    finite
}

fn step_slice(
    optimizer: &Optimizer,
    state: &mut OptState,
    (l, i): (usize, usize),
    p: &mut [f64],
    g: &[f64],
) -> bool {
    // `ok` folds finiteness into the loops: a separate pass over every parameter would cost
    // as much as the update itself.
    let mut ok = true;
    match (optimizer, state) {
        (&Optimizer::Sgd { learning_rate, .. }, OptState::Plain) => {
            for (p, &g) in p.iter_mut().zip(g) {
                *p = sgd(*p, learning_rate, g);
                ok &= p.is_finite();
            }
        }
        (
            &Optimizer::Sgd {
                learning_rate,
                momentum,
            },
            OptState::Momentum { v },
        ) => {
            let v = v.layers[l].slice_mut(i);
            for ((p, v), &g) in p.iter_mut().zip(v).zip(g) {
                *v = velocity(momentum, *v, g);
                *p = sgd(*p, learning_rate, *v);
                ok &= p.is_finite() && v.is_finite();
            }
        }
        (&(Optimizer::Adam { .. } | Optimizer::AdamW { .. }), OptState::Adam { m, v, t }) => {
            let t = *t;
            let (m, v) = (m.layers[l].slice_mut(i), v.layers[l].slice_mut(i));
            for (((p, m), v), &g) in p.iter_mut().zip(m).zip(v).zip(g) {
                let s = adam(optimizer, t, *p, *m, *v, g);
                (*p, *m, *v) = (s.p, s.m, s.v);
                ok &= p.is_finite() && m.is_finite() && v.is_finite();
            }
        }
        _ => unreachable!("optimizer state is made by OptState::new for this optimizer"),
    }
    ok
}

/// p − η·g
pub fn sgd(p: f64, learning_rate: f64, g: f64) -> f64 {
    p - learning_rate * g
}

/// μ·v + g
pub fn velocity(momentum: f64, v: f64, g: f64) -> f64 {
    momentum * v + g
}

/// Everything one Adam (or AdamW) step computes for one parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdamStep {
    /// AdamW's decayed parameter p·(1 − η·λ), the start of its Adam step (p for Adam).
    pub decayed: f64,
    /// The new first moment.
    pub m: f64,
    /// The new second moment.
    pub v: f64,
    /// The bias-corrected first moment m̂.
    pub m_hat: f64,
    /// The bias-corrected second moment v̂.
    pub v_hat: f64,
    /// The new parameter.
    pub p: f64,
}

/// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ), p ← p − η·m̂/(√v̂ + ε);
/// AdamW first decays the parameter, p̃ = p·(1 − η·λ), and takes the step from p̃ (as
/// `torch.optim.AdamW` does: `param.mul_(1 - lr * weight_decay)` before the moments).
pub fn adam(optimizer: &Optimizer, t: u64, p: f64, m: f64, v: f64, g: f64) -> AdamStep {
    let (Some((beta1, beta2, epsilon)), learning_rate) =
        (optimizer.adam_hyper(), optimizer.learning_rate())
    else {
        unreachable!("adam() is only called for Adam and AdamW")
    };
    let decayed = match optimizer.weight_decay() {
        Some(wd) => decay(p, learning_rate, wd),
        None => p,
    };
    let p = decayed;
    let t = t.min(i32::MAX as u64) as i32;
    let m = beta1 * m + (1.0 - beta1) * g;
    let v = beta2 * v + (1.0 - beta2) * (g * g);
    let m_hat = m / (1.0 - beta1.powi(t));
    let v_hat = v / (1.0 - beta2.powi(t));
    let p = p - learning_rate * (m_hat / (v_hat.sqrt() + epsilon));
    AdamStep {
        decayed,
        m,
        v,
        m_hat,
        v_hat,
        p,
    }
}

/// AdamW's decoupled weight decay: p·(1 − η·λ).
pub fn decay(p: f64, learning_rate: f64, weight_decay: f64) -> f64 {
    p * (1.0 - learning_rate * weight_decay)
}

/// Number of traced optimizer-state steps before each parameter update.
pub fn state_steps_per_param(optimizer: &Optimizer) -> usize {
    match *optimizer {
        Optimizer::Sgd { momentum: 0.0, .. } => 0,
        Optimizer::Sgd { .. } => 1,
        Optimizer::Adam { .. } => 4,
        Optimizer::AdamW { .. } => 5,
    }
}
