//! Where every step sits, by arithmetic alone: position within an epoch ↔ (batch, sample,
//! step). Nothing per step is stored, so a 784-128-10 lesson costs as little as a 2-2-2 one.

use crate::engine::optimizer::state_steps_per_param;
use crate::lesson::{Activation, Lesson, Optimizer};

use super::step::{Phase, Place, Quantity, StepId};

/// The shape of the trace of one lesson.
#[derive(Debug, Clone)]
pub struct Layout {
    widths: Vec<usize>,
    softmax_out: bool,
    /// (weights train, biases train) for layers 1..=L.
    trains: Vec<(bool, bool)>,
    state: &'static [Quantity],
    forward_len: usize,
    per_sample: usize,
    update_len: usize,
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

const ADAM_STATE: [Quantity; 4] = [Quantity::M, Quantity::V, Quantity::MHat, Quantity::VHat];
const MOMENTUM_STATE: [Quantity; 1] = [Quantity::Velocity];

impl Layout {
    /// The layout of a lesson's trace.
    pub fn new(lesson: &Lesson) -> Self {
        let widths: Vec<usize> = (0..=lesson.depth()).map(|l| lesson.width(l)).collect();
        let state: &'static [Quantity] =
            match (lesson.optimizer, state_steps_per_param(&lesson.optimizer)) {
                (Optimizer::Adam { .. }, _) => &ADAM_STATE,
                (_, 1) => &MOMENTUM_STATE,
                _ => &[],
            };
        let trains: Vec<(bool, bool)> = lesson
            .layers
            .iter()
            .map(|l| (l.weights_train(), l.biases_train()))
            .collect();
        let forward_len = 2 * widths[1..].iter().sum::<usize>();
        let backward_len: usize = (1..widths.len())
            .map(|l| widths[l] * (2 + widths[l - 1]))
            .sum();
        let update_len = (1..widths.len())
            .map(|l| {
                let (tw, tb) = trains[l - 1];
                (usize::from(tw) * widths[l] * widths[l - 1] + usize::from(tb) * widths[l])
                    * (1 + state.len())
            })
            .sum();
        Layout {
            softmax_out: lesson.layers.last().map(|l| l.activation) == Some(Activation::Softmax),
            forward_len,
            per_sample: forward_len + 1 + backward_len,
            update_len,
            samples: lesson.data.len(),
            batch_size: lesson.batch_size,
            batches: lesson.batches_per_epoch(),
            state,
            trains,
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
        self.update_len
    }
    /// Batches per epoch.
    pub fn batches(&self) -> usize {
        self.batches
    }
    /// Samples per epoch.
    pub fn samples(&self) -> usize {
        self.samples
    }
    /// Optimizer-state quantities traced before each parameter update, in order.
    pub fn state_quantities(&self) -> &'static [Quantity] {
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
        self.samples * self.per_sample + self.batches * self.update_len
    }

    /// Position of the first step of batch `batch` (from 1).
    pub fn batch_start(&self, batch: usize) -> usize {
        (batch - 1) * (self.batch_size * self.per_sample + self.update_len)
    }

    /// Position just past the last step of batch `batch`: its update's end.
    pub fn batch_end(&self, batch: usize) -> usize {
        self.start(Place::Batch(batch)) + self.update_len
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
        let full = self.batch_size * self.per_sample + self.update_len;
        let batch = (index / full).min(self.batches - 1) + 1;
        let within = index - self.batch_start(batch);
        let samples = self.batch_samples(batch);
        let in_samples = samples.clone().count() * self.per_sample;
        debug_assert!(within < in_samples + self.update_len);
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
    /// momentum, and Adam's second moment otherwise.
    pub fn resolve(&self, id: StepId) -> StepId {
        match id.quantity {
            Quantity::V | Quantity::Velocity if self.state == MOMENTUM_STATE => {
                id.with(Quantity::Velocity)
            }
            Quantity::Velocity => id.with(Quantity::V),
            _ => id,
        }
    }

    /// The step at `offset` within a sample.
    pub fn sample_step(&self, offset: usize) -> StepId {
        let mut o = offset;
        let depth = self.depth();
        if o < self.forward_len {
            for l in 1..=depth {
                let n = self.widths[l];
                if o < 2 * n {
                    return if self.softmax_out && l == depth {
                        // Every a of a softmax layer needs every z, so the z's come first.
                        let q = if o < n { Quantity::Z } else { Quantity::A };
                        StepId::neuron(q, l, o % n)
                    } else {
                        let q = if o.is_multiple_of(2) {
                            Quantity::Z
                        } else {
                            Quantity::A
                        };
                        StepId::neuron(q, l, o / 2)
                    };
                }
                o -= 2 * n;
            }
        }
        o -= self.forward_len;
        if o == 0 {
            return StepId::LOSS;
        }
        o -= 1;
        for l in (1..=depth).rev() {
            let per_j = 2 + self.widths[l - 1];
            let len = self.widths[l] * per_j;
            if o < len {
                let (j, r) = (o / per_j, o % per_j);
                return match r {
                    0 => StepId::neuron(Quantity::Delta, l, j),
                    1 => StepId::neuron(Quantity::Db, l, j),
                    _ => StepId::weight(Quantity::Dw, l, j, r - 2),
                };
            }
            o -= len;
        }
        panic!("offset {offset} is past the end of a sample")
    }

    /// The offset of a sample step within its sample, if the lesson has that step.
    pub fn sample_offset(&self, id: StepId) -> Option<usize> {
        let depth = self.depth();
        let l = id.layer;
        let layer_ok = (1..=depth).contains(&l) && id.j < self.widths[l];
        match id.quantity {
            Quantity::Loss => return Some(self.forward_len),
            _ if !layer_ok => return None,
            Quantity::Z | Quantity::A if id.k.is_none() => {
                let before: usize = 2 * self.widths[1..l].iter().sum::<usize>();
                let is_a = usize::from(id.quantity == Quantity::A);
                let within = if self.softmax_out && l == depth {
                    is_a * self.widths[l] + id.j
                } else {
                    2 * id.j + is_a
                };
                return Some(before + within);
            }
            _ => {}
        }
        let per_j = 2 + self.widths[l - 1];
        let within = match (id.quantity, id.k) {
            (Quantity::Delta, None) => 0,
            (Quantity::Db, None) => 1,
            (Quantity::Dw, Some(k)) if k < self.widths[l - 1] => 2 + k,
            _ => return None,
        };
        let above: usize = (l + 1..=depth)
            .map(|m| self.widths[m] * (2 + self.widths[m - 1]))
            .sum();
        Some(self.forward_len + 1 + above + id.j * per_j + within)
    }

    /// The step at `offset` within an update.
    pub fn update_step(&self, offset: usize) -> StepId {
        let per = 1 + self.state.len();
        let mut o = offset;
        for l in 1..=self.depth() {
            let (tw, tb) = self.trains[l - 1];
            let (n, n_in) = (self.widths[l], self.widths[l - 1]);
            if tw {
                if o < n * n_in * per {
                    let (p, r) = (o / per, o % per);
                    let q = self.state.get(r).copied().unwrap_or(Quantity::W);
                    return StepId::weight(q, l, p / n_in, p % n_in);
                }
                o -= n * n_in * per;
            }
            if tb {
                if o < n * per {
                    let (p, r) = (o / per, o % per);
                    let q = self.state.get(r).copied().unwrap_or(Quantity::B);
                    return StepId::neuron(q, l, p);
                }
                o -= n * per;
            }
        }
        panic!("offset {offset} is past the end of an update")
    }

    /// The offset of an update step within its update, if the lesson has that step.
    pub fn update_offset(&self, id: StepId) -> Option<usize> {
        let per = 1 + self.state.len();
        let l = id.layer;
        if !(1..=self.depth()).contains(&l) || id.j >= self.widths[l] {
            return None;
        }
        let r = match id.quantity {
            Quantity::W | Quantity::B => self.state.len(),
            q => self.state.iter().position(|&s| s == q)?,
        };
        let mut o = 0;
        for m in 1..l {
            let (tw, tb) = self.trains[m - 1];
            o += (usize::from(tw) * self.widths[m] * self.widths[m - 1]
                + usize::from(tb) * self.widths[m])
                * per;
        }
        let (tw, tb) = self.trains[l - 1];
        let n_in = self.widths[l - 1];
        match (id.quantity, id.k) {
            (Quantity::B, None)
            | (
                Quantity::M | Quantity::V | Quantity::MHat | Quantity::VHat | Quantity::Velocity,
                None,
            ) if tb => {
                let weights = usize::from(tw) * self.widths[l] * n_in * per;
                Some(o + weights + id.j * per + r)
            }
            (
                Quantity::W
                | Quantity::M
                | Quantity::V
                | Quantity::MHat
                | Quantity::VHat
                | Quantity::Velocity,
                Some(k),
            ) if tw && k < n_in => Some(o + (id.j * n_in + k) * per + r),
            _ => None,
        }
    }

    /// The offset, within a sample, where `phase` starts (forward, loss or backward).
    pub fn phase_offset(&self, phase: Phase) -> usize {
        match phase {
            Phase::Forward => 0,
            Phase::Loss => self.forward_len,
            Phase::Backward | Phase::Update => self.forward_len + 1,
        }
    }
}
