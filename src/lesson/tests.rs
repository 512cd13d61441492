//! Loader tests against facts known independently of the loader: the published numbers of the
//! flagship lesson, and draws made here directly from the generator the format names.

use ndarray::array;
use rand::SeedableRng;
use rand::distr::Distribution;
use rand::rngs::ChaCha8Rng;
use rand_distr::Uniform;

use super::*;

#[test]
fn flagship_lesson_has_the_published_numbers() {
    let l = bundled::LESSONS
        .find("sigmoid_2layer")
        .unwrap()
        .load()
        .unwrap();
    assert_eq!(l.title, "Two-layer sigmoid network");
    assert_eq!(l.source, "lessons/sigmoid_2layer.toml");
    assert_eq!(l.inputs(), 2);
    assert_eq!(l.depth(), 2);
    let l1 = &l.layers[0];
    let l2 = &l.layers[1];
    assert_eq!(l1.activation(), Activation::Sigmoid);
    assert_eq!(l2.activation(), Activation::Sigmoid);
    assert_eq!(l1.weights(), array![[0.15, 0.20], [0.25, 0.30]]);
    assert_eq!(l1.biases(), array![0.35, 0.35]);
    assert_eq!(l2.weights(), array![[0.40, 0.45], [0.50, 0.55]]);
    assert_eq!(l2.biases(), array![0.60, 0.60]);
    assert!(l1.trainable && l1.train_biases && l2.trainable && l2.train_biases);
    assert_eq!(l.loss, Loss::HalfSse);
    assert_eq!(
        l.optimizer,
        Optimizer::Sgd {
            learning_rate: 0.5,
            momentum: 0.0
        }
    );
    assert_eq!((l.epochs, l.batch_size), (1, 1));
    assert_eq!(l.data.len(), 1);
    assert_eq!(l.data[0].input, array![0.05, 0.10]);
    assert_eq!(l.data[0].target, array![0.01, 0.99]);
    assert!(
        l.summary
            .starts_with("The classic published 2-2-2 worked example")
    );
    assert!(l.notes.forward.is_some() && l.notes.loss.is_some());
    assert!(l.notes.backward.is_some() && l.notes.update.is_some());
}

const MINIMAL: &str = r#"
[lesson]
title = "t"
[network]
inputs = 2
[[network.layer]]
neurons = 1
activation = "identity"
weights = [[1.0, 2.0]]
[training]
loss = "mse"
optimizer = { kind = "sgd" }
[[data]]
input = [1, 2]
target = [3]
[[data]]
input = [4, 5]
target = [6]
[[data]]
input = [7, 8]
target = [9]
"#;

#[test]
fn defaults() {
    let l = parse(MINIMAL, "m.toml").unwrap();
    assert_eq!(l.summary, "");
    assert_eq!(l.notes, Notes::default());
    assert_eq!(l.source, "m.toml");
    // PyTorch's SGD defaults.
    assert_eq!(
        l.optimizer,
        Optimizer::Sgd {
            learning_rate: 0.001,
            momentum: 0.0
        }
    );
    assert_eq!(l.epochs, 1);
    assert_eq!(l.batch_size, 3, "omitted batch size = the whole data set");
    assert_eq!(l.layers[0].biases(), array![0.0]);
    assert!(l.layers[0].trainable && l.layers[0].train_biases);
    // Integers are fine where numbers are expected.
    assert_eq!(l.data[2].input, array![7.0, 8.0]);

    let adam = MINIMAL.replace("{ kind = \"sgd\" }", "{ kind = \"adam\" }");
    assert_eq!(
        parse(&adam, "m.toml").unwrap().optimizer,
        Optimizer::Adam {
            learning_rate: 0.001,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8
        }
    );
}

/// Two layers draw from the network's generator, one from its own.
const INIT: &str = r#"
[lesson]
title = "init"
[network]
inputs = 2
init = { scheme = "uniform", low = 0.0, high = 1.0, seed = 9 }
[[network.layer]]
neurons = 3
activation = "relu"
[[network.layer]]
neurons = 2
activation = "tanh"
init = { scheme = "uniform", low = -2.0, high = 2.0, seed = 5 }
[[network.layer]]
neurons = 1
activation = "sigmoid"
biases = 0.25
[training]
loss = "bce"
optimizer = { kind = "adam", learning_rate = 0.01 }
epochs = 3
[generate]
samples = 4
distribution = "uniform"
low = -1.0
high = 1.0
seed = 42
target = [1.0]
"#;

fn stream(seed: u64, low: f64, high: f64, n: usize) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let u = Uniform::new(low, high).unwrap();
    (0..n).map(|_| u.sample(&mut rng)).collect()
}

#[test]
fn weights_are_drawn_in_the_documented_order() {
    let l = parse(INIT, "init.toml").unwrap();
    let shared = stream(9, 0.0, 1.0, 8);
    let own = stream(5, -2.0, 2.0, 6);
    // Layer 1 (3×2): the shared stream's first six draws, row by row.
    assert_eq!(
        l.layers[0].weights().iter().copied().collect::<Vec<_>>(),
        shared[..6]
    );
    assert_eq!(l.layers[0].weights()[[1, 0]], shared[2]);
    // Layer 2 (2×3): its own generator.
    assert_eq!(
        l.layers[1].weights().iter().copied().collect::<Vec<_>>(),
        own
    );
    // Layer 3 (1×2): the shared stream continues where layer 1 stopped.
    assert_eq!(
        l.layers[2].weights().iter().copied().collect::<Vec<_>>(),
        shared[6..]
    );
    assert_eq!(l.layers[2].biases(), array![0.25]);
    assert_eq!(l.layers[0].biases(), array![0.0, 0.0, 0.0]);
}

#[test]
fn generated_inputs_are_drawn_sample_by_sample() {
    let l = parse(INIT, "init.toml").unwrap();
    let xs = stream(42, -1.0, 1.0, 8);
    assert_eq!(l.data.len(), 4);
    for (s, sample) in l.data.iter().enumerate() {
        assert_eq!(sample.input.to_vec(), xs[2 * s..2 * s + 2]);
        assert_eq!(sample.target, array![1.0]);
    }
    assert_eq!(l.batch_size, 4);
}

#[test]
fn default_init_is_xavier_uniform_with_seed_0() {
    let without = MINIMAL.replace("weights = [[1.0, 2.0]]\n", "");
    let with = without.replace(
        "inputs = 2\n",
        "inputs = 2\ninit = { scheme = \"xavier_uniform\", seed = 0 }\n",
    );
    let other_seed = with.replace("seed = 0", "seed = 1");
    let a = parse(&without, "a").unwrap().layers[0].weights().to_owned();
    let b = parse(&with, "a").unwrap().layers[0].weights().to_owned();
    let c = parse(&other_seed, "a").unwrap().layers[0]
        .weights()
        .to_owned();
    assert_eq!(a, b);
    assert_ne!(a, c);
    // fan_in 2, fan_out 1: a = √(6/3) = √2.
    assert!(a.iter().all(|w| w.abs() <= 2f64.sqrt()));
    assert_eq!(
        a.iter().copied().collect::<Vec<_>>(),
        stream(0, -(2f64.sqrt()), 2f64.sqrt(), 2)
    );
}

fn round_trip(l: &Lesson) {
    let text = to_toml(l);
    let back = parse(&text, &l.source).unwrap_or_else(|e| panic!("{e}\n---\n{text}"));
    assert_eq!(&back, l, "\n{text}");
    assert_eq!(to_toml(&back), text);
}

#[test]
fn round_trip_of_the_flagship_lesson() {
    round_trip(
        &bundled::LESSONS
            .find("sigmoid_2layer")
            .unwrap()
            .load()
            .unwrap(),
    );
}

#[test]
fn round_trip_of_drawn_weights_and_generated_data() {
    round_trip(&parse(INIT, "init.toml").unwrap());
}

#[test]
fn round_trip_of_awkward_values() {
    let mut l = parse(MINIMAL, "m.toml").unwrap();
    l.title = "quotes \" and \\ backslash, tab\t, é⁽σ⁾".to_string();
    l.summary = "line one\nline \"\"\" two\n\n".to_string();
    l.notes.update = Some("\n\ttabbed".to_string());
    l.layers[0].params[0] = array![[0.1 + 0.2, -0.0]].into_dyn();
    l.layers[0].params[1] = array![5e-324].into_dyn();
    l.layers[0].train_biases = false;
    l.data[0].input = array![1e300, -1e-300];
    l.optimizer = Optimizer::Sgd {
        learning_rate: 0.1,
        momentum: 0.9,
    };
    l.batch_size = 2;
    l.epochs = 7;
    round_trip(&l);
}

#[test]
fn control_characters_in_lesson_text_are_refused_where_written() {
    let osc = MINIMAL.replace("title = \"t\"", "title = \"t\\u001b]0;pwned\\u0007\"");
    let err = parse(&osc, "m.toml").unwrap_err();
    let d = err.diagnostic();
    assert_eq!((d.line, d.column), (Some(3), Some(9)), "{err}");
    assert!(d.message.contains("U+001B"), "{err}");
    assert!(!err.to_string().contains('\u{1b}'));
    // Line breaks and tabs in a summary are text, not control.
    let fine = MINIMAL.replace(
        "title = \"t\"",
        "title = \"t\\tu\"\nsummary = \"a\\nb\\r\\nc\"",
    );
    assert_eq!(parse(&fine, "m.toml").unwrap().summary, "a\nb\r\nc");
    let broken = MINIMAL.replace("title = \"t\"", "title = \"two\\nlines\"");
    assert!(parse(&broken, "m.toml").is_err());
}

#[test]
fn a_diverged_lesson_is_written_but_refused_on_reading() {
    let mut l = parse(MINIMAL, "m.toml").unwrap();
    l.layers[0].params[0][[0, 1]] = f64::NAN;
    let err = parse(&to_toml(&l), "saved.toml").unwrap_err();
    assert!(err.diagnostic().message.contains("`nan`"), "{err}");
}
