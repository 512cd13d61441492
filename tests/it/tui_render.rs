//! What the tutor draws, at the sizes learners use. Snapshots hold the text of each frame
//! (reviewed by eye: the numbers are those of the published 2-2-2 example); styles that
//! carry meaning are asserted separately.

use crate::common;

use bpnn_tutor::lesson::{self, Lesson};
use bpnn_tutor::tui::{App, Choice, Mode, Settings};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};

pub(crate) const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

pub(crate) fn settings() -> Settings {
    Settings {
        ascii: false,
        color: true,
        ..Default::default()
    }
}

/// The flagship lesson, with notes fixed here so that editing the lesson's prose does not
/// change these snapshots (its numbers are what they check).
pub(crate) fn classic() -> Lesson {
    let mut l = lesson::load_arg("lessons/sigmoid_2layer.toml").unwrap();
    l.notes = lesson::Notes {
        forward: Some("Each neuron sums its weighted inputs plus its bias, then squashes the sum:\na = σ(z) = 1 / (1 + e^(−z)).".into()),
        loss: Some("The loss is ½ Σⱼ (aⱼ − yⱼ)².".into()),
        backward: Some("δ = ∂L/∂z. A hidden δ gathers the δs of the layer above through the same\nweights used going forward, times its own σ′(z).\n\nThen ∂L/∂b = δ and ∂L/∂w = δ · a.".into()),
        update: Some("Plain gradient descent: w ← w − η · ∂L/∂w, with η = 0.5.".into()),
    };
    l
}

/// The app on a lesson with training finished (as the background thread leaves it).
pub(crate) fn app_with(lesson: Lesson, settings: Settings) -> App {
    let mut app = App::new(lesson, settings);
    app.finish_training();
    app
}

/// A key as a terminal delivers it (capitals and symbols with SHIFT).
pub(crate) fn press(app: &mut App, code: KeyCode) {
    let shift = matches!(code, KeyCode::Char(c) if c.is_ascii_uppercase() || "?:{}!".contains(c));
    let modifiers = if shift {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    app.handle_key(&KeyEvent::new(code, modifiers));
}

pub(crate) fn chars(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

pub(crate) fn draw(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    t
}

pub(crate) fn text(buf: &Buffer) -> String {
    let w = buf.area.width as usize;
    buf.content
        .chunks(w)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

pub(crate) fn goto(app: &mut App, name: &str) {
    press(app, KeyCode::Char(':'));
    chars(app, name);
    press(app, KeyCode::Enter);
    assert_eq!(*app.mode(), Mode::Normal, "{name}");
}

/// Snapshots of the app at both sizes, named `{name}_{w}x{h}`.
pub(crate) fn snapshot(app: &App, name: &str) {
    for (w, h) in SIZES {
        let t = draw(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
    }
}

pub(crate) fn at(name: &str) -> App {
    let mut app = app_with(classic(), settings());
    goto(&mut app, name);
    app
}

/// Where `needle` starts in the frame, as (x, y).
pub(crate) fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    text(buf).lines().enumerate().find_map(|(y, line)| {
        line.find(needle).map(|byte| {
            let x = line[..byte].chars().count();
            (x as u16, y as u16)
        })
    })
}

#[test]
fn first_step() {
    let app = app_with(classic(), settings());
    snapshot(&app, "first_step");
    let t = draw(&app, 80, 24);
    let screen = text(t.backend().buffer());
    assert!(screen.contains("step 1/37"));
    assert!(screen.contains("z(1)[1]"));
    // z(1)[1] = 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775 (the published value).
    assert!(screen.contains("= 0.15·0.05 + 0.2·0.1 + 0.35"));
    assert!(screen.contains("= 0.3775"));
    // Nothing after z(1)[1] is computed yet: a(1)[1] = 0.5933 is not on screen.
    assert!(!screen.contains("0.5933"));
}

#[test]
fn forward_activation() {
    let app = at("a(1)[1]");
    snapshot(&app, "forward_a");
    let t = draw(&app, 120, 40);
    let buf = t.backend().buffer();
    let screen = text(buf);
    // σ(0.3775) = 0.593269992 (published): 6 digits in the formula, 4 in the network.
    assert!(screen.contains("= 0.593270"));
    assert!(screen.contains("a 0.5933"));
    // The network cell of a(1)[1] is the current number; z(1)[1], which it reads, is marked.
    let (x, y) = find(buf, "a 0.5933").unwrap();
    assert_eq!(buf[(x + 2, y)].bg, Color::Yellow);
    let (x, y) = find(buf, "z 0.3775").unwrap();
    assert_eq!(buf[(x + 2, y)].bg, Color::Indexed(87));
}

#[test]
fn stepping_back_uncomputes_values() {
    let mut app = at("a(1)[1]");
    assert!(text(draw(&app, 80, 24).backend().buffer()).contains("0.5933"));
    press(&mut app, KeyCode::Left);
    let screen = text(draw(&app, 80, 24).backend().buffer());
    assert!(screen.contains("z(1)[1]"));
    assert!(!screen.contains("0.5933"), "{screen}");
}

#[test]
fn the_formula_panel_writes_numbers_as_the_exports_do() {
    // z⁽¹⁾₂ = 0.25·0.05 + 0.3·0.1 + 0.35 is 0.3925 exactly; in f64 the sum is
    // 0.39249999999999996, which six fixed digits would pad to 0.392500.
    let z = 0.25f64 * 0.05 + 0.3 * 0.1 + 0.35;
    assert_ne!(z, 0.3925);
    let screen = text(draw(&at("z(1)[2]"), 80, 24).backend().buffer());
    assert!(screen.contains("= 0.3925 "), "{screen}");
    assert!(!screen.contains("0.392500"), "{screen}");
    // Digits that are the value's own stay: σ(0.3775) = 0.593269992… is 0.593270.
    let screen = text(draw(&at("a(1)[1]"), 80, 24).backend().buffer());
    assert!(screen.contains("= 0.593270"), "{screen}");
}

#[test]
fn loss_step() {
    let app = at("loss");
    snapshot(&app, "loss");
    let screen = text(draw(&app, 80, 24).backend().buffer());
    // ½((0.75136507 − 0.01)² + (0.772928465 − 0.99)²) = 0.298371109 (published).
    assert!(screen.contains("= ½·((0.751365 − 0.01)² + (0.772928 − 0.99)²)"));
    assert!(screen.contains("= 0.298371"));
    assert!(screen.contains("sample 1: 0.2984"));
}

#[test]
fn hidden_delta() {
    let app = at("delta(1)[2]");
    snapshot(&app, "hidden_delta");
    let t = draw(&app, 120, 40);
    let buf = t.backend().buffer();
    let screen = text(buf);
    // δ⁽¹⁾₂ = (0.45·δ⁽²⁾₁ + 0.55·δ⁽²⁾₂)·a(1−a) with δ⁽²⁾ = (0.138499, −0.0380982), written
    // with the 8 digits it takes to give 0.00995425 (at 6, 0.00995431; at 7, 0.00995426).
    assert!(
        screen.contains("(0.45·0.13849856 + 0.55·(-0.038098237))"),
        "{screen}"
    );
    assert!(screen.contains("= 0.00995425"));
    assert!(screen.contains("σ′(z⁽¹⁾₂)"));
    // It reads the output deltas (marked) and column 2 of W⁽²⁾.
    // Each in its own colour, the colour of its number in the formula.
    let (x, y) = find(buf, "δ 0.1385").unwrap();
    let one = buf[(x + 2, y)].bg;
    let (x, y) = find(buf, "δ -0.03810").unwrap();
    let two = buf[(x + 2, y)].bg;
    assert!(matches!(one, Color::Indexed(_)) && matches!(two, Color::Indexed(_)));
    assert_ne!(one, two);
}

#[test]
fn update_step() {
    let app = at("w(2)[1,1]");
    snapshot(&app, "update");
    let screen = text(draw(&app, 80, 24).backend().buffer());
    // w⁽²⁾₁,₁ ← 0.4 − 0.5·0.0821670 = 0.358916 (published: 0.35891648).
    assert!(screen.contains("← 0.4 − 0.5·0.0821670"));
    assert!(screen.contains("= 0.358916"));
    assert!(screen.contains("0.4 → 0.358916"));
    assert!(screen.contains("0.4→0.3589"));
    assert!(screen.contains("batch 1/1 · update"));
}

#[test]
fn help_overlay() {
    let mut app = app_with(classic(), settings());
    press(&mut app, KeyCode::Char('?'));
    snapshot(&app, "help");
    // Every key of the stepping context is listed, at the smallest size too (scrolling).
    let mut seen = String::new();
    for _ in 0..4 {
        seen.push_str(&text(draw(&app, 80, 24).backend().buffer()));
        press(&mut app, KeyCode::PageDown);
    }
    for b in bpnn_tutor::tui::keymap::bindings(bpnn_tutor::tui::keymap::Context::Step) {
        assert!(seen.contains(b.help), "{} missing", b.help);
    }
    // At 120×40 all of them at once, in two columns.
    let screen = text(draw(&app, 120, 40).backend().buffer());
    for b in bpnn_tutor::tui::keymap::bindings(bpnn_tutor::tui::keymap::Context::Step) {
        assert!(screen.contains(b.help), "{} missing at 120×40", b.help);
    }
    // Drawn whole on an even margin (it was drawn one column off: `┌┌`).
    assert!(!seen.contains("┌┌") && !seen.contains("││"), "{seen}");
}

#[test]
fn picker() {
    // Three named lessons, so the snapshot does not change when lessons are added.
    let choices = ["sigmoid_2layer", "xor_tanh", "adam"]
        .iter()
        .map(|name| {
            let b = lesson::bundled::LESSONS.find(name).unwrap();
            let l = b.load().unwrap();
            Choice {
                name: b.name.into(),
                title: l.title.clone(),
                summary: format!(
                    "The summary of {name}.\nIt reflows:\none paragraph.\n\nA second one."
                ),
                lesson: Ok(l),
            }
        })
        .collect();
    let mut app = App::picker(choices, settings());
    snapshot(&app, "picker");
    let screen = text(draw(&app, 80, 24).backend().buffer());
    assert!(screen.contains("▶ sigmoid_2layer"));
    assert!(screen.contains("Two-layer sigmoid network"));
    assert!(screen.contains("network 2-2-2"));
    // The summary follows the selection.
    press(&mut app, KeyCode::Down);
    let screen = text(draw(&app, 80, 24).backend().buffer());
    assert!(screen.contains("▶ xor_tanh"), "{screen}");
    assert!(
        screen.contains("The summary of xor_tanh. It reflows: one paragraph."),
        "{screen}"
    );
}

#[test]
fn too_small() {
    let app = app_with(classic(), settings());
    for (w, h) in [(69, 24), (80, 19), (30, 8)] {
        let t = draw(&app, w, h);
        let screen = text(t.backend().buffer());
        assert!(screen.contains("need 70x20"), "{w}x{h}: {screen}");
    }
    insta::assert_snapshot!("too_small_60x15", draw(&app, 60, 15).backend());
    // Degenerate sizes draw nothing and do not panic.
    for (w, h) in [(0, 0), (1, 1), (0, 30), (200, 0)] {
        draw(&app, w, h);
    }
}

#[test]
fn no_color_highlights_with_modifiers() {
    let app = {
        let mut app = app_with(
            classic(),
            Settings {
                ascii: false,
                color: false,
                ..Default::default()
            },
        );
        goto(&mut app, "a(1)[1]");
        app
    };
    let t = draw(&app, 120, 40);
    let buf = t.backend().buffer();
    for cell in &buf.content {
        assert_eq!(cell.fg, Color::Reset);
        assert_eq!(cell.bg, Color::Reset);
    }
    let (x, y) = find(buf, "a 0.5933").unwrap();
    assert!(buf[(x + 2, y)].modifier.contains(Modifier::REVERSED));
    let (x, y) = find(buf, "z 0.3775").unwrap();
    assert!(buf[(x + 2, y)].modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn ascii_mode_draws_only_ascii() {
    // The lesson built in code has no notes: every character on screen is the tutor's own.
    let mut app = app_with(
        common::classic(3, true),
        Settings {
            ascii: true,
            color: true,
            ..Default::default()
        },
    );
    for name in ["z(1)[1]", "delta(1)[2]", "loss", "w(2)[1,1]"] {
        goto(&mut app, name);
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            let screen = text(draw(&app, w, h).backend().buffer());
            assert!(screen.is_ascii(), "{name} at {w}x{h}:\n{screen}");
        }
    }
    press(&mut app, KeyCode::Char('?'));
    assert!(text(draw(&app, 80, 24).backend().buffer()).is_ascii());
    press(&mut app, KeyCode::Esc);
    goto(&mut app, "z(1)[1]");
    let screen = text(draw(&app, 80, 24).backend().buffer());
    assert!(
        screen.contains("z(1)[1] = w(1)[1,1]*a(0)[1] + w(1)[1,2]*a(0)[2] + b(1)[1]"),
        "{screen}"
    );
}

/// A network too large to show whole: 784 inputs, 16 hidden, 10 outputs.
fn wide_lesson() -> Lesson {
    use bpnn_tutor::lesson::{Activation, Loss};
    use ndarray::{Array1, Array2};
    let w1 = Array2::from_shape_fn((16, 784), |(j, k)| {
        ((j * 7 + k * 3) % 11) as f64 * 0.01 - 0.05
    });
    let w2 = Array2::from_shape_fn((10, 16), |(j, k)| ((j + 2 * k) % 5) as f64 * 0.1 - 0.2);
    let x: Vec<f64> = (0..784).map(|i| (i % 13) as f64 / 13.0).collect();
    let mut y = vec![0.0; 10];
    y[3] = 1.0;
    common::lesson(
        784,
        vec![
            common::layer(Activation::Sigmoid, w1, Array1::zeros(16)),
            common::layer(Activation::Sigmoid, w2, Array1::zeros(10)),
        ],
        Loss::HalfSse,
        common::sgd(0.1),
        2,
        1,
        vec![(x, y)],
    )
}

#[test]
fn large_layers_show_a_window_around_the_current_neuron() {
    let mut app = app_with(wide_lesson(), settings());
    goto(&mut app, "dw(1)[9,500]");
    snapshot(&app, "large_dw");
    for (w, h) in SIZES {
        let screen = text(draw(&app, w, h).backend().buffer());
        // The input and weight the step reads are on screen, with counts of what is not.
        assert!(screen.contains("500 x "), "{w}x{h}:\n{screen}");
        assert!(screen.contains("more"), "{w}x{h}:\n{screen}");
        assert!(screen.contains("k=500"), "{w}x{h}:\n{screen}");
    }
}

#[test]
fn every_step_of_a_lesson_renders_at_every_size() {
    let mut app = app_with(common::classic(2, false), settings());
    let len = app.trace().unwrap().epoch_len();
    for epoch in 1..=2 {
        for index in 0..len {
            assert_eq!(app.cursor(), Some((epoch, index)));
            for (w, h) in [(70, 20), (80, 24), (100, 30), (120, 40), (200, 60)] {
                let t = draw(&app, w, h);
                let screen = text(t.backend().buffer());
                let name = app.current_step().unwrap().name();
                assert!(screen.contains(&name), "{name} at {w}x{h}:\n{screen}");
            }
            press(&mut app, KeyCode::Right);
        }
    }
}

#[test]
fn a_diverging_lesson_warns_and_charts_on_a_log_scale() {
    // The loss e² grows by 1999² per epoch from 81 until it overflows in epoch 48 (see the
    // CLI's divergence test): the chart must neither hang nor draw off the scale.
    let app = app_with(
        lesson::parse(&common::diverging(200), "diverge.toml").unwrap(),
        settings(),
    );
    let screen = text(draw(&app, 120, 40).backend().buffer());
    assert!(screen.contains("infinity in epoch 48: press !"), "{screen}");
    assert!(screen.contains("log"), "{screen}");
    let screen = text(draw(&app, 80, 24).backend().buffer());
    assert!(screen.contains("infinity in epoch 48"), "{screen}");
    insta::assert_snapshot!("diverging_120x40", draw(&app, 120, 40).backend());
}

#[test]
fn every_bundled_lesson_renders_each_phase() {
    for b in lesson::bundled::LESSONS.all() {
        // Training is left to run lazily, as it does before the background thread catches up.
        let mut app = App::new(b.load().unwrap(), settings());
        for _ in 0..5 {
            let name = app.current_step().unwrap().name();
            for (w, h) in [(70, 20), (80, 24), (120, 40), (200, 60)] {
                let screen = text(draw(&app, w, h).backend().buffer());
                assert!(
                    screen.contains(&name),
                    "{} {name} at {w}x{h}:\n{screen}",
                    b.name
                );
            }
            press(&mut app, KeyCode::Char(']'));
        }
    }
}

/// Quiz mode on the flagship lesson (trained, notes fixed), at `name`.
pub(crate) fn quiz_at(name: &str) -> App {
    let mut app = at(name);
    press(&mut app, KeyCode::Char('Q'));
    app
}

/// Types `answer` and presses Enter, as the terminal delivers the keys.
pub(crate) fn answer(app: &mut App, answer: &str) {
    chars(app, answer);
    press(app, KeyCode::Enter);
}

pub(crate) fn screen80(app: &App) -> String {
    text(draw(app, 80, 24).backend().buffer())
}

#[test]
fn quiz_hides_the_value_until_answered() {
    let app = quiz_at("a(1)[1]");
    insta::assert_snapshot!("quiz_question_80x24", draw(&app, 80, 24).backend());
    for (w, h) in SIZES {
        let screen = text(draw(&app, w, h).backend().buffer());
        // σ(0.3775) = 0.593269992: neither the formula nor the network gives it away.
        assert!(!screen.contains("0.593270"), "{screen}");
        assert!(!screen.contains("0.5933"), "{screen}");
        assert!(!screen.contains("σ(0.3775)"), "{screen}");
        // What it is computed from stays: z(1)[1] = 0.3775.
        assert!(screen.contains("z 0.3775"), "{screen}");
        assert!(screen.contains("quiz 0/0 right"), "{screen}");
    }
}

#[test]
fn quiz_right_answer() {
    let mut app = quiz_at("a(1)[1]");
    answer(&mut app, "0.5933");
    insta::assert_snapshot!("quiz_right_80x24", draw(&app, 80, 24).backend());
    let screen = screen80(&app);
    assert!(screen.contains("= 0.593270 your 0.5933: right"), "{screen}");
    assert!(screen.contains("a 0.5933"), "{screen}");
    assert!(screen.contains("quiz 1/1 right"), "{screen}");
}

#[test]
fn quiz_wrong_answer() {
    let mut app = quiz_at("a(1)[1]");
    answer(&mut app, "0.865");
    insta::assert_snapshot!("quiz_wrong_80x24", draw(&app, 80, 24).backend());
    let screen = screen80(&app);
    assert!(screen.contains("your 0.865: wrong"), "{screen}");
    assert!(screen.contains("= 0.593270"), "{screen}");
    assert!(screen.contains("σ(0.3775)"), "{screen}");
    assert!(screen.contains("quiz 0/1 right"), "{screen}");
}

#[test]
fn quiz_explains_a_misconception_right_after_enter() {
    // 1/(1 + e^0.3775) = 0.406730: σ with the exponent's sign flipped.
    for (w, h) in SIZES {
        let mut app = quiz_at("a(1)[1]");
        answer(&mut app, "0.406730");
        let screen = text(draw(&app, w, h).backend().buffer());
        assert!(screen.contains("your 0.406730: wrong"), "{screen}");
        assert!(
            screen.contains("exp_sign: σ(z) was computed as"),
            "{w}x{h}:\n{screen}"
        );
    }
}

#[test]
fn quiz_carried_answer() {
    let mut app = quiz_at("a(1)[1]");
    answer(&mut app, "0.865");
    goto(&mut app, "z(2)[1]");
    // 0.4·0.865 + 0.45·0.596884378 + 0.6 = 1.214598: right from the learner's a(1)[1].
    answer(&mut app, "1.2146");
    insta::assert_snapshot!("quiz_carried_80x24", draw(&app, 80, 24).backend());
    let screen = screen80(&app);
    assert!(screen.contains("carried"), "{screen}");
    assert!(screen.contains("follows from your a(1)[1]"), "{screen}");
    // The exact z(2)[1] = 1.10591 (published).
    assert!(screen.contains("= 1.10591"), "{screen}");
}

#[test]
fn quiz_summary_overlay() {
    let mut app = quiz_at("a(1)[1]");
    answer(&mut app, "0.865");
    press(&mut app, KeyCode::Right); // z(1)[2]: skipped by moving on
    press(&mut app, KeyCode::Right); // a(1)[2]
    answer(&mut app, "0.5969");
    goto(&mut app, "z(2)[1]");
    answer(&mut app, "1.2146");
    press(&mut app, KeyCode::Char('Q'));
    assert_eq!(*app.mode(), Mode::Summary);
    insta::assert_snapshot!("quiz_summary_80x24", draw(&app, 80, 24).backend());
    let screen = screen80(&app);
    assert!(screen.contains("Quiz summary · 3 answered"), "{screen}");
    assert_eq!(
        app.farewell().as_deref(),
        Some(
            "quiz: 1 of 4 steps answered right (1 right, 1 wrong, 1 carried, 0 imprecise, 1 skipped)"
        )
    );
}

#[test]
fn quiz_hides_the_loss_and_the_one_sample_mean_that_equals_it() {
    let mut app = quiz_at("a(2)[2]");
    // E = ½((0.75136507 − 0.01)² + (0.772928465 − 0.99)²) = 0.298371109 (published).
    let screen = screen80(&app);
    assert!(!screen.contains("0.2984"), "{screen}");
    press(&mut app, KeyCode::Right);
    let screen = screen80(&app);
    assert!(screen.contains("loss"), "{screen}");
    assert!(!screen.contains("0.2984"), "{screen}");
    assert!(!screen.contains("0.298371"), "{screen}");
    answer(&mut app, "0.2984");
    let screen = screen80(&app);
    assert!(screen.contains("= 0.298371 your 0.2984: right"), "{screen}");
    assert!(screen.contains("0.2984"), "{screen}");
}

#[test]
fn quiz_hides_every_step_of_an_epoch_at_both_sizes() {
    use bpnn_tutor::notation::{Digits, Notation, number};
    use bpnn_tutor::trace::Quantity;
    let mut app = app_with(classic(), settings());
    let len = app.trace().unwrap().epoch_len();
    app.start_quiz();
    for index in 0..len {
        // Going on past a hidden step reveals it; the step arrived at is hidden again.
        if index > 0 {
            press(&mut app, KeyCode::Right);
        }
        assert!(app.hides_current());
        let step = app.current_step().unwrap();
        let precise = number::format(step.value, Digits::Sig(6), Notation::Unicode);
        let cell = number::format(step.value, Digits::Sig(4), Notation::Unicode);
        for (w, h) in SIZES {
            let screen = text(draw(&app, w, h).backend().buffer());
            assert!(
                !screen.contains(&precise),
                "{} = {precise} shows at {w}x{h}:\n{screen}",
                step.name()
            );
            // ∂L/∂b is δ, which the network shows; every other value is nowhere.
            if step.id.quantity != Quantity::DB {
                assert!(
                    !screen.contains(&cell),
                    "{} = {cell} shows at {w}x{h}:\n{screen}",
                    step.name()
                );
            }
        }
    }
}

#[test]
fn a_gradient_shows_its_numerical_check() {
    let app = at("dw(2)[1,1]");
    snapshot(&app, "gradient_check");
    // At 80×24 the check is further down the formula panel: scrolled to.
    let mut scrolled = app_with(classic(), settings());
    goto(&mut scrolled, "dw(2)[1,1]");
    draw(&scrolled, 80, 24);
    press(&mut scrolled, KeyCode::Tab);
    press(&mut scrolled, KeyCode::End);
    for (w, h, app) in [(80, 24, &scrolled), (120, 40, &app)] {
        let screen = text(draw(app, w, h).backend().buffer());
        // ∂L/∂w⁽²⁾₁,₁ = 0.138499·0.593270 = 0.0821670, and (L(w+h) − L(w−h))/2h gives the same.
        assert!(
            screen.contains("numerical (finite-difference) gradient, h = 1e-5"),
            "{screen}"
        );
        assert!(
            screen.contains("(L(w⁽²⁾₁,₁ + h) − L(w⁽²⁾₁,₁ − h)) / 2h"),
            "{screen}"
        );
        assert!(screen.contains("/ (2·1e-5) = 0.0821670"), "{screen}");
        assert!(screen.contains("relative difference"), "{screen}");
    }
    // In a quiz the estimate would give the answer away: it waits for the answer.
    let app = quiz_at("dw(2)[1,1]");
    let screen = screen80(&app);
    assert!(!screen.contains("numerical"), "{screen}");
    assert!(!screen.contains("0.0821670"), "{screen}");
}
