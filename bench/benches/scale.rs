//! The 784-128-10 workload (lessons/mnist_sized.toml): training, opening, jumping, exporting.
//! Run with `cargo bench -p bpnn-tutor-bench --bench scale`; figures are recorded in docs/performance.md.

use std::hint::black_box;

use bpnn_tutor::export::{Selection, json, markdown};
use bpnn_tutor::lesson::{self, Lesson};
use bpnn_tutor::trace::{Driver, Place, StepId, StepKey, Trace};
use bpnn_tutor::tui::App;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod common;
use common::{draw, goto, settings};

/// The bundled copy, so the benchmark runs from any directory (cargo runs it in `bench/`).
fn workload() -> Lesson {
    lesson::bundled::LESSONS
        .find("mnist_sized")
        .unwrap()
        .load()
        .unwrap()
}

/// Trains the way `train` does, through the trace's driver; the sum of the epoch losses.
fn train(lesson: &Lesson) -> f64 {
    let mut driver = Driver::new(lesson);
    let mut loss = 0.0;
    while let Some(mean) = driver.epoch(lesson) {
        loss += mean;
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
    g.bench_function("jump to a far sample of a trained run (per jump)", |b| {
        // More distinct batches than the record cache holds, so every jump replays.
        let targets = [(5, 1000), (4, 999), (3, 998), (2, 997), (5, 500), (1, 1000)];
        let mut i = 0;
        b.iter(|| {
            let (epoch, sample) = targets[i % targets.len()];
            i += 1;
            black_box(trained.find(&StepKey {
                epoch,
                place: Place::of(&last, sample),
                id: last,
            }))
        })
    });
    g.bench_function("jump to the last sample of the last epoch (cold)", |b| {
        b.iter(|| {
            let trace = Trace::new(lesson.clone());
            black_box(trace.find(&StepKey {
                epoch: 5,
                place: Place::of(&last, 1000),
                id: last,
            }))
        })
    });
    g.bench_function(
        "gradient check of one weight, not cached (two forward passes)",
        |b| {
            // More distinct weights than the check cache holds, so every one is computed afresh.
            let mut k = 0;
            b.iter(|| {
                k = (k + 1) % 784;
                let id = StepId::weight(bpnn_tutor::trace::Quantity::DW, 1, 5, k);
                let step = trained.find(&StepKey {
                    epoch: 1,
                    place: Place::Sample(1),
                    id,
                });
                black_box(trained.gradient_check(&step.unwrap()))
            })
        },
    );
    let sel = one_sample(&trained);
    g.bench_function("export one sample as JSON", |b| {
        b.iter(|| json::write(&trained, &sel, &Default::default(), &mut std::io::sink()).unwrap())
    });
    g.bench_function("export one sample as Markdown", |b| {
        b.iter(|| markdown::write(&trained, &sel, false, &mut std::io::sink()).unwrap())
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
    let mut app = App::new(lesson.clone(), settings());
    g.bench_function("render one frame at 200x60", |b| {
        b.iter(|| draw(&app, 200, 60))
    });
    g.bench_function("} ten times (next sample), each followed by a frame", |b| {
        b.iter(|| {
            for _ in 0..10 {
                app.handle_key(&KeyEvent::new(KeyCode::Char('}'), KeyModifiers::SHIFT));
                draw(&app, 200, 60);
            }
        })
    });
    g.bench_function("G (last step of the epoch) and a frame", |b| {
        b.iter(|| {
            app.handle_key(&KeyEvent::new(KeyCode::Home, KeyModifiers::NONE));
            app.handle_key(&KeyEvent::new(KeyCode::End, KeyModifiers::NONE));
            draw(&app, 200, 60)
        })
    });
    g.bench_function(
        "→ along the weight gradients and a frame at 200x60 (a gradient check per frame)",
        |b| {
            let mut app = App::new(lesson.clone(), settings());
            goto(&mut app, "dw(1)[5,1]");
            b.iter(|| {
                app.handle_key(&KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
                draw(&app, 200, 60)
            })
        },
    );
    g.bench_function(
        "→ and a frame at 200x60 in the matrix view (z⁽¹⁾ = W⁽¹⁾a⁽⁰⁾ + b⁽¹⁾)",
        |b| {
            let mut app = App::new(lesson.clone(), settings());
            goto(&mut app, "z(1)[60]");
            app.handle_key(&KeyEvent::new(KeyCode::Char('m'), KeyModifiers::NONE));
            b.iter(|| {
                app.handle_key(&KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
                draw(&app, 200, 60)
            })
        },
    );
    g.bench_function(
        "→ and a frame at 200x60 in quiz mode (the note's numbers of the sample kept back)",
        |b| {
            let mut app = App::new(lesson.clone(), settings());
            app.start_quiz();
            goto(&mut app, "a(1)[60]");
            b.iter(|| {
                app.handle_key(&KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
                draw(&app, 200, 60)
            })
        },
    );
    g.bench_function("Tab completing a step name in the go-to prompt", |b| {
        let mut app = App::new(lesson.clone(), settings());
        let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        b.iter(|| {
            app.handle_key(&key(':'));
            for c in "dw(1".chars() {
                app.handle_key(&key(c));
            }
            app.handle_key(&KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
            app.handle_key(&KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
            draw(&app, 120, 40)
        })
    });
    g.bench_function("↓ scrolling the parameters and a frame at 80x24", |b| {
        let mut app = App::new(lesson.clone(), settings());
        goto(&mut app, "z(1)[60]");
        draw(&app, 80, 24);
        b.iter(|| {
            app.handle_key(&KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
            draw(&app, 80, 24)
        })
    });
    g.finish();
}

criterion_group!(scale, benches);
criterion_main!(scale);
