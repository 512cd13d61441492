//! The program against an independent reference implementation (`common::reference`, plain
//! loops written from the design contract and PyTorch's rules): every bundled lesson's epoch
//! losses and final parameters, and every number of the edge lessons in `docs/pytorch/edges/`
//! (saturated sigmoids under bce, softmax logits a thousand apart or all very negative,
//! saturated tanh, a partial last batch with momentum, ReLU at exactly 0 under Adam), agree
//! to 1e-9. The edge lessons' formulas all evaluate to their values, and none of their
//! numbers is NaN or infinite (PyTorch's are all finite: `docs/pytorch/compare.py`).

use std::path::{Path, PathBuf};

use crate::common::reference::{self, Params};

use bpnn_tutor::lesson::{self, Lesson, Optimizer};
use bpnn_tutor::trace::{Moment, Quantity, Step, Trace};

/// 1e-9 relatively; the floor absorbs the last-digit noise of results that cancel to
/// almost nothing (a − y with a ≈ y), which two correct implementations round differently.
fn agree(got: f64, want: f64) -> bool {
    got == want || (got - want).abs() <= 1e-9 * want.abs() + 1e-15
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn edge_lessons() -> Vec<(String, Lesson)> {
    let dir = repo().join("docs/pytorch/edges");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 7,
        "the edge lessons are in {}",
        dir.display()
    );
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, lesson::load(Path::new(&p)).unwrap())
        })
        .collect()
}

fn params_of(trace: &Trace) -> Vec<f64> {
    let p = trace.final_params();
    let mut out = Vec::new();
    for l in &p.layers {
        for row in l.w().rows() {
            out.extend(row.iter());
        }
        out.extend(l.b().iter());
    }
    out
}

/// Does the program agree with the reference run on every epoch loss and final parameter?
fn run_agrees(name: &str, lesson: &Lesson, run: &reference::Run) -> Result<(), String> {
    let trace = Trace::new(lesson.clone());
    for (e, want) in run.epoch_losses.iter().enumerate() {
        let got = trace.epoch_summary(e + 1).loss;
        if !agree(got, *want) {
            return Err(format!("{name}: epoch {} loss {got} vs {want}", e + 1));
        }
    }
    let got = params_of(&trace);
    let want = run.params.flat();
    assert_eq!(got.len(), want.len());
    match got.iter().zip(&want).position(|(g, w)| !agree(*g, *w)) {
        Some(i) => Err(format!(
            "{name}: final parameter {i}: {} vs {}",
            got[i], want[i]
        )),
        None => Ok(()),
    }
}

#[test]
fn every_bundled_lesson_agrees_with_the_reference() {
    let mut failures = Vec::new();
    for b in lesson::bundled::LESSONS.all() {
        let mut lesson = b.load().unwrap();
        if b.name == "mnist_sized" {
            // 200 million steps per epoch: its first epoch is enough to compare.
            lesson.epochs = 1;
        }
        let run = reference::train(&lesson, false);
        failures.extend(run_agrees(b.name, &lesson, &run).err());
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The reference's value of a step.
fn reference_value(lesson: &Lesson, run: &reference::Run, step: &Step) -> f64 {
    let id = step.id;
    let (e, l, j) = (step.epoch - 1, id.layer, id.j());
    if let Some(s) = step.sample() {
        let v = &run.samples[e][s - 1];
        return match id.quantity {
            Quantity::Z => v.z[l - 1][j],
            Quantity::A => v.a[l][j],
            Quantity::Loss => v.loss,
            Quantity::Delta | Quantity::DB => v.delta[l - 1][j],
            Quantity::DW => v.delta[l - 1][j] * v.a[l - 1][id.k().unwrap()],
            q => unreachable!("{q:?} is an update step"),
        };
    }
    let u = &run.updates[e][step.batch - 1];
    let at = |p: &Params| match id.k() {
        Some(k) => p.w[l - 1][j][k],
        None => p.b[l - 1][j],
    };
    let correction = |beta: f64| 1.0 - beta.powi(u.t);
    match (id.quantity, lesson.optimizer) {
        (Quantity::Param(_), _) => at(&u.params),
        (Quantity::State(Moment::V | Moment::Velocity, _), _) => at(u.v.as_ref().unwrap()),
        (Quantity::State(Moment::M, _), _) => at(u.m.as_ref().unwrap()),
        (Quantity::State(Moment::MHat, _), Optimizer::Adam { beta1, .. }) => {
            at(u.m.as_ref().unwrap()) / correction(beta1)
        }
        (Quantity::State(Moment::VHat, _), Optimizer::Adam { beta2, .. }) => {
            at(u.v.as_ref().unwrap()) / correction(beta2)
        }
        (q, _) => unreachable!("{q:?}"),
    }
}

#[test]
fn every_number_of_the_edge_lessons_agrees_with_the_reference() {
    for (name, lesson) in edge_lessons() {
        let run = reference::train(&lesson, true);
        run_agrees(&name, &lesson, &run).unwrap();
        let trace = Trace::new(lesson.clone());
        for epoch in 1..=lesson.epochs {
            for step in trace.steps(epoch, 0..trace.epoch_len()) {
                let want = reference_value(&lesson, &run, &step);
                assert!(
                    agree(step.value, want),
                    "{name}: {} of epoch {epoch}, sample {:?}, batch {}: {} vs {want}",
                    step.name(),
                    step.sample(),
                    step.batch,
                    step.value
                );
            }
        }
    }
}

#[test]
fn the_edge_lessons_stay_finite_and_their_formulas_evaluate() {
    for (name, lesson) in edge_lessons() {
        let trace = Trace::new(lesson.clone());
        assert!(trace.first_non_finite().is_none(), "{name} diverges");
        for epoch in 1..=lesson.epochs {
            for step in trace.steps(epoch, 0..trace.epoch_len()) {
                let where_ = format!("{name}: {} of epoch {epoch}", step.name());
                assert!(step.value.is_finite(), "{where_} is {}", step.value);
                let f = trace.formula(&step);
                let got = f.rhs.eval();
                assert!(
                    got == step.value || (got - step.value).abs() <= 1e-12 * step.value.abs(),
                    "{where_}: the formula gives {got}, the step is {}",
                    step.value
                );
                for t in &f.terms {
                    assert_eq!(t.name.eval(), t.definition.eval(), "{where_}: a term");
                }
            }
        }
    }
}

/// The numbers the edge lessons are about, from closed forms and PyTorch's own output
/// (`docs/pytorch/compare.py` prints them).
#[test]
fn the_edge_lessons_give_pytorchs_numbers() {
    let find = |name: &str| {
        let (_, lesson) = edge_lessons().into_iter().find(|(n, _)| n == name).unwrap();
        Trace::new(lesson)
    };
    let value = |trace: &Trace, step: &str, sample: usize| {
        let id = bpnn_tutor::trace::StepId::parse(step).unwrap();
        trace
            .find(&crate::common::key(1, id, sample))
            .unwrap()
            .value
    };
    let bce = find("bce_saturated");
    // z = 30, y = 0: δ = (1/2)·a/10⁻¹²·a(1 − a), not (a − y)/2; PyTorch: 0.09348077904695146.
    assert!((value(&bce, "delta(1)[1]", 1) - 0.09348077904695146 / 2.0).abs() < 1e-15);
    // z ≈ 37: σ rounds to 1 and ln(1 − a) = −∞ is clamped at −100; the other output costs
    // −ln σ(z₂) = ln(1 + e^(−z₂)), which is −z₂ to 16 digits at z₂ ≈ −37.
    assert_eq!(value(&bce, "a(1)[1]", 3), 1.0);
    let z2 = value(&bce, "z(1)[2]", 3);
    assert!((value(&bce, "loss", 3) - (0.5 * 100.0 - 0.5 * z2)).abs() < 1e-13);
    let far = find("softmax_far_apart");
    assert_eq!(value(&far, "loss", 1), 0.0);
    assert_eq!(value(&far, "loss", 2), 1000.0);
    assert_eq!(value(&far, "loss", 3), 2000.0);
}
