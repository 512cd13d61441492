//! Quiz mode keeps its secrets: while a step is quizzed, its value is nowhere on screen — not in
//! the formula, the network, the parameters, the matrix view, the loss panel's numbers and
//! axis, nor in the lesson's own notes (which work the numbers out) — at every size.

use bpnn_tutor::lesson::{self, Lesson};
use bpnn_tutor::tui::App;
use ratatui::crossterm::event::KeyCode;

use crate::common::pty::Session;
use crate::tui_render::{app_with, draw, press, settings, text};

/// `v` written with `d` significant digits in plain decimals (as a note or a panel might).
fn written(v: f64, d: usize) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let magnitude = (v.abs().log10().floor() as i32).clamp(-300, 300);
    let decimals = (d as i32 - 1 - magnitude).max(0) as usize;
    format!("{v:.decimals$}")
}

/// Does `screen` show `number` as a number of its own (not as part of a longer one)?
fn shows(screen: &str, number: &str) -> bool {
    screen.match_indices(number).any(|(at, _)| {
        let before = screen[..at].chars().next_back();
        let after = screen[at + number.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit() || c == '.')
            && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

/// Every step of the first sample and its update, quizzed, at three sizes: none of its value's
/// writings at 3 to 6 significant digits is on screen, unless a value the formula reads is
/// written the same (a weight barely changed by its update is its old value to 4 digits).
/// (Whole numbers and values under 10⁻⁴, written with powers of ten, are left out: a 1 or a 0
/// is on every screen.)
fn keeps_its_secrets(lesson: Lesson, matrix: bool) {
    let mut app: App = app_with(lesson, settings());
    let layout = app.trace().unwrap().layout().clone();
    let steps =
        layout.steps_per_sample() * layout.batch_samples(1).count() + layout.steps_per_update();
    app.start_quiz();
    if matrix {
        press(&mut app, KeyCode::Char('m'));
    }
    for i in 0..steps {
        if i > 0 {
            press(&mut app, KeyCode::Right);
        }
        assert!(app.hides_current());
        let step = app.current_step().unwrap();
        let v = step.value;
        let inputs = app.trace().unwrap().inputs(&step);
        if v.fract() == 0.0 || v.abs() < 1e-4 || v.abs() >= 1e6 {
            continue;
        }
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            let screen = text(draw(&app, w, h).backend().buffer()).replace('−', "-");
            for d in 3..=6 {
                let n = written(v, d);
                if inputs
                    .iter()
                    .any(|i| i.value.is_finite() && written(i.value, d) == n)
                {
                    continue;
                }
                assert!(
                    !shows(&screen, &n),
                    "{} = {v}: {n} shows at {w}x{h}:\n{screen}",
                    step.name()
                );
            }
        }
    }
}

/// The words inside the panel titled `title`, row after row.
fn panel_text(screen: &str, title: &str) -> String {
    let rows: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    let top = rows
        .iter()
        .position(|r| r.iter().collect::<String>().contains(&format!("┌ {title}")))
        .unwrap();
    let line: String = rows[top].iter().collect();
    let left = line[..line.find(&format!("┌ {title}")).unwrap()]
        .chars()
        .count();
    let right = left
        + 1
        + rows[top][left + 1..]
            .iter()
            .position(|&c| c == '┐')
            .unwrap();
    let mut words = Vec::new();
    for row in &rows[top + 1..] {
        if row[left] == '└' {
            break;
        }
        let inside: String = row[left + 1..right].iter().collect();
        words.extend(inside.split_whitespace().map(str::to_string));
    }
    words.join(" ")
}

fn bundled(name: &str) -> Lesson {
    lesson::bundled::LESSONS.find(name).unwrap().load().unwrap()
}

#[test]
fn the_flagship_lesson_keeps_every_secret_notes_and_all() {
    // Its notes work a⁽¹⁾₁ = σ(0.3775) = 0.593270, the loss 0.298371, δ⁽²⁾₁ = 0.138499, …
    keeps_its_secrets(bundled("sigmoid_2layer"), false);
}

#[test]
fn a_softmax_lesson_and_the_matrix_view_keep_them_too() {
    keeps_its_secrets(bundled("softmax_classifier"), false);
    keeps_its_secrets(bundled("sigmoid_2layer"), true);
}

#[test]
fn through_the_real_binary_the_note_and_the_chart_give_nothing_away() {
    let mut s = Session::spawn(
        crate::common::pty::tutor(&["--quiz", "sigmoid_2layer"]),
        60,
        200,
    );
    s.dismiss_card();
    s.wait_for(&["step 1/37", "type the value", "Notes"]);
    // z⁽¹⁾₁ = 0.3775 is worked in the note: it shows as ?.
    assert!(!shows(&s.contents(), "0.3775"), "{}", s.contents());
    s.press("s");
    s.press("\x1b[C");
    // a⁽¹⁾₁ = σ(0.3775) = 0.593270 (published): not in the note, not anywhere.
    s.wait_for(&["step 2/37", "a(1)[1]", "type the value"]);
    let screen = s.contents();
    assert!(screen.contains("0.3775"), "the answered z shows: {screen}");
    for n in ["0.593270", "0.5933", "0.593"] {
        assert!(!shows(&screen, n), "{n}: {screen}");
    }
    s.press(":loss\r");
    s.wait_for(&["step 9/37", "type the value"]);
    for n in ["0.298371", "0.2984", "0.298"] {
        assert!(!shows(&s.contents(), n), "{n}: {}", s.contents());
    }
    s.press("0.2984\r");
    s.wait_for(&["your 0.2984: right"]);
    s.press("q");
    s.wait_for(&["Leave the quiz?"]);
    s.press("y");
    assert!(s.exit_status().success());
}

#[test]
fn a_carried_verdict_shows_whole_at_every_size() {
    let mut app = app_with(bundled("sigmoid_2layer"), settings());
    app.start_quiz();
    // a(1)[1] answered 0.7 (it is 0.593270): wrong. Then z(2)[1] from that 0.7 and the exact
    // a(1)[2] = 0.596884378: 0.4·0.7 + 0.45·0.596884378 + 0.6 = 1.148598 — carried.
    press(&mut app, KeyCode::Right);
    for c in "0.7".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    for _ in 0..3 {
        press(&mut app, KeyCode::Right);
    }
    assert_eq!(app.current_step().unwrap().name(), "z(2)[1]");
    for c in "1.1486".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let screen = text(draw(&app, w, h).backend().buffer());
        // The formula panel's rows, joined: the whole sentence is there, wrapped if need be.
        let said = panel_text(&screen, "Formula");
        assert!(
            said.contains("your 1.1486: carried (follows from your a(1)[1])"),
            "{w}x{h}:\n{screen}"
        );
    }
}
