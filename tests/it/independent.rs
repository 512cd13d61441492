//! The program against an independent reference implementation (`common::reference`, plain
//! loops written from the design contract and PyTorch's rules): every bundled lesson's epoch
//! losses and final parameters, and every number of the edge lessons in `docs/pytorch/edges/`
//! (saturated sigmoids under bce, softmax logits a thousand apart or all very negative,
//! saturated tanh, a partial last batch with momentum, ReLU at exactly 0 under Adam), agree
//! to 1e-9. The edge lessons' formulas all evaluate to their values, and none of their
//! numbers is NaN or infinite (PyTorch's are all finite: `docs/pytorch/compare.py`). Networks
//! built in code at the last edges — tanh near ±1, ReLU under an infinite error — agree with
//! it and with PyTorch's own numbers step by step, NaN and infinity included.

use std::path::{Path, PathBuf};

use crate::common::reference::{self, Params};

use bpnn_tutor::lesson::{self, Activation, Lesson, Loss, Optimizer};
use bpnn_tutor::notation::{Digits, Notation};
use bpnn_tutor::trace::{Moment, Quantity, Step, StepId, Style, Trace};
use ndarray::{Array1, Array2, arr1, arr2};

use crate::common::{layer, sgd};

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
        if !lesson.all_dense() {
            // This reference is of dense networks: convolutional, recurrent and transformer
            // lessons have their own (cnn_engine.rs, recurrent.rs, transformer.rs).
            continue;
        }
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

/// The same number, NaN and infinities included, or within 1e-9 of each other relatively
/// however small they are.
fn same(got: f64, want: f64) -> bool {
    got == want
        || (got.is_nan() && want.is_nan())
        || (got - want).abs() <= 1e-9 * got.abs().max(want.abs())
}

/// Every number of every epoch of `lesson` is the reference's, and every formula and named
/// term evaluates to its value (NaN to NaN).
fn agrees_step_by_step(name: &str, lesson: &Lesson) {
    let run = reference::train(lesson, true);
    let trace = Trace::new(lesson.clone());
    for epoch in 1..=lesson.epochs {
        for step in trace.steps(epoch, 0..trace.epoch_len()) {
            let where_ = format!(
                "{name}: {} of epoch {epoch}, batch {}",
                step.name(),
                step.batch
            );
            let want = reference_value(lesson, &run, &step);
            assert!(same(step.value, want), "{where_}: {} vs {want}", step.value);
            let f = trace.formula(&step);
            let got = f.rhs.eval();
            assert!(
                same(got, step.value),
                "{where_}: formula {got}, step {}",
                step.value
            );
            for t in &f.terms {
                let (name, def) = (t.name.eval(), t.definition.eval());
                assert!(same(name, def), "{where_}: term {name} vs {def}");
            }
        }
    }
}

fn value_of(trace: &Trace, step: &str) -> f64 {
    let key = crate::common::key(1, StepId::parse(step).unwrap(), 1);
    trace.find(&key).unwrap().value
}

/// The 1-1 tanh network: w = 9.7, x = 1, y = 0, ½Σ(a − y)².
fn tanh_at_9_7() -> Lesson {
    let out = layer(Activation::Tanh, arr2(&[[9.7]]), arr1(&[0.0]));
    let data = vec![(vec![1.0], vec![0.0])];
    crate::common::lesson(1, vec![out], Loss::HalfSse, sgd(0.1), 1, 1, data)
}

#[test]
fn a_saturated_tanh_gives_pytorchs_delta() {
    let lesson = tanh_at_9_7();
    let trace = Trace::new(lesson.clone());
    // a = tanh(9.7) = 0.9999999924886664; 1 − a² rounded once is 1.502266705386697e-08
    // (mpmath, 300 bits), and δ = a·(1 − a²) rounds to 1.5022666941026705e-08, which is
    // PyTorch 2.15's float64 δ as well. 1 − a·a, rounded twice, gave 1.5022666886424536e-08.
    assert_eq!(value_of(&trace, "a(1)[1]"), 0.9999999924886664);
    assert_eq!(value_of(&trace, "delta(1)[1]"), 1.5022666941026705e-08);
    let step = trace
        .find(&crate::common::key(
            1,
            StepId::parse("delta(1)[1]").unwrap(),
            1,
        ))
        .unwrap();
    let f = trace.formula(&step);
    assert_eq!(f.rhs.eval(), f.value);
    let style = Style::new(Notation::Unicode, Digits::Full);
    assert_eq!(f.symbolic(style), "δ⁽¹⁾₁ = (a⁽¹⁾₁ − y₁)·(1 − a⁽¹⁾₁²)");
    let words = f.remark_lines(style).join(" ");
    assert!(
        words.contains("is rounded once, as PyTorch's tanh backward"),
        "{words}"
    );
    agrees_step_by_step("tanh at 9.7", &lesson);
}

/// The 1-2-1 network: hidden `act` with weights (1e200, −1), output identity with
/// weights (1e200, 1), x = 1, y = 0, SGD with η = 0.1. z⁽²⁾ = 1e400 overflows to ∞.
fn infinite_error(act: Activation) -> Lesson {
    let hidden = layer(act, arr2(&[[1e200], [-1.0]]), Array1::zeros(2));
    let out = layer(
        Activation::Identity,
        arr2(&[[1e200, 1.0]]),
        Array1::zeros(1),
    );
    let data = vec![(vec![1.0], vec![0.0])];
    crate::common::lesson(1, vec![hidden, out], Loss::HalfSse, sgd(0.1), 1, 1, data)
}

#[test]
fn relu_selects_under_an_infinite_error_as_pytorch_does() {
    let lesson = infinite_error(Activation::Relu);
    let trace = Trace::new(lesson.clone());
    let v = |step: &str| value_of(&trace, step);
    // The error reaching neuron 2 is 1·∞; it is inactive (z = −1), so PyTorch's ReLU backward
    // selects δ = 0 and its weight stays −1 − 0.1·0 = −1. Where ∞ meets an a of 0 in a
    // product (∂L/∂w⁽²⁾₁,₂ = δ⁽²⁾₁·a⁽¹⁾₂ = ∞·0) PyTorch gives NaN too.
    assert_eq!(v("delta(2)[1]"), f64::INFINITY);
    assert_eq!(
        (v("delta(1)[2]"), v("db(1)[2]"), v("dw(1)[2,1]")),
        (0.0, 0.0, 0.0)
    );
    assert!(v("dw(2)[1,2]").is_nan());
    let update = |step: &str| {
        let key = crate::common::key(1, StepId::parse(step).unwrap(), 1);
        trace.find(&key).unwrap().value
    };
    assert_eq!((update("w(1)[2,1]"), update("b(1)[2]")), (-1.0, 0.0));
    assert_eq!(update("w(1)[1,1]"), f64::NEG_INFINITY);
    assert!(update("w(2)[1,2]").is_nan());
    // The formula is the selection, with a remark, and reads as one in every notation.
    let step = trace
        .find(&crate::common::key(
            1,
            StepId::parse("delta(1)[2]").unwrap(),
            1,
        ))
        .unwrap();
    let f = trace.formula(&step);
    let style = Style::new(Notation::Unicode, Digits::Full);
    assert_eq!(
        f.symbolic(style),
        "δ⁽¹⁾₂ = 0 if z⁽¹⁾₂ ≤ 0, else w⁽²⁾₁,₂·δ⁽²⁾₁"
    );
    assert_eq!(f.substituted(style), "0 if -1 ≤ 0, else 1·∞");
    let words = f.remark_lines(style).join(" ");
    assert!(words.contains("ReLU passes no error back"), "{words}");
    assert!(f.term_lines(style)[2].starts_with("what the ReLU lets through: δ⁽¹⁾₂ = 0 if"));
    agrees_step_by_step("relu under ∞", &lesson);
}

#[test]
fn leaky_relu_under_an_infinite_error_is_the_slope_times_it() {
    let lesson = infinite_error(Activation::LeakyRelu);
    let trace = Trace::new(lesson.clone());
    // 0.01·∞ = ∞, PyTorch's too: the product is the selection, so the formula stays one.
    assert_eq!(value_of(&trace, "delta(1)[2]"), f64::INFINITY);
    let step = trace
        .find(&crate::common::key(
            1,
            StepId::parse("delta(1)[2]").unwrap(),
            1,
        ))
        .unwrap();
    assert!(trace.formula(&step).remarks.is_empty());
    agrees_step_by_step("leaky relu under ∞", &lesson);
}

/// xorshift64: a seeded, portable stream for the random networks below.
struct Stream(u64);

impl Stream {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 * 2f64.powi(-53)
    }

    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[(self.next() * from.len() as f64) as usize]
    }
}

/// A network with tanh layers driven near ±1 (weights of a few units to tens), or ReLU and
/// leaky ReLU layers whose weights reach 1e150 and more, so errors overflow to ∞.
fn edge_network(seed: u64, diverging: bool) -> Lesson {
    let mut r = Stream(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let inputs = 1 + (r.next() * 3.0) as usize;
    let mut widths = vec![inputs];
    widths.extend((0..1 + (r.next() * 3.0) as usize).map(|_| 1 + (r.next() * 4.0) as usize));
    widths.push(1 + (r.next() * 2.0) as usize);
    let hidden: &[Activation] = match diverging {
        true => &[Activation::Relu, Activation::Relu, Activation::LeakyRelu],
        false => &[Activation::Tanh],
    };
    let weight = |r: &mut Stream| {
        let sign = if r.next() < 0.5 { -1.0 } else { 1.0 };
        match diverging {
            true if r.next() < 0.4 => sign * 10f64.powf(100.0 + 60.0 * r.next()),
            true => sign * (0.1 + 2.0 * r.next()),
            false => sign * 12.0 * r.next(),
        }
    };
    let depth = widths.len() - 1;
    let layers = (1..=depth)
        .map(|l| {
            let act = if l == depth {
                r.pick(&[Activation::Identity, Activation::Tanh, Activation::Relu])
            } else {
                r.pick(hidden)
            };
            let w = Array2::from_shape_fn((widths[l], widths[l - 1]), |_| weight(&mut r));
            let b = Array1::from_shape_fn(widths[l], |_| r.next() - 0.5);
            layer(act, w, b)
        })
        .collect();
    let samples = 1 + (r.next() * 4.0) as usize;
    let data = (0..samples)
        .map(|_| {
            let x = (0..inputs).map(|_| 4.0 * r.next() - 2.0).collect();
            let y = (0..widths[depth]).map(|_| 2.0 * r.next() - 1.0).collect();
            (x, y)
        })
        .collect();
    let loss = r.pick(&[Loss::HalfSse, Loss::Mse]);
    let optimizer = match r.pick(&[0, 1]) {
        0 => sgd(0.1),
        _ => Optimizer::Sgd {
            learning_rate: 0.05,
            momentum: 0.9,
        },
    };
    let batch = 1 + (r.next() * samples as f64) as usize;
    crate::common::lesson(inputs, layers, loss, optimizer, 2, batch, data)
}

#[test]
fn saturated_tanh_and_diverging_relu_networks_agree_with_the_reference() {
    let (mut saturated, mut selected) = (0, 0);
    for seed in 0..40 {
        for diverging in [false, true] {
            let lesson = edge_network(seed, diverging);
            let name = format!("seed {seed}, diverging {diverging}");
            agrees_step_by_step(&name, &lesson);
            let trace = Trace::new(lesson.clone());
            for step in trace.steps(1, 0..trace.epoch_len()) {
                let f = trace.formula(&step);
                let words = f.remark_lines(Style::new(Notation::Ascii, Digits::Sig(3)));
                saturated += words.iter().filter(|w| w.contains("rounded once")).count();
                selected += words
                    .iter()
                    .filter(|w| w.contains("passes no error"))
                    .count();
            }
        }
    }
    // The networks reach the edges this test is about.
    assert!(saturated >= 20 && selected >= 5, "{saturated} {selected}");
}
