//! Panels that take focus and scroll, the start card, and the question before leaving a quiz
//! with answers, driven by keys and the mouse as a learner would, each frame drawn as a
//! terminal would draw it.

use bpnn_tutor::tui::keymap::{Action, Context};
use bpnn_tutor::tui::ui::geometry::Panel;
use bpnn_tutor::tui::{App, Mode};
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use crate::tui_render::{app_with, chars, classic, draw, goto, press, settings, text};

fn key(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    app.handle_key(&KeyEvent::new(code, modifiers));
}

fn mouse(app: &mut App, kind: MouseEventKind, column: u16, row: u16) {
    app.handle_event(&Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }));
}

/// The rows of the formula panel's text on screen.
fn formula_rows(app: &App) -> Vec<String> {
    let screen = text(draw(app, 80, 24).backend().buffer());
    let lines: Vec<&str> = screen.lines().collect();
    let top = lines.iter().position(|l| l.contains("Formula")).unwrap();
    let bottom = top
        + 1
        + lines[top + 1..]
            .iter()
            .position(|l| l.starts_with('└'))
            .unwrap();
    lines[top + 1..bottom]
        .iter()
        .map(|l| l.to_string())
        .collect()
}

/// The first row of the formula panel's text on screen (the row under its top border).
fn formula_first_row(app: &App) -> String {
    formula_rows(app)[0].clone()
}

#[test]
fn tab_focuses_the_panels_that_scroll_and_keys_scroll_the_focused_one() {
    let mut app = app_with(classic(), settings());
    goto(&mut app, "delta(1)[1]");
    draw(&app, 80, 24);
    assert_eq!(app.focus(), None);
    key(&mut app, KeyCode::Tab, KeyModifiers::NONE);
    assert_eq!(app.focus(), Some(Panel::Formula));
    assert_eq!(app.context(), Context::Focus);
    // The focused border says how to scroll; the formula of δ⁽¹⁾₁ is taller than its panel.
    let screen = text(draw(&app, 80, 24).backend().buffer());
    assert!(screen.contains("↑↓ PgUp PgDn scroll · Esc"), "{screen}");
    assert!(screen.contains("rows 1-"), "{screen}");
    assert!(formula_first_row(&app).contains("error signal"));
    key(&mut app, KeyCode::Down, KeyModifiers::NONE);
    assert!(
        formula_first_row(&app).contains("δ⁽¹⁾₁ ="),
        "{}",
        formula_first_row(&app)
    );
    key(&mut app, KeyCode::End, KeyModifiers::NONE);
    let rows = formula_rows(&app);
    assert!(rows.last().unwrap().contains("0.00877135"), "{rows:?}");
    assert!(rows.iter().any(|r| r.contains("their product")), "{rows:?}");
    key(&mut app, KeyCode::Home, KeyModifiers::NONE);
    assert!(formula_first_row(&app).contains("error signal"));
    key(&mut app, KeyCode::PageDown, KeyModifiers::NONE);
    assert!(!formula_first_row(&app).contains("error signal"));
    key(&mut app, KeyCode::PageUp, KeyModifiers::NONE);
    assert!(formula_first_row(&app).contains("error signal"));
    // Tab on to the parameters, Shift-Tab back; Esc lets go (and does not quit).
    key(&mut app, KeyCode::Tab, KeyModifiers::NONE);
    assert_eq!(app.focus(), Some(Panel::Params));
    key(&mut app, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(app.focus(), Some(Panel::Formula));
    key(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(app.focus(), None);
    assert!(!app.quitting());
    // Scrolled, then a step on: the panel starts from its own top again.
    key(&mut app, KeyCode::Tab, KeyModifiers::NONE);
    key(&mut app, KeyCode::End, KeyModifiers::NONE);
    press(&mut app, KeyCode::Right);
    assert!(
        formula_first_row(&app).contains("gradient of the loss for the bias"),
        "{}",
        formula_first_row(&app)
    );
}

#[test]
fn without_focus_the_arrows_scroll_the_parameters_which_keep_what_the_formula_reads() {
    let mut app = app_with(classic(), settings());
    goto(&mut app, "delta(1)[1]");
    // At 80×24 the parameters show W⁽²⁾ whole: both weights δ⁽¹⁾₁ reads (column 1).
    let screen = text(draw(&app, 80, 24).backend().buffer());
    assert!(screen.contains("W⁽²⁾ and b⁽²⁾"), "{screen}");
    assert!(!screen.contains("rows 1-1 of 2"), "{screen}");
    assert!(
        screen.contains("j=1     0.4") && screen.contains("j=2     0.5"),
        "{screen}"
    );
    // ↓ (or j) scrolls them: the other layers' matrices come into view.
    for _ in 0..6 {
        press(&mut app, KeyCode::Down);
    }
    let screen = text(draw(&app, 80, 24).backend().buffer());
    assert!(screen.contains("∂L/∂W⁽¹⁾"), "{screen}");
}

#[test]
fn the_mouse_focuses_what_it_clicks_and_the_wheel_scrolls_what_it_is_over() {
    let mut app = app_with(classic(), settings());
    goto(&mut app, "delta(1)[1]");
    let screen = text(draw(&app, 80, 24).backend().buffer());
    let row = screen.lines().position(|l| l.contains("Formula")).unwrap() as u16 + 2;
    mouse(&mut app, MouseEventKind::Down(MouseButton::Left), 10, row);
    assert_eq!(app.focus(), Some(Panel::Formula));
    mouse(&mut app, MouseEventKind::ScrollDown, 10, row);
    assert!(!formula_first_row(&app).contains("error signal"));
    mouse(&mut app, MouseEventKind::ScrollUp, 10, row);
    assert!(formula_first_row(&app).contains("error signal"));
    // A click on the network (which does not scroll) lets go of the focus.
    mouse(&mut app, MouseEventKind::Down(MouseButton::Left), 10, 3);
    assert_eq!(app.focus(), None);
}

#[test]
fn the_start_card_names_the_lesson_and_any_key_begins() {
    let mut app = app_with(classic(), settings());
    app.show_card();
    assert_eq!(app.context(), Context::Card);
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let screen = text(draw(&app, w, h).backend().buffer());
        for said in [
            "Two-layer sigmoid network",
            "The classic published 2-2-2",
            "a neuron's weighted input",
            "its activation a = f(z)",
            "its error signal ∂L/∂z",
            "next step",
            "every key",
            "Any key begins",
        ] {
            assert!(screen.contains(said), "{w}×{h}: {said}\n{screen}");
        }
    }
    // Any key closes it and does nothing else; i opens it again.
    press(&mut app, KeyCode::Right);
    assert_eq!(*app.mode(), Mode::Normal);
    assert_eq!(app.cursor(), Some((1, 0)));
    press(&mut app, KeyCode::Char('i'));
    assert_eq!(*app.mode(), Mode::Card);
    key(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(app.quitting(), "Ctrl-C quits from the card too");
}

#[test]
fn leaving_a_quiz_with_answers_is_asked_first() {
    let mut app = app_with(classic(), settings());
    app.start_quiz();
    // No answer yet: q quits at once.
    press(&mut app, KeyCode::Char('q'));
    assert!(app.quitting());
    let mut app = app_with(classic(), settings());
    app.start_quiz();
    chars(&mut app, "0.3775");
    press(&mut app, KeyCode::Enter);
    // Esc clears a typo; Esc with the field empty asks (it quit, losing the answers).
    press(&mut app, KeyCode::Right);
    chars(&mut app, "0.1");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.answer_field(), Some(""));
    press(&mut app, KeyCode::Esc);
    assert_eq!(*app.mode(), Mode::Leave);
    assert!(!app.quitting());
    let screen = text(draw(&app, 80, 24).backend().buffer());
    assert!(screen.contains("Leave the quiz?"), "{screen}");
    assert!(screen.contains("You have answered 1 step"), "{screen}");
    // Any other key stays; q (or y, Enter, Ctrl-C) leaves.
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(*app.mode(), Mode::Normal);
    assert!(!app.quitting());
    for leave in [
        KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE),
        KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE),
        KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
        KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
    ] {
        let mut again = app_with(classic(), settings());
        again.start_quiz();
        chars(&mut again, "0.3775");
        press(&mut again, KeyCode::Enter);
        press(&mut again, KeyCode::Char('q'));
        again.handle_key(&leave);
        assert!(again.quitting(), "{leave:?}");
    }
    assert!(matches!(
        bpnn_tutor::tui::keymap::action(
            Context::Confirm,
            &KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE)
        ),
        Some(Action::Leave)
    ));
}

/// Where the panels' corners are on screen: their places and sizes.
fn corners(app: &App, w: u16, h: u16) -> Vec<(usize, usize, char)> {
    let screen = text(draw(app, w, h).backend().buffer());
    screen
        .lines()
        .enumerate()
        .flat_map(|(y, line)| {
            line.chars()
                .enumerate()
                .filter(|(_, c)| matches!(c, '┌' | '┐' | '┘'))
                .map(move |(x, c)| (x, y, c))
        })
        .collect()
}

/// Every step of `steps` (positions in the first epoch), at three sizes, in both views: the
/// panels are where they were on the first.
pub(crate) fn panels_stay(lesson: bpnn_tutor::lesson::Lesson, steps: &[usize]) {
    for matrix in [false, true] {
        let mut app = app_with(lesson.clone(), settings());
        if matrix {
            press(&mut app, KeyCode::Char('m'));
        }
        let first: Vec<_> = [(80, 24), (120, 40), (200, 60)]
            .iter()
            .map(|&(w, h)| corners(&app, w, h))
            .collect();
        let mut at = 0;
        for &index in steps {
            while at < index {
                press(&mut app, KeyCode::Right);
                at += 1;
            }
            for (i, &(w, h)) in [(80, 24), (120, 40), (200, 60)].iter().enumerate() {
                assert_eq!(
                    corners(&app, w, h),
                    first[i],
                    "{} at {w}x{h}{}:\n{}",
                    app.current_step().unwrap().name(),
                    if matrix { ", matrix view" } else { "" },
                    text(draw(&app, w, h).backend().buffer())
                );
            }
        }
    }
}

#[test]
fn the_panels_keep_their_places_on_every_step() {
    let bundled = |name: &str| {
        bpnn_tutor::lesson::bundled::LESSONS
            .find(name)
            .unwrap()
            .load()
            .unwrap()
    };
    let every = |l: &bpnn_tutor::lesson::Lesson| {
        let n = bpnn_tutor::trace::Layout::new(l).epoch_len().min(400);
        (0..n).collect::<Vec<_>>()
    };
    for name in [
        "sigmoid_2layer",
        "softmax_classifier",
        "deep_sigmoid",
        "fine_tune_frozen",
    ] {
        let l = bundled(name);
        panels_stay(l.clone(), &every(&l));
    }
    // A transformer, whose kinds each want their own picture: every fifth step of an epoch
    // (the attention matrix, layer norm's μ and σ², the blocks, the update).
    let gpt = bundled("tiny_gpt_two_heads");
    let n = bpnn_tutor::trace::Layout::new(&gpt).epoch_len();
    panels_stay(gpt, &(0..n).step_by(5).collect::<Vec<_>>());
    // 784-128-10: a z, an a, the loss, a δ of each layer, a weight's gradient, an update.
    let mut app = app_with(bundled("mnist_sized"), settings());
    let sizes = [(80, 24), (120, 40), (200, 60)];
    let first: Vec<_> = sizes.iter().map(|&(w, h)| corners(&app, w, h)).collect();
    for name in [
        "a(1)[60]",
        "loss",
        "delta(2)[3]",
        "delta(1)[128]",
        "dw(1)[1,784]",
        "w(2)[10,128]",
    ] {
        goto(&mut app, name);
        for (i, &(w, h)) in sizes.iter().enumerate() {
            assert_eq!(corners(&app, w, h), first[i], "{name} at {w}x{h}");
        }
    }
}
