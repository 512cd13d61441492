//! The tutor on recurrent lessons: the network unrolled in time (one column per step, the
//! state carried h_{t−1} → h_t), what the current formula reads lit up, a δ's two named parts
//! in the formula panel, the matrix view one time step at a time, the quiz, go-to, `--ascii`
//! and `NO_COLOR`, at 80×24 and 200×60, and keys that answer at once on an LSTM of 32 units
//! over 20 steps.

use std::time::Instant;

use crate::common::recurrent::{LESSONS, bundled};
use crate::tui_render::{app_with, draw, goto, press, text};

use bpnn_tutor::i18n::Lang;
use bpnn_tutor::tui::{App, Settings};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Modifier;

const COLOR: Settings = Settings {
    ascii: false,
    color: true,
    lang: Lang::En,
    wide_ambiguous: false,
};
const PLAIN: Settings = Settings {
    ascii: false,
    color: false,
    lang: Lang::En,
    wide_ambiguous: false,
};
const ASCII: Settings = Settings {
    ascii: true,
    color: false,
    lang: Lang::En,
    wide_ambiguous: false,
};

fn at(lesson: &str, settings: Settings, name: &str) -> App {
    let mut app = app_with(bundled(lesson), settings);
    goto(&mut app, name);
    app
}

fn screen(app: &App, w: u16, h: u16) -> (String, Buffer) {
    let t = draw(app, w, h);
    let buf = t.backend().buffer().clone();
    (text(&buf), buf)
}

/// The style modifiers of the first cell of the first occurrence of `needle` on the screen
/// after `after` (a row's label, say).
fn modifiers_of(buf: &Buffer, row_label: &str, needle: &str) -> Modifier {
    let w = buf.area.width as usize;
    let screen = text(buf);
    for (y, line) in screen.lines().enumerate() {
        if !line.contains(row_label) {
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        let n: Vec<char> = needle.chars().collect();
        let label_at = line
            .find(row_label)
            .map(|b| line[..b].chars().count())
            .unwrap_or(0);
        if let Some(x) = (label_at..chars.len()).find(|&x| chars[x..].starts_with(&n)) {
            assert!(x < w);
            return buf[(x as u16, y as u16)].modifier;
        }
    }
    panic!("{needle} after {row_label} is not on the screen:\n{screen}");
}

#[test]
fn the_network_is_unrolled_in_time() {
    let app = at("rnn_by_hand", COLOR, "z(1)[2,1]");
    for (w, h) in [(80, 24), (200, 60)] {
        let (s, _) = screen(&app, w, h);
        assert!(s.contains("unrolled in time"), "{w}x{h}:\n{s}");
        for t in ["t=1", "t=2", "t=3"] {
            assert!(s.contains(t), "{w}x{h}: {t}\n{s}");
        }
        // The state carried from h₀ = 0 into step 1, and from step to step.
        let state = s
            .lines()
            .find(|l| l.contains("h₁  0→"))
            .unwrap_or_else(|| panic!("{s}"));
        assert!(state.matches('→').count() >= 3, "{state}");
    }
}

/// z at step 2 reads the input at step 2 and the state at step 1: both lit, and the arrow
/// that carries the state into step 2.
#[test]
fn what_the_formula_reads_is_lit() {
    let app = at("rnn_by_hand", PLAIN, "z(1)[2,1]");
    let (s, buf) = screen(&app, 200, 60);
    let read = Modifier::UNDERLINED;
    // x₂ = 0.5 and h₁,₁ = 0.5370.
    assert!(modifiers_of(&buf, "x₁", "0.5").contains(read), "{s}");
    assert!(modifiers_of(&buf, "h₁", "0.5370").contains(read), "{s}");
    // Not the state of step 2, which is not computed yet.
    let h_row = s.lines().find(|l| l.contains("h₁  0→")).unwrap();
    assert!(!h_row.contains("0.3486"), "{h_row}");
    // The current number, in reverse.
    assert!(
        modifiers_of(&buf, "z₁", "0.3638").contains(Modifier::REVERSED),
        "{s}"
    );
    // The weights it reads, in the legend.
    assert!(modifiers_of(&buf, "weights:", "W_hh").contains(read));
}

#[test]
fn a_delta_through_time_shows_its_two_named_parts() {
    let app = at("rnn_next_step", COLOR, "delta(1)[2,1]");
    for (w, h) in [(120, 40), (200, 60)] {
        let (s, _) = screen(&app, w, h);
        for part in [
            "from the output at step 2: ∂L/∂a⁽¹⁾₂,₁ =",
            "from step 3 through W_hh: (W_hh⁽¹⁾ᵀδ⁽¹⁾₃)₁ =",
            "their sum, the total derivative dL/dh",
            "the direct derivative dh/dz, the slope of the tanh",
        ] {
            assert!(s.contains(part), "{w}x{h}: {part}\n{s}");
        }
    }
    let (s, _) = screen(&app, 80, 24);
    assert!(s.contains("δ⁽¹⁾₂,₁ = ∂L/∂h⁽¹⁾₂,₁·(1 − h⁽¹⁾₂,₁²)"), "{s}");
    assert!(s.contains("from the output at step 2"), "{s}");
}

#[test]
fn the_matrix_view_is_one_time_step() {
    let mut app = at("rnn_by_hand", COLOR, "z(1)[2,1]");
    press(&mut app, KeyCode::Char('m'));
    let (s, _) = screen(&app, 200, 60);
    assert!(
        s.contains("z⁽¹⁾₂ = W_ih⁽¹⁾x₂ + b_ih⁽¹⁾ + W_hh⁽¹⁾h⁽¹⁾₁ + b_hh⁽¹⁾"),
        "{s}"
    );
    goto(&mut app, "dh(1)[2,1]");
    let (s, _) = screen(&app, 200, 60);
    assert!(
        s.contains("∂L/∂h⁽¹⁾₂ = W_hh⁽¹⁾ᵀ δ⁽¹⁾₃") || s.contains("∂L/∂h⁽¹⁾₂ = W_hh⁽¹⁾ᵀδ⁽¹⁾₃"),
        "{s}"
    );
    goto(&mut app, "dw_hh(1)[1,2]");
    let (s, _) = screen(&app, 200, 60);
    assert!(
        s.contains("∂L/∂W_hh⁽¹⁾ = [δ⁽¹⁾₂ … δ⁽¹⁾₃][h⁽¹⁾₁ … h⁽¹⁾₂]ᵀ"),
        "{s}"
    );
    goto(&mut app, "w_hh(1)[1,2]");
    let (s, _) = screen(&app, 200, 60);
    assert!(s.contains("W_hh⁽¹⁾ ← W_hh⁽¹⁾ − η·∂L/∂W_hh⁽¹⁾"), "{s}");
}

#[test]
fn the_quiz_hides_the_number_everywhere() {
    let mut app = at("rnn_by_hand", COLOR, "delta(1)[2,1]");
    let exact = app.current_step().unwrap().value;
    press(&mut app, KeyCode::Char('Q'));
    for (w, h) in [(80, 24), (200, 60)] {
        let (s, _) = screen(&app, w, h);
        for shown in [format!("{exact:.4}"), format!("{:.6}", exact)] {
            assert!(!s.contains(&shown[..7]), "{w}x{h}: {shown}\n{s}");
        }
        assert!(s.contains('?'), "{s}");
    }
    press(&mut app, KeyCode::Char('m'));
    let (s, _) = screen(&app, 200, 60);
    assert!(!s.contains("-0.05582"), "{s}");
}

#[test]
fn go_to_names_a_state_by_step_and_unit() {
    let mut app = app_with(bundled("lstm_remembers"), COLOR);
    for name in [
        "h(1)[3,2]",
        "c(1)[5,1]",
        "f(1)[2,2]",
        "dc(1)[1,2]",
        "delta(1)[4,7]",
    ] {
        goto(&mut app, name);
        assert_eq!(app.current_step().unwrap().name(), name);
    }
}

#[test]
fn ascii_and_no_color_draw_every_recurrent_lesson() {
    for lesson in LESSONS {
        for settings in [ASCII, PLAIN] {
            let mut app = app_with(bundled(lesson), settings);
            for name in ["h(1)[1,1]", "dh(1)[1,1]", "loss"] {
                goto(&mut app, name);
                for (w, h) in [(80, 24), (200, 60)] {
                    let (s, buf) = screen(&app, w, h);
                    assert!(s.contains(name), "{lesson} {name} {w}x{h}:\n{s}");
                    if settings.ascii {
                        assert!(s.is_ascii(), "{lesson} {name} {w}x{h}:\n{s}");
                    }
                    if !settings.color {
                        assert!(
                            buf.content
                                .iter()
                                .all(|c| c.fg == ratatui::style::Color::Reset)
                        );
                    }
                }
                press(&mut app, KeyCode::Char('m'));
                let (s, _) = screen(&app, 80, 24);
                assert!(
                    !settings.ascii || s.is_ascii(),
                    "{lesson} {name} matrix:\n{s}"
                );
                press(&mut app, KeyCode::Char('m'));
            }
        }
    }
}

/// On the LSTM of 32 units over 20 steps (about 15,000 steps a sample), a key and the frame
/// after it take well under the 16 ms of a 60 Hz screen, as measured here (printed); the
/// assertion leaves room for a busy machine.
#[test]
fn keys_answer_at_once_on_the_lesson_of_full_size() {
    let start = Instant::now();
    let mut app = App::new(bundled("lstm_sized"), COLOR);
    draw(&app, 200, 60);
    let open = start.elapsed();
    let keys = [
        KeyCode::Right,
        KeyCode::Char(']'),
        KeyCode::Char('m'),
        KeyCode::Right,
        KeyCode::Char('}'),
        KeyCode::Char(']'),
        KeyCode::Right,
        KeyCode::Char('m'),
        KeyCode::Char(']'),
        KeyCode::Left,
    ];
    let mut worst = std::time::Duration::ZERO;
    for key in keys {
        let t = Instant::now();
        press(&mut app, key);
        draw(&app, 200, 60);
        worst = worst.max(t.elapsed());
    }
    goto(&mut app, "dw_hh(1)[128,32]");
    let t = Instant::now();
    draw(&app, 200, 60);
    worst = worst.max(t.elapsed());
    println!("lstm_sized: open {open:?}, slowest key and frame {worst:?}");
    assert!(open.as_millis() < 500, "open {open:?}");
    assert!(worst.as_millis() < 100, "a key took {worst:?}");
}

/// The panels stay where they are on every step of a recurrent lesson, at 80×24, 120×40 and
/// 200×60, in both views: the network panel is as tall as the tallest layer's picture wants,
/// asked of every kind, not of the current step's layer. Three of the bundled lessons (a dense
/// layer at every position among them) and a network built here whose layers want pictures of
/// different heights (an RNN of 3 units over 4 steps under an LSTM of 2 units, then a dense
/// layer on vectors).
#[test]
fn the_panels_keep_their_places_through_time() {
    use crate::common::recurrent::{Spec, lesson_of, optimizer};
    use bpnn_tutor::layers::recurrent::Outputs;
    use bpnn_tutor::lesson::{Activation, Loss};
    let every = |l: &bpnn_tutor::lesson::Lesson| {
        let n = bpnn_tutor::trace::Layout::new(l).epoch_len().min(300);
        (0..n).collect::<Vec<_>>()
    };
    let built = lesson_of(
        (4, 2),
        &[
            Spec::Rnn(Activation::Tanh, 3, Outputs::All),
            Spec::Lstm(2, Outputs::Last),
            Spec::Dense(Activation::Sigmoid, 2),
        ],
        (Loss::Mse, optimizer(1)),
        (1, 1, 1),
        (21, 0.8),
    );
    let mut lessons: Vec<_> = ["rnn_by_hand", "rnn_next_step", "lstm_remembers"]
        .iter()
        .map(|name| bundled(name))
        .collect();
    lessons.push(built);
    for lesson in lessons {
        crate::tui_panels::panels_stay(lesson.clone(), &every(&lesson));
    }
}

/// The start card of a recurrent lesson gives the network's shape by kind and says what h, ∂h
/// (and an LSTM's c) are, one line each at 80 columns, in Unicode and in ASCII.
#[test]
fn the_start_card_says_what_the_states_are() {
    for (lesson, settings, said) in [
        (
            "rnn_by_hand",
            COLOR,
            vec![
                "(network 3×1 → rnn 2 → dense",
                "   h  a unit's state at step t; its z reads the input at t and h at t − 1",
                "   ∂h its error ∂L/∂h: from the output at t plus from t + 1 through W_hh",
            ],
        ),
        (
            "lstm_remembers",
            ASCII,
            vec![
                "(network 5x1 -> lstm 2 ->",
                "   dh its error dL/dh: from the output at t plus from t + 1 through W_hh",
                "   c  an LSTM's cell state c = f(*)c(t-1) + i(*)g, from gates i, f, g, o",
            ],
        ),
    ] {
        let mut app = app_with(bundled(lesson), settings);
        app.show_card();
        for (w, h) in [(80, 24), (120, 40)] {
            let (screen, _) = screen(&app, w, h);
            for line in &said {
                assert!(screen.contains(line), "{lesson} {w}x{h}: {line}\n{screen}");
            }
        }
    }
    // A lesson of dense layers says neither.
    let mut app = app_with(crate::tui_render::classic(), COLOR);
    app.show_card();
    let (screen, _) = screen(&app, 80, 24);
    assert!(screen.contains("(network 2-2-2,") && !screen.contains("a unit's state"));
}
