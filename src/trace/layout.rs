//! Where every step sits, by arithmetic alone: position within an epoch ↔ (batch, sample,
//! step). Nothing per step is stored, so a 784-128-10 lesson costs as little as a 2-2-2 one.

use crate::engine::optimizer::state_steps_per_param;
use crate::lesson::{Activation, Lesson, Optimizer};

use super::step::{Phase, Quantity, StepId};

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
pub enum Slot {
    /// Step `offset` of sample `sample` (0-based in the data), in 0-based batch `batch`.
    Sample {
        batch: usize,
        sample: usize,
        offset: usize,
    },
    /// Step `offset` of the update that ends 0-based batch `batch`.
    Update { batch: usize, offset: usize },
}

const ADAM_STATE: [Quantity; 4] = [Quantity::M, Quantity::V, Quantity::MHat, Quantity::VHat];
const MOMENTUM_STATE: [Quantity; 1] = [Quantity::V];

impl Layout {
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

    pub fn depth(&self) -> usize {
        self.widths.len() - 1
    }
    pub fn width(&self, l: usize) -> usize {
        self.widths[l]
    }
    pub fn steps_per_sample(&self) -> usize {
        self.per_sample
    }
    pub fn steps_per_update(&self) -> usize {
        self.update_len
    }
    pub fn batches(&self) -> usize {
        self.batches
    }
    pub fn samples(&self) -> usize {
        self.samples
    }
    /// Optimizer-state quantities traced before each parameter update, in order.
    pub fn state_quantities(&self) -> &'static [Quantity] {
        self.state
    }

    fn batch_len(&self, batch: usize) -> usize {
        self.batch_samples(batch).len() * self.per_sample + self.update_len
    }

    /// 0-based data indices of 0-based batch `batch`.
    pub fn batch_samples(&self, batch: usize) -> std::ops::Range<usize> {
        let start = batch * self.batch_size;
        start..(start + self.batch_size).min(self.samples)
    }

    /// Steps in one epoch.
    pub fn epoch_len(&self) -> usize {
        self.samples * self.per_sample + self.batches * self.update_len
    }

    /// Position of the first step of 0-based batch `batch`.
    pub fn batch_start(&self, batch: usize) -> usize {
        batch * (self.batch_size * self.per_sample + self.update_len)
    }

    /// Position of the first step of sample `sample` (0-based in the data).
    pub fn sample_start(&self, sample: usize) -> usize {
        let batch = sample / self.batch_size;
        self.batch_start(batch) + (sample - batch * self.batch_size) * self.per_sample
    }

    /// Position of the first update step of 0-based batch `batch`.
    pub fn update_start(&self, batch: usize) -> usize {
        self.batch_start(batch) + self.batch_samples(batch).len() * self.per_sample
    }

    /// Where position `index` (< epoch_len) falls.
    pub fn slot(&self, index: usize) -> Slot {
        let full = self.batch_size * self.per_sample + self.update_len;
        let batch = (index / full).min(self.batches - 1);
        let within = index - self.batch_start(batch);
        let in_samples = self.batch_samples(batch).len() * self.per_sample;
        debug_assert!(within < self.batch_len(batch));
        if within < in_samples {
            Slot::Sample {
                batch,
                sample: batch * self.batch_size + within / self.per_sample,
                offset: within % self.per_sample,
            }
        } else {
            Slot::Update {
                batch,
                offset: within - in_samples,
            }
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
            | (Quantity::M | Quantity::V | Quantity::MHat | Quantity::VHat, None)
                if tb =>
            {
                let weights = usize::from(tw) * self.widths[l] * n_in * per;
                Some(o + weights + id.j * per + r)
            }
            (
                Quantity::W | Quantity::M | Quantity::V | Quantity::MHat | Quantity::VHat,
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
