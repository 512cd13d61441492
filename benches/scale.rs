//! The 784-128-10 workload (lessons/mnist_sized.toml): training, opening, jumping, exporting.
//! Run with `cargo bench --bench scale`; figures are recorded in docs/performance.md.

use std::hint::black_box;

use bpnn_tutor::engine::{NoRecord, TrainState, Workspace, train_batch};
use bpnn_tutor::export::{Selection, json, markdown};
use bpnn_tutor::lesson::{self, Lesson};
use bpnn_tutor::trace::{StepId, Trace};
use criterion::{Criterion, criterion_group, criterion_main};

fn workload() -> Lesson {
    lesson::load(std::path::Path::new("lessons/mnist_sized.toml")).unwrap()
}

fn train(lesson: &Lesson) -> f64 {
    let mut state = TrainState::initial(lesson);
    let mut ws = Workspace::new(lesson);
    let mut loss = 0.0;
    for _ in 0..lesson.epochs {
        for b in 0..lesson.batches_per_epoch() {
            let out = train_batch(
                lesson,
                &mut state,
                &mut ws,
                lesson.batch_range(b),
                &mut NoRecord,
            );
            loss += out.loss_sum;
        }
    }
    loss
}

fn one_sample(trace: &Trace) -> Selection {
    let selection = Selection {
        epochs: 1..=1,
        samples: Some(1..=1),
    };
    selection.validate(trace).unwrap();
    selection
}

fn benches(c: &mut Criterion) {
    let lesson = workload();
    let mut g = c.benchmark_group("mnist_sized");
    g.sample_size(10);
    g.bench_function("train 5 epochs x 1000 samples", |b| {
        b.iter(|| train(black_box(&lesson)))
    });
    g.bench_function("open: load the lesson and show the first step", |b| {
        b.iter(|| {
            let trace = Trace::new(workload());
            let step = trace.step(1, 0);
            black_box(trace.formula(&step));
        })
    });
    let trained = Trace::new(lesson.clone());
    trained.run_all();
    let last = StepId::parse("z(1)[1]").unwrap();
    g.bench_function("jump to the last sample of the last epoch (trained)", |b| {
        b.iter(|| {
            // A different far batch each time defeats the record cache.
            black_box(trained.find(5, &last, 1000));
            black_box(trained.find(4, &last, 999));
        })
    });
    g.bench_function("jump to the last sample of the last epoch (cold)", |b| {
        b.iter(|| {
            let trace = Trace::new(lesson.clone());
            black_box(trace.find(5, &last, 1000))
        })
    });
    let sel = one_sample(&trained);
    g.bench_function("export one sample as JSON", |b| {
        b.iter(|| json::write(&trained, &sel, &mut std::io::sink()).unwrap())
    });
    g.bench_function("export one sample as Markdown", |b| {
        b.iter(|| markdown::write(&trained, &sel, false, &mut std::io::sink()).unwrap())
    });
    g.finish();
}

criterion_group!(scale, benches);
criterion_main!(scale);
