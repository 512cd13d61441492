//! A sheet's wrong answers diagnosed together. Each wrong answer may be reproduced by several
//! mistakes: in its own step, from the learner's numbers ([`super::misconception::all`]),
//! or made every time it applies by a simulated learner, in steps the sheet may leave out
//! ([`super::simulate`]). A learner's mistakes are few and systematic, so each wrong answer
//! is given the mistake that reproduces the most wrong answers of the sheet (the catalogue's
//! order breaking ties): a sign flipped in every gradient is `flipped_error` even where one
//! gradient alone could also be read another way.

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

/// The answers graded, each wrong one named with the mistake the sheet supports most.
pub(crate) fn together(grader: &Grader, mut locals: Vec<Local>) -> Vec<Graded> {
    let wrong: Vec<usize> = (0..locals.len())
        .filter(|&i| locals[i].graded.verdict == Verdict::Wrong)
        .filter(|&i| significant_figures(&locals[i].graded.answer.text) >= MIN_FIGURES)
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
    if let Some(world) = World::new(grader) {
        for h in world.hypotheses() {
            let outcome = world.run(h);
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
    let support = |m: &Mistake| {
        candidates
            .iter()
            .filter(|c| c.iter().any(|x| x.mistake == m))
            .count()
    };
    let order = |m: &Mistake| misconception::every().position(|x| x == m);
    for (w, &i) in wrong.iter().enumerate() {
        let best = candidates[w].iter().max_by(|a, b| {
            support(a.mistake)
                .cmp(&support(b.mistake))
                .then(a.own_step.cmp(&b.own_step))
                .then(order(b.mistake).cmp(&order(a.mistake)))
        });
        let graded = &mut locals[i].graded;
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
    let scale = local.recomputed.map_or(0.0, f64::abs);
    let spread = match scale > 0.0 {
        true => local.spread * (p.abs() / scale).max(1.0),
        false => local.spread,
    };
    agrees(a.given, &a.text, p) || (a.given - p).abs() <= 0.5 * unit(&a.text) + spread
}
