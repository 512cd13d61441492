//! A learner who makes one mistake every time it applies, simulated: every step of the
//! batches a sheet answers is recomputed in trace order with the mistake wherever it applies,
//! reading the learner's own answer for every step they wrote and the simulated value for
//! every step they did not. What it gives the answered steps is what such a learner would
//! have written — so a mistake made in a step the sheet leaves out (a flipped error under
//! a sheet of gradients only) is found from the answers it spoils.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::trace::formula::Expr;
use crate::trace::{Formula, Place, Step, StepKey, Sym, Trace};

use super::grade::Grader;
use super::learner::{Exact, Reading, StepMap};
use super::misconception::{self, Mistake, Scene};
use super::precision::equal;

/// More steps than this in the batches a sheet answers are not simulated: the sheet is then
/// diagnosed answer by answer.
const MAX_STEPS: usize = 4000;

/// At most this many forms of one mistake are simulated, each as a learner of its own.
const MAX_FORMS: usize = 4;

/// The steps of the batches a sheet answers, with their formulas.
pub(crate) struct World<'g> {
    trace: &'g Trace,
    given: StepMap<f64>,
    steps: Vec<Step>,
    formulas: Vec<Formula>,
    at: HashMap<StepKey, usize>,
}

/// One simulated learner: a mistake, in one of its forms.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hypothesis {
    /// The mistake, made every time it applies.
    pub mistake: &'static Mistake,
    /// Which of its forms.
    pub form: usize,
}

/// What a simulated learner writes: a value for each answered step, and the first step
/// the sheet leaves out where the mistake changed a number.
pub(crate) struct Outcome {
    /// By answered step.
    pub predicted: StepMap<f64>,
    /// The first unanswered step the mistake changed.
    pub origin: Option<Step>,
    /// Every step's value as the learner works it out, in the order of [`World::steps`].
    pub all: Vec<f64>,
}

impl<'g> World<'g> {
    /// The batches `grader`'s answers are in; `None` when they are too many steps to
    /// simulate.
    pub fn new(grader: &Grader<'g>) -> Option<World<'g>> {
        let trace = grader.trace();
        let mut places: Vec<(usize, usize)> = grader
            .given()
            .keys()
            .filter_map(|k| trace.find(k))
            .map(|s| (s.epoch, s.batch))
            .collect();
        places.sort_unstable();
        places.dedup();
        let given = grader.given().iter().map(|(k, a)| (*k, a.given)).collect();
        World::of_batches(trace, &places, given)
    }

    /// The (epoch, batch) `places` of `trace`, with the learner's answers `given`; `None`
    /// when they are too many steps to simulate.
    pub fn of_batches(
        trace: &'g Trace,
        places: &[(usize, usize)],
        given: StepMap<f64>,
    ) -> Option<World<'g>> {
        let layout = trace.layout();
        let per_batch = |b: usize| {
            layout.batch_samples(b).count() * layout.steps_per_sample() + layout.steps_per_update()
        };
        if places.iter().map(|&(_, b)| per_batch(b)).sum::<usize>() > MAX_STEPS {
            return None;
        }
        let mut steps = Vec::new();
        for &(epoch, batch) in places {
            for n in layout.batch_samples(batch) {
                let start = layout.start(Place::Sample(n));
                steps.extend(trace.steps(epoch, start..start + layout.steps_per_sample()));
            }
            let start = layout.start(Place::Batch(batch));
            steps.extend(trace.steps(epoch, start..start + layout.steps_per_update()));
        }
        let formulas = steps.iter().map(|s| trace.formula(s)).collect();
        let at = steps
            .iter()
            .enumerate()
            .map(|(i, s)| (s.key(), i))
            .collect();
        Some(World {
            trace,
            given,
            steps,
            formulas,
            at,
        })
    }

    /// Every step simulated, in trace order.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    fn scene(&self, i: usize) -> Scene<'_> {
        Scene::new(self.trace, &self.steps[i], &self.formulas[i])
    }

    /// Every mistake that applies somewhere in these batches, in each of its forms.
    pub fn hypotheses(&self) -> Vec<Hypothesis> {
        let mut out = Vec::new();
        for mistake in misconception::every() {
            let mut forms = 0;
            for i in 0..self.steps.len() {
                let scene = self.scene(i);
                if (mistake.applies)(&scene) {
                    forms = forms.max((mistake.mistaken)(&scene, &Exact).len());
                }
            }
            out.extend((0..forms.min(MAX_FORMS)).map(|form| Hypothesis { mistake, form }));
        }
        out
    }

    /// What a learner making `h` at every step it applies to would write.
    pub fn run(&self, h: Hypothesis) -> Outcome {
        let sim = Simulated {
            world: self,
            values: RefCell::new(StepMap::default()),
        };
        let mut predicted = StepMap::default();
        let mut origin = None;
        let mut all = Vec::with_capacity(self.steps.len());
        for (i, step) in self.steps.iter().enumerate() {
            let scene = self.scene(i);
            let right = sim.eval(step, &self.formulas[i].rhs);
            let value = if (h.mistake.applies)(&scene) {
                let values = (h.mistake.mistaken)(&scene, &sim);
                values
                    .get(h.form)
                    .or(values.first())
                    .copied()
                    .filter(|v| v.is_finite())
                    .unwrap_or(right)
            } else {
                right
            };
            let key = step.key();
            all.push(value);
            let written = match self.given.get(&key) {
                Some(&given) => {
                    predicted.insert(key, value);
                    given
                }
                None => {
                    if origin.is_none() && !equal(value, right) {
                        origin = Some(*step);
                    }
                    value
                }
            };
            sim.values.borrow_mut().insert(key, written);
        }
        Outcome {
            predicted,
            origin,
            all,
        }
    }
}

/// The values a simulated learner has so far: their answers and the steps worked out.
struct Simulated<'w, 'g> {
    world: &'w World<'g>,
    values: RefCell<StepMap<f64>>,
}

impl Simulated<'_, '_> {
    fn value(&self, step: &Step, sym: &Sym) -> Option<f64> {
        match self.world.trace.source_of(step, sym) {
            Some(key) => self.values.borrow().get(&key).copied(),
            None => self.batch_mean(step, sym),
        }
    }

    /// The batch-mean gradient of an update of several samples: the mean of the simulated
    /// per-sample gradients.
    fn batch_mean(&self, step: &Step, sym: &Sym) -> Option<f64> {
        let (Sym::Grad { sample: None, .. }, Place::Batch(_)) = (sym, step.place) else {
            return None;
        };
        let formula = &self.world.formulas[*self.world.at.get(&step.key())?];
        let mean = formula
            .terms
            .iter()
            .find(|t| matches!(&t.name, Expr::Var(s, _) if s == sym))?;
        Some(self.eval(step, &mean.definition))
    }
}

impl Reading for Simulated<'_, '_> {
    fn eval(&self, step: &Step, e: &Expr) -> f64 {
        e.eval_with(&|sym| self.value(step, sym))
    }

    fn answer(&self, key: &StepKey) -> Option<f64> {
        self.values.borrow().get(key).copied()
    }
}
