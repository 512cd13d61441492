//! Lessons built in code, for tests that must not depend on the TOML loader.
#![allow(dead_code)]

use bpnn_tutor::lesson::{Activation, Layer, Lesson, Loss, Notes, Optimizer, Sample};
use ndarray::{Array1, Array2, arr1, arr2};

pub fn layer(act: Activation, w: Array2<f64>, b: Array1<f64>) -> Layer {
    Layer {
        activation: act,
        weights: w,
        biases: b,
        trainable: true,
        train_biases: true,
    }
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
        source: "test.toml".into(),
        inputs,
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
    }
}

pub fn sgd(learning_rate: f64) -> Optimizer {
    Optimizer::Sgd {
        learning_rate,
        momentum: 0.0,
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
