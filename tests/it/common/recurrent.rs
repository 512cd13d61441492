//! Recurrent networks built in code for the tests: random rnn and lstm layers (stacked, with a
//! dense layer at every position or on the last state), losses, optimizers and data from a
//! seed, and the bundled recurrent lessons.

use bpnn_tutor::layers::lstm::Lstm;
use bpnn_tutor::layers::recurrent::Outputs;
use bpnn_tutor::layers::rnn::Rnn;
use bpnn_tutor::lesson::{self, Activation, Kind, Layer, Lesson, Loss, Optimizer, Shape};
use ndarray::{ArrayD, IxDyn};

/// The bundled lessons with a recurrent layer.
pub const LESSONS: [&str; 6] = [
    "rnn_by_hand",
    "rnn_echo",
    "rnn_next_step",
    "rnn_forgets",
    "lstm_remembers",
    "lstm_sized",
];

pub fn bundled(name: &str) -> Lesson {
    lesson::bundled::LESSONS
        .find(name)
        .unwrap_or_else(|| panic!("{name} is not bundled"))
        .load()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// SplitMix64 as uniform numbers in [0, 1).
pub fn splitmix(seed: u64) -> impl FnMut() -> f64 {
    let mut state = seed;
    move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A tensor of `dims` drawn uniformly from ±`scale`.
fn tensor(dims: &[usize], scale: f64, next: &mut impl FnMut() -> f64) -> ArrayD<f64> {
    let n = dims.iter().product();
    let v: Vec<f64> = (0..n).map(|_| scale * (2.0 * next() - 1.0)).collect();
    ArrayD::from_shape_vec(IxDyn(dims), v).unwrap()
}

/// What a random layer is.
#[derive(Debug, Clone, Copy)]
pub enum Spec {
    Rnn(Activation, usize, Outputs),
    Lstm(usize, Outputs),
    Dense(Activation, usize),
}

/// A layer of `spec` reading `input`, its parameters drawn from `next`.
pub fn layer(spec: Spec, input: Shape, scale: f64, next: &mut impl FnMut() -> f64) -> Layer {
    let (t, f) = (input.positions(), input.features());
    let (kind, output, rows, h) = match spec {
        Spec::Rnn(activation, hidden, outputs) => (
            Kind::Rnn(Rnn {
                activation,
                hidden,
                outputs,
            }),
            outputs.shape(t, hidden),
            hidden,
            hidden,
        ),
        Spec::Lstm(hidden, outputs) => (
            Kind::Lstm(Lstm { hidden, outputs }),
            outputs.shape(t, hidden),
            4 * hidden,
            hidden,
        ),
        Spec::Dense(activation, n) => (
            Kind::Dense(bpnn_tutor::layers::dense::Dense {
                activation,
                lora: None,
            }),
            input.with_features(n),
            n,
            0,
        ),
    };
    let params = match spec {
        Spec::Dense(..) => vec![
            tensor(&[rows, f], scale, next),
            tensor(&[rows], scale, next),
        ],
        _ => vec![
            tensor(&[rows, f], scale, next),
            tensor(&[rows, h], scale, next),
            tensor(&[rows], scale, next),
            tensor(&[rows], scale, next),
        ],
    };
    Layer {
        kind,
        input,
        output,
        params,
        residual: None,
        trainable: true,
        train_biases: true,
    }
}

/// A lesson of `specs` on sequences of `t` steps of `f` features, `samples` samples drawn from
/// the seed, targets suited to the loss.
pub fn lesson_of(
    (t, f): (usize, usize),
    specs: &[Spec],
    (loss, optimizer): (Loss, Optimizer),
    (epochs, batch, samples): (usize, usize, usize),
    (seed, scale): (u64, f64),
) -> Lesson {
    let mut next = splitmix(seed);
    let mut input = Shape::Sequence { t, f };
    let mut layers = Vec::new();
    for &spec in specs {
        let l = layer(spec, input, scale, &mut next);
        input = l.output;
        layers.push(l);
    }
    let out = input;
    let (positions, n) = (out.positions(), out.features());
    let data = (0..samples)
        .map(|_| {
            let x: Vec<f64> = (0..t * f).map(|_| 2.0 * next() - 1.0).collect();
            let y: Vec<f64> = (0..positions)
                .flat_map(|_| match loss {
                    Loss::CrossEntropy => {
                        let c = (next() * n as f64) as usize % n;
                        (0..n)
                            .map(|j| f64::from(u8::from(j == c)))
                            .collect::<Vec<_>>()
                    }
                    Loss::Bce => (0..n).map(|_| next()).collect(),
                    _ => (0..n).map(|_| 2.0 * next() - 1.0).collect(),
                })
                .collect();
            (x, y)
        })
        .collect();
    let mut lesson = super::lesson(t * f, layers, loss, optimizer, epochs, batch, data);
    lesson.input = Shape::Sequence { t, f };
    lesson
}

/// The optimizers the tests draw from: plain SGD, momentum, Adam.
pub fn optimizer(i: usize) -> Optimizer {
    match i % 3 {
        0 => super::sgd(0.3),
        1 => Optimizer::Sgd {
            learning_rate: 0.1,
            momentum: 0.9,
        },
        _ => super::adam(0.02),
    }
}
