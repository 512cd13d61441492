//! Grading a learner's answers against the exact trace: right, imprecise, wrong, or carried
//! forward (right when recomputed from the learner's own earlier answers), and for a wrong
//! answer the misconception that reproduces it.
//!
//! In order, an answer is
//! 1. **right** when it is the exact value to f64 precision, whatever its digits;
//! 2. **right** when it agrees with the exact value to every digit written and is written to
//!    the precision floor, **imprecise** when it agrees but to fewer digits than the floor
//!    (**carried** with `early_rounding` when it has too few because it follows from the
//!    learner's rounded answers, which rounded the figures away);
//! 3. **carried** when it is the right formula evaluated from the learner's own earlier
//!    answers, some of which are wrong; when those were all right but rounded, it is **right**
//!    if it still agrees with the exact value to the floor, and **carried** with
//!    `early_rounding` if rounding early destroyed that;
//! 4. **wrong** otherwise, naming the first misconception of the catalogue that reproduces it.

use crate::lesson::Precision;
use crate::trace::{Formula, Step, StepKey, Trace};

use super::learner::{Exact, Learner, Memo, Reading, Recomputed, StepMap};
use super::misconception::{self, EARLY_ROUNDING, Mistake, Scene};
use super::precision::{agrees, agrees_to_floor, equal, meets};

/// One answer of a learner: a step and the number they wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Which step it answers.
    pub key: StepKey,
    /// The number.
    pub given: f64,
    /// The number as written, which sets its precision ("0.593" is 3 decimals).
    pub text: String,
}

/// How an answer was marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The exact value, to every digit written and at least to the precision floor.
    Right,
    /// Not the exact value to the digits written, nor following from the learner's answers.
    Wrong,
    /// Wrong, but right when recomputed from these earlier answers of the learner.
    Carried {
        /// Their names, e.g. `a(1)[1]`.
        from: Vec<String>,
    },
    /// The exact value to the digits written, but written to fewer than the floor asks.
    Imprecise,
}

impl Verdict {
    /// As JSON's `verdict` writes it.
    pub fn name(&self) -> &'static str {
        match self {
            Verdict::Right => "right",
            Verdict::Wrong => "wrong",
            Verdict::Carried { .. } => "carried",
            Verdict::Imprecise => "imprecise",
        }
    }
}

/// An answer with its verdict, its misconception and the exact step.
#[derive(Debug, Clone)]
pub struct Graded {
    /// The answer as the learner gave it.
    pub answer: Answer,
    /// The step it answers, with its exact value.
    pub step: Step,
    /// How it was marked.
    pub verdict: Verdict,
    /// The known mistake that reproduces a wrong (or carried) answer.
    pub misconception: Option<&'static Mistake>,
}

/// Grades answers against a trace, each in the light of the others.
pub struct Grader<'a> {
    trace: &'a Trace,
    precision: Precision,
    given: StepMap<&'a Answer>,
    /// The answers that are off: not the exact value even to the digits written.
    off: StepMap<&'a Answer>,
}

impl<'a> Grader<'a> {
    /// A grader for `answers` (the learner's whole sheet: what later answers may follow from),
    /// asking for `precision`.
    pub fn new(trace: &'a Trace, answers: &'a [Answer], precision: Precision) -> Self {
        let off = answers
            .iter()
            .filter(|a| {
                trace
                    .find(&a.key)
                    .is_some_and(|s| !to_its_digits(a, s.value))
            })
            .map(|a| (a.key, a))
            .collect();
        Grader {
            trace,
            precision,
            given: answers.iter().map(|a| (a.key, a)).collect(),
            off,
        }
    }

    /// Grades one answer; `None` when the trace has no such step.
    pub fn grade(&self, a: &Answer) -> Option<Graded> {
        let step = self.trace.find(&a.key)?;
        let (verdict, misconception) = self.judge(a, &step);
        Some(Graded {
            answer: a.clone(),
            step,
            verdict,
            misconception,
        })
    }

    fn judge(&self, a: &Answer, step: &Step) -> (Verdict, Option<&'static Mistake>) {
        let exact = step.value;
        if equal(a.given, exact) {
            return (Verdict::Right, None);
        }
        if agrees(a.given, &a.text, exact) {
            if meets(self.precision, &a.text) {
                return (Verdict::Right, None);
            }
            return self.too_few_figures(a, step);
        }
        let formula = self.trace.formula(step);
        // Skipped values are recomputed once for all the ways this answer is tried, and
        // forgotten after it: the memory grading takes stays that of one formula.
        let (memo, memo_off) = (Memo::default(), Memo::default());
        let learner = Learner::new(self.trace, &self.given, &memo);
        // A learner may work on with more digits than they write: then only their wrong
        // answers, not their rounded ones, went into the next.
        let wrong_only = Learner::new(self.trace, &self.off, &memo_off);
        let recomputed = learner.recompute(step, &formula.rhs);
        // Without merely rounded answers among those read, both readings are the same.
        let rounded_read = recomputed
            .used
            .iter()
            .any(|u| !self.off.contains_key(&u.key));
        if let Some(found) = self.carried(a, step, &formula, recomputed, &wrong_only) {
            return found;
        }
        let scene = Scene::new(self.trace, step, &formula);
        let readings: &[&dyn Reading] = if rounded_read {
            &[&learner, &wrong_only, &Exact]
        } else {
            &[&learner, &Exact]
        };
        (Verdict::Wrong, misconception::find(&scene, readings, a))
    }

    /// Is the answer the step's formula `recomputed` from all the learner's answers it reads
    /// — or, when that does not give their number, from their wrong ones alone?
    fn carried(
        &self,
        a: &Answer,
        step: &Step,
        formula: &Formula,
        recomputed: Recomputed<'a>,
        wrong_only: &Learner<'_, 'a>,
    ) -> Option<(Verdict, Option<&'static Mistake>)> {
        let names = |used: &[&Answer], keep: &dyn Fn(&Answer) -> bool| -> Vec<String> {
            used.iter()
                .filter(|u| keep(u))
                .map(|u| u.key.id.to_string())
                .collect()
        };
        let is_off = |u: &Answer| self.off.contains_key(&u.key);
        let follows = |value: f64| agrees(a.given, &a.text, value);
        if recomputed.used.is_empty() || !follows(recomputed.value) {
            // Read without the merely rounded answers, if there were any.
            if recomputed.used.iter().all(|u| is_off(u)) {
                return None;
            }
            let again = wrong_only.recompute(step, &formula.rhs);
            let from = names(&again.used, &is_off);
            return (!from.is_empty() && follows(again.value))
                .then_some((Verdict::Carried { from }, None));
        }
        // Inputs that were themselves off are the cause.
        let off = names(&recomputed.used, &is_off);
        if !off.is_empty() {
            return Some((Verdict::Carried { from: off }, None));
        }
        // Every input was right, only rounded: right while the result keeps the floor.
        if agrees_to_floor(self.precision, a.given, step.value) {
            return Some((Verdict::Right, None));
        }
        self.rounded_early(&recomputed.used)
    }

    /// An answer right to its digits but with fewer figures than the floor: imprecise — unless
    /// it is the formula from the learner's own right but rounded answers, and those rounded
    /// the figures away (a sum that cancels to 0 from 3-figure inputs).
    fn too_few_figures(&self, a: &Answer, step: &Step) -> (Verdict, Option<&'static Mistake>) {
        let formula = self.trace.formula(step);
        let memo = Memo::default();
        let learner = Learner::new(self.trace, &self.given, &memo);
        let recomputed = learner.recompute(step, &formula.rhs);
        let from_rounded = !recomputed.used.is_empty()
            && recomputed
                .used
                .iter()
                .all(|u| !self.off.contains_key(&u.key))
            && agrees(a.given, &a.text, recomputed.value)
            && !agrees_to_floor(self.precision, recomputed.value, step.value);
        if from_rounded && let Some(found) = self.rounded_early(&recomputed.used) {
            return found;
        }
        (Verdict::Imprecise, None)
    }

    /// Carried with `early_rounding` from the answers of `used` that are not exact.
    fn rounded_early(&self, used: &[&Answer]) -> Option<(Verdict, Option<&'static Mistake>)> {
        let exact = |u: &Answer| {
            self.trace
                .find(&u.key)
                .is_some_and(|s| equal(u.given, s.value))
        };
        let rounded: Vec<String> = used
            .iter()
            .filter(|u| !exact(u))
            .map(|u| u.key.id.to_string())
            .collect();
        (!rounded.is_empty()).then_some((Verdict::Carried { from: rounded }, Some(EARLY_ROUNDING)))
    }
}

/// Is the answer the exact value, at least to the digits it is written with?
fn to_its_digits(a: &Answer, exact: f64) -> bool {
    equal(a.given, exact) || agrees(a.given, &a.text, exact)
}

/// Grades every answer (answers naming no step of the trace are left out).
pub fn grade(trace: &Trace, answers: &[Answer], precision: Precision) -> Vec<Graded> {
    let grader = Grader::new(trace, answers, precision);
    answers.iter().filter_map(|a| grader.grade(a)).collect()
}
