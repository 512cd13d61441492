//! Recurrent layers (`rnn`, `lstm`) and backpropagation through time: the program against an
//! independent reference (`common::recurrent_reference`) on every bundled recurrent lesson
//! and on random networks — tanh and ReLU, every state or the last, stacked, one sample and
//! batches, SGD, momentum and Adam — on epoch losses, final parameters, every h and c of the
//! first sample and the first batch's gradients; against numbers PyTorch computed; every
//! gradient against finite differences; every formula against its value.

use crate::common::recurrent::{LESSONS, Spec, bundled, lesson_of, optimizer};
use crate::common::recurrent_reference::{self as reference, Params};

use bpnn_tutor::layers::recurrent::Outputs;
use bpnn_tutor::lesson::{Activation, Kind, Lesson, Loss};
use bpnn_tutor::trace::{Arrays, Index, Param, Place, Quantity, StepId, StepKey, Trace};
use proptest::prelude::*;

/// 1e-9 relatively, with a floor for results that cancel to almost nothing.
fn agree(got: f64, want: f64) -> bool {
    got == want || (got - want).abs() <= 1e-9 * want.abs().max(1.0)
}

/// The trace's parameters in the reference's layout: layer → tensor → entries, row-major.
fn trace_params(trace: &Trace, which: Arrays, epoch: usize, batch: usize) -> Params {
    let b = trace.batch(epoch, batch);
    trace
        .lesson()
        .layers
        .iter()
        .enumerate()
        .map(|(i, layer)| {
            layer
                .specs()
                .iter()
                .map(|s| {
                    b.tensor(which, i + 1, s.tensor)
                        .unwrap()
                        .iter()
                        .copied()
                        .collect()
                })
                .collect()
        })
        .collect()
}

fn flat(p: &Params) -> Vec<f64> {
    p.iter().flatten().flatten().copied().collect()
}

/// The trace against the reference: epoch losses, final parameters, the first batch's
/// gradient, and every h and c of the first sample in every epoch.
fn agrees_with_reference(name: &str, lesson: &Lesson) -> Result<(), String> {
    let run = reference::train(lesson);
    let trace = Trace::new(lesson.clone());
    for (e, want) in run.epoch_losses.iter().enumerate() {
        let got = trace.epoch_summary(e + 1).loss;
        if !agree(got, *want) {
            return Err(format!("{name}: epoch {} loss {got} vs {want}", e + 1));
        }
    }
    let last = trace.layout().batches();
    let pairs = [
        (
            "final parameter",
            flat(&trace_params(&trace, Arrays::After, lesson.epochs, last)),
            flat(&run.params),
        ),
        (
            "first batch gradient",
            flat(&trace_params(&trace, Arrays::Gradient, 1, 1)),
            flat(&run.first_gradient),
        ),
    ];
    for (what, got, want) in pairs {
        assert_eq!(got.len(), want.len());
        if let Some(i) = got.iter().zip(&want).position(|(g, w)| !agree(*g, *w)) {
            return Err(format!("{name}: {what} {i}: {} vs {}", got[i], want[i]));
        }
    }
    for (e, layers) in run.states.iter().enumerate() {
        for (l, (hs, cs)) in layers.iter().enumerate() {
            let width = match lesson.layers[l].kind {
                Kind::Rnn(k) => k.hidden,
                Kind::Lstm(k) => k.hidden,
                _ => continue,
            };
            for (q, values) in [(Quantity::H, hs), (Quantity::C, cs)] {
                for (i, want) in values.iter().enumerate() {
                    let id = StepId::new(q, l + 1, &[i / width, i % width]);
                    let key = StepKey {
                        epoch: e + 1,
                        place: Place::Sample(1),
                        id,
                    };
                    let got = trace.find(&key).map(|s| s.value).unwrap_or(f64::NAN);
                    if !agree(got, *want) {
                        return Err(format!("{name}: {id} of epoch {}: {got} vs {want}", e + 1));
                    }
                }
            }
        }
    }
    Ok(())
}

#[test]
fn every_bundled_recurrent_lesson_agrees_with_the_reference() {
    let mut failures = Vec::new();
    for name in LESSONS {
        let mut lesson = bundled(name);
        if name == "lstm_sized" {
            lesson.epochs = 2;
        }
        failures.extend(agrees_with_reference(name, &lesson).err());
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The lesson by hand, number by number, against PyTorch 2.15 in float64: nn.RNN(1, 2) and
/// nn.Linear(2, 1) given the lesson's weights, the output read from the last state, the loss
/// 0.5·(y − 0.2)², autograd, then torch.optim.SGD(lr = 0.5).step(); the values printed with
/// Python's repr.
#[test]
fn the_lesson_by_hand_is_what_pytorch_computes() {
    let trace = Trace::new(bundled("rnn_by_hand"));
    let value = |name: &str| {
        let id = trace.parse_step(name).unwrap();
        trace
            .find(&StepKey {
                epoch: 1,
                place: Place::of(&id, 1),
                id,
            })
            .unwrap()
            .value
    };
    for (name, want) in [
        ("h(1)[1,1]", 0.5370495669980353),
        ("h(1)[1,2]", -0.09966799462495579),
        ("h(1)[2,1]", 0.34858994764167567),
        ("h(1)[2,2]", -0.08708912806662769),
        ("h(1)[3,1]", -0.3799289884419703),
        ("h(1)[3,2]", 0.3834987493857831),
        ("loss", 0.14117007377339436),
        ("dw_ih(1)[1,1]", 0.24864528724472848),
        ("dw_hh(1)[1,1]", -0.1250692029977897),
        ("db_hh(1)[2]", 0.08872839186500098),
        ("w_ih(1)[1,1]", 0.3756773563776358),
        ("w_hh(1)[2,2]", 0.3051870635092445),
    ] {
        let got = value(name);
        assert!(agree(got, want), "{name}: {got} vs PyTorch {want}");
    }
}

/// Any recurrent network of a few layers: rnn (tanh or ReLU) or lstm, every state or the last,
/// stacked or under a dense layer at every position, with an output layer that suits the loss.
fn network() -> impl Strategy<Value = Lesson> {
    network_scaled(0.6)
}

/// The same with weights `scale` times larger (at 20, the gates and tanh saturate).
fn network_scaled(scale: f64) -> impl Strategy<Value = Lesson> {
    let recurrent = prop_oneof![
        (
            prop_oneof![Just(Activation::Tanh), Just(Activation::Relu)],
            1usize..4
        )
            .prop_map(|(a, h)| Spec::Rnn(a, h, Outputs::All)),
        (1usize..4).prop_map(|h| Spec::Lstm(h, Outputs::All)),
    ];
    let loss = prop_oneof![
        Just(Loss::Mse),
        Just(Loss::HalfSse),
        Just(Loss::Bce),
        Just(Loss::CrossEntropy)
    ];
    (
        (1usize..5, 1usize..4),
        prop::collection::vec(recurrent, 1..3),
        (any::<bool>(), any::<bool>(), 1usize..4),
        loss,
        (0usize..3, 1usize..4, 1usize..4),
        any::<u64>(),
    )
        .prop_map(
            move |(
                (t, f),
                mut specs,
                (last, positionwise, out),
                loss,
                (opt, samples, batch),
                seed,
            )| {
                if last {
                    let top = specs.pop().unwrap();
                    specs.push(match top {
                        Spec::Rnn(a, h, _) => Spec::Rnn(a, h, Outputs::Last),
                        Spec::Lstm(h, _) => Spec::Lstm(h, Outputs::Last),
                        d => d,
                    });
                } else if positionwise {
                    specs.push(Spec::Dense(Activation::Tanh, 2));
                }
                let (act, out) = match loss {
                    Loss::Bce => (Activation::Sigmoid, out),
                    Loss::CrossEntropy => (Activation::Softmax, out.max(2)),
                    _ => (Activation::Identity, out),
                };
                specs.push(Spec::Dense(act, out));
                lesson_of(
                    (t, f),
                    &specs,
                    (loss, optimizer(opt)),
                    (2, batch.min(samples), samples),
                    (seed, scale),
                )
            },
        )
}

/// Does a ReLU unit of the first batch sit within 1e-4 of its kink (where finite differences
/// mean nothing)?
fn near_a_kink(lesson: &Lesson) -> bool {
    let trace = Trace::new(lesson.clone());
    let batch = trace.batch(1, 1);
    batch.samples().any(|s| {
        lesson.layers.iter().enumerate().any(|(i, layer)| {
            matches!(layer.kind, Kind::Rnn(k) if k.activation == Activation::Relu)
                && s.numbers(Quantity::Z, i + 1).iter().any(|z| z.abs() < 1e-4)
        })
    })
}

/// Every formula of every epoch, and every named term of it, evaluates to its value.
fn formulas_give_their_values(lesson: &Lesson) -> Result<(), TestCaseError> {
    let trace = Trace::new(lesson.clone());
    for epoch in 1..=lesson.epochs {
        for step in trace.steps(epoch, 0..trace.epoch_len()) {
            let f = trace.formula(&step);
            let got = f.rhs.eval();
            let same = |a: f64, b: f64| {
                a == b || (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-12 * b.abs() + 1e-15
            };
            prop_assert!(
                same(got, step.value),
                "{}: {got} vs {}",
                step.name(),
                step.value
            );
            for t in &f.terms {
                prop_assert!(
                    same(t.name.eval(), t.definition.eval()),
                    "{}: a term",
                    step.name()
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_recurrent_networks_agree_with_the_reference(lesson in network()) {
        prop_assert!(agrees_with_reference("random", &lesson).is_ok(), "{:?}", agrees_with_reference("random", &lesson));
    }

    /// Every formula of two epochs, and every named term of it, evaluates to its value.
    #[test]
    fn every_formula_through_time_gives_its_value(lesson in network()) {
        formulas_give_their_values(&lesson)?;
    }

    /// The same where gates and states saturate.
    #[test]
    fn every_formula_through_time_gives_its_value_when_saturated(lesson in network_scaled(20.0)) {
        formulas_give_their_values(&lesson)?;
    }


    /// Every gradient of the first sample, from backpropagation through time, against the
    /// central difference of the sample's loss (the trace's own gradient check, and the
    /// reference's loss as a second opinion).
    #[test]
    fn every_gradient_through_time_is_the_finite_difference(lesson in network()) {
        prop_assume!(!near_a_kink(&lesson));
        let trace = Trace::new(lesson.clone());
        let start = trace.layout().start(Place::Sample(1));
        let p0 = reference::initial(&lesson);
        for step in trace.steps(1, start..start + trace.layout().steps_per_sample()) {
            let Some(check) = trace.gradient_check(&step) else { continue };
            let tolerance = 1e-5 * check.analytic.abs().max(check.numerical.abs()) + 1e-8;
            prop_assert!((check.analytic - check.numerical).abs() <= tolerance,
                "{}: {} vs {}", step.name(), check.analytic, check.numerical);
            // The same derivative of the reference's loss.
            let p = step.id.param().unwrap();
            let spec = lesson.layers[p.l - 1].specs().iter().position(|s| s.tensor == p.tensor).unwrap();
            let dims = &lesson.layers[p.l - 1].specs()[spec].dims;
            let at = p.ix.offset_in(dims).unwrap();
            let h = 1e-6;
            let nudged = |d: f64| {
                let mut q = p0.clone();
                q[p.l - 1][spec][at] += d;
                reference::sample_loss(&lesson, &q, 0)
            };
            let numeric = (nudged(h) - nudged(-h)) / (2.0 * h);
            let tolerance = 1e-5 * check.analytic.abs().max(numeric.abs()) + 1e-8;
            prop_assert!((check.analytic - numeric).abs() <= tolerance,
                "{} against the reference: {} vs {numeric}", step.name(), check.analytic);
        }
    }
}

/// The steps of the lesson by hand, in order: forward t = 1..T, backward t = T..1, the
/// gradients after.
#[test]
fn the_trace_runs_forward_then_back_through_time() {
    let trace = Trace::new(bundled("rnn_by_hand"));
    let names: Vec<String> = trace
        .steps(1, 0..trace.layout().steps_per_sample())
        .map(|s| s.name())
        .collect();
    let at = |n: &str| names.iter().position(|m| m == n).unwrap();
    assert_eq!(
        &names[..4],
        ["z(1)[1,1]", "h(1)[1,1]", "z(1)[1,2]", "h(1)[1,2]"]
    );
    assert!(at("h(1)[3,2]") < at("a(1)[1]") && at("a(1)[2]") < at("z(2)[1]"));
    assert!(at("loss") < at("dh(1)[3,1]"));
    assert!(at("dh(1)[3,1]") < at("delta(1)[3,1]") && at("delta(1)[3,2]") < at("dh(1)[2,1]"));
    assert!(at("delta(1)[1,2]") < at("db_ih(1)[1]"));
    assert_eq!(names.last().unwrap(), "dw_hh(1)[2,2]");
}

/// δ_t = ∂L/∂h_t·f′, with ∂L/∂h_t the sum of its two named parts: worked by hand from the
/// numbers of the lesson of many to many.
#[test]
fn an_error_through_time_is_its_two_parts() {
    let trace = Trace::new(bundled("rnn_next_step"));
    let find = |name: &str| {
        let id = trace.parse_step(name).unwrap();
        let key = StepKey {
            epoch: 1,
            place: Place::of(&id, 1),
            id,
        };
        trace.find(&key).unwrap()
    };
    let v = |name: &str| find(name).value;
    let batch = trace.batch(1, 1);
    let w = |tensor, ix: Index| batch.before(Param { l: 1, tensor, ix });
    let w2 = batch.before(Param::w(2, 0, 0));
    // From the output at step 2: the dense layer's weight times its δ there.
    let from_output = w2 * v("delta(2)[2,1]");
    // From step 3 through W_hh: column 1 of W_hh against δ₃.
    let through = (0..3)
        .map(|r| {
            w(bpnn_tutor::trace::Tensor::WHh, Index::two(r, 0))
                * v(&format!("delta(1)[3,{}]", r + 1))
        })
        .sum::<f64>();
    let dh = v("dh(1)[2,1]");
    assert!(
        agree(dh, from_output + through),
        "{dh} vs {}",
        from_output + through
    );
    let h = v("h(1)[2,1]");
    assert!(agree(v("delta(1)[2,1]"), dh * (1.0 - h * h)));
    // The formula names both parts and reads ∂L/∂h.
    let f = trace.formula(&find("delta(1)[2,1]"));
    let labels: Vec<String> = f
        .terms
        .iter()
        .filter_map(|t| t.label.as_ref().map(|l| l.text()))
        .collect();
    assert_eq!(labels[0], "from the output at step 2");
    assert_eq!(labels[1], "from step 3 through W_hh");
    assert_eq!(labels[2], "their sum, the total derivative dL/dh");
    assert!(
        f.terms[0].definition.eval() == from_output
            || agree(f.terms[0].definition.eval(), from_output)
    );
    assert!(agree(f.terms[1].definition.eval(), through));
    let style = bpnn_tutor::trace::Style::new(
        bpnn_tutor::notation::Notation::Ascii,
        bpnn_tutor::notation::Digits::Full,
    );
    assert_eq!(
        f.symbolic(style),
        "delta(1)[2,1] = dL/dh(1)[2,1]*(1 - h(1)[2,1]^2)"
    );
}

/// ∂L/∂c_t of an LSTM: through h_t, plus ∂L/∂c_{t+1}·f_{t+1}, each part named; the gates read
/// their rows of z in PyTorch's order i, f, g, o.
#[test]
fn the_cell_path_and_the_gate_rows() {
    let trace = Trace::new(bundled("lstm_remembers"));
    let v = |name: &str| {
        let id = trace.parse_step(name).unwrap();
        trace
            .find(&StepKey {
                epoch: 1,
                place: Place::Sample(1),
                id,
            })
            .unwrap()
            .value
    };
    let sigmoid = |z: f64| 1.0 / (1.0 + (-z).exp());
    // Two units: rows 1–2 i, 3–4 f, 5–6 g, 7–8 o.
    assert_eq!(v("i(1)[2,2]"), sigmoid(v("z(1)[2,2]")));
    assert_eq!(v("f(1)[2,2]"), sigmoid(v("z(1)[2,4]")));
    assert_eq!(v("g(1)[2,2]"), v("z(1)[2,6]").tanh());
    assert_eq!(v("o(1)[2,2]"), sigmoid(v("z(1)[2,8]")));
    let c = v("c(1)[3,1]");
    let through = v("dh(1)[3,1]") * v("o(1)[3,1]") * (1.0 - c.tanh().powi(2));
    let carried = v("dc(1)[4,1]") * v("f(1)[4,1]");
    assert!(agree(v("dc(1)[3,1]"), through + carried));
    assert!(agree(
        v("c(1)[2,1]"),
        v("f(1)[2,1]") * v("c(1)[1,1]") + v("i(1)[2,1]") * v("g(1)[2,1]")
    ));
    // The forget gate's δ at the first step: c₀ = 0.
    assert_eq!(v("delta(1)[1,3]"), 0.0);
}

/// A recurrent layer with a residual (its input added to every state) under an LSTM: the
/// program agrees with the reference, which adds it too, and every formula gives its value.
#[test]
fn a_residual_around_a_recurrent_layer() {
    let mut lesson = lesson_of(
        (3, 2),
        &[
            Spec::Rnn(Activation::Tanh, 2, Outputs::All),
            Spec::Lstm(2, Outputs::Last),
            Spec::Dense(Activation::Identity, 1),
        ],
        (Loss::Mse, optimizer(1)),
        (3, 2, 3),
        (41, 0.7),
    );
    lesson.layers[0].residual = Some(0);
    formulas_give_their_values(&lesson).unwrap();
    agrees_with_reference("residual", &lesson).unwrap();
    let trace = Trace::new(lesson.clone());
    let key = |name: &str| StepKey {
        epoch: 1,
        place: Place::Sample(1),
        id: trace.parse_step(name).unwrap(),
    };
    let v = |name: &str| trace.find(&key(name)).unwrap().value;
    // a = h + x at every step.
    assert_eq!(v("a(1)[2,1]"), v("h(1)[2,1]") + lesson.data[0].input[2]);
}
