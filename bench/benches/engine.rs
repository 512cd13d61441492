//! Recording a trace versus training without recording, on the flagship lesson and on a
//! mid-sized generated one. Run with `cargo bench -p bpnn-tutor-bench --bench engine`.

use std::hint::black_box;

use bpnn_tutor::engine::TrainState;
use bpnn_tutor::lesson::{self, Lesson};
use bpnn_tutor::trace::{self, Trace};
use criterion::{Criterion, criterion_group, criterion_main};

const MEDIUM: &str = r#"
[lesson]
title = "16-32-4 tanh/softmax on generated data"
[network]
inputs = 16
init = { scheme = "xavier_uniform", seed = 3 }
[[network.layer]]
neurons = 32
activation = "tanh"
[[network.layer]]
neurons = 4
activation = "softmax"
[training]
loss = "cross_entropy"
optimizer = { kind = "adam", learning_rate = 0.01 }
epochs = 5
batch_size = 8
[generate]
samples = 256
distribution = "normal"
seed = 9
target = [0.0, 1.0, 0.0, 0.0]
"#;

fn medium() -> Lesson {
    lesson::parse(MEDIUM, "medium.toml").unwrap()
}

/// Trains the way `train` does: through the trace's driver, recording nothing.
fn train_all(lesson: &Lesson) -> TrainState {
    trace::train(lesson).into_state()
}

fn record_all(lesson: &Lesson) -> f64 {
    let trace = Trace::new(lesson.clone());
    let mut sum = 0.0;
    for e in 1..=trace.epochs() {
        for s in trace.steps(e, 0..trace.epoch_len()) {
            sum += s.value;
        }
    }
    sum
}

fn benches(c: &mut Criterion) {
    let classic = lesson::bundled::LESSONS
        .find("sigmoid_2layer")
        .unwrap()
        .load()
        .unwrap();
    let medium = medium();
    c.bench_function("train/sigmoid_2layer", |b| {
        b.iter(|| train_all(black_box(&classic)))
    });
    c.bench_function("record/sigmoid_2layer", |b| {
        b.iter(|| record_all(black_box(&classic)))
    });
    c.bench_function("train/medium_16_32_4_adam", |b| {
        b.iter(|| train_all(black_box(&medium)))
    });
    c.bench_function("record/medium_16_32_4_adam", |b| {
        b.iter(|| record_all(black_box(&medium)))
    });
}

criterion_group!(engine, benches);
criterion_main!(engine);
