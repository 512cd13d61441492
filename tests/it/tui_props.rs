//! Whatever the learner presses and however the terminal is sized, the tutor never panics and
//! its cursor stays inside the trace.

use crate::common;

use bpnn_tutor::lesson::{self, Activation, Lesson, Loss, Optimizer};
use bpnn_tutor::tui::keymap::{self, Action, BINDINGS, Key};
use bpnn_tutor::tui::quiz::{INPUT_LIMIT, number_char};
use bpnn_tutor::tui::{App, Choice, Mode, Settings};
use ndarray::{arr1, arr2};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Softmax and cross-entropy, tanh and ReLU, Adam: every kind of step (m, v, m̂, v̂ too).
fn adam_softmax() -> Lesson {
    let l1 = common::layer(
        Activation::Tanh,
        arr2(&[[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]]),
        arr1(&[0.0, 0.1, -0.1]),
    );
    let mut l2 = common::layer(
        Activation::Softmax,
        arr2(&[[0.2, -0.3, 0.1], [-0.1, 0.4, 0.2]]),
        arr1(&[0.05, -0.05]),
    );
    l2.train_biases = false;
    common::lesson(
        2,
        vec![l1, l2],
        Loss::CrossEntropy,
        common::adam(0.01),
        3,
        2,
        vec![
            (vec![1.0, -1.0], vec![1.0, 0.0]),
            (vec![0.5, 0.2], vec![0.0, 1.0]),
            (vec![-0.3, 0.8], vec![1.0, 0.0]),
        ],
    )
}

fn relu_momentum() -> Lesson {
    let l1 = common::layer(Activation::Relu, arr2(&[[0.5, -0.4, 0.3]]), arr1(&[0.1]));
    let mut l2 = common::layer(Activation::Identity, arr2(&[[1.5]]), arr1(&[0.0]));
    l2.trainable = false;
    common::lesson(
        3,
        vec![l1, l2],
        Loss::Mse,
        Optimizer::Sgd {
            learning_rate: 0.1,
            momentum: 0.9,
        },
        4,
        3,
        vec![
            (vec![1.0, 2.0, 3.0], vec![1.0]),
            (vec![-1.0, 0.5, 0.0], vec![0.0]),
        ],
    )
}

fn lessons() -> Vec<Lesson> {
    vec![
        lesson::load_arg("lessons/sigmoid_2layer.toml").unwrap(),
        common::classic(3, false),
        adam_softmax(),
        relu_momentum(),
        lesson::parse(&common::diverging(60), "diverge.toml").unwrap(),
    ]
}

/// Keys of the table, as terminals send them, and keys the table does not know.
fn key() -> impl Strategy<Value = KeyEvent> {
    let table: Vec<KeyEvent> = BINDINGS
        .iter()
        .flat_map(|b| b.keys.iter())
        .map(|k| match *k {
            Key::Char(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT),
            Key::Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
            Key::Code(code) => KeyEvent::new(code, KeyModifiers::NONE),
            Key::AnyChar => KeyEvent::new(KeyCode::Char('d'), KeyModifiers::NONE),
            Key::NumberStart => KeyEvent::new(KeyCode::Char('5'), KeyModifiers::NONE),
            Key::Any => KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE),
        })
        .collect();
    let typed = "delta(1)[2]@3 loss w(2)[1,1] z a db dw mhat vhat ,0123456789@ -0.5933 1e-5 1.2.3"
        .chars()
        .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
        .collect::<Vec<_>>();
    prop_oneof![
        8 => proptest::sample::select(table),
        3 => proptest::sample::select(typed),
        1 => any::<char>().prop_map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        1 => (0u8..24, any::<u8>()).prop_map(|(f, m)| KeyEvent::new(
            KeyCode::F(f),
            KeyModifiers::from_bits_truncate(m)
        )),
        1 => proptest::sample::select(vec![KeyCode::Tab, KeyCode::BackTab, KeyCode::Delete, KeyCode::Insert, KeyCode::Null])
            .prop_map(|c| KeyEvent::new(c, KeyModifiers::NONE)),
    ]
}

fn settings(ascii: bool, color: bool) -> Settings {
    Settings {
        ascii,
        color,
        ..Default::default()
    }
}

proptest! {
    // 256 cases by default; PROPTEST_CASES=N for more.

    #[test]
    fn random_keys_and_sizes_never_panic(
        which in 0usize..6,
        trained in any::<bool>(),
        ascii in any::<bool>(),
        color in any::<bool>(),
        quiz in any::<bool>(),
        keys in proptest::collection::vec(key(), 1..80),
        sizes in proptest::collection::vec((0u16..230, 0u16..75), 1..6),
    ) {
        let mut all = lessons();
        let mut app = if which == all.len() {
            let choices = all
                .drain(..)
                .enumerate()
                .map(|(i, l)| Choice {
                    name: format!("lesson{i}"),
                    title: l.title.clone(),
                    summary: "A lesson.\n\nIn two paragraphs.".into(),
                    lesson: Ok(l),
                })
                .collect();
            App::picker(choices, settings(ascii, color))
        } else {
            App::new(all.swap_remove(which), settings(ascii, color))
        };
        if trained {
            app.finish_training();
        }
        // Quiz mode from the start (`--quiz`), or reached by its key among the random ones.
        if quiz {
            app.start_quiz();
        }
        let dir = tempfile::tempdir().unwrap();
        for (i, key) in keys.iter().enumerate() {
            app.set_export_dir(dir.path().to_path_buf());
            // Quitting ends a session; keep exploring from the same state instead.
            if keymap::action(app.context(), key) == Some(Action::Quit) {
                continue;
            }
            app.handle_key(key);
            prop_assert!(!app.quitting());
            if let (Some((epoch, index)), Some(trace)) = (app.cursor(), app.trace()) {
                prop_assert!((1..=trace.epochs()).contains(&epoch), "epoch {epoch}");
                prop_assert!(index < trace.epoch_len(), "index {index}");
            }
            if let Mode::Goto { input, .. } = app.mode() {
                prop_assert!(input.chars().count() <= 64);
            }
            if let Some(field) = app.answer_field() {
                prop_assert!(field.chars().count() <= INPUT_LIMIT);
                prop_assert!(field.chars().all(number_char), "{:?}", field);
            }
            if i % 4 == 0 || i + 1 == keys.len() {
                let (w, h) = sizes[i % sizes.len()];
                let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
                t.draw(|f| f.render_widget(&app, f.area())).unwrap();
            }
        }
    }
}
