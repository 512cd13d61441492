//! A sheet's wrong answers diagnosed together. Each wrong answer may be reproduced by several
//! mistakes: in its own step, from the learner's numbers ([`super::misconception::all`]),
//! or made every time it applies by a simulated learner, in steps the sheet may leave out
//! ([`super::simulate`]). A learner's mistakes are few and systematic, so each wrong answer
//! is given the mistake that reproduces the most wrong answers of the sheet (the catalogue's
//! order breaking ties): a sign flipped in every gradient is `flipped_error` even where one
//! gradient alone could also be read another way.

use std::collections::HashMap;

use super::grade::{Graded, Grader, Local, Verdict};
use super::misconception::{self, MIN_FIGURES, Mistake};
use super::precision::{agrees, significant_figures, unit};
use super::simulate::World;

/// One mistake that reproduces one wrong answer, and what it says of it.
struct Candidate {
    mistake: &'static Mistake,
    detail: Option<String>,
    /// Reproduced in the answer's own step, from the learner's numbers.
    own_step: bool,
}

/// Is the answer a bare `0` for a number that is not 0 — imprecise on its own, but what a
/// mistake that zeroes a number (leaky ReLU taken as ReLU) makes a learner write?
fn zero_for_nonzero(l: &Local) -> bool {
    let a = &l.graded.answer;
    l.graded.verdict == Verdict::Imprecise
        && a.given == 0.0
        && !a.text.contains(['.', 'e', 'E'])
        && l.graded.step.value != 0.0
}

/// The answers graded, each wrong one named with the mistake the sheet supports most. A bare
/// `0` that one mistake, and no other, gives exactly is that mistake's, and wrong.
pub(crate) fn together(grader: &Grader, mut locals: Vec<Local>) -> Vec<Graded> {
    let wrong: Vec<usize> = (0..locals.len())
        .filter(|&i| {
            let l = &locals[i];
            (l.graded.verdict == Verdict::Wrong
                && significant_figures(&l.graded.answer.text) >= MIN_FIGURES)
                || zero_for_nonzero(l)
        })
        .collect();
    if wrong.is_empty() {
        return locals.into_iter().map(|l| l.graded).collect();
    }
    let mut candidates: Vec<Vec<Candidate>> = wrong
        .iter()
        .map(|&i| {
            locals[i]
                .found
                .iter()
                .map(|f| Candidate {
                    mistake: f.mistake,
                    detail: f.detail.clone(),
                    own_step: true,
                })
                .collect()
        })
        .collect();
    let mut contradictions: HashMap<&str, usize> = HashMap::new();
    if let Some(world) = World::new(grader) {
        for h in world.hypotheses() {
            let outcome = world.run(h);
            // Answers the learner got right that this learner would have got wrong.
            let contradicted = locals
                .iter()
                .filter(|l| l.graded.verdict != Verdict::Wrong && !zero_for_nonzero(l))
                .filter(|l| {
                    outcome
                        .predicted
                        .get(&l.graded.answer.key)
                        .is_some_and(|&p| !reproduces(l, p))
                })
                .count();
            let least = contradictions.entry(h.mistake.id).or_insert(contradicted);
            *least = (*least).min(contradicted);
            for (w, &i) in wrong.iter().enumerate() {
                let local = &locals[i];
                let Some(&p) = outcome.predicted.get(&local.graded.answer.key) else {
                    continue;
                };
                if candidates[w].iter().any(|c| c.mistake == h.mistake) || !reproduces(local, p) {
                    continue;
                }
                let detail = outcome.origin.map(|o| {
                    format!(
                        "It was made in {}, a number this sheet does not show, and carried on from there.",
                        o.id
                    )
                });
                candidates[w].push(Candidate {
                    mistake: h.mistake,
                    detail,
                    own_step: false,
                });
            }
        }
    }
    // How many wrong answers a mistake reproduces, less the answers it would have spoilt
    // that the learner got right (in the form of it that spoils fewest).
    let support = |m: &Mistake| {
        let explained = candidates
            .iter()
            .filter(|c| c.iter().any(|x| x.mistake == m))
            .count() as i64;
        explained - contradictions.get(m.id).copied().unwrap_or(0) as i64
    };
    let order = |m: &Mistake| misconception::every().position(|x| x == m);
    for (w, &i) in wrong.iter().enumerate() {
        let best = candidates[w].iter().max_by(|a, b| {
            support(a.mistake)
                .cmp(&support(b.mistake))
                .then(a.own_step.cmp(&b.own_step))
                .then(order(b.mistake).cmp(&order(a.mistake)))
        });
        let zero = zero_for_nonzero(&locals[i]);
        let mut ids: Vec<&str> = candidates[w].iter().map(|c| c.mistake.id).collect();
        ids.dedup();
        // Many mistakes give 0 where a parameter is 0: a zero is named only when one does.
        if zero && ids.len() != 1 {
            continue;
        }
        let graded = &mut locals[i].graded;
        if zero {
            graded.verdict = Verdict::Wrong;
        }
        graded.misconception = best.map(|c| c.mistake);
        graded.detail = best.and_then(|c| c.detail.clone());
    }
    locals.into_iter().map(|l| l.graded).collect()
}

/// Is the answer `p`, at the precision written, give or take how far the learner's rounded
/// inputs move it?
fn reproduces(local: &Local, p: f64) -> bool {
    let a = &local.graded.answer;
    if !p.is_finite() {
        return false;
    }
    if zero_for_nonzero(local) {
        return p == 0.0;
    }
    let scale = local.recomputed.map_or(0.0, f64::abs);
    let spread = match scale > 0.0 {
        true => local.spread * (p.abs() / scale).max(1.0),
        false => local.spread,
    };
    agrees(a.given, &a.text, p) || (a.given - p).abs() <= 0.5 * unit(&a.text) + spread
}
