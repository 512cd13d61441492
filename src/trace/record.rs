//! Everything computed for one batch, recorded by re-running it from the state before it.
//! Step values and formulas are read from here; nothing is stored per step. Private to the
//! trace: front-ends read a batch through [`super::Batch`].

use ndarray::Array1;

use crate::engine::optimizer::{self, OptState};
use crate::engine::{Params, Recorder, TrainState, Workspace};
use crate::lesson::Lesson;

use super::step::{Param, Quantity, StepId};

/// One sample's forward and backward pass.
#[derive(Debug, Clone)]
pub(super) struct SampleRecord {
    /// 0-based position in the data.
    pub(super) index: usize,
    /// z⁽ˡ⁾ at index l (index 0 empty).
    pub(super) z: Vec<Array1<f64>>,
    /// a⁽ˡ⁾ at index l (a⁽⁰⁾ = x).
    pub(super) a: Vec<Array1<f64>>,
    /// δ⁽ˡ⁾ at index l (index 0 empty).
    pub(super) delta: Vec<Array1<f64>>,
    pub(super) loss: f64,
}

/// One batch: the state before it, its samples, the mean gradient and the state after.
#[derive(Debug, Clone)]
pub(super) struct BatchRecord {
    /// 1-based epoch.
    pub(super) epoch: usize,
    /// 0-based batch within the epoch.
    pub(super) batch: usize,
    pub(super) before: TrainState,
    pub(super) samples: Vec<SampleRecord>,
    /// The batch-mean gradient used by the update.
    pub(super) grad: Params,
    pub(super) after: TrainState,
}

/// Collects a batch while the engine trains it.
#[derive(Default)]
pub(super) struct BatchRecorder {
    pub(super) samples: Vec<SampleRecord>,
    pub(super) before: Option<(TrainState, Params)>,
}

impl Recorder for BatchRecorder {
    fn sample(&mut self, index: usize, ws: &Workspace) {
        self.samples.push(SampleRecord {
            index,
            z: ws.z.clone(),
            a: ws.a.clone(),
            delta: ws.delta.clone(),
            loss: ws.loss,
        });
    }
    fn before_update(&mut self, state: &TrainState, mean_grad: &Params) {
        self.before = Some((state.clone(), mean_grad.clone()));
    }
}

impl BatchRecord {
    /// The sample record for 0-based data index `sample`.
    pub(super) fn sample(&self, sample: usize) -> Option<&SampleRecord> {
        self.samples.iter().find(|s| s.index == sample)
    }

    /// Adam's step count t of this update (0 for other optimizers).
    pub(super) fn adam_t(&self) -> u64 {
        match self.after.opt {
            OptState::Adam { t, .. } => t,
            _ => 0,
        }
    }

    /// Every number of the Adam step for one parameter, recomputed exactly as the engine did.
    pub(super) fn adam_step(&self, lesson: &Lesson, id: &StepId) -> optimizer::AdamStep {
        let OptState::Adam { m, v, .. } = &self.before.opt else {
            unreachable!("adam_step is only asked of Adam lessons")
        };
        optimizer::adam(
            &lesson.optimizer,
            self.adam_t(),
            param_entry(&self.before.params, id),
            param_entry(m, id),
            param_entry(v, id),
            param_entry(&self.grad, id),
        )
    }

    /// The value of an update step (w, b, or optimizer state after the update).
    pub(super) fn update_value(&self, lesson: &Lesson, id: &StepId) -> f64 {
        match (id.quantity, &self.after.opt) {
            (Quantity::W | Quantity::B, _) => param_entry(&self.after.params, id),
            (Quantity::Velocity, OptState::Momentum { v }) => param_entry(v, id),
            (Quantity::M, OptState::Adam { m, .. }) => param_entry(m, id),
            (Quantity::V, OptState::Adam { v, .. }) => param_entry(v, id),
            (Quantity::MHat, OptState::Adam { .. }) => self.adam_step(lesson, id).m_hat,
            (Quantity::VHat, OptState::Adam { .. }) => self.adam_step(lesson, id).v_hat,
            _ => unreachable!("{id} is not an update step of this lesson"),
        }
    }
}

impl SampleRecord {
    /// The value of a forward, loss or backward step of this sample.
    pub(super) fn value(&self, id: &StepId) -> f64 {
        let (l, j) = (id.layer, id.j);
        match id.quantity {
            Quantity::Z => self.z[l][j],
            Quantity::A => self.a[l][j],
            Quantity::Loss => self.loss,
            Quantity::Delta | Quantity::Db => self.delta[l][j],
            // The engine accumulates exactly this product.
            Quantity::Dw => self.delta[l][j] * self.a[l - 1][id.k.unwrap_or(0)],
            _ => unreachable!("{id} is not a step of a sample"),
        }
    }
}

/// The entry of a parameter-shaped array that `id` names: `[j, k]` of W⁽ˡ⁾, or `[j]` of b⁽ˡ⁾.
pub(super) fn param_entry(p: &Params, id: &StepId) -> f64 {
    let layer = &p.layers[id.layer - 1];
    match id.k {
        Some(k) => layer.w[[id.j, k]],
        None => layer.b[id.j],
    }
}

/// The entry of a parameter-shaped array for `param`.
pub(super) fn entry(p: &Params, param: Param) -> f64 {
    param_entry(p, &param.id(param.quantity()))
}
