//! Grading a learner's answers against the exact trace: right, imprecise, wrong, or carried
//! forward (right when recomputed from the learner's own earlier answers), and for a wrong
//! answer the misconception that reproduces it.
//!
//! Every number a learner writes stands for a little more than its digits: `0.5933` is
//! anything that rounds or cuts off to it. So an answer recomputed from the learner's own
//! numbers is not one value but a band: the formula of the step from their answers, give or
//! take how far it moves when each answer it reads moves by a unit of its last written digit
//! (to first order, [`Learner::spread`]). In order, an answer is
//! 1. **right** when it is the exact value to f64 precision, whatever its digits;
//! 2. **right** when it agrees with the exact value to every digit written and is written to
//!    the precision floor, **imprecise** when it agrees but to fewer digits than the floor
//!    (**carried** with `early_rounding` when it has too few because the learner's rounded
//!    answers cancelled in it);
//! 3. inside the band of the step's formula recomputed from the learner's answers:
//!    **carried** from those answers that were wrong; when they were all right, only
//!    rounded, **right** (rounding as you go is no error) — unless the formula cancelled
//!    their figures away (the band is much wider, relatively, than the answers it read:
//!    **carried** with `early_rounding`), or it read answers written with fewer figures
//!    than the floor (**carried** from them), or the answer itself has too few (**imprecise**);
//! 4. **wrong** otherwise, with every misconception that reproduces it from the learner's
//!    numbers (or the exact ones), which the sheet as a whole then chooses among
//!    (the sheet's diagnosis, `check::diagnose`).

use crate::lesson::Precision;
use crate::trace::{Formula, Step, StepKey, Trace};

use super::learner::{Exact, Learner, Memo, Reading, Recomputed, StepMap};
use super::misconception::{self, EARLY_ROUNDING, Found, Mistake, Scene};
use super::precision::{agrees, agrees_to_floor, equal, meets, unit};

/// How many times wider, relatively, a recomputed band may be than the least precise answer
/// it reads before the learner's rounding is said to have cancelled the result's figures away
/// (a product of a few rounded factors widens it a few times; 0.6225 − 0.6222 thousands).
const CANCELLATION: f64 = 30.0;

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
    /// What the learner's number says of that mistake, in words: which factor, which input,
    /// which way, or in which step the learner did not write it was made.
    pub detail: Option<String>,
}

/// One answer graded on its own, with what the sheet as a whole may still choose among.
pub(crate) struct Local {
    /// The answer graded on its own.
    pub graded: Graded,
    /// Every mistake that reproduces it, for a wrong answer, in the catalogue's order.
    pub found: Vec<Found>,
    /// How far the step's formula moves with the learner's rounded answers it reads.
    pub spread: f64,
    /// The step's formula from the learner's answers, if it read any.
    pub recomputed: Option<f64>,
}

/// Grades answers against a trace, each in the light of the others.
pub struct Grader<'a> {
    trace: &'a Trace,
    precision: Precision,
    given: StepMap<&'a Answer>,
    /// The answers that are off: marked wrong, or carried from one that is.
    off: StepMap<&'a Answer>,
    /// Each answer's verdict before any mistake is tried.
    judged: StepMap<Judged>,
}

impl<'a> Grader<'a> {
    /// A grader for `answers` (the learner's whole sheet: what later answers may follow from),
    /// asking for `precision`. Each answer is judged in trace order, so that whether an
    /// answer it reads is off is known when it is judged.
    pub fn new(trace: &'a Trace, answers: &'a [Answer], precision: Precision) -> Self {
        let mut grader = Grader {
            trace,
            precision,
            given: answers.iter().map(|a| (a.key, a)).collect(),
            off: StepMap::default(),
            judged: StepMap::default(),
        };
        let mut order: Vec<(Step, &'a Answer)> = answers
            .iter()
            .filter_map(|a| Some((trace.find(&a.key)?, a)))
            .collect();
        order.sort_by_key(|(s, _)| (s.epoch, s.index));
        for (step, a) in order {
            let judged = grader.judge(a, &step);
            if matches!(judged.verdict, Verdict::Wrong | Verdict::Carried { .. }) {
                grader.off.insert(a.key, a);
            }
            grader.judged.insert(a.key, judged);
        }
        grader
    }

    /// The trace answers are graded against.
    pub fn trace(&self) -> &'a Trace {
        self.trace
    }

    /// The learner's answers, by step.
    pub(crate) fn given(&self) -> &StepMap<&'a Answer> {
        &self.given
    }

    /// Grades one answer on its own; `None` when the trace has no such step.
    pub fn grade(&self, a: &Answer) -> Option<Graded> {
        self.local(a).map(|l| l.graded)
    }

    /// Grades every answer of `answers` (those naming no step of the trace are left out),
    /// choosing among the mistakes that reproduce each wrong one the one the sheet as a whole
    /// supports most (a mistake made every time, in steps the sheet leaves out too).
    pub fn grade_all(&self, answers: &[Answer]) -> Vec<Graded> {
        let locals: Vec<Local> = answers.iter().filter_map(|a| self.local(a)).collect();
        super::diagnose::together(self, locals)
    }

    /// One answer graded on its own, with every mistake that reproduces a wrong one.
    pub(crate) fn local(&self, a: &Answer) -> Option<Local> {
        let step = self.trace.find(&a.key)?;
        let judged = match self.judged.get(&a.key) {
            Some(j) if self.given.get(&a.key).is_some_and(|g| **g == *a) => j.clone(),
            _ => self.judge(a, &step),
        };
        let found = match judged.verdict {
            Verdict::Wrong => self.mistakes(a, &step, &judged),
            _ => Vec::new(),
        };
        let first = found.first();
        let misconception = judged.named.or(first.map(|f| f.mistake));
        let detail = match judged.named {
            Some(_) => None,
            None => first.and_then(|f| f.detail.clone()),
        };
        Some(Local {
            graded: Graded {
                answer: a.clone(),
                step,
                verdict: judged.verdict,
                misconception,
                detail,
            },
            found,
            spread: judged.spread,
            recomputed: judged.recomputed,
        })
    }

    /// The verdict of an answer before any mistake is tried: right, imprecise, carried or
    /// wrong, with the band its step's formula has from the learner's answers.
    fn judge(&self, a: &Answer, step: &Step) -> Judged {
        let exact = step.value;
        if equal(a.given, exact) {
            return Judged::new(Verdict::Right);
        }
        let formula = self.trace.formula(step);
        let memo = Memo::default();
        let learner = Learner::new(self.trace, &self.given, &memo);
        let recomputed = learner.recompute(step, &formula.rhs);
        let spread = match recomputed.used.is_empty() {
            true => 0.0,
            false => learner.spread(step, &formula.rhs, recomputed.value, &recomputed.used),
        };
        let band = Band {
            value: recomputed.value,
            spread,
        };
        let mut judged = self.verdict(a, step, &recomputed, band);
        judged.spread = spread;
        judged.recomputed = (!recomputed.used.is_empty()).then_some(recomputed.value);
        judged.rounded_read = recomputed
            .used
            .iter()
            .any(|u| !self.off.contains_key(&u.key));
        if judged.verdict == Verdict::Wrong
            && judged.rounded_read
            && let Some(from) = self.carried_by_wrong_only(a, step, &formula)
        {
            judged.verdict = Verdict::Carried { from };
        }
        judged
    }

    /// Every mistake that reproduces a wrong answer: from the learner's answers, from their
    /// wrong ones alone (if they worked on with more digits than they wrote), from the exact
    /// values.
    fn mistakes(&self, a: &Answer, step: &Step, judged: &Judged) -> Vec<Found> {
        let formula = self.trace.formula(step);
        let (memo, memo_off) = (Memo::default(), Memo::default());
        let learner = Learner::new(self.trace, &self.given, &memo);
        let wrong_only = Learner::new(self.trace, &self.off, &memo_off);
        let scene = Scene::new(self.trace, step, &formula);
        let readings: &[&dyn Reading] = if judged.rounded_read {
            &[&learner, &wrong_only, &Exact]
        } else {
            &[&learner, &Exact]
        };
        let scale = judged.recomputed.map_or(0.0, f64::abs);
        let spread = judged.spread;
        let spread_of = |v: f64| match scale > 0.0 {
            true => spread * (v.abs() / scale).max(1.0),
            false => spread,
        };
        misconception::all(&scene, readings, a, &spread_of)
    }

    /// The verdict before any mistake is tried: right, imprecise or carried, or wrong.
    fn verdict(&self, a: &Answer, step: &Step, rec: &Recomputed<'a>, band: Band) -> Judged {
        let exact = step.value;
        let read_any = !rec.used.is_empty();
        let inside = read_any && band.holds(a);
        if agrees(a.given, &a.text, exact) {
            if meets(self.precision, &a.text) {
                return Judged::new(Verdict::Right);
            }
            // Too few figures: imprecise, unless rounded answers cancelled them away.
            let rounded_only = rec.used.iter().all(|u| !self.off.contains_key(&u.key));
            if inside
                && rounded_only
                && self.cancelled(rec, band)
                && !agrees_to_floor(self.precision, rec.value, exact)
                && let Some(found) = self.rounded_early(&rec.used)
            {
                return found;
            }
            return Judged::new(Verdict::Imprecise);
        }
        if !inside {
            return Judged::new(Verdict::Wrong);
        }
        // Inputs that were themselves off are the cause.
        let off = names(&rec.used, |u| self.off.contains_key(&u.key));
        if !off.is_empty() {
            return Judged::new(Verdict::Carried { from: off });
        }
        // Every input was right, only rounded.
        let written_enough = meets(self.precision, &a.text);
        if agrees_to_floor(self.precision, a.given, exact) {
            return Judged::new(match written_enough {
                true => Verdict::Right,
                false => Verdict::Imprecise,
            });
        }
        if self.cancelled(rec, band)
            && let Some(found) = self.rounded_early(&rec.used)
        {
            return found;
        }
        let short = names(&rec.used, |u| !meets(self.precision, &u.text));
        if !short.is_empty() {
            return Judged::new(Verdict::Carried { from: short });
        }
        Judged::new(match written_enough {
            true => Verdict::Right,
            false => Verdict::Imprecise,
        })
    }

    /// The learner's wrong answers, and only those, give their number: the answers they
    /// follow from.
    fn carried_by_wrong_only(
        &self,
        a: &Answer,
        step: &Step,
        formula: &Formula,
    ) -> Option<Vec<String>> {
        let memo = Memo::default();
        let wrong_only = Learner::new(self.trace, &self.off, &memo);
        let again = wrong_only.recompute(step, &formula.rhs);
        let from = names(&again.used, |u| self.off.contains_key(&u.key));
        if from.is_empty() {
            return None;
        }
        let spread = wrong_only.spread(step, &formula.rhs, again.value, &again.used);
        let band = Band {
            value: again.value,
            spread,
        };
        band.holds(a).then_some(from)
    }

    /// Did the formula cancel the figures of the rounded answers it read: is its band, for
    /// its size, much wider than the least precise of them is for theirs?
    fn cancelled(&self, rec: &Recomputed<'a>, band: Band) -> bool {
        let least_precise = rec
            .used
            .iter()
            .filter(|u| u.given != 0.0)
            .map(|u| unit(&u.text) / u.given.abs())
            .fold(0.0, f64::max);
        if least_precise == 0.0 || band.spread == 0.0 {
            return false;
        }
        let relative = match rec.value {
            0.0 => f64::INFINITY,
            v => band.spread / v.abs(),
        };
        relative > CANCELLATION * least_precise
    }

    /// Carried with `early_rounding` from the answers of `used` that are not exact.
    fn rounded_early(&self, used: &[&Answer]) -> Option<Judged> {
        let exact = |u: &Answer| {
            self.trace
                .find(&u.key)
                .is_some_and(|s| equal(u.given, s.value))
        };
        let rounded = names(used, |u| !exact(u));
        (!rounded.is_empty()).then(|| Judged {
            named: Some(EARLY_ROUNDING),
            ..Judged::new(Verdict::Carried { from: rounded })
        })
    }
}

/// A verdict and what led to it.
#[derive(Debug, Clone)]
struct Judged {
    verdict: Verdict,
    /// A misconception grading itself names (`early_rounding`).
    named: Option<&'static Mistake>,
    /// How far the step's formula moves with the learner's rounded answers.
    spread: f64,
    /// The step's formula from the learner's answers, if it read any.
    recomputed: Option<f64>,
    /// Did it read answers that are not off (right, rounded, or imprecise)?
    rounded_read: bool,
}

impl Judged {
    fn new(verdict: Verdict) -> Self {
        Judged {
            verdict,
            named: None,
            spread: 0.0,
            recomputed: None,
            rounded_read: false,
        }
    }
}

/// A value recomputed from the learner's answers, give or take `spread`.
#[derive(Debug, Clone, Copy)]
struct Band {
    value: f64,
    spread: f64,
}

impl Band {
    /// Is the answer this value, at the precision written (rounded, cut off, or a unit of
    /// its last digit away, as working through rounded steps may leave it), give or take the
    /// spread?
    fn holds(&self, a: &Answer) -> bool {
        if !self.value.is_finite() {
            return agrees(a.given, &a.text, self.value);
        }
        let slack = 1e-9 * unit(&a.text) + 4.0 * f64::EPSILON * self.value.abs();
        agrees(a.given, &a.text, self.value)
            || (a.given - self.value).abs() <= unit(&a.text) + self.spread + slack
    }
}

/// The names of the answers of `used` that `keep` keeps.
fn names(used: &[&Answer], keep: impl Fn(&Answer) -> bool) -> Vec<String> {
    used.iter()
        .filter(|u| keep(u))
        .map(|u| u.key.id.to_string())
        .collect()
}

/// Grades every answer (answers naming no step of the trace are left out).
pub fn grade(trace: &Trace, answers: &[Answer], precision: Precision) -> Vec<Graded> {
    Grader::new(trace, answers, precision).grade_all(answers)
}
