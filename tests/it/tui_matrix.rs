//! The matrix view (`m`): each step as one entry of its layer's vector equation. The entries
//! on screen are checked against products computed here from the lesson's own numbers; the
//! trace's read API gives the parts of every δ; the quiz still hides the current value.

use crate::common;
use crate::tui_render::{
    SIZES, answer, app_with, at, classic, draw, find, goto, press, quiz_at, screen80, settings,
    text,
};

use bpnn_tutor::lesson::{self, Lesson};
use bpnn_tutor::notation::{Digits, Notation, number};
use bpnn_tutor::trace::{Arrays, Param, Quantity, Trace};
use bpnn_tutor::tui::{App, Settings};
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Color;

/// The colour of what the current formula reads (its first value's, in the other panels).
const READ: Color = Color::Indexed(87);

/// The classic 2-2-2 example computed here by hand: hidden and output activations, output and
/// hidden δ, and the error passed back to each hidden neuron.
struct Classic {
    h: [f64; 2],
    o: [f64; 2],
    d2: [f64; 2],
    back: [f64; 2],
    d1: [f64; 2],
}

fn by_hand() -> Classic {
    let sigma = |z: f64| 1.0 / (1.0 + (-z).exp());
    let (x, y) = ([0.05, 0.10], [0.01, 0.99]);
    let w1 = [[0.15, 0.20], [0.25, 0.30]];
    let w2 = [[0.40, 0.45], [0.50, 0.55]];
    let h = [0, 1].map(|j| sigma(w1[j][0] * x[0] + w1[j][1] * x[1] + 0.35));
    let o = [0, 1].map(|j| sigma(w2[j][0] * h[0] + w2[j][1] * h[1] + 0.60));
    let d2 = [0, 1].map(|j| (o[j] - y[j]) * o[j] * (1.0 - o[j]));
    let back = [0, 1].map(|j| w2[0][j] * d2[0] + w2[1][j] * d2[1]);
    let d1 = [0, 1].map(|j| back[j] * h[j] * (1.0 - h[j]));
    Classic { h, o, d2, back, d1 }
}

/// A value as the matrix view writes an entry: 4 significant digits.
fn cell(v: f64) -> String {
    number::format(v, Digits::Sig(4), Notation::Unicode)
}

/// The app on the classic lesson at `name`, in the matrix view.
fn matrix_at(name: &str) -> App {
    let mut app = at(name);
    press(&mut app, KeyCode::Char('m'));
    assert!(app.matrix_view());
    app
}

fn snapshot(app: &App, name: &str) {
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), draw(app, w, h).backend());
    }
}

/// Does some line of the screen hold these texts, in this order?
fn row_with(screen: &str, items: &[String]) -> bool {
    screen.lines().any(|line| {
        let mut rest = line;
        items.iter().all(|item| match rest.find(item.as_str()) {
            Some(i) => {
                rest = &rest[i + item.len()..];
                true
            }
            None => false,
        })
    })
}

fn screen(app: &App, w: u16, h: u16) -> String {
    text(draw(app, w, h).backend().buffer())
}

#[test]
fn the_read_api_gives_the_parts_of_each_delta() {
    let hand = by_hand();
    let trace = Trace::new(common::classic(1, true));
    let batch = trace.batch(1, 1);
    let s = batch.sample(1).unwrap();
    assert_eq!(s.target(), &[0.01, 0.99]);
    for j in 0..2 {
        // Output: δ⁽²⁾ⱼ = ∂L/∂a⁽²⁾ⱼ · σ′(z⁽²⁾ⱼ) with ∂L/∂a = a − y and σ′ = a(1 − a).
        let grad = s.loss_gradient(j).unwrap();
        let fprime = s.derivative(2, j).unwrap();
        assert!(common::close(grad, hand.o[j] - [0.01, 0.99][j], 1e-12));
        assert!(common::close(fprime, hand.o[j] * (1.0 - hand.o[j]), 1e-12));
        assert_eq!(s.delta(2, j), grad * fprime);
        // Hidden: δ⁽¹⁾ⱼ = (Σₖ w⁽²⁾ₖⱼ δ⁽²⁾ₖ) · σ′(z⁽¹⁾ⱼ), exactly as the engine computes it.
        let back = s.upstream(1, j).unwrap();
        assert!(common::close(back, hand.back[j], 1e-12));
        assert_eq!(s.delta(1, j), back * s.derivative(1, j).unwrap());
        assert!(common::close(s.delta(1, j), hand.d1[j], 1e-12));
        assert_eq!(s.upstream(2, j), None);
    }
    // The flagship number: 0.40·0.1384985 + 0.50·(−0.0380982) = 0.0363503.
    assert!(common::agrees(s.upstream(1, 0).unwrap(), "0.0363503"));
    // Softmax has no elementwise derivative: with cross-entropy δ = a − y.
    let l = lesson::bundled::LESSONS
        .find("softmax_classifier")
        .unwrap()
        .load()
        .unwrap();
    let trace = Trace::new(l);
    let batch = trace.batch(1, 1);
    let s = batch.sample(1).unwrap();
    assert_eq!(s.derivative(2, 0), None);
    assert_eq!(s.loss_gradient(0), None);
    assert_eq!(s.delta(2, 0), s.a(2, 0) - s.target()[0]);
}

#[test]
fn m_toggles_the_view_and_stepping_keeps_it() {
    let mut app = app_with(classic(), settings());
    assert!(!app.matrix_view());
    press(&mut app, KeyCode::Char('m'));
    assert!(app.matrix_view());
    assert!(app.status().unwrap().text.contains("matrix view"));
    for key in [
        KeyCode::Right,
        KeyCode::Char(']'),
        KeyCode::Left,
        KeyCode::End,
    ] {
        press(&mut app, key);
        assert!(app.matrix_view(), "{key:?}");
    }
    let s = screen(&app, 120, 40);
    assert!(s.contains("Matrix form"), "{s}");
    assert!(!s.contains("Parameters"), "{s}");
    press(&mut app, KeyCode::Char('m'));
    assert!(!app.matrix_view());
    let s = screen(&app, 120, 40);
    assert!(
        s.contains("Parameters") && !s.contains("Matrix form"),
        "{s}"
    );
    // The footer and the help come from the key table.
    let mut app = app_with(classic(), settings());
    assert!(screen(&app, 120, 40).contains("m matrix"));
    press(&mut app, KeyCode::Char('?'));
    assert!(screen(&app, 80, 24).contains("matrix view on / off"));
}

#[test]
fn a_weighted_input_is_a_row_of_w_times_a_plus_b() {
    let app = matrix_at("z(1)[1]");
    snapshot(&app, "z");
    for (w, h) in SIZES {
        let s = screen(&app, w, h);
        assert!(s.contains("z⁽¹⁾ = W⁽¹⁾a⁽⁰⁾ + b⁽¹⁾"), "{s}");
        // 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775; z⁽¹⁾₂ is not computed yet.
        assert!(s.contains(&format!("⎡ {} ⎤", cell(0.15 * 0.05 + 0.2 * 0.1 + 0.35))));
        assert!(
            s.contains("⎡ 0.15  0.2 ⎤") && s.contains("⎣ 0.25  0.3 ⎦"),
            "{s}"
        );
        assert!(!s.contains("0.3925"), "{s}");
        assert!(s.contains("2×2"), "{s}");
    }
    // The entry is the current number, row 1 of W is read, row 2 is not.
    let t = draw(&app, 120, 40);
    let buf = t.backend().buffer();
    let (x, y) = find(buf, "⎡ 0.3775 ⎤").unwrap();
    assert_eq!(buf[(x + 2, y)].bg, Color::Yellow);
    let (x, y) = find(buf, "⎡ 0.15  0.2 ⎤").unwrap();
    assert_eq!(buf[(x + 2, y)].bg, READ);
    assert_eq!(buf[(x + 8, y)].bg, READ);
    let (x, y) = find(buf, "⎣ 0.25  0.3 ⎦").unwrap();
    assert_eq!(buf[(x + 2, y)].bg, Color::Reset);
}

#[test]
fn a_hidden_delta_passes_the_error_back_through_the_transpose() {
    let hand = by_hand();
    let app = matrix_at("delta(1)[1]");
    snapshot(&app, "hidden_delta");
    for (w, h) in SIZES {
        let s = screen(&app, w, h);
        assert!(s.contains("δ⁽¹⁾ = (W⁽²⁾)ᵀδ⁽²⁾ ⊙ σ′(z⁽¹⁾)"), "{s}");
        // The transpose: row 1 is (w⁽²⁾₁₁, w⁽²⁾₂₁) = (0.4, 0.5), column 1 of W⁽²⁾.
        assert!(s.contains("⎡  0.4   0.5 ⎤"), "{s}");
        assert!(s.contains("⎣ 0.45  0.55 ⎦"), "{s}");
        // The error passed back, 0.4·δ⁽²⁾₁ + 0.5·δ⁽²⁾₂, and then δ⁽¹⁾₁ = it ⊙ σ′.
        assert!(s.contains(&cell(hand.back[0])), "{s}");
        assert!(s.contains(&cell(hand.back[1])), "{s}");
        assert!(s.contains(&cell(hand.d2[0])) && s.contains(&cell(hand.d2[1])));
        assert!(s.contains(&cell(hand.d1[0])), "{s}");
        assert!(s.contains(&cell(hand.h[0] * (1.0 - hand.h[0]))), "{s}");
    }
}

#[test]
fn a_weight_gradient_is_an_outer_product() {
    let hand = by_hand();
    let app = matrix_at("dw(2)[1,2]");
    snapshot(&app, "weight_gradient");
    let s = screen(&app, 120, 40);
    assert!(s.contains("∂L/∂W⁽²⁾ = δ⁽²⁾(a⁽¹⁾)ᵀ"), "{s}");
    // Row 1 so far: δ⁽²⁾₁·a⁽¹⁾₁ and δ⁽²⁾₁·a⁽¹⁾₂ (the current entry); row 2 still blank.
    let row1 = [
        "⎡".to_string(),
        cell(hand.d2[0] * hand.h[0]),
        cell(hand.d2[0] * hand.h[1]),
        "⎤".into(),
    ];
    assert!(row_with(&s, &row1), "{row1:?}\n{s}");
    assert!(!s.contains(&cell(hand.d2[1] * hand.h[0])), "{s}");
    assert!(s.contains(&format!("[ {}  {} ]", cell(hand.h[0]), cell(hand.h[1]))));
    assert!(s.contains("1×2"), "{s}");
}

#[test]
fn an_update_is_w_minus_eta_times_the_gradient() {
    let hand = by_hand();
    let app = matrix_at("w(2)[1,2]");
    snapshot(&app, "update");
    let s = screen(&app, 120, 40);
    assert!(s.contains("W⁽²⁾ ← W⁽²⁾ − η·∂L/∂W⁽²⁾"), "{s}");
    // w⁽²⁾₁₁ is done, w⁽²⁾₁₂ is the current one; w⁽²⁾₂₁ is not updated yet.
    let new = |j: usize, k: usize, w: f64| w - 0.5 * hand.d2[j] * hand.h[k];
    assert!(s.contains(&cell(new(0, 0, 0.40))), "{s}");
    assert!(s.contains(&cell(new(0, 1, 0.45))), "{s}");
    assert!(!s.contains(&cell(new(1, 0, 0.50))), "{s}");
    assert!(s.contains("− 0.5·"), "{s}");
}

#[test]
fn a_batch_update_shows_the_mean_of_its_samples_gradients() {
    // Samples 1 and 2 of the key tests' lesson form batch 1.
    let mut l = common::classic(1, true);
    l.data.push(l.data[0].clone());
    l.data[1].input[0] = 0.2;
    l.batch_size = 2;
    let mut app = app_with(l, settings());
    goto(&mut app, "w(1)[1,1]");
    press(&mut app, KeyCode::Char('m'));
    let s = screen(&app, 120, 40);
    assert!(
        s.contains("∂L/∂W⁽¹⁾ = (1/2)·(∂L₁/∂W⁽¹⁾ + ∂L₂/∂W⁽¹⁾)"),
        "{s}"
    );
    let trace = app.trace().unwrap();
    let batch = trace.batch(1, 1);
    let p = Param::w(1, 0, 0);
    let (g1, g2) = (
        batch.sample(1).unwrap().gradient(p),
        batch.sample(2).unwrap().gradient(p),
    );
    // Each sample's own δ⁽¹⁾₁·x₁, and their mean.
    let x1 = [0.05, 0.2];
    for (n, g) in [g1, g2].into_iter().enumerate() {
        let s = batch.sample(n + 1).unwrap();
        assert!(common::close(g, s.delta(1, 0) * x1[n], 1e-15));
    }
    assert!(common::close(batch.gradient(p), (g1 + g2) / 2.0, 1e-15));
    for v in [g1, g2, (g1 + g2) / 2.0] {
        assert!(s.contains(&cell(v)), "{}\n{s}", cell(v));
    }
}

/// The 784-128-10 lesson.
fn mnist() -> Lesson {
    lesson::bundled::LESSONS
        .find("mnist_sized")
        .unwrap()
        .load()
        .unwrap()
}

#[test]
fn the_784_128_10_lesson_shows_windows_of_its_matrices() {
    let mut app = App::new(mnist(), settings());
    goto(&mut app, "z(1)[60]");
    press(&mut app, KeyCode::Char('m'));
    let trace = app.trace().unwrap();
    let batch = trace.batch(1, 1);
    let s = batch.sample(1).unwrap();
    let w = batch.weights(Arrays::Before, 1).unwrap();
    let b = batch.biases(Arrays::Before, 1).unwrap();
    // z⁽¹⁾ⱼ = row j of W⁽¹⁾ times a⁽⁰⁾, plus b⁽¹⁾ⱼ, here by ndarray's own dot product.
    for j in 55..60 {
        let z = w.row(j).dot(&ndarray::aview1(s.activations(0))) + b[j];
        assert!(common::close(s.z(1, j), z, 1e-12), "{j}");
    }
    for (w_, h) in [(80, 24), (120, 40), (200, 60)] {
        let screen = screen(&app, w_, h);
        assert!(screen.contains("W⁽¹⁾a⁽⁰⁾"), "{screen}");
        assert!(screen.contains("more"), "{screen}");
        if h >= 40 {
            assert!(screen.contains("128×784"), "{screen}");
            // The current entry and the entries above it, which are computed.
            for j in 57..60 {
                assert!(screen.contains(&cell(s.z(1, j))), "{j}\n{screen}");
            }
        }
    }
    insta::assert_snapshot!("mnist_z_120x40", draw(&app, 120, 40).backend());
    // The same at δ⁽¹⁾: (W⁽²⁾)ᵀ is 128×10.
    goto(&mut app, "delta(1)[60]");
    let screen = screen(&app, 120, 40);
    assert!(screen.contains("128×10"), "{screen}");
}

#[test]
fn the_quiz_hides_the_current_value_in_the_matrix_view_too() {
    let mut app = app_with(classic(), settings());
    let len = app.trace().unwrap().epoch_len();
    press(&mut app, KeyCode::Char('m'));
    app.start_quiz();
    for index in 0..len {
        if index > 0 {
            press(&mut app, KeyCode::Right);
        }
        assert!(app.hides_current() && app.matrix_view());
        let step = app.current_step().unwrap();
        let precise = number::format(step.value, Digits::Sig(6), Notation::Unicode);
        for (w, h) in SIZES {
            let s = screen(&app, w, h);
            assert!(!s.contains(&precise), "{} at {w}x{h}:\n{s}", step.name());
            // ∂L/∂b is δ, which the equation shows as what it is computed from.
            if step.id.quantity != Quantity::DB {
                assert!(
                    !s.contains(&cell(step.value)),
                    "{} at {w}x{h}:\n{s}",
                    step.name()
                );
            }
        }
    }
    // Nor are the chain-rule factors of a hidden δ given away: the error passed back and σ′
    // of its row wait for the answer, as the formula panel's terms do.
    let hand = by_hand();
    let mut app = quiz_at("delta(1)[1]");
    press(&mut app, KeyCode::Char('m'));
    for (w, h) in SIZES {
        let s = screen(&app, w, h);
        assert!(!s.contains(&cell(hand.back[0])), "{s}");
        assert!(!s.contains(&cell(hand.h[0] * (1.0 - hand.h[0]))), "{s}");
        // The other row's are not this step's: they show.
        assert!(s.contains(&cell(hand.back[1])), "{s}");
    }
    // Answered, the value appears.
    let mut app = quiz_at("a(1)[1]");
    press(&mut app, KeyCode::Char('m'));
    assert!(!screen80(&app).contains("0.5933"));
    answer(&mut app, "0.5933");
    assert!(screen80(&app).contains("⎡ 0.5933 ⎤"), "{}", screen80(&app));
}

#[test]
fn ascii_writes_the_transpose_and_the_hadamard_product_in_ascii() {
    let mut app = app_with(
        common::classic(1, true),
        Settings {
            ascii: true,
            color: true,
            ..Default::default()
        },
    );
    press(&mut app, KeyCode::Char('m'));
    for name in [
        "z(1)[1]",
        "loss",
        "delta(2)[1]",
        "delta(1)[2]",
        "dw(1)[2,1]",
        "w(2)[1,1]",
    ] {
        goto(&mut app, name);
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            let s = screen(&app, w, h);
            assert!(s.is_ascii(), "{name} at {w}x{h}:\n{s}");
        }
    }
    goto(&mut app, "delta(1)[2]");
    let s = screen(&app, 120, 40);
    assert!(
        s.contains("delta(1) = (W(2))^T delta(2) (*) sigmoid'(z(1))"),
        "{s}"
    );
    insta::assert_snapshot!("ascii_hidden_delta_80x24", draw(&app, 80, 24).backend());
}

#[test]
fn every_step_of_every_optimizer_renders_in_the_matrix_view() {
    for name in [
        "sigmoid_2layer",
        "sgd_momentum",
        "adam",
        "softmax_classifier",
        "relu_dead",
    ] {
        let mut app = App::new(
            lesson::bundled::LESSONS.find(name).unwrap().load().unwrap(),
            settings(),
        );
        app.finish_training();
        press(&mut app, KeyCode::Char('m'));
        let len = app.trace().unwrap().epoch_len().min(400);
        for _ in 0..len {
            let step = app.current_step().unwrap().name();
            for (w, h) in [(70, 20), (80, 24), (120, 40)] {
                let s = screen(&app, w, h);
                assert!(s.contains(&step), "{name} {step} at {w}x{h}:\n{s}");
                assert!(s.contains("Matrix form"), "{name} {step} at {w}x{h}:\n{s}");
            }
            press(&mut app, KeyCode::Right);
        }
    }
}

#[test]
fn a_hidden_delta_names_the_error_passed_back_as_a_factor() {
    use bpnn_tutor::trace::{StepId, Style as FormulaStyle, TermLabel};
    let hand = by_hand();
    let trace = Trace::new(common::classic(1, true));
    let step = trace
        .find(&common::key(1, StepId::parse("delta(1)[1]").unwrap(), 1))
        .unwrap();
    let f = trace.formula(&step);
    let labels: Vec<_> = f.terms.iter().map(|t| t.label.clone()).collect();
    assert_eq!(
        labels,
        [
            Some(TermLabel::PassedBack { from: 2 }),
            Some(TermLabel::Slope {
                activation: "sigmoid"
            }),
            Some(TermLabel::Product),
        ]
    );
    // 0.40·0.1384985 + 0.50·(−0.0380982) = 0.0363503, then times σ′ it is δ⁽¹⁾₁ exactly.
    let passed = f.terms[0].definition.eval();
    assert!(common::close(passed, hand.back[0], 1e-12));
    assert!(common::agrees(passed, "0.0363503"));
    assert_eq!(f.terms[2].definition.eval(), step.value);
    let style = FormulaStyle::new(Notation::Unicode, Digits::Sig(6));
    let lines = f.term_lines(style);
    assert_eq!(
        lines[0],
        "the error passed back from layer 2: Σₖ w⁽²⁾ₖ,₁·δ⁽²⁾ₖ = w⁽²⁾₁,₁·δ⁽²⁾₁ + \
         w⁽²⁾₂,₁·δ⁽²⁾₂ = 0.4·0.138499 + 0.5·(-0.0380982) = 0.0363503"
    );
    assert_eq!(
        lines[2],
        "their product: δ⁽¹⁾₁ = (Σₖ w⁽²⁾ₖ,₁·δ⁽²⁾ₖ)·σ′(z⁽¹⁾₁) = 0.0363503·0.241301 = 0.00877135"
    );
    let ascii = f.term_lines(FormulaStyle::new(Notation::Ascii, Digits::Sig(6)));
    assert!(
        ascii[0]
            .starts_with("the error passed back from layer 2: sum over k of w(2)[k,1]*delta(2)[k]"),
        "{}",
        ascii[0]
    );
    let latex = f.term_lines(FormulaStyle::new(Notation::Latex, Digits::Sig(6)));
    assert!(
        latex[0].starts_with(
            "\\text{the error passed back from layer 2:}\\; \\sum_{k} w^{(2)}_{k,1} \\cdot"
        ),
        "{}",
        latex[0]
    );
    // In the tutor: at 120×40 on screen; at 80×24 the formula panel scrolls to them.
    let mut app = at("delta(1)[1]");
    let s = screen(&app, 120, 40);
    for said in [
        "error passed back from layer 2",
        "= 0.0363503",
        "their product",
    ] {
        assert!(s.contains(said), "{s}");
    }
    let s = screen(&app, 80, 24);
    assert!(!s.contains("their product"), "{s}");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::End);
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("= 0.0363503") && s.contains("their product"),
        "{s}"
    );
}
