//! The network as a picture: every weight an edge between two nodes, and the edges the current
//! formula reads highlighted (z⁽¹⁾₁ lights the edges into hidden neuron 1, δ⁽¹⁾₁ the edges
//! out of it), in colour, without it and in ASCII; big layers never overflow their panel.

use crate::common;
use crate::tui_render::{SIZES, app_with, at, classic, draw, find, goto, settings, text};

use bpnn_tutor::lesson;
use bpnn_tutor::tui::{App, Settings};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn is_braille(symbol: &str) -> bool {
    symbol
        .chars()
        .next()
        .is_some_and(|c| ('\u{2800}'..='\u{28ff}').contains(&c))
}

/// The cell just left of a node, where the edges into it end.
fn into(buf: &Buffer, node: &str) -> (u16, u16) {
    let (x, y) = find(buf, node).unwrap_or_else(|| panic!("{node} not on screen"));
    (x - 1, y)
}

/// The first edge cell right of a node's text, where the edges out of it start.
fn out(buf: &Buffer, node: &str) -> (u16, u16) {
    let (x, y) = find(buf, node).unwrap_or_else(|| panic!("{node} not on screen"));
    (x..buf.area.width)
        .skip(node.chars().count())
        .find(|&cx| is_braille(buf[(cx, y)].symbol()))
        .map(|cx| (cx, y))
        .unwrap_or_else(|| panic!("no edge out of {node}"))
}

/// The colours of the values a formula reads, taken in turn (cyan, green, pink, blue,
/// orange, lavender).
fn linked(bg: Color) -> bool {
    matches!(bg, Color::Indexed(87 | 156 | 218 | 117 | 215 | 183))
}

#[test]
fn a_weighted_input_lights_the_edges_into_its_neuron() {
    let app = at("z(1)[1]");
    for (w, h) in SIZES {
        let t = draw(&app, w, h);
        let buf = t.backend().buffer();
        // Edges from both inputs end at hidden neuron 1: they are read.
        let (into1, out1) = (into(buf, "●1 a"), out(buf, "●1 a"));
        assert!(is_braille(buf[into1].symbol()), "{w}x{h}");
        assert!(linked(buf[into1].bg), "{w}x{h}");
        // Those into hidden neuron 2, and those out of neuron 1, are not.
        assert!(!linked(buf[into(buf, "●2 a")].bg), "{w}x{h}");
        assert!(!linked(buf[out1].bg), "{w}x{h}");
    }
}

/// The colour of the first cell of `text` on screen, searched from row `from`.
fn colour_of(buf: &Buffer, text: &str, from: u16) -> Color {
    let screen = crate::tui_render::text(buf);
    for (y, line) in screen.lines().enumerate().skip(from as usize) {
        if let Some(at) = line.find(text) {
            let x = line[..at].chars().count() as u16;
            return buf[(x, y as u16)].bg;
        }
    }
    panic!("{text} not on screen:\n{screen}");
}

#[test]
fn each_number_the_formula_reads_has_the_colour_of_its_cell() {
    // z⁽¹⁾₁ = w⁽¹⁾₁,₁·a⁽⁰⁾₁ + w⁽¹⁾₁,₂·a⁽⁰⁾₂ + b⁽¹⁾₁ = 0.15·0.05 + 0.2·0.1 + 0.35.
    let app = at("z(1)[1]");
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let t = draw(&app, w, h);
        let buf = t.backend().buffer();
        let screen = text(buf);
        let formula = screen.lines().position(|l| l.contains("Formula")).unwrap() as u16;
        let numbers = formula
            + screen
                .lines()
                .skip(formula as usize)
                .position(|l| l.contains("= 0.15"))
                .unwrap() as u16;
        let in_formula = |n: &str| colour_of(buf, n, numbers);
        let (w11, x1, w12, x2, b1) = (
            in_formula("0.15·"),
            in_formula("0.05 +"),
            in_formula("0.2·"),
            in_formula("0.1 +"),
            in_formula("0.35"),
        );
        // Five colours for five values.
        let all = [w11, x1, w12, x2, b1];
        assert!(all.iter().all(|&c| linked(c)), "{w}x{h}: {all:?}");
        for (i, a) in all.iter().enumerate() {
            assert!(!all[i + 1..].contains(a), "{w}x{h}: {all:?}");
        }
        // The inputs in the network, the weights and the bias in the parameters.
        assert_eq!(colour_of(buf, "0.05", 0), x1, "{w}x{h}");
        assert_eq!(colour_of(buf, "0.1 ", 0), x2, "{w}x{h}");
        let params = screen
            .lines()
            .position(|l| l.contains("W⁽¹⁾ and b⁽¹⁾"))
            .unwrap() as u16;
        assert_eq!(colour_of(buf, "0.15", params), w11, "{w}x{h}");
        assert_eq!(colour_of(buf, "0.2 ", params), w12, "{w}x{h}");
        assert_eq!(colour_of(buf, "0.35", params), b1, "{w}x{h}");
        // The symbols in the formula too: w⁽¹⁾₁,₁ is the colour of 0.15.
        assert_eq!(colour_of(buf, "w⁽¹⁾₁,₁", formula), w11, "{w}x{h}");
    }
    // Without colour, every value read is underlined.
    let mut plain = app_with(
        classic(),
        Settings {
            ascii: false,
            color: false,
            ..Default::default()
        },
    );
    goto(&mut plain, "z(1)[1]");
    let t = draw(&plain, 120, 40);
    let buf = t.backend().buffer();
    let screen = text(buf);
    let y = screen.lines().position(|l| l.contains("= 0.15")).unwrap();
    let x = screen.lines().nth(y).unwrap().find("0.15").unwrap();
    let x = screen.lines().nth(y).unwrap()[..x].chars().count() as u16;
    assert!(buf[(x, y as u16)].modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn a_hidden_delta_lights_the_edges_out_of_its_neuron() {
    let app = at("delta(1)[1]");
    for (w, h) in SIZES {
        let t = draw(&app, w, h);
        let buf = t.backend().buffer();
        let (one, two) = ("●1 a 0.5933", "●2 a 0.5969");
        // δ⁽¹⁾₁ = (w⁽²⁾₁₁·δ⁽²⁾₁ + w⁽²⁾₂₁·δ⁽²⁾₂)·σ′: the edges out of hidden neuron 1.
        assert!(linked(buf[out(buf, one)].bg), "{w}x{h}");
        assert!(!linked(buf[into(buf, one)].bg), "{w}x{h}");
        assert!(!linked(buf[out(buf, two)].bg), "{w}x{h}");
    }
}

#[test]
fn a_weight_step_marks_its_own_edge() {
    // ∂L/∂w⁽²⁾₁₂: the edge from hidden neuron 2 to output neuron 1.
    let app = at("dw(2)[1,2]");
    let t = draw(&app, 120, 40);
    let buf = t.backend().buffer();
    assert_eq!(buf[into(buf, "●1 a 0.7514")].bg, Color::Yellow);
    assert_eq!(buf[out(buf, "●2 a 0.5969")].bg, Color::Yellow);
    assert_ne!(buf[out(buf, "●1 a 0.5933")].bg, Color::Yellow);
    let screen = text(buf);
    assert!(screen.contains("this weight"), "{screen}");
}

#[test]
fn edges_are_coloured_by_sign_with_a_legend() {
    // XOR's hidden layer has weights of both signs: w⁽¹⁾₂₁ = −0.6, w⁽¹⁾₁₁ = 0.5.
    let l = lesson::bundled::LESSONS
        .find("xor_tanh")
        .unwrap()
        .load()
        .unwrap();
    let app = app_with(l, settings());
    for (w, h) in SIZES {
        let t = draw(&app, w, h);
        let buf = t.backend().buffer();
        let screen = text(buf);
        assert!(
            screen.contains("w > 0") && screen.contains("w < 0"),
            "{screen}"
        );
        assert!(screen.contains("read"), "{screen}");
        let fg: Vec<Color> = buf
            .content
            .iter()
            .filter(|c| is_braille(c.symbol()) && c.bg == Color::Reset)
            .map(|c| c.fg)
            .collect();
        // Blues for positive weights, reds for negative ones (256-colour shades).
        let blue = |c: &Color| matches!(c, Color::Indexed(61 | 68 | 75 | 117));
        let red = |c: &Color| matches!(c, Color::Indexed(95 | 131 | 167 | 203));
        assert!(fg.iter().any(blue), "{w}x{h}: no positive edge");
        assert!(fg.iter().any(red), "{w}x{h}: no negative edge");
    }
    insta::assert_snapshot!("xor_120x40", draw(&app, 120, 40).backend());
    insta::assert_snapshot!("xor_80x24", draw(&app, 80, 24).backend());
}

#[test]
fn without_colour_the_read_edges_are_in_reverse_video() {
    let mut app = app_with(
        classic(),
        Settings {
            ascii: false,
            color: false,
            ..Default::default()
        },
    );
    goto(&mut app, "z(1)[1]");
    let t = draw(&app, 120, 40);
    let buf = t.backend().buffer();
    assert!(
        buf.content
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
    );
    assert!(buf[into(buf, "●1 a")].modifier.contains(Modifier::REVERSED));
    let into2 = into(buf, "●2 a");
    assert!(!buf[into2].modifier.contains(Modifier::REVERSED));
    assert!(buf[into2].modifier.contains(Modifier::DIM));
}

#[test]
fn ascii_edges_are_dashes_and_slashes() {
    let mut app = app_with(
        common::classic(1, true),
        Settings {
            ascii: true,
            color: true,
            ..Default::default()
        },
    );
    goto(&mut app, "z(1)[1]");
    let screen = text(draw(&app, 80, 24).backend().buffer());
    assert!(screen.is_ascii(), "{screen}");
    let row = screen.lines().find(|l| l.contains("o1 x 0.05")).unwrap();
    assert!(row.contains("-----"), "{screen}");
    assert!(screen.contains('/') && screen.contains('\\'), "{screen}");
}

/// Every row of the network panel ends with its border: nothing drawn runs past it.
fn network_rows_end_at_the_border(buf: &Buffer) {
    let screen = text(buf);
    let lines: Vec<&str> = screen.lines().collect();
    let right = lines[1].chars().position(|c| c == '┐').unwrap();
    let bottom = (2..lines.len())
        .find(|&y| lines[y].starts_with('└'))
        .unwrap();
    for line in &lines[2..bottom] {
        assert_eq!(line.chars().nth(right), Some('│'), "{screen}");
    }
}

#[test]
fn big_layers_show_first_last_and_current_neurons_and_never_overflow() {
    let l = lesson::bundled::LESSONS
        .find("mnist_sized")
        .unwrap()
        .load()
        .unwrap();
    let mut app = App::new(l, settings());
    goto(&mut app, "dw(1)[9,500]");
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let t = draw(&app, w, h);
        let buf = t.backend().buffer();
        network_rows_end_at_the_border(buf);
        let screen = text(buf);
        // The input and hidden neuron of the weight, with counts of those left out.
        assert!(screen.contains("●500 x "), "{w}x{h}:\n{screen}");
        assert!(screen.contains("  9 a "), "{w}x{h}:\n{screen}");
        assert!(screen.contains("more"), "{w}x{h}:\n{screen}");
        if h >= 40 {
            assert!(
                screen.contains("●  1 x ") && screen.contains("●784 x "),
                "{screen}"
            );
            assert!(screen.contains("128 a "), "{screen}");
        }
    }
    insta::assert_snapshot!("mnist_dw_120x40", draw(&app, 120, 40).backend());
}
