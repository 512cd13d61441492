//! Everything computed for one batch, recorded by re-running it from the state before it.
//! Step values and formulas are read from here; nothing is stored per step. Private to the
//! trace: front-ends read a batch through [`super::Batch`].

use crate::engine::optimizer::{self, OptState};
use crate::engine::{Buffers, LayerParams, Params, Recorder, TrainState, Workspace};
use crate::lesson::{Layer, Lesson};

use super::step::{Moment, Param, Quantity, StepId};

/// One sample's forward and backward pass.
#[derive(Debug, Clone)]
pub(super) struct SampleRecord {
    /// 0-based position in the data.
    pub(super) index: usize,
    /// a⁽ˡ⁾ at index l (a⁽⁰⁾ = x).
    pub(super) a: Vec<Vec<f64>>,
    /// Each layer's output before its residual (empty without one).
    pub(super) pre: Vec<Vec<f64>>,
    /// ∂L/∂a⁽ˡ⁾ at index l (index 0 unused).
    pub(super) g: Vec<Vec<f64>>,
    /// Each layer's own buffers, layer l at index l − 1.
    pub(super) bufs: Vec<Buffers>,
    pub(super) loss: f64,
}

/// One layer's numbers for one sample, as its kind reads its steps' values: its input, its
/// output, the error reaching its output, its own buffers and the parameters it used.
#[derive(Debug, Clone, Copy)]
pub struct LayerValues<'a> {
    layer: &'a Layer,
    l: usize,
    record: &'a SampleRecord,
    params: &'a LayerParams,
}

impl<'a> LayerValues<'a> {
    pub(super) fn new(
        lesson: &'a Lesson,
        params: &'a Params,
        record: &'a SampleRecord,
        l: usize,
    ) -> Self {
        LayerValues {
            layer: &lesson.layers[l - 1],
            l,
            record,
            params: &params.layers[l - 1],
        }
    }

    /// The layer.
    pub fn layer(&self) -> &'a Layer {
        self.layer
    }

    /// Its number, from 1.
    pub fn l(&self) -> usize {
        self.l
    }

    /// Its input: the layer below's output, or the sample's input.
    pub fn input(&self) -> &'a [f64] {
        &self.record.a[self.l - 1]
    }

    /// Its output a⁽ˡ⁾, residual included.
    pub fn output(&self) -> &'a [f64] {
        &self.record.a[self.l]
    }

    /// Its own output before its residual (its output when it has none).
    pub fn own_output(&self) -> &'a [f64] {
        let pre = &self.record.pre[self.l];
        if pre.is_empty() { self.output() } else { pre }
    }

    /// ∂L/∂a⁽ˡ⁾: the error reaching its output (empty for the output layer under softmax and
    /// cross-entropy, whose δ is a − y directly).
    pub fn error(&self) -> &'a [f64] {
        &self.record.g[self.l]
    }

    /// Its buffer `i`, as its kind numbers them.
    pub fn buffer(&self, i: usize) -> &'a [f64] {
        &self.record.bufs[self.l - 1][i]
    }

    /// Its parameters, as the sample used them.
    pub fn params(&self) -> &'a LayerParams {
        self.params
    }

    /// The logits cross-entropy reads, if this is a softmax output layer (empty otherwise).
    pub fn buffer_of_logits(&self) -> &'a [f64] {
        self.layer
            .kind
            .contract()
            .logits(&self.record.bufs[self.l - 1])
            .unwrap_or(&[])
    }
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
            a: ws.a.clone(),
            pre: ws.pre.clone(),
            g: ws.g.clone(),
            bufs: ws.bufs.clone(),
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

    /// The value of an update step (a parameter, or optimizer state after the update).
    pub(super) fn update_value(&self, lesson: &Lesson, id: &StepId) -> f64 {
        match (id.quantity, &self.after.opt) {
            (Quantity::Param(_), _) => param_entry(&self.after.params, id),
            (Quantity::State(Moment::Velocity, _), OptState::Momentum { v }) => param_entry(v, id),
            (Quantity::State(Moment::M, _), OptState::Adam { m, .. }) => param_entry(m, id),
            (Quantity::State(Moment::V, _), OptState::Adam { v, .. }) => param_entry(v, id),
            (Quantity::State(Moment::MHat, _), OptState::Adam { .. }) => {
                self.adam_step(lesson, id).m_hat
            }
            (Quantity::State(Moment::VHat, _), OptState::Adam { .. }) => {
                self.adam_step(lesson, id).v_hat
            }
            (Quantity::State(Moment::Decayed, _), OptState::Adam { .. }) => {
                self.adam_step(lesson, id).decayed
            }
            _ => unreachable!("{id} is not an update step of this lesson"),
        }
    }
}

impl SampleRecord {
    /// The value of a forward, loss or backward step of this sample, whose batch used
    /// `params`.
    pub(super) fn value(&self, lesson: &Lesson, params: &Params, id: &StepId) -> f64 {
        if id.quantity == Quantity::Loss {
            return self.loss;
        }
        if id.layer == 0 {
            // The input, a⁽⁰⁾: by its indices in the input's shape.
            let at = id.ix.offset_in(&lesson.input.dims()).unwrap_or(id.ix.j());
            return self.a[0][at];
        }
        let values = LayerValues::new(lesson, params, self, id.layer);
        lesson.layers[id.layer - 1]
            .kind
            .contract()
            .value(&values, id)
    }
}

/// The entry of a parameter-shaped array that `id` names.
pub(super) fn param_entry(p: &Params, id: &StepId) -> f64 {
    let param = id.param().expect("a parameter's step");
    p.at(param.l, param.tensor, &param.ix)
}

/// The entry of a parameter-shaped array for `param`.
pub(super) fn entry(p: &Params, param: Param) -> f64 {
    p.at(param.l, param.tensor, &param.ix)
}
