//! The one loop that trains without recording. `train`, the trace's run and its replays, the
//! tutor, the exports and the benchmarks all train through a [`Driver`], so divergence is
//! noticed in one place.

use std::ops::RangeInclusive;

use crate::engine::{NoRecord, TrainState, Workspace, train_batch};
use crate::layers::dense::online;
use crate::lesson::Lesson;

/// Training in progress: the state after `done` batches (counted over all epochs).
pub struct Driver {
    state: TrainState,
    ws: Workspace,
    per_epoch: usize,
    total: usize,
    done: usize,
    /// Samples' losses summed so far in the current epoch.
    loss_in_epoch: f64,
    /// The first global batch in which a NaN or infinity was seen.
    first_seen: Option<usize>,
}

impl Driver {
    /// Ready to train the lesson from its initial parameters.
    pub fn new(lesson: &Lesson) -> Self {
        Driver::resume(lesson, TrainState::initial(lesson), 0)
    }

    /// Ready to go on from `state`, the state before global batch `done` (a checkpoint), to
    /// replay from there. An epoch it joins midway reports the mean of what it trained only.
    pub fn resume(lesson: &Lesson, state: TrainState, done: usize) -> Self {
        let per_epoch = lesson.batches_per_epoch();
        Driver {
            state,
            ws: Workspace::new(lesson),
            per_epoch,
            total: per_epoch * lesson.epochs,
            done,
            loss_in_epoch: 0.0,
            first_seen: None,
        }
    }

    /// Global batches trained so far.
    pub fn done(&self) -> usize {
        self.done
    }
    /// Batches of the whole run.
    pub fn total(&self) -> usize {
        self.total
    }
    /// Has every batch been trained?
    pub fn is_complete(&self) -> bool {
        self.done == self.total
    }
    /// The state after the batches trained so far.
    pub fn state(&self) -> &TrainState {
        &self.state
    }
    /// The state after the batches trained so far, kept.
    pub fn into_state(self) -> TrainState {
        self.state
    }

    /// The global batches that hold the first NaN or infinity, if training has met one: the
    /// batch where it was seen and the one before it (online training notices a non-finite
    /// parameter one sample late, in the next forward pass).
    pub fn non_finite_batches(&self) -> Option<RangeInclusive<usize>> {
        self.first_seen.map(|g| g.saturating_sub(1)..=g)
    }

    /// Trains up to global batch `until` (exclusive), stopping early at the end of the current
    /// epoch; returns that epoch's mean per-sample loss when it finished one.
    pub fn run_to(&mut self, lesson: &Lesson, until: usize) -> Option<f64> {
        let epoch_end = self.done - self.done % self.per_epoch + self.per_epoch;
        let end = until.min(epoch_end).min(self.total);
        if end <= self.done {
            return None;
        }
        let b0 = self.done % self.per_epoch;
        let batches = b0..b0 + (end - self.done);
        let first = self.done;
        let (loss, seen) = (&mut self.loss_in_epoch, &mut self.first_seen);
        let mut each = |b: usize, out: crate::engine::BatchOutcome| {
            *loss += out.loss_sum;
            if !out.finite && seen.is_none() {
                *seen = Some(first + (b - b0));
            }
        };
        if online::applies(lesson) {
            // One sample per batch: batch b is sample b.
            online::train(lesson, &mut self.state, &mut self.ws, batches, each);
        } else {
            for b in batches {
                let range = lesson.batch_range(b);
                let out = train_batch(lesson, &mut self.state, &mut self.ws, range, &mut NoRecord);
                each(b, out);
            }
        }
        self.done = end;
        if self.done == self.total && self.first_seen.is_none() && !self.state.all_finite() {
            // The last update has no next forward pass to reveal it.
            self.first_seen = Some(self.done - 1);
        }
        if !self.done.is_multiple_of(self.per_epoch) {
            return None;
        }
        let mean = self.loss_in_epoch / lesson.data.len() as f64;
        self.loss_in_epoch = 0.0;
        Some(mean)
    }

    /// Trains the rest of the current epoch; returns its mean per-sample loss (`None` when
    /// the run is already complete).
    pub fn epoch(&mut self, lesson: &Lesson) -> Option<f64> {
        if self.is_complete() {
            return None;
        }
        self.run_to(lesson, self.total)
    }

    /// Trains to the end of the run.
    pub fn finish(&mut self, lesson: &Lesson) {
        while self.epoch(lesson).is_some() {}
    }
}

/// Trains the whole lesson without recording and returns the driver at the end: the final
/// state and whether (and where) training met a NaN or infinity.
pub fn train(lesson: &Lesson) -> Driver {
    let mut driver = Driver::new(lesson);
    driver.finish(lesson);
    driver
}
