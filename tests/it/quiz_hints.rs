//! The quiz is as fair as `check`: an answer worked on from the learner's own rounded or
//! wrong numbers is right or carried within the band those numbers leave, and a hint ladder
//! gives, one rung at a time, the formula with the learner's own numbers, its factors, then
//! the value.

use bpnn_tutor::check::hint::hint;
use bpnn_tutor::check::{Answer, Verdict};
use bpnn_tutor::notation::Notation;
use bpnn_tutor::trace::{StepId, Trace};
use bpnn_tutor::tui::keymap::{self, Action, Context};
use bpnn_tutor::tui::quiz::Outcome;
use bpnn_tutor::tui::{App, Settings};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::common;

fn quiz() -> App {
    let mut app = App::new(
        common::classic(1, true),
        Settings {
            ascii: false,
            color: false,
            ..Default::default()
        },
    );
    app.finish_training();
    app.start_quiz();
    app
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(&KeyEvent::new(code, KeyModifiers::NONE));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// The key the table binds to `action` in quiz mode.
fn key_for(action: Action) -> KeyCode {
    let binding = keymap::bindings(Context::Quiz)
        .find(|b| b.action == action)
        .unwrap_or_else(|| panic!("no key for {action:?}"));
    match binding.keys[0] {
        keymap::Key::Char(c) => KeyCode::Char(c),
        keymap::Key::Code(code) => code,
        other => panic!("{other:?}"),
    }
}

fn status(app: &App) -> String {
    app.status().map(|s| s.text.clone()).unwrap_or_default()
}

#[test]
fn the_quiz_carries_an_answer_worked_from_the_learners_calculator() {
    let mut app = quiz();
    // a(1)[1] = σ(0.3775) = 0.593270; the learner flips the exponent: 0.406730.
    press(&mut app, KeyCode::Right);
    type_text(&mut app, "0.406730");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Right); // z(1)[2]
    press(&mut app, KeyCode::Right); // a(1)[2]
    press(&mut app, KeyCode::Right); // z(2)[1]
    // From their calculator's 0.40673016… rather than the six figures they typed:
    // 0.4·0.406730163 + 0.45·0.596884378 + 0.6 = 1.0313898, which the typed 0.406730 gives
    // as 1.0313898 − 0.0000001: one unit of the last digit apart.
    let calculator = 1.0 / (1.0 + 0.3775f64.exp());
    let z = 0.4 * calculator + 0.45 * 0.596_884_378_259_767 + 0.6;
    let typed = format!("{:.7}", z + 4e-8);
    type_text(&mut app, &typed);
    press(&mut app, KeyCode::Enter);
    match app.quiz_outcome() {
        Some(Outcome::Answered { verdict, .. }) => assert_eq!(
            verdict.clone(),
            Verdict::Carried {
                from: vec!["a(1)[1]".into()]
            },
            "{typed}"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn hints_climb_from_the_formula_with_your_numbers_to_its_factors_to_the_value() {
    let mut app = quiz();
    let hint_key = key_for(Action::Hint);
    // z(1)[1] answered wrong, 0.38 written as 0.3800; then a(1)[1].
    type_text(&mut app, "0.3800");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Right);
    press(&mut app, hint_key);
    assert_eq!(
        status(&app),
        "hint 1/3: a⁽¹⁾₁ = σ(z⁽¹⁾₁) = σ(0.38)",
        "the formula, with the learner's own z"
    );
    assert!(app.hides_current());
    press(&mut app, hint_key);
    // σ's argument, from the learner's z.
    assert_eq!(status(&app), "hint 2/3: z⁽¹⁾₁ = 0.38");
    press(&mut app, hint_key);
    assert_eq!(status(&app), "hint 3/3: a⁽¹⁾₁ = 0.593270");
    // The value is shown: the step is revealed, unscored.
    assert!(!app.hides_current());
    assert_eq!(app.quiz_tally().unwrap().skipped, 1);
}

#[test]
fn a_hidden_deltas_factors_are_the_error_passed_back_and_the_slope() {
    let trace = Trace::new(common::classic(1, true));
    let key = |name: &str| common::key(1, StepId::parse(name).unwrap(), 1);
    let step = trace.find(&key("delta(1)[1]")).unwrap();
    // The learner's δ⁽²⁾ are 0.14 and −0.038: the error passed back is
    // 0.40·0.14 + 0.50·(−0.038) = 0.037, and f′ = a(1 − a) from the exact a⁽¹⁾₁.
    let answers = [
        Answer {
            key: key("delta(2)[1]"),
            given: 0.14,
            text: "0.14".into(),
        },
        Answer {
            key: key("delta(2)[2]"),
            given: -0.038,
            text: "-0.038".into(),
        },
    ];
    let factors = hint(&trace, &step, &answers, 1, Notation::Unicode).unwrap();
    let a = 1.0 / (1.0 + (-0.3775f64).exp());
    let passed: f64 = 0.40 * 0.14 + 0.50 * -0.038;
    assert!((passed - 0.037).abs() < 1e-12);
    assert!(factors.contains("= 0.037;"), "{factors}");
    assert!(
        factors.contains(&format!("= {:.6}", a * (1.0 - a))),
        "{factors}"
    );
    let formula = hint(&trace, &step, &answers, 0, Notation::Ascii).unwrap();
    assert!(formula.contains("0.14"), "{formula}");
    assert!(formula.is_ascii(), "{formula}");
    assert_eq!(hint(&trace, &step, &answers, 3, Notation::Unicode), None);
}
