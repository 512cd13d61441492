//! Momentum and Adam against two steps derived by hand for L = ½(w·x − y)², x = 2, y = 1,
//! w₀ = 1 (bias frozen at 0), so g = (w·x − y)·x.

use crate::common;

use bpnn_tutor::lesson::{Activation, Loss, Optimizer};
use bpnn_tutor::trace::{StepId, Trace};
use common::{layer, lesson};
use ndarray::{arr1, arr2};

fn one_weight(optimizer: Optimizer) -> Trace {
    let mut l = layer(Activation::Identity, arr2(&[[1.0]]), arr1(&[0.0]));
    l.train_biases = false;
    Trace::new(lesson(
        1,
        vec![l],
        Loss::HalfSse,
        optimizer,
        2,
        1,
        vec![(vec![2.0], vec![1.0])],
    ))
}

fn at(trace: &Trace, epoch: usize, name: &str) -> f64 {
    trace
        .find(&common::key(epoch, StepId::parse(name).unwrap(), 1))
        .unwrap_or_else(|| panic!("{name}"))
        .value
}

#[test]
fn sgd_momentum_two_steps() {
    let t = one_weight(Optimizer::Sgd {
        learning_rate: 0.1,
        momentum: 0.9,
    });
    // g₁ = (2 − 1)·2 = 2, v₁ = g₁ = 2, w₁ = 1 − 0.1·2 = 0.8
    assert!((at(&t, 1, "dw(1)[1,1]") - 2.0).abs() < 1e-15);
    assert!((at(&t, 1, "v(1)[1,1]") - 2.0).abs() < 1e-15);
    assert!((at(&t, 1, "w(1)[1,1]") - 0.8).abs() < 1e-15);
    // g₂ = (1.6 − 1)·2 = 1.2, v₂ = 0.9·2 + 1.2 = 3.0, w₂ = 0.8 − 0.1·3 = 0.5
    assert!((at(&t, 2, "dw(1)[1,1]") - 1.2).abs() < 1e-14);
    assert!((at(&t, 2, "v(1)[1,1]") - 3.0).abs() < 1e-14);
    assert!((at(&t, 2, "w(1)[1,1]") - 0.5).abs() < 1e-14);
}

#[test]
fn adam_two_steps() {
    let (lr, b1, b2, eps) = (0.1, 0.9, 0.999, 1e-8);
    let t = one_weight(Optimizer::Adam {
        learning_rate: lr,
        beta1: b1,
        beta2: b2,
        epsilon: eps,
    });
    // Step 1: g = 2, m = 0.1·2 = 0.2, v = 0.001·4 = 0.004, m̂ = 0.2/0.1 = 2, v̂ = 0.004/0.001 = 4,
    // w = 1 − 0.1·2/(2 + ε).
    let w1 = 1.0 - 0.1 * 2.0 / (2.0 + eps);
    for (name, want) in [
        ("m(1)[1,1]", 0.2),
        ("v(1)[1,1]", 0.004),
        ("mhat(1)[1,1]", 2.0),
        ("vhat(1)[1,1]", 4.0),
        ("w(1)[1,1]", w1),
    ] {
        let got = at(&t, 1, name);
        assert!(
            (got - want).abs() < 1e-12 * want.abs(),
            "{name}: {got} vs {want}"
        );
    }
    // Step 2: g = (2·w₁ − 1)·2, m = 0.9·0.2 + 0.1·g, v = 0.999·0.004 + 0.001·g²,
    // m̂ = m/(1 − 0.81), v̂ = v/(1 − 0.998001), w = w₁ − 0.1·m̂/(√v̂ + ε).
    let g = (2.0 * w1 - 1.0) * 2.0;
    let m = 0.18 + 0.1 * g;
    let v = 0.003996 + 0.001 * g * g;
    let m_hat = m / 0.19;
    let v_hat = v / 0.001999;
    let w2 = w1 - 0.1 * m_hat / (v_hat.sqrt() + eps);
    for (name, want) in [
        ("dw(1)[1,1]", g),
        ("m(1)[1,1]", m),
        ("v(1)[1,1]", v),
        ("mhat(1)[1,1]", m_hat),
        ("vhat(1)[1,1]", v_hat),
        ("w(1)[1,1]", w2),
    ] {
        let got = at(&t, 2, name);
        assert!(
            (got - want).abs() < 1e-12 * want.abs(),
            "{name}: {got} vs {want}"
        );
    }
    // The trace order of an Adam update: m, v, m̂, v̂, then the weight.
    let names: Vec<String> = t
        .steps(1, 0..t.epoch_len())
        .filter(|s| s.sample().is_none())
        .map(|s| s.name())
        .collect();
    assert_eq!(
        names,
        [
            "m(1)[1,1]",
            "v(1)[1,1]",
            "mhat(1)[1,1]",
            "vhat(1)[1,1]",
            "w(1)[1,1]"
        ]
    );
}

#[test]
fn mini_batch_update_uses_the_mean_gradient() {
    // Two samples, one batch: g = mean of (w·x − y)·x over (x, y) = (1, 0) and (3, 0), w = 1:
    // (1 + 9)/2 = 5, so w ← 1 − 0.1·5 = 0.5.
    let mut l = layer(Activation::Identity, arr2(&[[1.0]]), arr1(&[0.0]));
    l.train_biases = false;
    let t = Trace::new(lesson(
        1,
        vec![l],
        Loss::HalfSse,
        common::sgd(0.1),
        1,
        2,
        vec![(vec![1.0], vec![0.0]), (vec![3.0], vec![0.0])],
    ));
    assert!((at(&t, 1, "w(1)[1,1]") - 0.5).abs() < 1e-15);
    let step = t
        .find(&common::key(1, StepId::parse("w(1)[1,1]").unwrap(), 1))
        .unwrap();
    let f = t.formula(&step);
    // The batch mean is shown as a term: ∂L/∂w = (∂L₁/∂w + ∂L₂/∂w)/2.
    let style = bpnn_tutor::trace::Style::new(
        bpnn_tutor::notation::Notation::Ascii,
        bpnn_tutor::notation::Digits::Full,
    );
    assert_eq!(
        f.term_lines(style),
        ["dL/dw(1)[1,1] = (dL[1]/dw(1)[1,1] + dL[2]/dw(1)[1,1]) / 2 = (1 + 9) / 2 = 5"]
    );
}

#[test]
fn two_runs_are_identical() {
    let a = common::classic(3, true);
    let write = |lesson| {
        let t = Trace::new(lesson);
        let sel = bpnn_tutor::export::Selection::all(&t);
        let mut out = Vec::new();
        bpnn_tutor::export::json::write(&t, &sel, &Default::default(), &mut out).unwrap();
        out
    };
    assert_eq!(write(a.clone()), write(a));
}
