//! Lessons built in code, for tests that must not depend on the TOML loader.
#![allow(dead_code)]

pub mod cli;
pub mod cnn_lessons;
pub mod cnn_reference;
pub mod learner;
pub mod markdown;
pub mod mutate;
pub mod pty;
pub mod recurrent;
pub mod recurrent_reference;
pub mod reference;
pub mod script;
pub mod sheets;
pub mod transformer_ref;
pub mod wide;

use bpnn_tutor::lesson::{Activation, Layer, Lesson, Loss, Notes, Optimizer, Sample, Shape};
use ndarray::{Array1, Array2, arr1, arr2};

pub fn layer(act: Activation, w: Array2<f64>, b: Array1<f64>) -> Layer {
    Layer::dense(act, w, b)
}

pub fn lesson(
    inputs: usize,
    layers: Vec<Layer>,
    loss: Loss,
    optimizer: Optimizer,
    epochs: usize,
    batch_size: usize,
    data: Vec<(Vec<f64>, Vec<f64>)>,
) -> Lesson {
    Lesson {
        title: "test".into(),
        summary: String::new(),
        notes: Notes::default(),
        bilingual: Default::default(),
        source: "test.toml".into(),
        input: Shape::Vector(inputs),
        vocabulary: Vec::new(),
        layers,
        loss,
        optimizer,
        epochs,
        batch_size,
        data: data
            .into_iter()
            .map(|(x, y)| Sample {
                input: Array1::from(x),
                target: Array1::from(y),
            })
            .collect(),
        generated: None,
        grading: None,
        marks: None,
    }
}

/// Has the lesson a recurrent layer (`rnn`, `lstm`)?
pub fn has_recurrent(lesson: &Lesson) -> bool {
    use bpnn_tutor::lesson::Kind;
    lesson
        .layers
        .iter()
        .any(|l| matches!(l.kind, Kind::Rnn(_) | Kind::Lstm(_)))
}

pub fn sgd(learning_rate: f64) -> Optimizer {
    Optimizer::Sgd {
        learning_rate,
        momentum: 0.0,
    }
}

/// Adam with PyTorch's default betas and epsilon.
pub fn adam(learning_rate: f64) -> Optimizer {
    Optimizer::Adam {
        learning_rate,
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-8,
    }
}

/// The classic published 2-2-2 example, biases trained.
pub fn classic(epochs: usize, train_biases: bool) -> Lesson {
    let mut l1 = layer(
        Activation::Sigmoid,
        arr2(&[[0.15, 0.20], [0.25, 0.30]]),
        arr1(&[0.35, 0.35]),
    );
    let mut l2 = layer(
        Activation::Sigmoid,
        arr2(&[[0.40, 0.45], [0.50, 0.55]]),
        arr1(&[0.60, 0.60]),
    );
    l1.train_biases = train_biases;
    l2.train_biases = train_biases;
    lesson(
        2,
        vec![l1, l2],
        Loss::HalfSse,
        sgd(0.5),
        epochs,
        1,
        vec![(vec![0.05, 0.10], vec![0.01, 0.99])],
    )
}

pub fn close(got: f64, want: f64, rel: f64) -> bool {
    (got - want).abs() <= rel * want.abs().max(1e-300)
}

/// Does `got` round to `written` at the precision it is written with (half a unit in its last
/// decimal place)? How published numbers, printed to some digits, are compared.
pub fn agrees(got: f64, written: &str) -> bool {
    let want: f64 = written.parse().unwrap();
    let decimals = written.split_once('.').map_or(0, |(_, d)| d.len()) as i32;
    (got - want).abs() <= 0.5 * 10f64.powi(-decimals) * (1.0 + 1e-9)
}

/// A lesson that diverges: w ← w − 10·20(10w − 1) multiplies the error e = 10w − 1 by −1999 each
/// epoch from e₀ = 9, so the loss e² first overflows in the forward pass of epoch 48.
pub fn diverging(epochs: usize) -> String {
    one_neuron("Too large a learning rate", 10.0, epochs, 10.0, 1.0)
}

/// One identity neuron of weight 1 fitting the sample `input` → `target` by MSE and plain SGD.
pub fn one_neuron(
    title: &str,
    learning_rate: f64,
    epochs: usize,
    input: f64,
    target: f64,
) -> String {
    format!(
        r#"
[lesson]
title = "{title}"

[network]
inputs = 1

[[network.layer]]
neurons = 1
activation = "identity"
weights = [[1.0]]

[training]
loss = "mse"
optimizer = {{ kind = "sgd", learning_rate = {learning_rate:?} }}
epochs = {epochs}

[[data]]
input = [{input:?}]
target = [{target:?}]
"#
    )
}

/// Every step of the classic 2-2-2 lesson's one sample and its update, in the trace order of
/// DESIGN §4: forward z, a per neuron; the loss; backward from the top layer, each neuron's
/// delta, db, then dw for each k; then the update for layers 1..L, weights row by row, then
/// biases.
pub const CLASSIC_ORDER: [&str; 37] = [
    "z(1)[1]",
    "a(1)[1]",
    "z(1)[2]",
    "a(1)[2]",
    "z(2)[1]",
    "a(2)[1]",
    "z(2)[2]",
    "a(2)[2]",
    "loss",
    "delta(2)[1]",
    "db(2)[1]",
    "dw(2)[1,1]",
    "dw(2)[1,2]",
    "delta(2)[2]",
    "db(2)[2]",
    "dw(2)[2,1]",
    "dw(2)[2,2]",
    "delta(1)[1]",
    "db(1)[1]",
    "dw(1)[1,1]",
    "dw(1)[1,2]",
    "delta(1)[2]",
    "db(1)[2]",
    "dw(1)[2,1]",
    "dw(1)[2,2]",
    "w(1)[1,1]",
    "w(1)[1,2]",
    "w(1)[2,1]",
    "w(1)[2,2]",
    "b(1)[1]",
    "b(1)[2]",
    "w(2)[1,1]",
    "w(2)[1,2]",
    "w(2)[2,1]",
    "w(2)[2,2]",
    "b(2)[1]",
    "b(2)[2]",
];

/// Mean loss of the lesson's first batch with the given parameters, by the forward pass alone:
/// the function whose finite differences the gradients are checked against.
pub fn batch_loss(lesson: &Lesson, params: &bpnn_tutor::engine::Params) -> f64 {
    use bpnn_tutor::engine::{Workspace, forward, sample_loss};
    let mut ws = Workspace::new(lesson);
    let range = lesson.batch_range(0);
    let n = range.len() as f64;
    let mut total = 0.0;
    for s in range {
        let sample = &lesson.data[s];
        forward(lesson, params, sample.input.as_slice().unwrap(), &mut ws);
        total += sample_loss(lesson, &ws, sample.target.as_slice().unwrap());
    }
    total / n
}

/// The address of step `id` in epoch `epoch`, sample `n` (batch `n` for update steps).
pub fn key(epoch: usize, id: bpnn_tutor::trace::StepId, n: usize) -> bpnn_tutor::trace::StepKey {
    bpnn_tutor::trace::StepKey {
        epoch,
        place: bpnn_tutor::trace::Place::of(&id, n),
        id,
    }
}
