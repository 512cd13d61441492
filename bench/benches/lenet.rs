//! The LeNet-sized workload (lessons/lenet_sized.toml): 1×28×28 images, two convolutions and
//! pools, three dense layers. Training, opening the tutor, and every kind of key on its steps,
//! each followed by a frame, at 200×60. Run with `cargo bench -p bpnn-tutor-bench --bench
//! lenet`; figures are recorded in docs/performance.md.

use std::hint::black_box;

use bpnn_tutor::lesson::{self, Lesson};
use bpnn_tutor::trace::{Driver, Trace};
use bpnn_tutor::tui::App;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod common;
use common::{draw, goto, settings};

fn workload() -> Lesson {
    lesson::bundled::LESSONS
        .find("lenet_sized")
        .unwrap()
        .load()
        .unwrap()
}

/// One epoch, trained the way `train` does.
fn train_epoch(lesson: &Lesson) -> Option<f64> {
    Driver::new(lesson).epoch(lesson)
}

fn benches(c: &mut Criterion) {
    let lesson = workload();
    let mut g = c.benchmark_group("lenet_sized");
    g.sample_size(10);
    g.bench_function("train 1 epoch x 1000 images", |b| {
        b.iter(|| train_epoch(black_box(&lesson)))
    });
    g.bench_function("open: load the lesson and show the first step", |b| {
        b.iter(|| {
            let trace = Trace::new(workload());
            let step = trace.step(1, 0);
            black_box(trace.formula(&step));
        })
    });
    g.bench_function(
        "open the tutor: first frame state and one frame at 200x60",
        |b| {
            b.iter(|| {
                let app = App::new(workload(), settings());
                draw(&app, 200, 60)
            })
        },
    );
    let key = |app: &mut App, code: KeyCode| {
        let shift = matches!(code, KeyCode::Char(c) if "}{:".contains(c));
        let m = if shift {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        app.handle_key(&KeyEvent::new(code, m));
    };
    // Each key from a step of each kind, then a frame: what a learner waits for.
    for (start, what) in [
        ("z(1)[3,12,12]", "→ on a conv z step (window, kernel, map)"),
        (
            "z(3)[9,4,4]",
            "→ on the second conv's z step (150 products)",
        ),
        ("a(2)[4,6,6]", "→ on a max pool step"),
        ("delta(2)[4,6,6]", "→ on a max pool's backward step"),
        ("delta(1)[6,20,20]", "→ on a conv δ step"),
        (
            "dw(3)[8,3,2,2]",
            "→ on a kernel gradient (with its gradient check)",
        ),
        ("w(3)[8,3,2,2]", "→ on a kernel update"),
        ("z(6)[60]", "→ on a dense step of the dense part"),
    ] {
        let mut app = App::new(lesson.clone(), settings());
        app.finish_training();
        goto(&mut app, start);
        g.bench_function(format!("{what}, and a frame at 200x60"), |b| {
            b.iter(|| {
                key(&mut app, KeyCode::Right);
                draw(&app, 200, 60)
            })
        });
    }
    // Keys that move far, there and back: two keys and two frames per iteration.
    for (there, back, what) in [
        (
            KeyCode::Char('}'),
            KeyCode::Char('{'),
            "} next image and { back",
        ),
        (
            KeyCode::Char(']'),
            KeyCode::Char('['),
            "] next phase and [ back",
        ),
        (
            KeyCode::End,
            KeyCode::Home,
            "G last step of the epoch and g back",
        ),
        (
            KeyCode::PageDown,
            KeyCode::PageUp,
            "PgDn next epoch and PgUp back",
        ),
    ] {
        let mut app = App::new(lesson.clone(), settings());
        app.finish_training();
        goto(&mut app, "z(1)[3,12,12]");
        g.bench_function(format!("{what}, each with a frame at 200x60"), |b| {
            b.iter(|| {
                key(&mut app, there);
                draw(&app, 200, 60);
                key(&mut app, back);
                draw(&app, 200, 60)
            })
        });
    }
    let mut app = App::new(lesson.clone(), settings());
    app.finish_training();
    goto(&mut app, "z(3)[9,4,4]");
    app.handle_key(&KeyEvent::new(KeyCode::Char('m'), KeyModifiers::NONE));
    g.bench_function(
        "→ in the matrix view (Z = Σ W ⋆ A + b), and a frame",
        |b| {
            b.iter(|| {
                app.handle_key(&KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
                draw(&app, 200, 60)
            })
        },
    );
    let mut app = App::new(lesson.clone(), settings());
    app.finish_training();
    g.bench_function(
        ": go to a far step (epoch 5, image 1000), and a frame",
        |b| {
            b.iter(|| {
                goto(&mut app, "dw(1)[6,1,5,5]");
                for _ in 0..4 {
                    app.handle_key(&KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE));
                }
                app.handle_key(&KeyEvent::new(KeyCode::End, KeyModifiers::NONE));
                draw(&app, 200, 60)
            })
        },
    );
    g.finish();
}

criterion_group!(lenet, benches);
criterion_main!(lenet);
