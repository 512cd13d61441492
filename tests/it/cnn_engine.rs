//! Convolutional networks in the engine and the trace: every construct agrees with the
//! independent reference (`common/cnn_reference.rs`), every gradient with finite differences
//! of the loss, every formula evaluates to its step's value; a convolution worked by hand and
//! numbers computed with PyTorch float64 hold; the step names of the design contract find
//! their numbers.

use crate::common::{self, cnn_lessons, cnn_reference};

use bpnn_tutor::engine::Params;
use bpnn_tutor::lesson::{Activation, Lesson};
use bpnn_tutor::notation::{Digits, Notation};
use bpnn_tutor::trace::{Index, Param, Quantity, Step, StepId, Style, Trace};
use proptest::prelude::*;

/// |a − b| within `rel` of the larger, or within 1e-13 near 0 (sums taken in other orders).
fn close(a: f64, b: f64, rel: f64) -> bool {
    a == b || (a - b).abs() <= rel * a.abs().max(b.abs()) + 1e-13
}

/// The reference's number for a step of the first epoch.
fn reference_value(run: &cnn_reference::Run, lesson: &Lesson, step: &Step) -> f64 {
    let v = &run.first_epoch[step.sample().unwrap() - 1];
    let id = step.id;
    let l = id.layer;
    let flat = |dims: &[usize]| id.ix.offset_in(dims).unwrap();
    match id.quantity {
        Quantity::Loss => v.loss,
        Quantity::Z => v.z[l - 1][flat(&lesson.shape(l).dims())],
        Quantity::A => v.a[l][flat(&lesson.shape(l).dims())],
        Quantity::Delta => v.delta[l - 1][flat(&lesson.shape(l).dims())],
        Quantity::Grad(t) => {
            let specs = lesson.layers[l - 1].specs();
            let i = specs.iter().position(|s| s.tensor == t).unwrap();
            v.grad[l - 1][i][flat(&specs[i].dims)]
        }
        q => unreachable!("{q:?} is not a sample's step"),
    }
}

/// The flat parameters of a trained network.
fn flat(p: &Params) -> Vec<f64> {
    p.layers
        .iter()
        .flat_map(|l| l.tensors.iter().flat_map(|(_, t)| t.iter().copied()))
        .collect()
}

fn agrees_with_reference(name: &str, lesson: &Lesson) {
    let trace = Trace::new(lesson.clone());
    let run = cnn_reference::train(lesson);
    for e in 1..=lesson.epochs {
        let (ours, theirs) = (trace.epoch_summary(e).loss, run.epoch_losses[e - 1]);
        assert!(
            close(ours, theirs, 1e-12),
            "{name}: epoch {e} loss {ours} vs {theirs}"
        );
    }
    let layout = trace.layout();
    let samples = layout.samples() * layout.steps_per_sample();
    let mut checked = 0;
    for step in trace.steps(1, 0..trace.epoch_len()) {
        if step.sample().is_none() {
            continue;
        }
        let want = reference_value(&run, lesson, &step);
        assert!(
            close(step.value, want, 1e-11),
            "{name}: {} of sample {:?}: {} vs reference {want}",
            step.name(),
            step.sample(),
            step.value
        );
        checked += 1;
    }
    assert_eq!(checked, samples, "{name}");
    let ours = flat(&trace.final_params());
    let theirs: Vec<f64> = run.params.iter().flatten().flatten().copied().collect();
    assert_eq!(ours.len(), theirs.len());
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert!(
            close(*a, *b, 1e-11),
            "{name}: final parameter {i}: {a} vs {b}"
        );
    }
}

#[test]
fn every_construct_agrees_with_the_reference() {
    for (name, lesson) in cnn_lessons::all() {
        agrees_with_reference(name, &lesson);
    }
}

/// Does a formula's value `got` give its step's value? Exactly for the steps of the layers of
/// a convolutional network; within 1e-12 for a dense layer's and the loss, as the shared
/// property test holds them (a softmax is evaluated in another order).
fn evaluates(lesson: &Lesson, step: &Step, got: f64) -> bool {
    let want = step.value;
    let exact = step.id.layer > 0
        && step.id.phase() != bpnn_tutor::trace::Phase::Update
        && !lesson.layers[step.id.layer - 1].is_dense();
    got == want
        || (got.is_nan() && want.is_nan())
        || (!exact && (got - want).abs() <= 1e-12 * want.abs() + 1e-15)
}

/// The bundled convolutional lessons too (LeNet on its first three images, for one epoch).
#[test]
fn every_bundled_convolutional_lesson_agrees_with_the_reference() {
    for b in bpnn_tutor::lesson::bundled::LESSONS.all() {
        let mut lesson = b.load().unwrap();
        // Images only: dense lessons have their reference in `independent`, recurrent ones in
        // `recurrent`, transformers theirs in `transformer`.
        if lesson.all_dense()
            || crate::common::has_recurrent(&lesson)
            || bpnn_tutor::layers::diagram::applies(&lesson)
        {
            continue;
        }
        if b.name == "lenet_sized" {
            lesson.data.truncate(3);
            lesson.epochs = 1;
        }
        agrees_with_reference(b.name, &lesson);
    }
}

#[test]
fn every_formula_evaluates_to_its_value() {
    for (name, lesson) in cnn_lessons::all() {
        let trace = Trace::new(lesson.clone());
        for epoch in 1..=lesson.epochs {
            for step in trace.steps(epoch, 0..trace.epoch_len()) {
                let f = trace.formula(&step);
                let got = f.rhs.eval();
                assert!(
                    evaluates(&lesson, &step, got),
                    "{name}: {} (epoch {epoch}): formula gives {got}, step is {}",
                    step.name(),
                    step.value
                );
                for t in &f.terms {
                    assert_eq!(
                        t.name.eval(),
                        t.definition.eval(),
                        "{name}: {}",
                        step.name()
                    );
                }
            }
        }
    }
}

/// Is any ReLU's z of the first batch within 1e-4 of its kink, or any max pool's window
/// within 1e-4 of a tie? Finite differences cannot be trusted there.
fn near_a_kink(lesson: &Lesson) -> bool {
    let trace = Trace::new(lesson.clone());
    let batch = trace.batch(1, 1);
    batch.samples().any(|s| {
        lesson.layers.iter().enumerate().any(|(i, layer)| {
            matches!(layer.activation(), Activation::Relu | Activation::LeakyRelu)
                && s.zs(i + 1).iter().any(|z| z.abs() < 1e-4)
        })
    })
}

#[test]
fn every_gradient_matches_finite_differences() {
    for (name, lesson) in cnn_lessons::all() {
        assert!(
            !near_a_kink(&lesson),
            "{name}: choose a seed away from the kinks"
        );
        let trace = Trace::new(lesson.clone());
        let batch = trace.batch(1, 1);
        let params = trace.initial_params();
        let h = 1e-6;
        for (l, layer) in lesson.layers.iter().enumerate() {
            for spec in layer.specs() {
                for k in 0..spec.len() {
                    let ix = Index::at_offset(k, &spec.dims);
                    let nudged = |d: f64| {
                        let mut p = params.clone();
                        *p.layers[l].at_mut(spec.tensor, &ix) += d;
                        common::batch_loss(&lesson, &p)
                    };
                    let numeric = (nudged(h) - nudged(-h)) / (2.0 * h);
                    let analytic = batch.gradient(Param {
                        l: l + 1,
                        tensor: spec.tensor,
                        ix,
                    });
                    let tolerance = 1e-6 * analytic.abs().max(numeric.abs()) + 1e-9;
                    assert!(
                        (analytic - numeric).abs() <= tolerance,
                        "{name}: layer {} {:?}{ix:?}: backprop {analytic}, finite differences {numeric}",
                        l + 1,
                        spec.tensor
                    );
                }
            }
        }
    }
}

/// A convolution worked by hand: the image 1..9 row by row, the kernel [[1, 0], [0, −1]] and
/// bias 0.5. Cross-correlation reads x[i][j] − x[i+1][j+1] + 0.5 = −4 + 0.5 = −3.5 for every
/// output (a true convolution would read x[i+1][j+1] − x[i][j] + 0.5 = 4.5). The max pool
/// over the 2×2 map has four equal numbers: the first (row 1, column 1) is the maximum and
/// alone gets the gradient, as PyTorch's max pool routes it.
#[test]
fn a_convolution_by_hand() {
    let lesson = cnn_lessons::parse(
        r#"
[lesson]
title = "by hand"
[network]
inputs = [1, 3, 3]
[[network.layer]]
kind = "conv2d"
channels = 1
kernel = 2
weights = [[[[1, 0], [0, -1]]]]
biases = [0.5]
[[network.layer]]
kind = "maxpool2d"
kernel = 2
[[network.layer]]
kind = "flatten"
[training]
loss = "half_sse"
optimizer = { kind = "sgd", learning_rate = 0.1 }
epochs = 1
[[data]]
input = [[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]
target = [-1.5]
"#,
    );
    let trace = Trace::new(lesson);
    let at = |name: &str| {
        let id = trace.parse_step(name).unwrap();
        trace.find(&common::key(1, id, 1)).unwrap().value
    };
    for cell in ["z(1)[1,1,1]", "z(1)[1,1,2]", "z(1)[1,2,1]", "z(1)[1,2,2]"] {
        assert_eq!(at(cell), -3.5, "{cell}");
    }
    assert_eq!(at("a(2)[1,1,1]"), -3.5);
    assert_eq!(at("a(3)[1]"), -3.5);
    // ½(a − y)² with a − y = −2: loss 2, δ = ∂L/∂a = −2.
    assert_eq!(at("loss"), 2.0);
    assert_eq!(at("delta(3)[1]"), -2.0);
    assert_eq!(at("delta(2)[1,1,1]"), -2.0);
    // The first maximum takes it all; the other three get 0.
    assert_eq!(at("delta(1)[1,1,1]"), -2.0);
    for cell in ["delta(1)[1,1,2]", "delta(1)[1,2,1]", "delta(1)[1,2,2]"] {
        assert_eq!(at(cell), 0.0, "{cell}");
    }
    // ∂L/∂w[u,v] = Σ δ[i,j]·x[i+u][j+v] = −2·x[u][v] (only δ[1,1] is not 0); ∂L/∂b = −2.
    assert_eq!(at("dw(1)[1,1,1,1]"), -2.0);
    assert_eq!(at("dw(1)[1,1,1,2]"), -4.0);
    assert_eq!(at("dw(1)[1,1,2,1]"), -8.0);
    assert_eq!(at("dw(1)[1,1,2,2]"), -10.0);
    assert_eq!(at("db(1)[1]"), -2.0);
    // w ← w − 0.1·g: 1 + 0.2, 0 + 0.4, 0 + 0.8, −1 + 1.
    assert_eq!(at("w(1)[1,1,1,1]"), 1.2);
    assert_eq!(at("w(1)[1,1,1,2]"), 0.4);
    assert_eq!(at("w(1)[1,1,2,1]"), 0.8);
    assert_eq!(at("w(1)[1,1,2,2]"), 0.0);
}

/// Padding and stride by hand: a 1×3×3 image of ones, a 3×3 kernel of ones, padding 1 and
/// stride 2 give the 2×2 outputs at the corners of the padded 5×5 grid, each window holding
/// 4 of the image's ones (and 5 of the padding's zeros): z = 4 + b.
#[test]
fn padding_and_stride_by_hand() {
    let lesson = cnn_lessons::parse(
        r#"
[lesson]
title = "padding"
[network]
inputs = [1, 3, 3]
[[network.layer]]
kind = "conv2d"
channels = 1
kernel = 3
stride = 2
padding = 1
weights = [[[[1, 1, 1], [1, 1, 1], [1, 1, 1]]]]
biases = [0.25]
[[network.layer]]
kind = "flatten"
[training]
loss = "half_sse"
optimizer = { kind = "sgd", learning_rate = 0.1 }
epochs = 1
[[data]]
input = [1, 1, 1, 1, 1, 1, 1, 1, 1]
target = [0, 0, 0, 0]
"#,
    );
    assert_eq!(lesson.layers[0].output.dims(), vec![1, 2, 2]);
    let trace = Trace::new(lesson);
    for cell in ["z(1)[1,1,1]", "z(1)[1,1,2]", "z(1)[1,2,1]", "z(1)[1,2,2]"] {
        let id = trace.parse_step(cell).unwrap();
        let step = trace.find(&common::key(1, id, 1)).unwrap();
        assert_eq!(step.value, 4.25, "{cell}");
        // The window's padding cells are written as the 0s they are.
        let style = Style {
            max_terms: usize::MAX,
            ..Style::new(Notation::Ascii, Digits::Full)
        };
        let written = trace.formula(&step).substituted(style);
        // Five of the nine products are 1·0, the padding's zeros.
        assert_eq!(written.matches("1*0").count(), 5, "{cell}: {written}");
    }
}

/// Numbers of the first hand-worked lesson (`cnn_first`), computed with PyTorch 2.15 float64:
/// nn.Conv2d(1, 1, 3), ReLU, nn.MaxPool2d(2), nn.Flatten, nn.Linear(4, 2) and
/// CrossEntropyLoss, with the lesson's weights and images, SGD(lr=0.3), one image per step.
#[test]
fn the_first_lesson_agrees_with_pytorch() {
    let lesson = bpnn_tutor::lesson::bundled::LESSONS
        .find("cnn_first")
        .unwrap()
        .load()
        .unwrap();
    let trace = Trace::new(lesson);
    let value = |epoch: usize, name: &str, n: usize| {
        let id = trace.parse_step(name).unwrap();
        trace.find(&common::key(epoch, id, n)).unwrap().value
    };
    let pytorch = [
        (1, "loss", 1, PT_LOSS_1),
        (1, "delta(1)[1,2,2]", 1, PT_DELTA_1_122),
        (1, "dw(1)[1,1,2,2]", 1, PT_DW_1_1122),
        (1, "db(4)[2]", 1, PT_DB_4_2),
        (1, "w(1)[1,1,3,3]", 4, PT_W_1_1133_AFTER_4),
    ];
    for (epoch, name, n, want) in pytorch {
        let got = value(epoch, name, n);
        assert!(close(got, want, 1e-12), "{name}: {got} vs PyTorch {want}");
    }
    assert!(close(trace.epoch_summary(1).loss, PT_EPOCH_1, 1e-12));
    assert!(close(trace.epoch_summary(20).loss, PT_EPOCH_20, 1e-10));
}

// Printed by PyTorch 2.15, float64, for the network of the test above: the loss and
// z₁.grad[0,0,1,1] (δ⁽¹⁾ after retain_grad), conv.weight.grad[0,0,1,1] and lin.bias.grad[1] of
// image 1; conv.weight[0,0,2,2] after the fourth step; the mean of the 4 losses of epochs 1
// and 20.
const PT_LOSS_1: f64 = 0.5354520996139418;
const PT_DELTA_1_122: f64 = -0.16583817234821394;
const PT_DW_1_1122: f64 = -0.08291908617410695;
const PT_DB_4_2: f64 = 0.4145954308705349;
const PT_W_1_1133_AFTER_4: f64 = -0.28062475096590717;
const PT_EPOCH_1: f64 = 0.9312479477425641;
const PT_EPOCH_20: f64 = 0.04935774491769919;

#[test]
fn step_names_of_the_design_contract_find_their_numbers() {
    let (_, lesson) = cnn_lessons::all().remove(1);
    let trace = Trace::new(lesson);
    // Layer 1 is a convolution of 2 channels into 3, 3×3, stride 2, padding 1, on 7×7: 4×4.
    for (name, quantity, ix) in [
        ("z(1)[3,4,4]", Quantity::Z, vec![2, 3, 3]),
        ("a(1)[1,2,3]", Quantity::A, vec![0, 1, 2]),
        ("delta(1)[2,1,1]", Quantity::Delta, vec![1, 0, 0]),
        ("dw(1)[3,2,3,1]", Quantity::DW, vec![2, 1, 2, 0]),
        ("db(1)[3]", Quantity::DB, vec![2]),
        ("a(2)[3,2,2]", Quantity::A, vec![2, 1, 1]),
        ("delta(2)[1,1,2]", Quantity::Delta, vec![0, 0, 1]),
        ("a(3)[12]", Quantity::A, vec![11]),
    ] {
        let id = trace.parse_step(name).unwrap();
        assert_eq!(id, StepId::new(quantity, id.layer, &ix), "{name}");
        assert!(trace.find(&common::key(1, id, 1)).is_some(), "{name}");
        assert_eq!(id.to_string(), name);
    }
    for name in ["w(1)[1,2,3,3]", "b(1)[2]", "m(1)[1,1,1,1]", "vhat(1)[3]"] {
        let id = trace.parse_step(name).unwrap();
        assert!(trace.find(&common::key(1, id, 1)).is_some(), "{name}");
    }
    // Indices past the shapes are not steps.
    for name in ["z(1)[4,1,1]", "a(2)[1,3,1]", "dw(1)[1,3,1,1]", "w(2)[1,1]"] {
        let id = trace.parse_step(name).unwrap();
        assert!(trace.find(&common::key(1, id, 1)).is_none(), "{name}");
    }
}

fn small_cnn() -> impl Strategy<Value = String> {
    let act = prop_oneof![
        Just("sigmoid"),
        Just("tanh"),
        Just("relu"),
        Just("leaky_relu"),
        Just("identity")
    ];
    (
        (1usize..=2, 3usize..=7, 3usize..=7),
        (1usize..=3, 1usize..=3, 1usize..=2, 0usize..=1, act),
        prop::option::of((any::<bool>(), 1usize..=2, 1usize..=2)),
        (any::<u64>(), 1usize..=3, any::<bool>()),
    )
        .prop_filter_map(
            "the kernel fits",
            |((c, h, w), (o, k, s, p, act), pool, (seed, batch, adam))| {
                let (oh, ow) = ((h + 2 * p).checked_sub(k)? / s + 1, (w + 2 * p).checked_sub(k)? / s + 1);
                let mut layers = format!(
                    "[[network.layer]]\nkind = \"conv2d\"\nchannels = {o}\nkernel = {k}\nstride = {s}\npadding = {p}\nactivation = \"{act}\"\n"
                );
                if let Some((max, pk, ps)) = pool {
                    if pk > oh || pk > ow {
                        return None;
                    }
                    let kind = if max { "maxpool2d" } else { "avgpool2d" };
                    layers.push_str(&format!(
                        "[[network.layer]]\nkind = \"{kind}\"\nkernel = {pk}\nstride = {ps}\n"
                    ));
                }
                layers.push_str("[[network.layer]]\nkind = \"flatten\"\n[[network.layer]]\nneurons = 2\nactivation = \"softmax\"\n");
                let optimizer = if adam {
                    "{ kind = \"adam\", learning_rate = 0.01 }"
                } else {
                    "{ kind = \"sgd\", learning_rate = 0.1, momentum = 0.5 }"
                };
                Some(cnn_lessons::text(
                    "random",
                    &format!("inputs = [{c}, {h}, {w}]\ninit = {{ scheme = \"he_uniform\", seed = {} }}\n{layers}", seed % 1000),
                    &format!("loss = \"cross_entropy\"\noptimizer = {optimizer}\nepochs = 2\nbatch_size = {batch}"),
                    "[0.0, 1.0]",
                ))
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Random small networks: the reference agrees, and every formula gives its value.
    #[test]
    fn random_networks_agree_and_their_formulas_evaluate(text in small_cnn()) {
        let lesson = cnn_lessons::parse(&text);
        agrees_with_reference("random", &lesson);
        let trace = Trace::new(lesson.clone());
        for step in trace.steps(1, 0..trace.epoch_len()) {
            let got = trace.formula(&step).rhs.eval();
            prop_assert!(evaluates(&lesson, &step, got),
                "{}: {got} vs {}\n{text}", step.name(), step.value);
        }
    }
}

/// The JSON export names every number of a convolution by its indices, from 1, gives each
/// layer's settings, and its parameters under the lesson's keys with the lesson's nesting (a
/// layer without parameters is `{}`).
#[test]
fn the_json_export_names_numbers_by_their_indices() {
    let (_, lesson) = cnn_lessons::all().remove(1);
    let trace = Trace::new(lesson);
    let selection = bpnn_tutor::export::Selection {
        epochs: 1..=1,
        samples: Some(1..=1),
    };
    let mut out = Vec::new();
    bpnn_tutor::export::json::write(&trace, &selection, &Default::default(), &mut out).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let step = |name: &str| {
        doc["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    let dw = step("dw(1)[3,2,1,3]");
    assert_eq!(dw["indices"], serde_json::json!([3, 2, 1, 3]));
    assert_eq!(dw["quantity"], "dw");
    assert_eq!(dw["layer"], 1);
    // j and k are integer columns, 0 for a layer that is not dense on a vector.
    assert_eq!(
        (&dw["j"], &dw["k"]),
        (&serde_json::json!(0), &serde_json::json!(0))
    );
    assert_eq!(step("a(2)[3,2,1]")["indices"], serde_json::json!([3, 2, 1]));
    assert_eq!(step("z(4)[2]")["j"], 2);
    let layers = &doc["lesson"]["layers"];
    assert_eq!(layers[0]["kind"], "conv2d");
    assert_eq!(
        (
            &layers[0]["kernel"],
            &layers[0]["stride"],
            &layers[0]["padding"]
        ),
        (
            &serde_json::json!(3),
            &serde_json::json!(2),
            &serde_json::json!(1)
        )
    );
    assert_eq!(layers[1]["kind"], "avgpool2d");
    let initial = &doc["initial"]["layers"];
    // 3 output channels × 2 input channels × 3 × 3, nested as the lesson writes them.
    assert_eq!(initial[0]["weights"].as_array().unwrap().len(), 3);
    assert_eq!(initial[0]["weights"][2][1][2].as_array().unwrap().len(), 3);
    assert_eq!(initial[0]["biases"].as_array().unwrap().len(), 3);
    assert_eq!(initial[1], serde_json::json!({}));
    assert_eq!(initial[2], serde_json::json!({}));
    assert_eq!(
        doc["final"]["layers"][3]["weights"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}
