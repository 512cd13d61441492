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

#[test]
fn a_weighted_input_lights_the_edges_into_its_neuron() {
    let app = at("z(1)[1]");
    for (w, h) in SIZES {
        let t = draw(&app, w, h);
        let buf = t.backend().buffer();
        // Edges from both inputs end at hidden neuron 1: they are read.
        let (into1, out1) = (into(buf, "●1 a"), out(buf, "●1 a"));
        assert!(is_braille(buf[into1].symbol()), "{w}x{h}");
        assert_eq!(buf[into1].bg, Color::Cyan, "{w}x{h}");
        // Those into hidden neuron 2, and those out of neuron 1, are not.
        assert_ne!(buf[into(buf, "●2 a")].bg, Color::Cyan, "{w}x{h}");
        assert_ne!(buf[out1].bg, Color::Cyan, "{w}x{h}");
        // Both inputs, which the formula reads, are marked.
        let (x, y) = find(buf, "●1 x").unwrap();
        assert_eq!(buf[(x, y)].bg, Color::Cyan);
    }
}

#[test]
fn a_hidden_delta_lights_the_edges_out_of_its_neuron() {
    let app = at("delta(1)[1]");
    for (w, h) in SIZES {
        let t = draw(&app, w, h);
        let buf = t.backend().buffer();
        // At 80×24 the panel is too low for z, a and δ: each neuron shows its δ alone.
        let (one, two) = match h {
            24 => ("●1 δ 0.008771", "●2 δ "),
            _ => ("●1 a 0.5933", "●2 a 0.5969"),
        };
        // δ⁽¹⁾₁ = (w⁽²⁾₁₁·δ⁽²⁾₁ + w⁽²⁾₂₁·δ⁽²⁾₂)·σ′: the edges out of hidden neuron 1.
        assert_eq!(buf[out(buf, one)].bg, Color::Cyan, "{w}x{h}");
        assert_ne!(buf[into(buf, one)].bg, Color::Cyan, "{w}x{h}");
        assert_ne!(buf[out(buf, two)].bg, Color::Cyan, "{w}x{h}");
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
        assert!(screen.contains("w>0") && screen.contains("w<0"), "{screen}");
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
