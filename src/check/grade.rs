//! Grading a learner's answers against the exact trace: right, wrong, or carried forward
//! (right when recomputed from the learner's own earlier answers).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use crate::trace::{Step, StepKey, Sym, Trace};

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Right,
    Wrong,
    /// Wrong, but right when recomputed from these earlier answers of the learner.
    Carried {
        from: Vec<String>,
    },
}

impl Verdict {
    pub fn name(&self) -> &'static str {
        match self {
            Verdict::Right => "right",
            Verdict::Wrong => "wrong",
            Verdict::Carried { .. } => "carried",
        }
    }
}

/// An answer with its verdict and the exact step.
#[derive(Debug, Clone)]
pub struct Graded {
    pub answer: Answer,
    pub step: Step,
    pub verdict: Verdict,
}

/// Does `given`, written as `text`, agree with `exact` to the precision it is written with?
/// Right when it is `exact` rounded — or cut off — to that many decimal places.
pub fn agrees(given: f64, text: &str, exact: f64) -> bool {
    if !exact.is_finite() || !given.is_finite() {
        return given.to_bits() == exact.to_bits() || (given.is_nan() && exact.is_nan());
    }
    let unit = 10f64.powi(-decimals(text));
    let diff = (given - exact).abs();
    // Slack for the binary representation of decimal numbers.
    let slack = 1e-9 * unit;
    let rounded = diff <= 0.5 * unit + slack;
    let truncated =
        diff < unit + slack && given.abs() <= exact.abs() + slack && given * exact >= 0.0;
    rounded || truncated
}

/// Decimal places a number is written to: "0.593" → 3, "3.51e-5" → 7, "12" → 0, "1.5e3" → -2.
pub fn decimals(text: &str) -> i32 {
    let t = text.trim().trim_start_matches(['+', '-']);
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], t[i + 1..].parse::<i32>().unwrap_or(0)),
        None => (t, 0),
    };
    let places = mantissa
        .split_once('.')
        .map_or(0, |(_, d)| d.chars().filter(|c| c.is_ascii_digit()).count())
        as i32;
    places - exp
}

/// Grades every answer. Answers are looked up by their step's address.
pub fn grade(trace: &Trace, answers: &[Answer]) -> Vec<Graded> {
    let given: HashMap<StepKey, &Answer> = answers.iter().map(|a| (a.key, a)).collect();
    let mut graded = Vec::with_capacity(answers.len());
    for a in answers {
        let Some(step) = trace.find(&a.key) else {
            continue;
        };
        let verdict = if agrees(a.given, &a.text, step.value) {
            Verdict::Right
        } else {
            carried(trace, &step, a, &given).unwrap_or(Verdict::Wrong)
        };
        graded.push(Graded {
            answer: a.clone(),
            step,
            verdict,
        });
    }
    graded
}

/// Recomputes the step from the learner's own answers for the values its formula reads.
fn carried(
    trace: &Trace,
    step: &Step,
    a: &Answer,
    given: &HashMap<StepKey, &Answer>,
) -> Option<Verdict> {
    let formula = trace.formula(step);
    let used = Used::default();
    let recomputed = formula
        .rhs
        .eval_with(&|sym| learners_value(trace, step, sym, given, &used, SKIPPED_DEPTH));
    let used = used.answers.into_inner();
    if used.is_empty() || !agrees(a.given, &a.text, recomputed) {
        return None;
    }
    // Only inputs that were themselves off count as the cause; if every input was right and
    // only its rounding moved the result, the answer is right.
    let from: Vec<String> = used
        .iter()
        .filter(|u| {
            trace
                .find(&u.key)
                .is_some_and(|s| !agrees(u.given, &u.text, s.value))
        })
        .map(|u| u.key.id.to_string())
        .collect();
    Some(if from.is_empty() {
        Verdict::Right
    } else {
        Verdict::Carried { from }
    })
}

/// How many levels of unanswered intermediate values are recomputed from the learner's answers
/// (e.g. a velocity v the learner skipped, between their gradient and their new weight).
const SKIPPED_DEPTH: usize = 3;

/// The value the learner's own work gives a symbol of `step`'s formula: their answer for it,
/// or — if they skipped it — its formula evaluated with their answers, when it reads any.
/// Every answer used is added to `used`. `None` keeps the exact value.
fn learners_value<'a>(
    trace: &Trace,
    step: &Step,
    sym: &Sym,
    given: &HashMap<StepKey, &'a Answer>,
    used: &Used<'a>,
    depth: usize,
) -> Option<f64> {
    let key = trace.source_of(step, sym)?;
    if let Some(ans) = given.get(&key).copied() {
        used.uses.set(used.uses.get() + 1);
        let mut answers = used.answers.borrow_mut();
        if !answers.iter().any(|u| std::ptr::eq(*u, ans)) {
            answers.push(ans);
        }
        return Some(ans.given);
    }
    if depth == 0 {
        return None;
    }
    let inner = trace.find(&key)?;
    let before = used.uses.get();
    let value = trace
        .formula(&inner)
        .rhs
        .eval_with(&|s| learners_value(trace, &inner, s, given, used, depth - 1));
    // Only a value that the learner's answers went into stands in for the exact one.
    (used.uses.get() > before).then_some(value)
}

/// The learner's answers a recomputation read, and how many times it read one.
#[derive(Default)]
struct Used<'a> {
    answers: RefCell<Vec<&'a Answer>>,
    uses: Cell<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_is_the_one_written() {
        assert!(agrees(0.593, "0.593", 0.59327));
        assert!(!agrees(0.865, "0.865", 0.54983));
        assert!(agrees(0.5932, "0.5932", 0.59327), "cut off after 4 places");
        assert!(agrees(0.5933, "0.5933", 0.59327), "rounded to 4 places");
        assert!(!agrees(0.5934, "0.5934", 0.59327));
        assert!(!agrees(0.59, "0.590", 0.5927));
        assert!(agrees(3.51e-5, "3.51e-5", 3.51085e-5));
        assert!(!agrees(3.52e-5, "3.52e-5", 3.51085e-5));
        assert!(!agrees(-0.2, "-0.2", 0.2));
        assert_eq!(decimals("1.5e3"), -2);
        assert_eq!(decimals("12"), 0);
        assert_eq!(decimals("-0.0380982"), 7);
    }
}
