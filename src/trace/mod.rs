//! The trace: every number of training, located by epoch, sample (or batch) and name, with
//! its formula rendered on demand.
//!
//! [`Trace`] is the only way to read numbers. Steps are not stored: positions map to steps by
//! arithmetic ([`layout`]), values come from batches re-run from checkpoints (`run`) and
//! kept in a small cache, and formulas are built when asked for (`explain`). Front-ends read a
//! batch through [`Batch`] and address steps by [`StepKey`] ([`Place`]s count from 1); the
//! engine's records stay inside this module.

mod batch;
mod driver;
mod evaluate;
pub mod explain;
pub mod formula;
pub mod gradcheck;
mod index;
pub mod kind;
pub mod layout;
mod quantity;
mod record;
mod remark;
mod run;
pub(crate) mod saturation;
pub mod step;
pub mod term;

use std::ops::{Range, RangeInclusive};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::engine::{Params, TrainState};
use crate::lesson::Lesson;

pub use batch::{Arrays, Batch, SampleValues};
pub use driver::{Driver, train};
pub use explain::Formula;
pub use formula::{Style, Sym};
pub use gradcheck::GradientCheck;
pub use layout::{Family, Layout, Slot};
pub use remark::Remark;
pub use step::{
    Gate, Index, Inner, Moment, Param, Phase, Place, Quantity, Step, StepId, StepKey,
    StepNameError, Tensor,
};
pub use term::{Term, TermLabel};

use record::BatchRecord;
use run::Run;

/// Batch records kept for quick stepping back and forth.
const CACHE_BATCHES: usize = 4;

/// Gradient checks kept, so that redrawing a step does not repeat its forward passes.
const CACHE_CHECKS: usize = 32;

/// The trace of one lesson. Cheap to create: training runs as far as it is asked to.
/// Shareable between threads, so a background thread can finish training while a UI reads.
pub struct Trace {
    lesson: Arc<Lesson>,
    layout: Layout,
    run: Mutex<Run>,
    cache: Mutex<Vec<Arc<BatchRecord>>>,
    checks: Mutex<Vec<(StepKey, GradientCheck)>>,
}

/// A named value that a formula reads, and the step it comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Input {
    /// The symbol, as the formula writes it.
    pub sym: Sym,
    /// Its exact value.
    pub value: f64,
    /// The step that computed it; `None` for inputs, targets, hyperparameters and values of
    /// the start of training.
    pub source: Option<StepKey>,
}

/// What is known of one epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochSummary {
    /// The epoch, from 1.
    pub epoch: usize,
    /// Mean of the per-sample losses over the epoch's samples.
    pub loss: f64,
}

impl Trace {
    /// The trace of a lesson; nothing is trained until a number is asked for.
    pub fn new(lesson: Lesson) -> Self {
        let layout = Layout::new(&lesson);
        Trace {
            run: Mutex::new(Run::new(&lesson)),
            lesson: Arc::new(lesson),
            layout,
            cache: Mutex::new(Vec::new()),
            checks: Mutex::new(Vec::new()),
        }
    }

    /// The lesson traced.
    pub fn lesson(&self) -> &Lesson {
        &self.lesson
    }
    /// Where every step sits.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }
    /// Epochs of training.
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

    /// The record of batch `batch` (from 1) of `epoch`, from the cache or re-run.
    fn record(&self, epoch: usize, batch: usize) -> Arc<BatchRecord> {
        {
            let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(r) = cache
                .iter()
                .find(|r| r.epoch == epoch && r.batch + 1 == batch)
            {
                return r.clone();
            }
        }
        // Stepping on to the next batch starts from the state the batch before left, when
        // its record is at hand, rather than replaying from the nearest checkpoint.
        let previous = match batch {
            1 if epoch > 1 => Some((epoch - 1, self.layout.batches())),
            1 => None,
            b => Some((epoch, b - 1)),
        };
        let after = previous.and_then(|(e, b)| {
            let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            cache
                .iter()
                .find(|r| r.epoch == e && r.batch + 1 == b && r.after.params.all_finite())
                .map(|r| r.after.clone())
        });
        let record = Arc::new(match after {
            Some(state) => run::record_from(&self.lesson, (epoch, batch - 1), state),
            None => self.run().record(&self.lesson, epoch, batch - 1),
        });
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= CACHE_BATCHES {
            cache.remove(0);
        }
        cache.push(record.clone());
        record
    }

    /// Batch `batch` (from 1) of `epoch`: its parameters before and after the update, its
    /// mean gradient and its samples' numbers.
    pub fn batch(&self, epoch: usize, batch: usize) -> Batch {
        Batch::new(self.record(epoch, batch), self.lesson.clone())
    }

    /// The step at position `index` (from 0) of `epoch`.
    pub fn step(&self, epoch: usize, index: usize) -> Step {
        let record = self.record(epoch, self.layout.slot(index).batch);
        self.step_in(&record, index)
    }

    /// The step at `index`, read from the record of its batch.
    fn step_in(&self, record: &BatchRecord, index: usize) -> Step {
        let slot = self.layout.slot(index);
        let (id, value) = match slot.place {
            Place::Sample(n) => {
                let id = self.layout.sample_step(slot.offset);
                let s = record.sample(n - 1).expect("the batch holds its samples");
                (id, s.value(&self.lesson, &record.before.params, &id))
            }
            Place::Batch(_) => {
                let id = self.layout.update_step(slot.offset);
                (id, record.update_value(&self.lesson, &id))
            }
        };
        Step {
            epoch: record.epoch,
            batch: slot.batch,
            place: slot.place,
            index,
            id,
            value,
        }
    }

    /// The steps at `range` of `epoch`, in order, each batch re-run once.
    pub fn steps(&self, epoch: usize, range: Range<usize>) -> impl Iterator<Item = Step> + '_ {
        let mut current: Option<Arc<BatchRecord>> = None;
        range.map(move |index| {
            let batch = self.layout.slot(index).batch;
            let record = match &current {
                Some(r) if r.batch + 1 == batch => r.clone(),
                _ => {
                    let r = self.record(epoch, batch);
                    current = Some(r.clone());
                    r
                }
            };
            self.step_in(&record, index)
        })
    }

    /// The formula of a step.
    pub fn formula(&self, step: &Step) -> Formula {
        let record = self.record(step.epoch, step.batch);
        match step.place {
            Place::Sample(n) => {
                let sample = record.sample(n - 1).expect("the batch holds its samples");
                explain::sample_formula(&self.lesson, &record, sample, &step.id)
            }
            Place::Batch(_) => explain::update_formula(&self.lesson, &record, &step.id),
        }
    }

    /// For a ∂L/∂w or ∂L/∂b step of a sample: the same gradient estimated from the definition
    /// of a derivative, by two extra forward passes of the sample with the parameter nudged
    /// (see [`gradcheck`]). Computed when first asked for, then cached. `None` for other steps.
    pub fn gradient_check(&self, step: &Step) -> Option<GradientCheck> {
        let (Place::Sample(n), Some(param)) = (step.place, step.id.param()) else {
            return None;
        };
        if !matches!(step.id.quantity, Quantity::Grad(_)) {
            return None;
        }
        let key = step.key();
        let cached = |checks: &Vec<(StepKey, GradientCheck)>| {
            checks.iter().find(|(k, _)| *k == key).map(|(_, c)| *c)
        };
        if let Some(c) = cached(&self.checks.lock().unwrap_or_else(|e| e.into_inner())) {
            return Some(c);
        }
        let record = self.record(step.epoch, step.batch);
        let sample = record.sample(n - 1).expect("the batch holds its samples");
        let check = gradcheck::check(&self.lesson, &record, sample, param);
        let mut checks = self.checks.lock().unwrap_or_else(|e| e.into_inner());
        if checks.len() >= CACHE_CHECKS {
            checks.remove(0);
        }
        checks.push((key, check));
        Some(check)
    }

    /// The named values a step's formula reads, in order of first appearance, each with the
    /// step that computed it (`None` for what no step computes: inputs, targets, η, …).
    pub fn inputs(&self, step: &Step) -> Vec<Input> {
        self.inputs_of(step, &self.formula(step))
    }

    /// [`Trace::inputs`] of a step whose formula is already at hand.
    pub fn inputs_of(&self, step: &Step, formula: &Formula) -> Vec<Input> {
        let mut inputs: Vec<Input> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (sym, value) in formula.rhs.symbols() {
            if seen.insert(sym) {
                inputs.push(Input {
                    sym,
                    value,
                    source: self.source_of(step, &sym),
                });
            }
        }
        inputs
    }

    /// The step that computes the value a symbol of `step`'s formula stands for: this
    /// sample's z, a and δ; the parameters and optimizer state left by the previous update;
    /// this update's own state. `None` for values no step computes (inputs, targets, η, …)
    /// and for the start of training.
    pub fn source_of(&self, step: &Step, sym: &Sym) -> Option<StepKey> {
        let key = |id: StepId, place: Place, epoch: usize| {
            Some(StepKey {
                epoch,
                place,
                id: self.layout.resolve(id),
            })
        };
        let here = |id: StepId| key(id, step.place, step.epoch);
        // The update before this step's batch, where parameters and state last changed.
        let previous = |id: StepId| {
            if step.batch > 1 {
                key(id, Place::Batch(step.batch - 1), step.epoch)
            } else if step.epoch > 1 {
                key(id, Place::Batch(self.layout.batches()), step.epoch - 1)
            } else {
                None
            }
        };
        // Is this step itself the state `m` (as this lesson means `v`)?
        let own_state = |m: Moment| match (m, step.id.quantity.moment()) {
            (Moment::V, Some(Moment::V | Moment::Velocity)) => true,
            (m, Some(own)) => m == own,
            _ => false,
        };
        match *sym {
            Sym::Q { q, l, ix } if l > 0 => here(StepId {
                quantity: q,
                layer: l,
                ix,
            }),
            Sym::P(p) => previous(p.id(p.quantity())),
            Sym::Grad { p, sample } => {
                let id = p.id(p.gradient());
                match (sample, step.place) {
                    (Some(s), _) => key(id, Place::Sample(s + 1), step.epoch),
                    (None, Place::Sample(_)) => here(id),
                    // One sample per batch: the batch gradient is that sample's.
                    (None, Place::Batch(b)) if self.lesson.batch_size == 1 => {
                        key(id, Place::Sample(b), step.epoch)
                    }
                    // A batch mean, which no step computes on its own.
                    (None, Place::Batch(_)) => None,
                }
            }
            // In the formula of m or v itself, m and v are the previous update's.
            Sym::M(p) if own_state(Moment::M) => previous(p.id(p.state(Moment::M))),
            Sym::V(p) if own_state(Moment::V) => previous(p.id(p.state(Moment::V))),
            Sym::M(p) => here(p.id(p.state(Moment::M))),
            Sym::V(p) => here(p.id(p.state(Moment::V))),
            Sym::MHat(p) => here(p.id(p.state(Moment::MHat))),
            Sym::VHat(p) => here(p.id(p.state(Moment::VHat))),
            Sym::Decayed(p) => here(p.id(p.state(Moment::Decayed))),
            _ => None,
        }
    }

    /// What the step's number is, in words.
    pub fn describe(&self, step: &Step) -> String {
        explain::describe(&self.lesson, step)
    }

    /// The same in the words of `lang`.
    pub fn describe_in(&self, step: &Step, lang: crate::i18n::Lang) -> String {
        explain::describe_in(&self.lesson, step, lang)
    }

    /// A step name as this lesson means it (`v` is momentum's velocity or Adam's second
    /// moment). Whether the lesson has the step is for [`Trace::find`] to say.
    pub fn parse_step(&self, name: &str) -> Result<StepId, StepNameError> {
        StepId::parse(name).map(|id| self.layout.resolve(id))
    }

    /// Position of a named step in its epoch, if the lesson has it there.
    pub fn position(&self, id: &StepId, place: Place) -> Option<usize> {
        self.layout.position(id, place)
    }

    /// The step at an address, if the lesson has it.
    pub fn find(&self, key: &StepKey) -> Option<Step> {
        if key.epoch == 0 || key.epoch > self.epochs() {
            return None;
        }
        self.position(&key.id, key.place)
            .map(|i| self.step(key.epoch, i))
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

    /// Mean loss of the epochs after the first `known` trained so far (without training
    /// further): what a reader holding `known` of them is missing.
    pub fn epoch_losses_since(&self, known: usize) -> Vec<f64> {
        let run = self.run();
        let losses = run.epoch_losses();
        losses[known.min(losses.len())..].to_vec()
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

    /// The mean loss over every sample of the data with the parameters after all training:
    /// the trained network's loss. Trains to the end.
    pub fn final_loss(&self) -> f64 {
        let params = self.final_params();
        evaluate::mean_loss(&self.lesson, &params, 0..self.lesson.data.len())
    }

    /// Is the step infinite by design (a masked attention score)?
    fn masked(&self, step: &Step) -> bool {
        let l = step.id.layer;
        l > 0 && {
            let layer = &self.lesson.layers[l - 1];
            layer.kind.contract().masked(layer, &step.id)
        }
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
    pub(crate) fn first_non_finite_in(&self, candidates: RangeInclusive<usize>) -> Option<Step> {
        let batches = self.layout.batches();
        candidates.into_iter().find_map(|global| {
            let (epoch, batch) = (global / batches + 1, global % batches + 1);
            if epoch > self.epochs() {
                return None;
            }
            let range = self.layout.batch_start(batch)..self.layout.batch_end(batch);
            self.steps(epoch, range)
                .find(|s| !s.value.is_finite() && !self.masked(s))
        })
    }
}
