//! Where every step sits, by arithmetic alone: position within an epoch ↔ (batch, sample,
//! step). Nothing per step is stored, so a 784-128-10 lesson costs as little as a 2-2-2 one.
//! Each layer kind lists its forward and backward steps as [`Segment`]s; the update walks
//! every trainable tensor entry by entry, each entry's optimizer state before its new value.

use crate::engine::optimizer::state_steps_per_param;
use crate::lesson::{Lesson, Optimizer};

use super::kind::Segment;
use super::step::{Moment, Phase, Place, Quantity, StepId};

/// A segment of one layer, and where it starts within its sample or update.
#[derive(Debug, Clone)]
struct Placed {
    layer: usize,
    start: usize,
    segment: Segment,
}

/// Segments laid end to end.
#[derive(Debug, Clone, Default)]
struct Run {
    placed: Vec<Placed>,
    len: usize,
}

impl Run {
    fn push(&mut self, layer: usize, segment: Segment) {
        let len = segment.len();
        if len == 0 {
            return;
        }
        self.placed.push(Placed {
            layer,
            start: self.len,
            segment,
        });
        self.len += len;
    }

    /// The step at `offset` (< len).
    fn step(&self, offset: usize) -> StepId {
        let i = self.placed.partition_point(|p| p.start <= offset) - 1;
        let p = &self.placed[i];
        let (quantity, ix) = p.segment.step(offset - p.start);
        StepId {
            quantity,
            layer: p.layer,
            ix,
        }
    }

    /// The offset of `id`, if the run holds it.
    fn offset(&self, id: &StepId) -> Option<usize> {
        self.placed
            .iter()
            .filter(|p| p.layer == id.layer)
            .find_map(|p| p.segment.offset(id.quantity, &id.ix).map(|o| p.start + o))
    }

    /// How many indices `quantity` takes in `layer`, if the run has it there.
    fn indices_of(&self, quantity: Quantity, layer: usize) -> Option<usize> {
        self.placed
            .iter()
            .filter(|p| p.layer == layer)
            .find_map(|p| p.segment.indices_of(quantity))
    }
}

/// Every step of one quantity in one layer: `delta(2)[j]` for j in 1..=3, `z(1)[c,i,j]` over a
/// feature map. What a front-end completes a step name from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Family {
    /// What kind of number.
    pub quantity: Quantity,
    /// The layer (0 for the loss).
    pub layer: usize,
    /// How far each index goes: index i of its steps runs from 1 to `dims[i]` in names.
    pub dims: Vec<usize>,
}

/// The shape of the trace of one lesson.
#[derive(Debug, Clone)]
pub struct Layout {
    widths: Vec<usize>,
    forward: Run,
    backward: Run,
    update: Run,
    state: &'static [Moment],
    per_sample: usize,
    samples: usize,
    batch_size: usize,
    batches: usize,
}

/// Where a position of an epoch falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// The sample whose step it is, or the batch whose update it is.
    pub place: Place,
    /// The batch it belongs to, from 1.
    pub batch: usize,
    /// Its position within its sample or update, from 0.
    pub offset: usize,
}

const ADAM_STATE: [Moment; 4] = [Moment::M, Moment::V, Moment::MHat, Moment::VHat];
const MOMENTUM_STATE: [Moment; 1] = [Moment::Velocity];
const ADAMW_STATE: [Moment; 5] = [
    Moment::Decayed,
    Moment::M,
    Moment::V,
    Moment::MHat,
    Moment::VHat,
];

impl Layout {
    /// The layout of a lesson's trace.
    pub fn new(lesson: &Lesson) -> Self {
        let widths: Vec<usize> = (0..=lesson.depth()).map(|l| lesson.width(l)).collect();
        let state: &'static [Moment] =
            match (lesson.optimizer, state_steps_per_param(&lesson.optimizer)) {
                (Optimizer::Adam { .. }, _) => &ADAM_STATE,
                (Optimizer::AdamW { .. }, _) => &ADAMW_STATE,
                (_, 1) => &MOMENTUM_STATE,
                _ => &[],
            };
        let (mut forward, mut backward, mut update) =
            (Run::default(), Run::default(), Run::default());
        for (i, layer) in lesson.layers.iter().enumerate() {
            let kind = layer.kind.contract();
            for segment in kind.forward_steps(layer) {
                forward.push(i + 1, segment);
            }
            for spec in layer.specs().into_iter().filter(|s| s.trains) {
                let mut parts: Vec<(Quantity, &[usize])> = state
                    .iter()
                    .map(|&m| (Quantity::State(m, spec.tensor), &[][..]))
                    .collect();
                parts.push((Quantity::Param(spec.tensor), &[]));
                update.push(i + 1, Segment::interleaved(&spec.dims, &parts));
            }
        }
        for (i, layer) in lesson.layers.iter().enumerate().rev() {
            for segment in layer.kind.contract().backward_steps(layer) {
                backward.push(i + 1, segment);
            }
        }
        Layout {
            per_sample: forward.len + 1 + backward.len,
            forward,
            backward,
            update,
            samples: lesson.data.len(),
            batch_size: lesson.batch_size,
            batches: lesson.batches_per_epoch(),
            state,
            widths,
        }
    }

    /// The number of layers L (the input is layer 0).
    pub fn depth(&self) -> usize {
        self.widths.len() - 1
    }
    /// Neurons of layer `l` (inputs for l = 0).
    pub fn width(&self, l: usize) -> usize {
        self.widths[l]
    }
    /// Steps of one sample: forward, loss and backward.
    pub fn steps_per_sample(&self) -> usize {
        self.per_sample
    }
    /// Steps of one update.
    pub fn steps_per_update(&self) -> usize {
        self.update.len
    }
    /// Batches per epoch.
    pub fn batches(&self) -> usize {
        self.batches
    }
    /// Samples per epoch.
    pub fn samples(&self) -> usize {
        self.samples
    }
    /// Optimizer state traced before each parameter's update, in order.
    pub fn state_moments(&self) -> &'static [Moment] {
        self.state
    }

    /// The samples of batch `batch`, numbered from 1 like the batch.
    pub fn batch_samples(&self, batch: usize) -> std::ops::RangeInclusive<usize> {
        let first = (batch - 1) * self.batch_size + 1;
        first..=(first + self.batch_size - 1).min(self.samples)
    }

    /// The batch that sample `sample` is in (both from 1).
    pub fn batch_of(&self, sample: usize) -> usize {
        (sample - 1) / self.batch_size + 1
    }

    /// Steps in one epoch.
    pub fn epoch_len(&self) -> usize {
        self.samples * self.per_sample + self.batches * self.update.len
    }

    /// Position of the first step of batch `batch` (from 1).
    pub fn batch_start(&self, batch: usize) -> usize {
        (batch - 1) * (self.batch_size * self.per_sample + self.update.len)
    }

    /// Position just past the last step of batch `batch`: its update's end.
    pub fn batch_end(&self, batch: usize) -> usize {
        self.start(Place::Batch(batch)) + self.update.len
    }

    /// Position of the first step of a sample, or of a batch's update.
    pub fn start(&self, place: Place) -> usize {
        match place {
            Place::Sample(n) => {
                let batch = self.batch_of(n);
                let first = *self.batch_samples(batch).start();
                self.batch_start(batch) + (n - first) * self.per_sample
            }
            Place::Batch(n) => {
                self.batch_start(n) + self.batch_samples(n).count() * self.per_sample
            }
        }
    }

    /// Where position `index` (< epoch_len) falls.
    pub fn slot(&self, index: usize) -> Slot {
        let full = self.batch_size * self.per_sample + self.update.len;
        let batch = (index / full).min(self.batches - 1) + 1;
        let within = index - self.batch_start(batch);
        let samples = self.batch_samples(batch);
        let in_samples = samples.clone().count() * self.per_sample;
        debug_assert!(within < in_samples + self.update.len);
        if within < in_samples {
            Slot {
                place: Place::Sample(samples.start() + within / self.per_sample),
                batch,
                offset: within % self.per_sample,
            }
        } else {
            Slot {
                place: Place::Batch(batch),
                batch,
                offset: within - in_samples,
            }
        }
    }

    /// The step at position `index`.
    pub fn step_at(&self, index: usize) -> StepId {
        let slot = self.slot(index);
        match slot.place {
            Place::Sample(_) => self.sample_step(slot.offset),
            Place::Batch(_) => self.update_step(slot.offset),
        }
    }

    /// Position of a named step, if the lesson has it: in sample n for forward, loss and
    /// backward steps, in the update of batch n for update steps.
    pub fn position(&self, id: &StepId, place: Place) -> Option<usize> {
        let id = &self.resolve(*id);
        let (count, offset) = match place {
            Place::Sample(_) if id.phase() == Phase::Update => return None,
            Place::Batch(_) if id.phase() != Phase::Update => return None,
            Place::Sample(_) => (self.samples, self.sample_offset(*id)?),
            Place::Batch(_) => (self.batches, self.update_offset(*id)?),
        };
        (1..=count)
            .contains(&place.number())
            .then(|| self.start(place) + offset)
    }

    /// `id` as this lesson means it: `v` is momentum's velocity in a lesson trained with
    /// momentum and Adam's second moment otherwise, and a state name such as `m(1)[2]`
    /// belongs to the tensor of the layer that has an entry at those indices (a bias here).
    pub fn resolve(&self, id: StepId) -> StepId {
        let mut candidates = Quantity::candidates(&id.quantity.name());
        if candidates.len() <= 1 {
            return id;
        }
        let momentum = self.state == MOMENTUM_STATE;
        candidates.sort_by_key(|q| (q.moment() == Some(Moment::Velocity)) != momentum);
        let exists =
            |c: &StepId| self.sample_offset(*c).is_some() || self.update_offset(*c).is_some();
        candidates
            .iter()
            .map(|&q| id.with(q))
            .find(exists)
            .unwrap_or_else(|| id.with(candidates[0]))
    }

    /// How many indices a step of `quantity` takes in `layer`, if the lesson has such steps
    /// there (for messages about a name with the wrong number of indices).
    pub fn indices_of(&self, quantity: Quantity, layer: usize) -> Option<usize> {
        self.forward
            .indices_of(quantity, layer)
            .or_else(|| self.backward.indices_of(quantity, layer))
            .or_else(|| self.update.indices_of(quantity, layer))
    }

    /// Every family of steps the lesson has, in trace order (forward, the loss, backward,
    /// update): its quantity, layer and the extent of its indices.
    pub fn families(&self) -> Vec<Family> {
        let of = |run: &Run| -> Vec<Family> {
            run.placed
                .iter()
                .flat_map(|p| {
                    p.segment.parts.iter().map(|part| Family {
                        quantity: part.quantity,
                        layer: p.layer,
                        dims: p.segment.outer.iter().chain(&part.inner).copied().collect(),
                    })
                })
                .collect()
        };
        let mut all = of(&self.forward);
        all.push(Family {
            quantity: Quantity::Loss,
            layer: 0,
            dims: Vec::new(),
        });
        all.extend(of(&self.backward));
        all.extend(of(&self.update));
        all
    }

    /// The step at `offset` within a sample.
    pub fn sample_step(&self, offset: usize) -> StepId {
        if offset < self.forward.len {
            return self.forward.step(offset);
        }
        if offset == self.forward.len {
            return StepId::LOSS;
        }
        assert!(
            offset < self.per_sample,
            "offset {offset} is past the end of a sample"
        );
        self.backward.step(offset - self.forward.len - 1)
    }

    /// The offset of a sample step within its sample, if the lesson has that step.
    pub fn sample_offset(&self, id: StepId) -> Option<usize> {
        match id.phase() {
            Phase::Loss => Some(self.forward.len),
            Phase::Forward => self.forward.offset(&id),
            Phase::Backward => self.backward.offset(&id).map(|o| self.forward.len + 1 + o),
            Phase::Update => None,
        }
    }

    /// The step at `offset` within an update.
    pub fn update_step(&self, offset: usize) -> StepId {
        assert!(
            offset < self.update.len,
            "offset {offset} is past the end of an update"
        );
        self.update.step(offset)
    }

    /// The offset of an update step within its update, if the lesson has that step.
    pub fn update_offset(&self, id: StepId) -> Option<usize> {
        match id.phase() {
            Phase::Update => self.update.offset(&id),
            _ => None,
        }
    }

    /// The offset, within a sample, where `phase` starts (forward, loss or backward).
    pub fn phase_offset(&self, phase: Phase) -> usize {
        match phase {
            Phase::Forward => 0,
            Phase::Loss => self.forward.len,
            Phase::Backward | Phase::Update => self.forward.len + 1,
        }
    }
}
