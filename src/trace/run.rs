//! One fast, non-recording pass over training that keeps what is needed to replay any batch:
//! the state at every k-th batch (a checkpoint) and the mean loss of each epoch.
//! Memory is O(parameters × checkpoints), never O(steps).

use crate::engine::{TrainState, Workspace, train_batch};
use crate::lesson::Lesson;

use super::driver::Driver;
use super::record::{BatchRecord, BatchRecorder};

/// Checkpoints are spaced so that all of them together stay under this many bytes.
const CHECKPOINT_BUDGET: usize = 64 << 20;

/// Checkpoints are at least this much work apart, in multiply-adds (roughly samples times
/// weights, plus a per-sample overhead): replaying up to a checkpoint's spacing takes a few
/// milliseconds, so a tiny network trained for a million epochs keeps a few hundred states,
/// not a million.
const REPLAY_WORK: usize = 1 << 20;

/// Training progress so far, extended on demand.
pub struct Run {
    every: usize,
    /// State before global batch `i * every`.
    checkpoints: Vec<TrainState>,
    /// Mean per-sample loss of every finished epoch.
    epoch_loss: Vec<f64>,
    driver: Driver,
}

impl Run {
    pub fn new(lesson: &Lesson) -> Self {
        let driver = Driver::new(lesson);
        let current = driver.state().clone();
        Run {
            every: spacing(lesson, &current, driver.total()),
            checkpoints: vec![current],
            epoch_loss: Vec::with_capacity(lesson.epochs),
            driver,
        }
    }

    pub fn total_batches(&self) -> usize {
        self.driver.total()
    }
    pub fn done(&self) -> usize {
        self.driver.done()
    }
    pub fn epoch_losses(&self) -> &[f64] {
        &self.epoch_loss
    }
    /// The global batches that hold the first NaN or infinity, if any: the batch where it
    /// was seen and the one before it.
    pub fn first_non_finite_batches(&self) -> Option<std::ops::RangeInclusive<usize>> {
        self.driver.non_finite_batches()
    }
    /// The state after the last batch trained so far.
    pub fn current(&self) -> &TrainState {
        self.driver.state()
    }

    /// Trains up to `batches` more batches (fewer at the end); returns how many it trained.
    pub fn advance(&mut self, lesson: &Lesson, batches: usize) -> usize {
        let start = self.done();
        let target = (start + batches).min(self.total_batches());
        while self.done() < target {
            let next_checkpoint = (self.done() / self.every + 1) * self.every;
            if let Some(mean) = self.driver.run_to(lesson, target.min(next_checkpoint)) {
                self.epoch_loss.push(mean);
            }
            let done = self.done();
            if done.is_multiple_of(self.every) && done < self.total_batches() {
                self.checkpoints.push(self.driver.state().clone());
            }
        }
        self.done() - start
    }

    /// Trains until global batch `global` (0-based) can be replayed.
    pub fn reach(&mut self, lesson: &Lesson, global: usize) {
        if global >= self.done() {
            self.advance(lesson, global - self.done());
        }
    }

    /// The state before 0-based global batch `global`: the nearest checkpoint, replayed.
    pub fn state_before(&mut self, lesson: &Lesson, global: usize) -> TrainState {
        self.reach(lesson, global);
        if global == self.done() {
            return self.current().clone();
        }
        let c = global / self.every;
        let mut replay = Driver::resume(lesson, self.checkpoints[c].clone(), c * self.every);
        while replay.done() < global {
            replay.run_to(lesson, global);
        }
        replay.into_state()
    }

    /// Re-runs one batch from the state before it, recording every number.
    pub fn record(&mut self, lesson: &Lesson, epoch: usize, batch: usize) -> BatchRecord {
        let global = (epoch - 1) * lesson.batches_per_epoch() + batch;
        let state = self.state_before(lesson, global);
        record_from(lesson, (epoch, batch), state)
    }
}

/// Runs one batch from `state`, the state before it (a checkpoint replayed, or the state
/// after the batch before, which a record holds), recording every number.
pub(super) fn record_from(
    lesson: &Lesson,
    (epoch, batch): (usize, usize),
    mut state: TrainState,
) -> BatchRecord {
    let mut ws = Workspace::new(lesson);
    let mut rec = BatchRecorder::default();
    // Recording goes through the general batch path; the property tests check that it
    // agrees bit for bit with the driver's (possibly fused) training.
    train_batch(
        lesson,
        &mut state,
        &mut ws,
        lesson.batch_range(batch),
        &mut rec,
    );
    let (before, grad) = rec
        .before
        .expect("the engine reports the state before every update");
    BatchRecord {
        epoch,
        batch,
        before,
        samples: rec.samples,
        grad,
        after: state,
    }
}

/// Batches between checkpoints: enough that all checkpoints fit [`CHECKPOINT_BUDGET`], and
/// at least [`REPLAY_WORK`] apart, since replaying cheap batches costs less than keeping them.
fn spacing(lesson: &Lesson, state: &TrainState, total: usize) -> usize {
    // A state's numbers plus what each array and layer costs besides (headers, allocations).
    let arrays = 2 * lesson.layers.len() * (state_len(state) / state.params.len().max(1));
    let state_bytes = 8 * state_len(state) + 128 * arrays + 128;
    let fit = (CHECKPOINT_BUDGET / state_bytes).max(1);
    let by_memory = total.div_ceil(fit);
    let per_batch = lesson.batch_size.min(lesson.data.len()).max(1) * (state.params.len() + 64);
    let by_work = REPLAY_WORK / per_batch;
    by_memory.max(by_work).clamp(1, total.max(1))
}

fn state_len(s: &TrainState) -> usize {
    use crate::engine::OptState;
    s.params.len()
        * match s.opt {
            OptState::Plain => 1,
            OptState::Momentum { .. } => 2,
            OptState::Adam { .. } => 3,
        }
}
