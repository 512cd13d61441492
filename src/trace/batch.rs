//! The read side of one batch: what front-ends may ask of it. The records the engine fills
//! stay private to the trace; a [`Batch`] answers in the trace's own terms (parameters,
//! samples numbered from 1, step names), never with engine structs.

use std::sync::Arc;

use ndarray::{ArrayView1, ArrayView2, ArrayViewD, Ix1, Ix2};

use crate::engine::{OptState, Params, activation, softmax_cross_entropy};
use crate::lesson::{Activation, Lesson};

use super::record::{BatchRecord, LayerValues, SampleRecord, entry};
use super::step::{Moment, Param, Phase, Quantity, StepId, Tensor};

/// One batch of one epoch, as trained: the parameters before and after its update, the
/// batch-mean gradient, and every number of each of its samples. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Batch {
    record: Arc<BatchRecord>,
    lesson: Arc<Lesson>,
}

impl Batch {
    pub(super) fn new(record: Arc<BatchRecord>, lesson: Arc<Lesson>) -> Self {
        Batch { record, lesson }
    }

    /// The epoch, from 1.
    pub fn epoch(&self) -> usize {
        self.record.epoch
    }

    /// The batch's number within its epoch, from 1.
    pub fn number(&self) -> usize {
        self.record.batch + 1
    }

    /// The number of layers L of the network.
    pub fn depth(&self) -> usize {
        self.record.before.params.layers.len()
    }

    /// How many samples the batch has.
    pub fn len(&self) -> usize {
        self.record.samples.len()
    }

    /// Does the batch have no samples? (Never, for a valid lesson.)
    pub fn is_empty(&self) -> bool {
        self.record.samples.is_empty()
    }

    /// The numbers (from 1) of the batch's samples, in order.
    pub fn sample_numbers(&self) -> impl Iterator<Item = usize> + '_ {
        self.record.samples.iter().map(|s| s.index + 1)
    }

    /// Sample `n` (from 1, in the data's order), if it is in this batch.
    pub fn sample(&self, n: usize) -> Option<SampleValues<'_>> {
        let record = self.record.sample(n.checked_sub(1)?)?;
        Some(self.values(record))
    }

    /// Every sample of the batch, in order.
    pub fn samples(&self) -> impl Iterator<Item = SampleValues<'_>> + '_ {
        self.record.samples.iter().map(|record| self.values(record))
    }

    fn values<'a>(&'a self, record: &'a SampleRecord) -> SampleValues<'a> {
        SampleValues {
            record,
            params: &self.record.before.params,
            lesson: &self.lesson,
        }
    }

    /// A parameter's value before the batch's update (the value its samples used).
    pub fn before(&self, p: Param) -> f64 {
        entry(&self.record.before.params, p)
    }

    /// A parameter's value after the batch's update.
    pub fn after(&self, p: Param) -> f64 {
        entry(&self.record.after.params, p)
    }

    /// The batch-mean gradient ∂L/∂p that the update used.
    pub fn gradient(&self, p: Param) -> f64 {
        entry(&self.record.grad, p)
    }

    /// Optimizer state of a parameter before the update: momentum's velocity
    /// ([`Moment::Velocity`]), Adam's moments ([`Moment::M`], [`Moment::V`]). `None`
    /// when the lesson's optimizer keeps no such state.
    pub fn state_before(&self, q: Moment, p: Param) -> Option<f64> {
        state(&self.record.before.opt, q, p)
    }

    /// Optimizer state of a parameter after the update, as [`Batch::state_before`].
    pub fn state_after(&self, q: Moment, p: Param) -> Option<f64> {
        state(&self.record.after.opt, q, p)
    }

    /// The value of one of the update's steps: a parameter after it, or optimizer state
    /// (m̂ and v̂ included). `None` for steps that are not update steps.
    pub fn update_value(&self, id: &StepId) -> Option<f64> {
        (id.phase() == Phase::Update).then(|| self.record.update_value(&self.lesson, id))
    }

    /// The batch's loss before its update: the mean of its samples' losses.
    pub fn loss_before(&self) -> f64 {
        let count = self.record.samples.len() as f64;
        self.record.samples.iter().map(|s| s.loss).sum::<f64>() / count
    }

    /// The batch's loss after its update: the mean loss of the same samples with the new
    /// parameters (a forward pass each; nothing is trained or recorded).
    pub fn loss_after(&self) -> f64 {
        let first = self.record.samples.first().map_or(0, |s| s.index);
        let samples = first..first + self.record.samples.len();
        super::evaluate::mean_loss(&self.lesson, &self.record.after.params, samples)
    }

    /// Adam's step count t of this update; `None` for other optimizers.
    pub fn adam_t(&self) -> Option<u64> {
        match self.record.after.opt {
            OptState::Adam { t, .. } => Some(t),
            _ => None,
        }
    }
}

/// Which parameter-shaped numbers of a batch: the parameters before or after its update, the
/// batch-mean gradient, or optimizer state ([`Moment::Velocity`], [`Moment::M`],
/// [`Moment::V`]) before or after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrays {
    /// The parameters the batch's samples used.
    Before,
    /// The parameters after the update.
    After,
    /// The batch-mean gradient.
    Gradient,
    /// Optimizer state before the update.
    StateBefore(Moment),
    /// Optimizer state after the update.
    StateAfter(Moment),
}

impl Batch {
    fn arrays(&self, which: Arrays) -> Option<&Params> {
        let r = &self.record;
        match which {
            Arrays::Before => Some(&r.before.params),
            Arrays::After => Some(&r.after.params),
            Arrays::Gradient => Some(&r.grad),
            Arrays::StateBefore(q) => state_arrays(&r.before.opt, q),
            Arrays::StateAfter(q) => state_arrays(&r.after.opt, q),
        }
    }

    /// W⁽ˡ⁾-shaped numbers of dense layer `l` (neurons of l × neurons of l − 1); `None` when
    /// the lesson's optimizer keeps no such state, or the layer has no weight matrix.
    pub fn weights(&self, which: Arrays, l: usize) -> Option<ArrayView2<'_, f64>> {
        self.tensor(which, l, Tensor::W)
            .and_then(|w| w.into_dimensionality::<Ix2>().ok())
    }

    /// b⁽ˡ⁾-shaped numbers of layer `l`, as [`Batch::weights`].
    pub fn biases(&self, which: Arrays, l: usize) -> Option<ArrayView1<'_, f64>> {
        self.tensor(which, l, Tensor::B)
            .and_then(|b| b.into_dimensionality::<Ix1>().ok())
    }

    /// Tensor `t` of layer `l`, as [`Batch::weights`]; `None` when the layer has no such
    /// tensor.
    pub fn tensor(&self, which: Arrays, l: usize, t: Tensor) -> Option<ArrayViewD<'_, f64>> {
        self.arrays(which)?
            .layers
            .get(l - 1)?
            .get(t)
            .map(|a| a.view())
    }
}

/// The numbers of one sample of a batch: its forward and backward pass and its loss, and the
/// parts a δ is made of.
#[derive(Debug, Clone, Copy)]
pub struct SampleValues<'a> {
    record: &'a SampleRecord,
    /// The parameters the sample was trained with.
    params: &'a Params,
    lesson: &'a Lesson,
}

impl<'a> SampleValues<'a> {
    /// The sample's number in the data, from 1.
    pub fn number(&self) -> usize {
        self.record.index + 1
    }

    /// Every number of `q` that layer `l` keeps (see
    /// [`Steps::numbers`](super::kind::Steps::numbers)), flat; empty when it keeps none, and
    /// for layer 0 but its activations, the input.
    pub fn numbers(&self, q: Quantity, l: usize) -> &'a [f64] {
        if l == 0 {
            return if q == Quantity::A {
                &self.record.a[0]
            } else {
                &[]
            };
        }
        let values = LayerValues::new(self.lesson, self.params, self.record, l);
        self.lesson.layers[l - 1]
            .kind
            .contract()
            .numbers(&values, q)
            .unwrap_or(&[])
    }

    /// z⁽ˡ⁾ⱼ of a dense layer (neurons from 0; flat for other kinds).
    pub fn z(&self, l: usize, j: usize) -> f64 {
        self.zs(l)[j]
    }

    /// a⁽ˡ⁾ⱼ; layer 0 is the input x.
    pub fn a(&self, l: usize, j: usize) -> f64 {
        self.record.a[l][j]
    }

    /// δ⁽ˡ⁾ⱼ of a dense layer (flat for other kinds).
    pub fn delta(&self, l: usize, j: usize) -> f64 {
        self.deltas(l)[j]
    }

    /// Every z of layer `l` (empty for the input layer).
    pub fn zs(&self, l: usize) -> &'a [f64] {
        self.numbers(Quantity::Z, l)
    }

    /// Every a of layer `l`; layer 0 is the input.
    pub fn activations(&self, l: usize) -> &'a [f64] {
        &self.record.a[l]
    }

    /// Every δ of layer `l` (empty for the input layer).
    pub fn deltas(&self, l: usize) -> &'a [f64] {
        self.numbers(Quantity::Delta, l)
    }

    /// ∂L/∂a⁽ˡ⁾: the error reaching layer `l`'s output, flat.
    pub fn errors(&self, l: usize) -> &'a [f64] {
        &self.record.g[l]
    }

    /// The sample's loss.
    pub fn loss(&self) -> f64 {
        self.record.loss
    }

    /// This sample's gradient of a parameter: δ⁽ˡ⁾ⱼ·a⁽ˡ⁻¹⁾ₖ for a weight, δ⁽ˡ⁾ⱼ for a bias.
    pub fn gradient(&self, p: Param) -> f64 {
        self.record
            .value(self.lesson, self.params, &p.id(p.gradient()))
    }

    /// The value of one of the sample's steps (forward, loss or backward).
    pub fn value(&self, id: &StepId) -> f64 {
        self.record.value(self.lesson, self.params, id)
    }

    /// The sample's target y.
    pub fn target(&self) -> &'a [f64] {
        self.lesson.data[self.record.index]
            .target
            .as_slice()
            .unwrap_or(&[])
    }

    /// f′(z⁽ˡ⁾ⱼ) of layer `l`'s activation, as the engine computes it; `None` for softmax,
    /// which has no elementwise derivative (with cross-entropy, δ⁽ᴸ⁾ = a − y directly).
    pub fn derivative(&self, l: usize, j: usize) -> Option<f64> {
        let act = self.lesson.layers[l - 1].activation();
        let own = self.own_output(l);
        (act != Activation::Softmax).then(|| activation::derivative(act, self.z(l, j), own[j]))
    }

    /// ∂L/∂a⁽ᴸ⁾ⱼ of an output, for the lesson's loss; `None` for softmax with cross-entropy,
    /// whose δ is a − y directly.
    pub fn loss_gradient(&self, j: usize) -> Option<f64> {
        let depth = self.lesson.depth();
        (!softmax_cross_entropy(self.lesson)).then(|| self.record.g[depth][j])
    }

    /// The error passed back to neuron `j` of hidden layer `l`: Σₖ w⁽ˡ⁺¹⁾ₖⱼ·δ⁽ˡ⁺¹⁾ₖ, summed
    /// in the engine's order, so that δ⁽ˡ⁾ⱼ is exactly this times f′(z⁽ˡ⁾ⱼ) (where ReLU′ is 0,
    /// δ is 0 even for an infinite error: ReLU's backward selects, as PyTorch's does). `None`
    /// for the output layer.
    pub fn upstream(&self, l: usize, j: usize) -> Option<f64> {
        (l < self.lesson.depth()).then(|| self.record.g[l][j])
    }

    /// Layer `l`'s own output before its residual (its output when it has none).
    fn own_output(&self, l: usize) -> &'a [f64] {
        let pre = &self.record.pre[l];
        if pre.is_empty() {
            &self.record.a[l]
        } else {
            pre
        }
    }
}

fn state(opt: &OptState, q: Moment, p: Param) -> Option<f64> {
    state_arrays(opt, q).map(|arrays| entry(arrays, p))
}

fn state_arrays(opt: &OptState, q: Moment) -> Option<&Params> {
    match (q, opt) {
        (Moment::Velocity, OptState::Momentum { v }) => Some(v),
        (Moment::M, OptState::Adam { m, .. }) => Some(m),
        (Moment::V, OptState::Adam { v, .. }) => Some(v),
        _ => None,
    }
}
