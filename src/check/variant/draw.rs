//! Drawing a variant the way a careful examiner builds one, backwards from what the exam
//! needs: numbers pleasant to work by hand (weights and biases in steps of 0.05, inputs in
//! tenths, targets a learner can read), no unit saturated or dead, every step a number a
//! learner writes without a power of ten — and every mistake of the catalogue that shows
//! giving, in some step, its own wrong number: at least 5% from the right one and from every
//! other mistake's there, so it can be told. Among candidates that pass, the one that shows the
//! most mistakes wins, then the one whose mistakes, made every time, leave the fewest pairs of
//! gradient sheets alike, then the one with the fewest steps where two mistakes agree.
//!
//! Each variant's generator is ChaCha8 seeded from (seed, number): the same roster and seed
//! give the same variants on every machine.

use std::collections::BTreeSet;

use rand::SeedableRng;
use rand::distr::Distribution;
use rand::rngs::ChaCha8Rng;
use rand_distr::Uniform;

use crate::lesson::{Activation, Lesson, Loss};
use crate::trace::{Phase, Place, Quantity, Step, Trace};

use super::super::learner::{Exact, StepMap};
use super::super::misconception::{self, Scene};
use super::super::simulate::World;
use super::{NoVariants, Variant, supported};

/// Two numbers closer than this, relatively, are the same to a learner's two figures.
const DISTINCT: f64 = 0.05;

/// Candidates drawn for one variant at most.
const MAX_DRAWS: usize = 400;

/// Candidates that pass every hard rule compared before the best is taken.
const COMPARED: usize = 6;

/// A step's value must be at least this large (or the step's exact 0 is no number to work).
const SMALLEST: f64 = 1e-4;

/// A parameter after its update must be at least this large.
const UPDATED: f64 = 1e-2;

/// The sample and update steps a variant's worksheet asks for: every sample of the first
/// batch of epoch 1, then its update.
pub fn sheet_steps(trace: &Trace) -> Vec<Step> {
    let layout = trace.layout();
    let mut steps = Vec::new();
    for n in layout.batch_samples(1) {
        let start = layout.start(Place::Sample(n));
        steps.extend(trace.steps(1, start..start + layout.steps_per_sample()));
    }
    let start = layout.start(Place::Batch(1));
    steps.extend(trace.steps(1, start..start + layout.steps_per_update()));
    steps
}

/// Variant `number` (from 1) of `lesson` for `seed`.
pub fn draw(lesson: &Lesson, seed: u64, number: usize) -> Result<Variant, NoVariants> {
    supported(lesson)?;
    let mut rng = generator(seed, number);
    let id = format!("{seed}-{number}");
    let mut best: Option<(Score, Variant)> = None;
    let mut passed = 0;
    for _ in 0..MAX_DRAWS {
        let candidate = propose(lesson, &mut rng, &id);
        let trace = Trace::new(candidate.lesson(lesson));
        let steps = sheet_steps(&trace);
        if !pleasant(&trace, &steps) {
            continue;
        }
        let shown = shown(&trace, &steps);
        // Every mistake that shows must somewhere give a number no other mistake gives.
        if shown.apart != shown.visible {
            continue;
        }
        let score = Score {
            visible: shown.visible.len(),
            collisions: shown.collisions,
            alike: alike_gradient_sheets(&trace),
        };
        passed += 1;
        if best.as_ref().is_none_or(|(b, _)| score.better_than(b)) {
            best = Some((score, candidate));
        }
        if passed >= COMPARED {
            break;
        }
    }
    best.map(|(_, v)| v).ok_or_else(|| {
        NoVariants(crate::msg!(
            "err-variants-none-found",
            draws = MAX_DRAWS.to_string()
        ))
    })
}

/// How good a candidate is: how many mistakes show, how many pairs of them give the same
/// number in a step, and how many pairs made every time leave the same gradients.
#[derive(Debug, Clone, Copy)]
struct Score {
    visible: usize,
    collisions: usize,
    alike: usize,
}

impl Score {
    fn better_than(&self, other: &Score) -> bool {
        let key = |s: &Score| {
            (
                s.visible,
                std::cmp::Reverse(s.alike),
                std::cmp::Reverse(s.collisions),
            )
        };
        key(self) > key(other)
    }
}

/// ChaCha8 seeded with the seed's and the number's bytes.
fn generator(seed: u64, number: usize) -> ChaCha8Rng {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    bytes[8..16].copy_from_slice(&(number as u64).to_le_bytes());
    ChaCha8Rng::from_seed(bytes)
}

/// A whole number from `low` to `high`.
fn whole(rng: &mut ChaCha8Rng, low: i64, high: i64) -> i64 {
    Uniform::new_inclusive(low, high)
        .expect("a range of whole numbers")
        .sample(rng)
}

/// `steps` hundredths in steps of 0.05: ±0.10 … ±0.90 for a weight.
fn weight(rng: &mut ChaCha8Rng) -> f64 {
    let magnitude = whole(rng, 2, 18) as f64 * 0.05;
    let sign = if whole(rng, 0, 1) == 0 { -1.0 } else { 1.0 };
    round(sign * magnitude, 2)
}

/// A bias: ±0.10 … ±0.50 in steps of 0.05.
fn bias(rng: &mut ChaCha8Rng) -> f64 {
    let magnitude = whole(rng, 2, 10) as f64 * 0.05;
    let sign = if whole(rng, 0, 1) == 0 { -1.0 } else { 1.0 };
    round(sign * magnitude, 2)
}

/// An input: ±0.1 … ±0.9 in tenths.
fn input(rng: &mut ChaCha8Rng) -> f64 {
    let magnitude = whole(rng, 1, 9) as f64 / 10.0;
    let sign = if whole(rng, 0, 2) == 0 { -1.0 } else { 1.0 };
    round(sign * magnitude, 1)
}

/// `x` to `places` decimals, so 0.15 is written 0.15 and not 0.15000000000000002.
fn round(x: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (x * scale).round() / scale
}

/// Targets a learner reads at a glance: tenths in (0, 1) for a sigmoid output or bce, a
/// one-hot class for cross-entropy, tenths in [−1, 1] otherwise.
fn target(rng: &mut ChaCha8Rng, lesson: &Lesson) -> Vec<f64> {
    let n = lesson.outputs();
    let output = lesson.layers[lesson.depth() - 1].activation();
    if lesson.loss == Loss::CrossEntropy {
        let class = whole(rng, 0, n as i64 - 1) as usize;
        return (0..n).map(|j| if j == class { 1.0 } else { 0.0 }).collect();
    }
    let probability = lesson.loss == Loss::Bce || output == Activation::Sigmoid;
    (0..n)
        .map(|_| match probability {
            true => whole(rng, 1, 9) as f64 / 10.0,
            false => {
                let t = whole(rng, 1, 10) as f64 / 10.0;
                round(if whole(rng, 0, 1) == 0 { -t } else { t }, 1)
            }
        })
        .collect()
}

/// A candidate: every parameter and sample drawn afresh, in the lesson's shapes.
fn propose(lesson: &Lesson, rng: &mut ChaCha8Rng, id: &str) -> Variant {
    let layers = lesson
        .layers
        .iter()
        .map(|l| {
            let w = l.weights();
            let rows = (0..w.nrows())
                .map(|_| (0..w.ncols()).map(|_| weight(rng)).collect())
                .collect();
            let biases = (0..w.nrows()).map(|_| bias(rng)).collect();
            (rows, biases)
        })
        .collect();
    let data = lesson
        .data
        .iter()
        .map(|_| {
            let x = (0..lesson.inputs()).map(|_| input(rng)).collect();
            (x, target(rng, lesson))
        })
        .collect();
    Variant {
        id: id.to_string(),
        layers,
        data,
    }
}

/// No unit saturated (a sigmoid's or tanh's |z| from 0.05 to 2.5, a softmax's outputs from
/// 0.05 to 0.95) or dead (a ReLU's z above 0.1; a leaky ReLU's |z| above 0.1, below 0 in one
/// unit at least so its slope shows), outputs at least 0.05 from their targets, every
/// number of a sample at least 10⁻⁴ and every updated parameter at least 0.01.
fn pleasant(trace: &Trace, steps: &[Step]) -> bool {
    let lesson = trace.lesson();
    let batch = trace.batch(1, 1);
    let mut leaky_negative = false;
    for s in batch.samples() {
        for (l, layer) in lesson.layers.iter().enumerate() {
            let l = l + 1;
            let zs = s.zs(l);
            let ok = match layer.activation() {
                Activation::Sigmoid | Activation::Tanh | Activation::Gelu => {
                    zs.iter().all(|z| (0.05..=2.5).contains(&z.abs()))
                }
                Activation::Relu => zs.iter().all(|&z| z >= 0.1),
                Activation::LeakyRelu => {
                    leaky_negative |= zs.iter().any(|&z| z < 0.0);
                    zs.iter().all(|z| z.abs() >= 0.1)
                }
                Activation::Softmax => s.activations(l).iter().all(|a| (0.05..=0.95).contains(a)),
                Activation::Identity => zs.iter().all(|z| z.abs() <= 5.0),
            };
            if !ok {
                return false;
            }
        }
        let out = s.activations(lesson.depth());
        if lesson.loss != Loss::CrossEntropy
            && out
                .iter()
                .zip(s.target())
                .any(|(a, y)| (a - y).abs() < 0.05)
        {
            return false;
        }
    }
    let has_leaky = lesson
        .layers
        .iter()
        .any(|l| l.activation() == Activation::LeakyRelu);
    // An optimizer's state is its own size (Adam's v is 0.001·g²), but a parameter the
    // update sends to about 0 (w = 0.1 less Adam's first step of about η = 0.1) is a sum
    // that cancels, whose last figures no learner can be asked for.
    (!has_leaky || leaky_negative)
        && steps.iter().all(|s| {
            let least = match s.id.quantity {
                Quantity::State(..) => 0.0,
                Quantity::Param(_) => UPDATED,
                _ => SMALLEST,
            };
            s.value.is_finite() && s.value.abs() >= least
        })
}

/// Are `a` and `b` the same number to a learner's two figures?
fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= DISTINCT * a.abs().max(b.abs())
}

/// What a candidate's steps show of the catalogue, from the exact values.
struct Shown {
    /// The mistakes whose number differs from the right one in some step.
    visible: BTreeSet<&'static str>,
    /// Those whose number, in some step, also differs from every other mistake's there.
    apart: BTreeSet<&'static str>,
    /// Pairs of mistakes giving the same wrong number in one step, over every step.
    collisions: usize,
}

/// Every mistake's numbers in every step, from the exact values.
fn shown(trace: &Trace, steps: &[Step]) -> Shown {
    let mut out = Shown {
        visible: BTreeSet::new(),
        apart: BTreeSet::new(),
        collisions: 0,
    };
    for step in steps {
        let formula = trace.formula(step);
        let scene = Scene::new(trace, step, &formula);
        let mut wrong: Vec<(f64, &'static str)> = Vec::new();
        for m in misconception::every().filter(|m| (m.applies)(&scene)) {
            for v in (m.mistaken)(&scene, &Exact) {
                if v.is_finite() && !same(v, step.value) {
                    wrong.push((v, m.id));
                }
            }
        }
        for (i, &(v, id)) in wrong.iter().enumerate() {
            out.visible.insert(id);
            let clashes = wrong
                .iter()
                .enumerate()
                .filter(|&(k, &(w, other))| k != i && other != id && same(v, w))
                .count();
            if clashes == 0 {
                out.apart.insert(id);
            }
            out.collisions += clashes;
        }
    }
    out.collisions /= 2;
    out
}

/// How many pairs of mistakes, each made every time it applies, would leave a sheet of
/// gradients and updates with the same numbers (each sheet changed by its mistake).
fn alike_gradient_sheets(trace: &Trace) -> usize {
    let Some(world) = World::of_batches(trace, &[(1, 1)], StepMap::default()) else {
        return 0;
    };
    let graded = |s: &Step| matches!(s.phase(), Phase::Update) || s.id.quantity.tensor().is_some();
    let mut sheets: Vec<(&'static str, Vec<f64>)> = Vec::new();
    for h in world.hypotheses().into_iter().filter(|h| h.form == 0) {
        let outcome = world.run(h);
        let values: Vec<f64> = world
            .steps()
            .iter()
            .zip(&outcome.all)
            .filter(|(s, _)| graded(s))
            .map(|(_, v)| *v)
            .collect();
        let changed = world
            .steps()
            .iter()
            .zip(&outcome.all)
            .any(|(s, v)| graded(s) && !same(*v, s.value));
        if changed {
            sheets.push((h.mistake.id, values));
        }
    }
    let mut alike = 0;
    for (i, (a, va)) in sheets.iter().enumerate() {
        for (b, vb) in &sheets[i + 1..] {
            if a != b && va.iter().zip(vb).all(|(x, y)| same(*x, *y)) {
                alike += 1;
            }
        }
    }
    alike
}
