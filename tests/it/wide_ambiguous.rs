//! `--wide-ambiguous`: frames for a terminal that draws East Asian ambiguous characters
//! (δ σ · → ●, box lines) two cells wide. Each such symbol must be marked as covering two
//! cells with the second left undrawn, so that what the terminal shows is what the buffer
//! says; and every border of the ordinary frame must still be a border, in the same column.

use crate::tui_render::{app_with, press};

use bpnn_tutor::i18n::Lang;
use bpnn_tutor::lesson::bundled;
use bpnn_tutor::tui::{App, Settings};
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// The frame as the app renders it (a backend's copy would lack the cells it skips).
fn draw(app: &App, w: u16, h: u16) -> Buffer {
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    app.render(buf.area, &mut buf);
    buf
}

/// Symbols the tutor draws whose East Asian Width is Ambiguous (EastAsianWidth.txt: Greek,
/// the middle dot, arrows, circles, super- and subscripts 1-4, dashes, box lines, blocks), written
/// out here rather than taken from the code under test.
const AMBIGUOUS: &str = "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ·●○×÷→←↑↓↔⊙⊕\
                         ¹²³⁴₁₂₃₄…—–′″°±≤≥≠∞∑√∂∈∙•─│┌┐└┘├┤┬┴┼▁▂▃▄▅▆▇█";

fn settings(lang: Lang, wide: bool) -> Settings {
    Settings {
        ascii: false,
        color: false,
        lang,
        wide_ambiguous: wide,
    }
}

/// The frames to check: a lesson's start card, a step, the help and the matrix view.
fn frames(lesson: &str, lang: Lang, wide: bool, w: u16, h: u16) -> Vec<Buffer> {
    let lesson = bundled::LESSONS.find(lesson).unwrap().load().unwrap();
    let mut app: App = app_with(lesson, settings(lang, wide));
    let mut out = vec![draw(&app, w, h)];
    press(&mut app, KeyCode::Esc);
    for _ in 0..3 {
        press(&mut app, KeyCode::Right);
    }
    out.push(draw(&app, w, h));
    press(&mut app, KeyCode::Char('m'));
    out.push(draw(&app, w, h));
    press(&mut app, KeyCode::Char('m'));
    press(&mut app, KeyCode::Char('?'));
    out.push(draw(&app, w, h));
    out
}

/// Each ambiguous symbol covers two cells, the second undrawn; nothing else is widened.
fn drawn_as_the_terminal_draws(buf: &Buffer) {
    let area = buf.area;
    for y in 0..area.height {
        let mut x = 0;
        while x < area.width {
            let cell = &buf[(x, y)];
            let c = cell.symbol().chars().next().unwrap_or(' ');
            let forced = matches!(cell.diff_option, CellDiffOption::ForcedWidth(w) if w.get() == 2);
            assert_eq!(
                forced,
                AMBIGUOUS.contains(c),
                "({x}, {y}) {c:?} in row {}",
                row(buf, y)
            );
            if forced {
                assert!(x + 1 < area.width, "{c:?} overhangs row {y}");
                assert_eq!(buf[(x + 1, y)].diff_option, CellDiffOption::Skip);
                x += 2;
            } else {
                x += 1;
            }
        }
    }
}

fn row(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect()
}

/// Every border cell of the ordinary frame is a border (`|` or `+`) of the widened one.
fn borders_kept(narrow: &Buffer, wide: &Buffer) {
    for y in 0..narrow.area.height {
        for x in 0..narrow.area.width {
            let was = narrow[(x, y)].symbol();
            if "│┌┐└┘├┤".contains(was) && !was.is_empty() {
                let now = wide[(x, y)].symbol();
                assert!(
                    now == "|" || now == "+",
                    "({x}, {y}): {was} became {now:?}\n{}\n{}",
                    row(narrow, y),
                    row(wide, y)
                );
            }
        }
    }
}

#[test]
fn frames_are_drawn_as_a_wide_ambiguous_terminal_draws_them_with_borders_in_place() {
    for lesson in ["sigmoid_2layer", "cnn_first", "rnn_by_hand", "tiny_gpt"] {
        for lang in [Lang::Zh, Lang::En] {
            for (w, h) in [(80, 24), (120, 40)] {
                let narrow = frames(lesson, lang, false, w, h);
                let wide = frames(lesson, lang, true, w, h);
                for (n, wf) in narrow.iter().zip(&wide) {
                    drawn_as_the_terminal_draws(wf);
                    borders_kept(n, wf);
                }
            }
        }
    }
}

#[test]
fn without_the_switch_nothing_is_widened() {
    for buf in frames("sigmoid_2layer", Lang::Zh, false, 80, 24) {
        let area = buf.area;
        for y in 0..area.height {
            for x in 0..area.width {
                assert_eq!(buf[(x, y)].diff_option, CellDiffOption::None);
            }
        }
    }
}
