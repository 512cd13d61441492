//! The trace: every number of training, located by epoch, sample (or batch) and name, with
//! its formula rendered on demand.
//!
//! [`Trace`] is the only way to read numbers. Steps are not stored: positions map to steps by
//! arithmetic ([`layout`]), values come from batches re-run from checkpoints ([`run`]) and
//! kept in a small cache, and formulas are built when asked for ([`explain`]).

pub mod driver;
pub mod explain;
pub mod formula;
pub mod layout;
pub mod number;
pub mod record;
pub mod run;
pub mod saturation;
pub mod step;

use std::ops::{Range, RangeInclusive};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::engine::{Params, TrainState};
use crate::lesson::Lesson;

pub use driver::{Driver, train};
pub use explain::Formula;
pub use formula::{Notation, Style};
pub use layout::{Layout, Slot};
pub use number::Digits;
pub use record::BatchRecord;
pub use step::{Phase, Quantity, Step, StepId};

use run::Run;

/// Batch records kept for quick stepping back and forth.
const CACHE_BATCHES: usize = 4;

/// The trace of one lesson. Cheap to create: training runs as far as it is asked to.
/// Shareable between threads, so a background thread can finish training while a UI reads.
pub struct Trace {
    lesson: Arc<Lesson>,
    layout: Layout,
    run: Mutex<Run>,
    cache: Mutex<Vec<Arc<BatchRecord>>>,
}

/// What is known of one epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochSummary {
    pub epoch: usize,
    /// Mean of the per-sample losses over the epoch's samples.
    pub loss: f64,
}

impl Trace {
    pub fn new(lesson: Lesson) -> Self {
        let layout = Layout::new(&lesson);
        Trace {
            run: Mutex::new(Run::new(&lesson)),
            lesson: Arc::new(lesson),
            layout,
            cache: Mutex::new(Vec::new()),
        }
    }

    pub fn lesson(&self) -> &Lesson {
        &self.lesson
    }
    pub fn layout(&self) -> &Layout {
        &self.layout
    }
    pub fn epochs(&self) -> usize {
        self.lesson.epochs
    }
    /// Number of steps in every epoch.
    pub fn epoch_len(&self) -> usize {
        self.layout.epoch_len()
    }

    fn run(&self) -> MutexGuard<'_, Run> {
        self.run.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Trains up to `batches` more batches; returns (batches done, batches in all). For a
    /// background thread that finishes training in small slices.
    pub fn advance(&self, batches: usize) -> (usize, usize) {
        let mut run = self.run();
        run.advance(&self.lesson, batches);
        (run.done(), run.total_batches())
    }

    /// Trains to the end.
    pub fn run_all(&self) {
        let mut run = self.run();
        let total = run.total_batches();
        run.advance(&self.lesson, total);
    }

    /// Training progress as (batches done, batches in all).
    pub fn progress(&self) -> (usize, usize) {
        let run = self.run();
        (run.done(), run.total_batches())
    }

    /// The record of 0-based batch `batch` of 1-based `epoch`, from the cache or re-run.
    pub fn batch(&self, epoch: usize, batch: usize) -> Arc<BatchRecord> {
        {
            let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(r) = cache.iter().find(|r| r.epoch == epoch && r.batch == batch) {
                return r.clone();
            }
        }
        let record = Arc::new(self.run().record(&self.lesson, epoch, batch));
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= CACHE_BATCHES {
            cache.remove(0);
        }
        cache.push(record.clone());
        record
    }

    /// The step at 0-based position `index` of 1-based `epoch`.
    pub fn step(&self, epoch: usize, index: usize) -> Step {
        let record = self.batch(epoch, self.slot_batch(index));
        self.step_in(&record, index)
    }

    fn slot_batch(&self, index: usize) -> usize {
        match self.layout.slot(index) {
            Slot::Sample { batch, .. } | Slot::Update { batch, .. } => batch,
        }
    }

    /// The step at `index`, read from the record of its batch.
    fn step_in(&self, record: &BatchRecord, index: usize) -> Step {
        let (id, sample, value) = match self.layout.slot(index) {
            Slot::Sample { sample, offset, .. } => {
                let id = self.layout.sample_step(offset);
                let s = record.sample(sample).expect("the batch holds its samples");
                (id, Some(sample + 1), s.value(&id))
            }
            Slot::Update { offset, .. } => {
                let id = self.layout.update_step(offset);
                (id, None, record.update_value(&self.lesson, &id))
            }
        };
        Step {
            epoch: record.epoch,
            batch: record.batch + 1,
            sample,
            index,
            id,
            value,
        }
    }

    /// The steps at `range` of `epoch`, in order, each batch re-run once.
    pub fn steps(&self, epoch: usize, range: Range<usize>) -> impl Iterator<Item = Step> + '_ {
        let mut current: Option<Arc<BatchRecord>> = None;
        range.map(move |index| {
            let batch = self.slot_batch(index);
            let record = match &current {
                Some(r) if r.batch == batch => r.clone(),
                _ => {
                    let r = self.batch(epoch, batch);
                    current = Some(r.clone());
                    r
                }
            };
            self.step_in(&record, index)
        })
    }

    /// The formula of a step.
    pub fn formula(&self, step: &Step) -> Formula {
        let record = self.batch(step.epoch, step.batch - 1);
        match step.sample {
            Some(s) => {
                let sample = record.sample(s - 1).expect("the batch holds its samples");
                explain::sample_formula(&self.lesson, &record, sample, &step.id)
            }
            None => explain::update_formula(&self.lesson, &record, &step.id),
        }
    }

    /// What the step's number is, in words.
    pub fn describe(&self, step: &Step) -> String {
        explain::describe(&self.lesson, step)
    }

    /// Position of a named step: for forward, loss and backward steps `at` is the 1-based
    /// sample, for update steps the 1-based batch. `None` if the lesson has no such step.
    pub fn position(&self, id: &StepId, at: usize) -> Option<usize> {
        if id.phase() == Phase::Update {
            if at == 0 || at > self.layout.batches() {
                return None;
            }
            let offset = self.layout.update_offset(*id)?;
            Some(self.layout.update_start(at - 1) + offset)
        } else {
            if at == 0 || at > self.layout.samples() {
                return None;
            }
            let offset = self.layout.sample_offset(*id)?;
            Some(self.layout.sample_start(at - 1) + offset)
        }
    }

    /// The named step, located as in [`Trace::position`].
    pub fn find(&self, epoch: usize, id: &StepId, at: usize) -> Option<Step> {
        if epoch == 0 || epoch > self.epochs() {
            return None;
        }
        self.position(id, at).map(|i| self.step(epoch, i))
    }

    /// Mean loss of 1-based `epoch`, training as far as needed.
    pub fn epoch_summary(&self, epoch: usize) -> EpochSummary {
        let mut run = self.run();
        let batches = self.layout.batches();
        run.reach(&self.lesson, epoch * batches);
        EpochSummary {
            epoch,
            loss: run.epoch_losses()[epoch - 1],
        }
    }

    /// Mean loss of every epoch trained so far (without training further).
    pub fn epoch_losses_so_far(&self) -> Vec<f64> {
        self.run().epoch_losses().to_vec()
    }

    /// The initial parameters.
    pub fn initial_params(&self) -> Params {
        TrainState::initial(&self.lesson).params
    }

    /// The parameters after all training.
    pub fn final_params(&self) -> Params {
        self.run_all();
        self.run().current().params.clone()
    }

    /// The first step whose value is NaN or infinite, if training diverges. Trains to the end.
    pub fn first_non_finite(&self) -> Option<Step> {
        self.run_all();
        let candidates = self.run().first_non_finite_batches()?;
        self.first_non_finite_in(candidates)
    }

    /// The first step whose value is NaN or infinite in the 0-based global batches
    /// `candidates` (as [`Driver::non_finite_batches`] reports them), training only as far
    /// as they are.
    pub fn first_non_finite_in(&self, candidates: RangeInclusive<usize>) -> Option<Step> {
        let batches = self.layout.batches();
        candidates.into_iter().find_map(|global| {
            let (epoch, batch) = (global / batches + 1, global % batches);
            if epoch > self.epochs() {
                return None;
            }
            let start = self.layout.batch_start(batch);
            let end = if batch + 1 < batches {
                self.layout.batch_start(batch + 1)
            } else {
                self.epoch_len()
            };
            self.steps(epoch, start..end).find(|s| !s.value.is_finite())
        })
    }
}
