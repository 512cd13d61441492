//! Formulas evaluated two ways: with the exact values they read, or with the learner's own —
//! their answer for each value a formula reads (through [`Trace::source_of`], the step that
//! computes it), and for a value they skipped, its own formula from their answers.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::trace::formula::Expr;
use crate::trace::{Place, Step, StepKey, Sym, Trace};

use super::Answer;
use super::precision::unit;

/// How many levels of unanswered intermediate values are recomputed from the learner's answers
/// (e.g. a velocity v the learner skipped, between their gradient and their new weight).
const SKIPPED_DEPTH: usize = 3;

/// A map keyed by steps, hashed by [`StepHasher`].
pub type StepMap<V> = HashMap<StepKey, V, BuildHasherDefault<StepHasher>>;

/// rustc's Fx hash: a multiply and a rotate per word, fast for the few small integers of a step's
/// address. Not resistant to crafted collisions, which keys from a lesson's own steps cannot be.
#[derive(Debug, Clone, Copy, Default)]
pub struct StepHasher(u64);

impl StepHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for StepHasher {
    fn write(&mut self, bytes: &[u8]) {
        bytes.iter().for_each(|&b| self.add(u64::from(b)));
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn write_isize(&mut self, n: isize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Where the values a formula reads come from.
pub trait Reading {
    /// `e`, a formula of `step` (or a mistaken one), evaluated this way.
    fn eval(&self, step: &Step, e: &Expr) -> f64;
    /// The learner's own answer for a step, if this reading uses the learner's answers.
    fn answer(&self, key: &StepKey) -> Option<f64>;
}

/// Every value exact, as the trace has it.
pub struct Exact;

impl Reading for Exact {
    fn eval(&self, _: &Step, e: &Expr) -> f64 {
        e.eval()
    }

    fn answer(&self, _: &StepKey) -> Option<f64> {
        None
    }
}

/// The values an answer's formula reads that the learner skipped, recomputed from their
/// answers once while the answer is graded: the formula, checked for a carried error and under
/// every mistake, reads them each time.
#[derive(Default)]
pub struct Memo<'a> {
    skipped: RefCell<StepMap<Skipped<'a>>>,
}

/// A skipped value: from the learner's answers, if any went into it, and those answers.
struct Skipped<'a> {
    value: Option<f64>,
    answers: Vec<&'a Answer>,
}

/// The learner's answers, by step.
pub struct Learner<'g, 'a> {
    trace: &'g Trace,
    given: &'g StepMap<&'a Answer>,
    memo: &'g Memo<'a>,
    /// One answer read as if written this much higher: how a formula moves with it.
    nudge: Option<(StepKey, f64)>,
}

/// More answers than this read by one formula have their spread estimated all at once.
const NUDGED_ONE_BY_ONE: usize = 512;

/// A value recomputed from the learner's answers, and the answers that went into it.
pub struct Recomputed<'a> {
    /// The value.
    pub value: f64,
    /// Each answer read, once, in the order first read.
    pub used: Vec<&'a Answer>,
}

/// The answers one recomputation read, as often as it read them.
#[derive(Default)]
struct Used<'a> {
    answers: Vec<&'a Answer>,
}

impl<'a> Used<'a> {
    fn add(&mut self, answer: &'a Answer) {
        self.answers.push(answer);
    }

    /// Each answer once, in the order first read.
    fn into_distinct(self) -> Vec<&'a Answer> {
        let mut answers = self.answers;
        if answers.len() <= 16 {
            let mut distinct: Vec<&Answer> = Vec::with_capacity(answers.len());
            for a in answers {
                if !distinct.iter().any(|d| d.key == a.key) {
                    distinct.push(a);
                }
            }
            return distinct;
        }
        let mut seen: HashSet<StepKey, BuildHasherDefault<StepHasher>> = HashSet::default();
        answers.retain(|a| seen.insert(a.key));
        answers
    }
}

impl<'g, 'a> Learner<'g, 'a> {
    /// The learner whose answers, by step, are `given` (all of them, or only some, such as
    /// the wrong ones) for steps of `trace`; skipped values, once recomputed, are kept in
    /// `memo`.
    pub fn new(trace: &'g Trace, given: &'g StepMap<&'a Answer>, memo: &'g Memo<'a>) -> Self {
        Learner {
            trace,
            given,
            memo,
            nudge: None,
        }
    }

    /// The same learner, with the answer at `key` read `by` higher.
    fn nudged(&self, key: StepKey, by: f64) -> Learner<'g, 'a> {
        Learner {
            nudge: Some((key, by)),
            ..*self
        }
    }

    /// How far `e` (a formula of `step`, right or mistaken, worth `base` from the learner's
    /// answers) may move when each answer of `used` is off by a unit of its last written
    /// digit, as a number rounded or cut off there may be: to first order, the sum of each
    /// one's effect, each taken the larger way.
    pub fn spread(&self, step: &Step, e: &Expr, base: f64, used: &[&Answer]) -> f64 {
        let moved = |learner: Learner| (learner.recompute(step, e).value - base).abs();
        if used.len() > NUDGED_ONE_BY_ONE {
            // So many inputs are nudged together, by the largest unit: every answer up, then
            // every answer down, and twice the larger move for those pulling apart.
            let unit = used.iter().map(|u| self.uncertainty(u)).fold(0.0, f64::max);
            let all = |by: f64| {
                let shifted: StepMap<Answer> = used
                    .iter()
                    .map(|u| {
                        let mut a = (*u).clone();
                        a.given += by;
                        (a.key, a)
                    })
                    .collect();
                let refs: StepMap<&Answer> = self
                    .given
                    .iter()
                    .map(|(k, a)| (*k, shifted.get(k).unwrap_or(a)))
                    .collect();
                let memo = Memo::default();
                let learner = Learner::new(self.trace, &refs, &memo);
                (learner.recompute(step, e).value - base).abs()
            };
            return all(unit).max(all(-unit)) * 2.0;
        }
        used.iter()
            .map(|u| {
                let h = self.uncertainty(u);
                if h == 0.0 {
                    return 0.0;
                }
                let up = moved(self.nudged(u.key, h));
                let down = moved(self.nudged(u.key, -h));
                let worst = up.max(down);
                if worst.is_finite() { worst } else { 0.0 }
            })
            .sum()
    }

    /// How far an answer may be from the number the learner worked with: a unit of its last
    /// written digit — none for the exact value itself, or a bare `0`, which learners write
    /// for a zero, not for a rounded number.
    fn uncertainty(&self, a: &Answer) -> f64 {
        let bare_zero = a.given == 0.0 && !a.text.contains(['.', 'e', 'E']);
        let exact = self
            .trace
            .find(&a.key)
            .is_some_and(|s| super::precision::equal(a.given, s.value));
        if bare_zero || exact {
            0.0
        } else {
            unit(&a.text)
        }
    }

    /// `e`, a formula of `step`, with the learner's values for what it reads.
    pub fn recompute(&self, step: &Step, e: &Expr) -> Recomputed<'a> {
        let used = RefCell::new(Used::default());
        let value = e.eval_with(&|sym| self.value(step, sym, &used, SKIPPED_DEPTH));
        Recomputed {
            value,
            used: used.into_inner().into_distinct(),
        }
    }

    /// The value the learner's own work gives a symbol of `step`'s formula: their answer for
    /// it, or — if they skipped it — its formula evaluated with their answers, when it reads
    /// any. `None` keeps the exact value. Every answer read is added to `used`.
    fn value(&self, step: &Step, sym: &Sym, used: &RefCell<Used<'a>>, depth: usize) -> Option<f64> {
        let Some(key) = self.trace.source_of(step, sym) else {
            return self.batch_mean(step, sym, used, depth);
        };
        if let Some(ans) = self.given.get(&key).copied() {
            used.borrow_mut().add(ans);
            let by = match self.nudge {
                Some((nudged, by)) if nudged == key => by,
                _ => 0.0,
            };
            return Some(ans.given + by);
        }
        match depth {
            0 => None,
            // A nudged answer may move a skipped value: it is recomputed, not remembered.
            SKIPPED_DEPTH if self.nudge.is_none() => self.remembered(key, used),
            _ => self.skipped(key, used, depth),
        }
    }

    /// [`Learner::skipped`] for a value the answer's own formula reads, computed once.
    fn remembered(&self, key: StepKey, used: &RefCell<Used<'a>>) -> Option<f64> {
        if let Some(known) = self.memo.skipped.borrow().get(&key) {
            used.borrow_mut().answers.extend(&known.answers);
            return known.value;
        }
        let before = used.borrow().answers.len();
        let value = self.skipped(key, used, SKIPPED_DEPTH);
        let answers = used.borrow().answers[before..].to_vec();
        self.memo
            .skipped
            .borrow_mut()
            .insert(key, Skipped { value, answers });
        value
    }

    /// The step at `key`, which the learner skipped, from their answers.
    fn skipped(&self, key: StepKey, used: &RefCell<Used<'a>>, depth: usize) -> Option<f64> {
        let inner = self.trace.find(&key)?;
        self.with_answers(&inner, &self.trace.formula(&inner).rhs, used, depth)
    }

    /// `rhs`, a formula of `inner`, from the learner's answers: `None` unless one went in.
    fn with_answers(
        &self,
        inner: &Step,
        rhs: &Expr,
        used: &RefCell<Used<'a>>,
        depth: usize,
    ) -> Option<f64> {
        let before = used.borrow().answers.len();
        let value = rhs.eval_with(&|s| self.value(inner, s, used, depth - 1));
        (used.borrow().answers.len() > before).then_some(value)
    }

    /// The batch-mean gradient of an update of several samples, which no step computes on its
    /// own: the mean of the learner's per-sample gradients where they gave them.
    fn batch_mean(
        &self,
        step: &Step,
        sym: &Sym,
        used: &RefCell<Used<'a>>,
        depth: usize,
    ) -> Option<f64> {
        let (Sym::Grad { sample: None, .. }, Place::Batch(_), true) = (sym, step.place, depth > 0)
        else {
            return None;
        };
        let formula = self.trace.formula(step);
        let mean = formula
            .terms
            .iter()
            .find(|t| matches!(&t.name, Expr::Var(s, _) if s == sym))?;
        self.with_answers(step, &mean.definition, used, depth)
    }
}

impl Reading for Learner<'_, '_> {
    fn eval(&self, step: &Step, e: &Expr) -> f64 {
        self.recompute(step, e).value
    }

    fn answer(&self, key: &StepKey) -> Option<f64> {
        self.given.get(key).map(|a| a.given)
    }
}
