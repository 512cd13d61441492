//! Every gradient of every kind of network equals the finite-difference gradient of the batch
//! loss, and every formula, evaluated with its substituted numbers, gives its step's value.

use crate::common;

use bpnn_tutor::engine::Params;
use bpnn_tutor::lesson::{Activation, Layer, Lesson, Loss, Optimizer};
use bpnn_tutor::trace::{Arrays, Batch, Param, Quantity, Trace};
use common::{layer, lesson};
use ndarray::{Array1, Array2};
use proptest::prelude::*;

fn check_gradients(lesson: &Lesson) -> Result<(), TestCaseError> {
    let trace = Trace::new(lesson.clone());
    let record = trace.batch(1, 1);
    let params = trace.initial_params();
    let h = 1e-6;
    for l in 0..lesson.depth() {
        let (rows, cols) = params.layers[l].w().dim();
        let mut entries: Vec<(usize, Option<usize>)> = (0..rows).map(|j| (j, None)).collect();
        entries.extend((0..rows).flat_map(|j| (0..cols).map(move |k| (j, Some(k)))));
        for (j, k) in entries {
            let nudge = |d: f64| {
                let mut p = params.clone();
                match k {
                    Some(k) => {
                        *p.layers[l].at_mut(
                            bpnn_tutor::trace::Tensor::W,
                            &bpnn_tutor::trace::Index::two(j, k),
                        ) += d
                    }
                    None => {
                        *p.layers[l].at_mut(
                            bpnn_tutor::trace::Tensor::B,
                            &bpnn_tutor::trace::Index::one(j),
                        ) += d
                    }
                }
                common::batch_loss(lesson, &p)
            };
            let numeric = (nudge(h) - nudge(-h)) / (2.0 * h);
            let analytic = record.gradient(param(l + 1, j, k));
            let tolerance = 1e-6 * analytic.abs().max(numeric.abs()) + 1e-9;
            prop_assert!(
                (analytic - numeric).abs() <= tolerance,
                "layer {} [{j},{k:?}]: analytic {analytic} vs numeric {numeric}",
                l + 1
            );
        }
    }
    Ok(())
}

fn param(l: usize, j: usize, k: Option<usize>) -> Param {
    match k {
        Some(k) => Param::w(l, j, k),
        None => Param::b(l, j),
    }
}

/// The bits of every parameter after a batch's update.
fn bits_after(batch: &Batch) -> Vec<u64> {
    (1..=batch.depth())
        .flat_map(|l| {
            let w = batch.weights(Arrays::After, l).unwrap();
            let b = batch.biases(Arrays::After, l).unwrap();
            w.iter()
                .chain(b.iter())
                .map(|v| v.to_bits())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn check_formulas(lesson: &Lesson) -> Result<(), TestCaseError> {
    let trace = Trace::new(lesson.clone());
    for epoch in 1..=lesson.epochs {
        for step in trace.steps(epoch, 0..trace.epoch_len()) {
            let f = trace.formula(&step);
            let got = f.rhs.eval();
            let tolerance = 1e-12 * step.value.abs() + 1e-15;
            let same = got == step.value
                || (got.is_nan() && step.value.is_nan())
                || (got - step.value).abs() <= tolerance;
            prop_assert!(
                same,
                "{} (epoch {epoch}): formula gives {got}, step is {}",
                step.name(),
                step.value
            );
            for t in &f.terms {
                let (want, got) = (t.name.eval(), t.definition.eval());
                let same = want == got
                    || (want.is_nan() && got.is_nan())
                    || (want - got).abs() <= 1e-12 * want.abs() + 1e-15;
                prop_assert!(same, "{}: term {want} vs {got}", step.name());
            }
        }
    }
    Ok(())
}

/// Any activation but softmax, which only an output layer for cross-entropy has.
fn any_activation() -> impl Strategy<Value = Activation> + Clone {
    prop_oneof![
        Just(Activation::Sigmoid),
        Just(Activation::Tanh),
        Just(Activation::Relu),
        Just(Activation::LeakyRelu),
        Just(Activation::Identity),
    ]
}

/// Any of the four losses.
fn any_loss() -> impl Strategy<Value = Loss> {
    prop_oneof![
        Just(Loss::HalfSse),
        Just(Loss::Mse),
        Just(Loss::Bce),
        Just(Loss::CrossEntropy)
    ]
}

/// A random network for one of the four losses, with an output layer that suits it.
fn network() -> impl Strategy<Value = Lesson> {
    network_scaled(1.0)
}

/// The same with weights and biases `scale` times larger: at 200, weighted inputs reach the
/// hundreds, where sigmoid and tanh round to 0 and ±1, softmax outputs underflow and
/// PyTorch's clamps act.
fn network_scaled(scale: f64) -> impl Strategy<Value = Lesson> {
    let hidden_act = any_activation();
    let loss = any_loss();
    let optimizer = prop_oneof![
        (0.01f64..1.0).prop_map(|lr| Optimizer::Sgd {
            learning_rate: lr,
            momentum: 0.0
        }),
        (0.01f64..1.0, 0.1f64..0.99).prop_map(|(lr, m)| Optimizer::Sgd {
            learning_rate: lr,
            momentum: m
        }),
        (0.001f64..0.1).prop_map(|lr| Optimizer::Adam {
            learning_rate: lr,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8
        }),
    ];
    (
        1usize..4,
        prop::collection::vec((1usize..4, hidden_act.clone()), 0..3),
        (1usize..4, hidden_act),
        loss,
        optimizer,
        1usize..5,
        1usize..5,
        any::<u64>(),
    )
        .prop_map(
            move |(inputs, hidden, (outputs, out_act), loss, optimizer, samples, batch, seed)| {
                let out_act = match loss {
                    Loss::Bce => Activation::Sigmoid,
                    Loss::CrossEntropy => Activation::Softmax,
                    _ => out_act,
                };
                let outputs = if loss == Loss::CrossEntropy {
                    outputs.max(2)
                } else {
                    outputs
                };
                let mut rng = seed;
                let mut next = move || {
                    // SplitMix64: a tiny portable generator for test data.
                    rng = rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
                    let mut z = rng;
                    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                    ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
                };
                let mut widths = vec![inputs];
                let mut layers: Vec<Layer> = Vec::new();
                for (n, act) in hidden.into_iter().chain([(outputs, out_act)]) {
                    let n_in = *widths.last().unwrap();
                    let w = Array2::from_shape_fn((n, n_in), |_| scale * (2.0 * next() - 1.0));
                    let b = Array1::from_shape_fn(n, |_| scale * (next() - 0.5));
                    layers.push(layer(act, w, b));
                    widths.push(n);
                }
                let data = (0..samples)
                    .map(|_| {
                        let x: Vec<f64> = (0..inputs).map(|_| 4.0 * next() - 2.0).collect();
                        let y: Vec<f64> = match loss {
                            Loss::CrossEntropy => {
                                let c = (next() * outputs as f64) as usize % outputs;
                                (0..outputs).map(|j| f64::from(u8::from(j == c))).collect()
                            }
                            Loss::Bce => (0..outputs).map(|_| next()).collect(),
                            _ => (0..outputs).map(|_| 2.0 * next() - 1.0).collect(),
                        };
                        (x, y)
                    })
                    .collect();
                lesson(inputs, layers, loss, optimizer, 2, batch.min(samples), data)
            },
        )
}

/// ReLU's kink makes finite differences meaningless within h of z = 0.
fn away_from_kinks(lesson: &Lesson) -> bool {
    let trace = Trace::new(lesson.clone());
    let record = trace.batch(1, 1);
    record.samples().all(|s| {
        lesson.layers.iter().enumerate().all(|(l, layer)| {
            !matches!(layer.activation(), Activation::Relu | Activation::LeakyRelu)
                || s.zs(l + 1).iter().all(|z| z.abs() > 1e-4)
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn gradients_equal_finite_differences(lesson in network()) {
        prop_assume!(away_from_kinks(&lesson));
        check_gradients(&lesson)?;
    }

    #[test]
    fn substituted_formulas_give_the_values(lesson in network()) {
        check_formulas(&lesson)?;
    }

    /// At saturation too: clamps, shifted softmax and log-softmax losses evaluate exactly.
    #[test]
    fn substituted_formulas_give_the_values_when_saturated(lesson in network_scaled(200.0)) {
        check_formulas(&lesson)?;
    }

    /// Training without recording takes shortcuts; re-running each batch with recording
    /// must land on exactly the same parameters, bit for bit.
    #[test]
    fn recording_and_training_agree_bit_for_bit(lesson in network()) {
        let trace = Trace::new(lesson.clone());
        let last = trace.batch(lesson.epochs, lesson.batches_per_epoch());
        prop_assert_eq!(bits_after(&last), bits(&trace.final_params()));
        // As `train` trains: whole epochs at a time, fused where the online path applies.
        let trained = bpnn_tutor::trace::train(&lesson).into_state().params;
        prop_assert_eq!(bits_after(&last), bits(&trained));
    }
}

/// A network with layers of 30 to 70 neurons (so the blocked loops of 16 and 32 neurons run
/// whole blocks and remainder rows), trained by online plain SGD: the driver's fused path.
fn wide_network() -> impl Strategy<Value = Lesson> {
    let act = any_activation();
    let loss = any_loss();
    (
        30usize..=70,
        prop::collection::vec((30usize..=70, act.clone()), 1..3),
        (30usize..=70, act),
        loss,
        0.01f64..0.5,
        any::<u64>(),
    )
        .prop_map(|(inputs, hidden, (outputs, out_act), loss, lr, seed)| {
            let out_act = match loss {
                Loss::Bce => Activation::Sigmoid,
                Loss::CrossEntropy => Activation::Softmax,
                _ => out_act,
            };
            let mut next = splitmix(seed);
            let mut widths = vec![inputs];
            let mut layers = Vec::new();
            for (n, act) in hidden.into_iter().chain([(outputs, out_act)]) {
                let n_in = *widths.last().unwrap();
                let scale = 2.0 / (n_in as f64).sqrt();
                let w = Array2::from_shape_fn((n, n_in), |_| scale * (next() - 0.5));
                let b = Array1::from_shape_fn(n, |_| next() - 0.5);
                layers.push(layer(act, w, b));
                widths.push(n);
            }
            let data = (0..5)
                .map(|_| {
                    let x = (0..inputs).map(|_| 2.0 * next() - 1.0).collect();
                    let y = match loss {
                        Loss::CrossEntropy => {
                            let c = (next() * outputs as f64) as usize % outputs;
                            (0..outputs).map(|j| f64::from(u8::from(j == c))).collect()
                        }
                        _ => (0..outputs).map(|_| next()).collect(),
                    };
                    (x, y)
                })
                .collect();
            lesson(inputs, layers, loss, common::sgd(lr), 2, 1, data)
        })
}

/// SplitMix64 as uniform numbers in [0, 1): a tiny portable generator for test data.
fn splitmix(seed: u64) -> impl FnMut() -> f64 {
    let mut state = seed;
    move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn bits(p: &Params) -> Vec<u64> {
    p.layers
        .iter()
        .flat_map(|l| {
            l.tensors
                .iter()
                .flat_map(|(_, t)| t.iter().map(|v| v.to_bits()))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    /// Wide layers: training as `train` does (the driver fuses each update with the next
    /// sample's forward pass across a whole epoch) lands on exactly the parameters and epoch
    /// losses of the trace, whose last batch is recorded through the general path.
    #[test]
    fn wide_layers_fused_and_recorded_paths_agree_bit_for_bit(lesson in wide_network()) {
        let mut driver = bpnn_tutor::trace::Driver::new(&lesson);
        let mut losses = Vec::new();
        while let Some(loss) = driver.epoch(&lesson) {
            losses.push(loss);
        }
        let trace = Trace::new(lesson.clone());
        let last = trace.batch(lesson.epochs, lesson.batches_per_epoch());
        prop_assert_eq!(bits_after(&last), bits(&driver.state().params));
        for (e, loss) in losses.iter().enumerate() {
            prop_assert_eq!(loss.to_bits(), trace.epoch_summary(e + 1).loss.to_bits());
        }
    }
}

#[test]
fn plain_sgd_one_sample_batches_match_the_general_path() {
    // Momentum 0 and batch 1 take the fused path; the same lesson recorded batch by batch
    // goes through the gradient buffer. Both must give the same bits after many steps.
    let lesson = common::classic(50, true);
    let trace = Trace::new(lesson);
    let recorded = bits_after(&trace.batch(50, 1));
    let fast: Vec<u64> = trace
        .final_params()
        .layers
        .iter()
        .flat_map(|l| {
            l.tensors
                .iter()
                .flat_map(|(_, t)| t.iter().map(|v| v.to_bits()))
        })
        .collect();
    assert_eq!(recorded, fast);
}

#[test]
fn frozen_layers_and_biases_do_not_move() {
    let mut l1 = layer(
        Activation::Tanh,
        ndarray::arr2(&[[0.3, -0.2]]),
        ndarray::arr1(&[0.1]),
    );
    l1.trainable = false;
    let mut l2 = layer(
        Activation::Sigmoid,
        ndarray::arr2(&[[0.7]]),
        ndarray::arr1(&[-0.4]),
    );
    l2.train_biases = false;
    let lesson = lesson(
        2,
        vec![l1, l2],
        Loss::HalfSse,
        common::sgd(0.5),
        3,
        1,
        vec![(vec![1.0, 1.0], vec![0.9])],
    );
    let trace = Trace::new(lesson);
    let p = trace.final_params();
    assert_eq!(p.layers[0].w(), ndarray::arr2(&[[0.3, -0.2]]));
    assert_eq!(p.layers[0].b()[0], 0.1);
    assert_eq!(p.layers[1].b()[0], -0.4);
    assert_ne!(p.layers[1].w()[[0, 0]], 0.7);
    // Only w(2)[1,1] is updated, so the update phase has exactly one step.
    let updates: Vec<String> = trace
        .steps(1, 0..trace.epoch_len())
        .filter(|s| s.id.quantity.phase() == bpnn_tutor::trace::Phase::Update)
        .map(|s| s.name())
        .collect();
    assert_eq!(updates, ["w(2)[1,1]"]);
    assert!(Quantity::W.phase() == bpnn_tutor::trace::Phase::Update);
}
