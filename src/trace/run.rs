//! One fast, non-recording pass over training that keeps what is needed to replay any batch:
//! the state at every k-th batch (a checkpoint) and the mean loss of each epoch.
//! Memory is O(parameters × checkpoints), never O(steps).

use crate::engine::{TrainState, Workspace, train_batch, train_batches};
use crate::lesson::Lesson;

use super::record::{BatchRecord, BatchRecorder};

/// Checkpoints are spaced so that all of them together stay under this many bytes.
const CHECKPOINT_BUDGET: usize = 64 << 20;

/// Training progress so far, extended on demand.
pub struct Run {
    every: usize,
    /// State before global batch `i * every`.
    checkpoints: Vec<TrainState>,
    /// Mean per-sample loss of every finished epoch.
    epoch_loss: Vec<f64>,
    current: TrainState,
    ws: Workspace,
    /// Global batches trained so far.
    done: usize,
    loss_in_epoch: f64,
    total: usize,
    batches: usize,
    /// The first global batch in which a NaN or infinity was seen. The engine may notice a
    /// non-finite new parameter only in the next batch, so the first non-finite number is in
    /// this batch or the one before.
    first_non_finite: Option<usize>,
}

impl Run {
    pub fn new(lesson: &Lesson) -> Self {
        let current = TrainState::initial(lesson);
        let batches = lesson.batches_per_epoch();
        let total = batches * lesson.epochs;
        let state_bytes = 8 * state_len(&current).max(1);
        let fit = (CHECKPOINT_BUDGET / state_bytes).max(1);
        Run {
            every: total.div_ceil(fit).max(1),
            checkpoints: vec![current.clone()],
            epoch_loss: Vec::with_capacity(lesson.epochs),
            ws: Workspace::new(lesson),
            current,
            done: 0,
            loss_in_epoch: 0.0,
            total,
            batches,
            first_non_finite: None,
        }
    }

    pub fn total_batches(&self) -> usize {
        self.total
    }
    pub fn done(&self) -> usize {
        self.done
    }
    pub fn epoch_losses(&self) -> &[f64] {
        &self.epoch_loss
    }
    /// The global batches that hold the first NaN or infinity, if any: the batch where it
    /// was seen and the one before it.
    pub fn first_non_finite_batches(&self) -> Option<std::ops::RangeInclusive<usize>> {
        self.first_non_finite.map(|g| g.saturating_sub(1)..=g)
    }
    /// The state after the last batch trained so far.
    pub fn current(&self) -> &TrainState {
        &self.current
    }

    /// Trains up to `batches` more batches (fewer at the end); returns how many it trained.
    pub fn advance(&mut self, lesson: &Lesson, batches: usize) -> usize {
        let target = (self.done + batches).min(self.total);
        let start = self.done;
        while self.done < target {
            // A chunk of batches within one epoch, up to the next checkpoint.
            let b0 = self.done % self.batches;
            let epoch_end = self.done - b0 + self.batches;
            let next_checkpoint = (self.done / self.every + 1) * self.every;
            let end = target.min(epoch_end).min(next_checkpoint);
            let first = self.done;
            let (loss, bad) = (&mut self.loss_in_epoch, &mut self.first_non_finite);
            train_batches(
                lesson,
                &mut self.current,
                &mut self.ws,
                b0..b0 + (end - first),
                |b, out| {
                    *loss += out.loss_sum;
                    if !out.finite && bad.is_none() {
                        *bad = Some(first + (b - b0));
                    }
                },
            );
            self.done = end;
            if self.done == self.total
                && self.first_non_finite.is_none()
                && !(self.current.params.all_finite() && self.current.opt.all_finite())
            {
                // The last update has no next forward pass to reveal it.
                self.first_non_finite = Some(self.done - 1);
            }
            if self.done.is_multiple_of(self.batches) {
                self.epoch_loss
                    .push(self.loss_in_epoch / lesson.data.len() as f64);
                self.loss_in_epoch = 0.0;
            }
            if self.done.is_multiple_of(self.every) && self.done < self.total {
                self.checkpoints.push(self.current.clone());
            }
        }
        self.done - start
    }

    /// Trains until global batch `global` (0-based) can be replayed.
    pub fn reach(&mut self, lesson: &Lesson, global: usize) {
        if global >= self.done {
            self.advance(lesson, global - self.done);
        }
    }

    /// The state before 0-based global batch `global`: the nearest checkpoint, replayed.
    pub fn state_before(&mut self, lesson: &Lesson, global: usize) -> TrainState {
        self.reach(lesson, global);
        if global == self.done {
            return self.current.clone();
        }
        let c = global / self.every;
        let mut state = self.checkpoints[c].clone();
        let mut ws = Workspace::new(lesson);
        let mut g = c * self.every;
        while g < global {
            // Replay in chunks that stay within one epoch.
            let b0 = g % self.batches;
            let end = global.min(g - b0 + self.batches);
            train_batches(lesson, &mut state, &mut ws, b0..b0 + (end - g), |_, _| {});
            g = end;
        }
        state
    }

    /// Re-runs one batch from the state before it, recording every number.
    pub fn record(&mut self, lesson: &Lesson, epoch: usize, batch: usize) -> BatchRecord {
        let global = (epoch - 1) * self.batches + batch;
        let mut state = self.state_before(lesson, global);
        let mut ws = Workspace::new(lesson);
        let mut rec = BatchRecorder::default();
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
