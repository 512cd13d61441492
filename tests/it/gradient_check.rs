//! The gradient check beside every gradient: the finite-difference estimate of ∂L/∂p from two
//! forward passes agrees with the gradient backprop computed, and its parts (h, the nudged
//! losses) are what they say.

use crate::common;

use bpnn_tutor::lesson::{self, Lesson};
use bpnn_tutor::trace::gradcheck::{RELATIVE_STEP, step_for};
use bpnn_tutor::trace::{Param, Quantity, StepId, Trace};

/// The classic 2-2-2 sample's loss with the given parameters, computed here by hand:
/// ½Σ(σ(W²σ(W¹x + b¹) + b²) − y)².
fn classic_loss(w1: [[f64; 2]; 2], b1: [f64; 2], w2: [[f64; 2]; 2], b2: [f64; 2]) -> f64 {
    let sigma = |z: f64| 1.0 / (1.0 + (-z).exp());
    let (x, y) = ([0.05, 0.10], [0.01, 0.99]);
    let h: Vec<f64> = (0..2)
        .map(|j| sigma(w1[j][0] * x[0] + w1[j][1] * x[1] + b1[j]))
        .collect();
    let o: Vec<f64> = (0..2)
        .map(|j| sigma(w2[j][0] * h[0] + w2[j][1] * h[1] + b2[j]))
        .collect();
    0.5 * ((o[0] - y[0]).powi(2) + (o[1] - y[1]).powi(2))
}

/// The classic lesson's loss with parameter `p` set to `v`.
fn classic_loss_with(p: Param, v: f64) -> f64 {
    let mut w = [[[0.15, 0.20], [0.25, 0.30]], [[0.40, 0.45], [0.50, 0.55]]];
    let mut b = [[0.35, 0.35], [0.60, 0.60]];
    let (l, j) = (p.l, p.ix.j());
    match p.ix.k() {
        Some(k) => w[l - 1][j][k] = v,
        None => b[l - 1][j] = v,
    }
    classic_loss(w[0], b[0], w[1], b[1])
}

/// Every ∂L/∂w and ∂L/∂b step of the lesson's first sample.
fn gradient_steps(trace: &Trace) -> Vec<bpnn_tutor::trace::Step> {
    let len = trace.layout().steps_per_sample();
    trace
        .steps(1, 0..len)
        .filter(|s| matches!(s.id.quantity, Quantity::DW | Quantity::DB))
        .collect()
}

#[test]
fn every_classic_gradient_agrees_with_its_finite_difference() {
    let trace = Trace::new(common::classic(1, true));
    let steps = gradient_steps(&trace);
    assert_eq!(steps.len(), 12);
    for step in steps {
        let c = trace.gradient_check(&step).expect("a gradient step");
        let p = step.id.param().unwrap();
        assert_eq!(c.param, p);
        assert_eq!(c.analytic, step.value);
        assert_eq!(c.value, trace.batch(1, 1).before(p));
        assert_eq!(c.h, RELATIVE_STEP * c.value.abs().max(1.0));
        // The nudged losses, recomputed here by hand from the published numbers.
        let (up, down) = (
            classic_loss_with(p, c.value + c.h),
            classic_loss_with(p, c.value - c.h),
        );
        assert!(common::close(c.loss_plus, up, 1e-13), "{}", step.name());
        assert!(common::close(c.loss_minus, down, 1e-13), "{}", step.name());
        // The estimate agrees with backprop up to the rounding of L(p ± h), about ε·L/h ≈ 7e-12.
        assert!(
            (c.numerical - step.value).abs() < 2e-11,
            "{}: numerical {} vs backprop {}",
            step.name(),
            c.numerical,
            step.value
        );
        assert!(c.agreeing_digits() >= 7, "{}", step.name());
    }
}

#[test]
fn the_published_gradient_of_w5() {
    // ∂E/∂w5 = 0.082167041 in the published example: dw(2)[1,1].
    let trace = Trace::new(common::classic(1, true));
    let step = trace
        .find(&common::key(1, StepId::parse("dw(2)[1,1]").unwrap(), 1))
        .unwrap();
    let c = trace.gradient_check(&step).unwrap();
    assert!(
        common::agrees(c.numerical, "0.082167041"),
        "{}",
        c.numerical
    );
    assert!(c.loss_plus > c.loss_minus);
    // Asked again, the same answer (from the cache).
    assert_eq!(trace.gradient_check(&step), Some(c));
}

#[test]
fn only_gradient_steps_of_a_sample_have_a_check() {
    let trace = Trace::new(common::classic(1, true));
    for name in ["z(1)[1]", "a(2)[1]", "loss", "delta(1)[1]"] {
        let step = trace
            .find(&common::key(1, StepId::parse(name).unwrap(), 1))
            .unwrap();
        assert_eq!(trace.gradient_check(&step), None, "{name}");
    }
    // The update's w uses the batch gradient; the check belongs to the sample's own gradient.
    let step = trace
        .find(&common::key(1, StepId::parse("w(1)[1,1]").unwrap(), 1))
        .unwrap();
    assert_eq!(trace.gradient_check(&step), None);
}

#[test]
fn h_scales_with_large_parameters() {
    assert_eq!(step_for(0.3), 1e-5);
    assert_eq!(step_for(-0.3), 1e-5);
    assert_eq!(step_for(250.0), 250.0 * 1e-5);
}

/// Every gradient of the first sample of a bundled lesson agrees with its estimate to at
/// least `digits` significant digits.
fn bundled_agree(name: &str, digits: u32) {
    let l: Lesson = lesson::bundled::LESSONS.find(name).unwrap().load().unwrap();
    let trace = Trace::new(l);
    for step in gradient_steps(&trace) {
        let c = trace.gradient_check(&step).unwrap();
        assert!(
            c.agreeing_digits() >= digits,
            "{name} {}: numerical {} vs backprop {} ({} digits)",
            step.name(),
            c.numerical,
            c.analytic,
            c.agreeing_digits()
        );
    }
}

#[test]
fn other_losses_and_activations_agree_too() {
    // Softmax with cross-entropy, tanh, momentum and Adam, four sigmoid layers, mse.
    bundled_agree("softmax_classifier", 6);
    bundled_agree("xor_tanh", 6);
    bundled_agree("adam", 7);
    bundled_agree("deep_sigmoid", 6);
    bundled_agree("identity_regression", 7);
}

#[test]
fn the_784_128_10_lesson_checks_one_weight_of_one_sample() {
    let trace = Trace::new(
        lesson::bundled::LESSONS
            .find("mnist_sized")
            .unwrap()
            .load()
            .unwrap(),
    );
    for name in ["dw(1)[17,300]", "db(1)[128]", "dw(2)[3,64]", "db(2)[10]"] {
        let step = trace
            .find(&common::key(1, StepId::parse(name).unwrap(), 1))
            .unwrap();
        let c = trace.gradient_check(&step).unwrap();
        assert!(c.agreeing_digits() >= 5, "{name}: {c:?}");
    }
}

/// Significant digits a number is written with: `0.0826676` has 6, `2.5e-7` has 2.
fn significant_digits(written: &str) -> usize {
    let mantissa = written.split(['e', 'E']).next().unwrap();
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').len().max(1)
}

/// `v` rounded to `d` significant digits.
fn rounded(v: f64, d: usize) -> f64 {
    format!("{:.*e}", d - 1, v).parse().unwrap()
}

/// The tutor's gradient-check line of every gradient of a lesson's first sample, typed into a
/// calculator: (L₊ − L₋) / (2·h) computed from the numbers as written, rounded to the digits
/// of the result as written, is that result.
fn check_lines_recompute(lesson: Lesson) {
    use crate::tui_render::{app_with, draw, goto, settings, text};
    let trace = Trace::new(lesson.clone());
    let mut app = app_with(lesson, settings());
    let steps = gradient_steps(&trace);
    assert!(!steps.is_empty());
    for step in steps {
        goto(&mut app, &step.name());
        let screen = text(draw(&app, 200, 60).backend().buffer());
        let line = screen
            .lines()
            .find_map(|l| l.split_once("= (").map(|(_, rest)| rest.to_string()))
            .unwrap_or_else(|| panic!("{}: no check line in\n{screen}", step.name()));
        let line = line.replace('−', "-");
        let (plus, rest) = line.split_once(" - ").unwrap();
        let (minus, rest) = rest.split_once(") / (2·").unwrap();
        let (h, rest) = rest.split_once(") = ").unwrap();
        let result = rest.split_whitespace().next().unwrap();
        let num = |s: &str| {
            s.parse::<f64>()
                .unwrap_or_else(|_| panic!("`{s}` in `{line}`"))
        };
        let again = (num(plus) - num(minus)) / (2.0 * num(h));
        assert_eq!(
            rounded(again, significant_digits(result)),
            num(result),
            "{}: {line} gives {again}",
            step.name()
        );
    }
}

#[test]
fn every_gradient_check_line_gives_its_own_result() {
    check_lines_recompute(common::classic(1, true));
    for name in [
        "softmax_classifier",
        "xor_tanh",
        "adam",
        "deep_sigmoid",
        "relu_dead",
    ] {
        check_lines_recompute(lesson::bundled::LESSONS.find(name).unwrap().load().unwrap());
    }
}
