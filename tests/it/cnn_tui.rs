//! The tutor on convolutional networks: every step of a sample renders at every size, in
//! ASCII and without colour; a conv z step shows its window over the input and the kernel
//! beside it; a max pool's backward step shows where the gradient goes; ∂L/∂w lights every
//! input the weight saw; the matrix view, the gradient check and go-to work on the new steps;
//! the quiz shows nothing of the current number; a dense layer draws the dense part only.

use crate::tui_render::{app_with, chars, draw, find, goto, press, settings, text};

use bpnn_tutor::lesson::{Lesson, bundled};
use bpnn_tutor::notation::{Digits, Notation, number};
use bpnn_tutor::trace::Quantity;
use bpnn_tutor::tui::{App, Settings};
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Modifier;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

fn load(name: &str) -> Lesson {
    bundled::LESSONS.find(name).unwrap().load().unwrap()
}

fn screen(app: &App, (w, h): (u16, u16)) -> String {
    text(draw(app, w, h).backend().buffer())
}

#[test]
fn every_step_of_a_sample_renders_at_every_size() {
    for name in ["cnn_first", "cnn_two_channels"] {
        let mut app = app_with(load(name), settings());
        let per_sample = app.trace().unwrap().layout().steps_per_sample();
        for _ in 0..per_sample {
            let step = app.current_step().unwrap().name();
            for size in SIZES {
                let s = screen(&app, size);
                assert!(s.contains(&step), "{name} {step} at {size:?}:\n{s}");
            }
            press(&mut app, KeyCode::Right);
        }
    }
}

#[test]
fn a_conv_step_shows_its_window_and_its_kernel() {
    let mut app = app_with(load("cnn_first"), settings());
    goto(&mut app, "z(1)[1,2,3]");
    for size in SIZES {
        let t = draw(&app, size.0, size.1);
        let buf = t.backend().buffer();
        let s = text(buf);
        assert!(s.contains("w⁽¹⁾[1,1]"), "{s}");
        assert!(s.contains("⋆"), "{s}");
        // The kernel's numbers, beside the input, lit as the formula reads them.
        let (x, y) = find(buf, "-0.3").unwrap_or_else(|| panic!("{s}"));
        assert!(is_read(buf[(x, y)].bg), "{s}");
    }
}

/// Is this the background of a number the formula reads (each term has its own colour)?
fn is_read(bg: ratatui::style::Color) -> bool {
    use ratatui::style::Color::Indexed;
    matches!(bg, Indexed(87 | 156 | 218 | 117 | 215 | 183))
}

#[test]
fn without_colour_the_current_number_and_the_window_are_marked() {
    let mut app = app_with(
        load("cnn_first"),
        Settings {
            ascii: false,
            color: false,
            ..Default::default()
        },
    );
    goto(&mut app, "z(1)[1,2,3]");
    let t = draw(&app, 120, 40);
    let buf = t.backend().buffer();
    let (mut current, mut read) = (0, 0);
    // The picture is the top-left panel.
    for y in 1..12 {
        for x in 0..58 {
            let m = buf[(x, y)].modifier;
            current += usize::from(m.contains(Modifier::REVERSED));
            read += usize::from(m.contains(Modifier::UNDERLINED));
        }
    }
    assert!(current > 0, "{}", text(buf));
    // The window's nine inputs and the kernel's nine weights.
    assert!(read >= 18, "{read}\n{}", text(buf));
}

#[test]
fn ascii_mode_draws_only_ascii_on_every_new_step() {
    let mut app = app_with(
        load("cnn_first"),
        Settings {
            ascii: true,
            color: true,
            ..Default::default()
        },
    );
    for name in [
        "z(1)[1,2,3]",
        "a(1)[1,2,3]",
        "a(2)[1,1,2]",
        "a(3)[3]",
        "z(4)[1]",
        "delta(3)[2]",
        "delta(2)[1,2,1]",
        "delta(1)[1,2,2]",
        "dw(1)[1,1,2,3]",
        "db(1)[1]",
        "w(1)[1,1,2,2]",
        "b(1)[1]",
    ] {
        goto(&mut app, name);
        for size in SIZES {
            let s = screen(&app, size);
            assert!(s.is_ascii(), "{name} at {size:?}:\n{s}");
        }
        press(&mut app, KeyCode::Char('m'));
        let s = screen(&app, (120, 40));
        let odd: String = s.chars().filter(|c| !c.is_ascii()).collect();
        assert!(s.is_ascii(), "{name} in the matrix view: {odd}\n{s}");
        press(&mut app, KeyCode::Char('m'));
    }
}

#[test]
fn a_max_pool_backward_step_shows_where_the_gradient_goes() {
    let mut app = app_with(load("cnn_first"), settings());
    // Window (1, 1) of sample 1: its maximum, 1.35, is the feature map's [1,2,2].
    goto(&mut app, "delta(2)[1,1,1]");
    for size in [(120, 40), (200, 60)] {
        let s = screen(&app, size);
        assert!(s.contains("back"), "{s}");
        assert!(s.contains("1.35*"), "the maximum is marked:\n{s}");
        assert!(s.contains("it alone gets the gradient back"), "{s}");
    }
    // And the δ of the cell below that is not the maximum reads 0 from the pool.
    goto(&mut app, "delta(1)[1,1,2]");
    let s = screen(&app, (120, 40));
    assert!(s.contains("window's maximum"), "{s}");
}

#[test]
fn a_weight_gradient_lights_every_input_the_weight_saw() {
    let mut app = app_with(load("cnn_first"), settings());
    goto(&mut app, "dw(1)[1,1,2,2]");
    let t = draw(&app, 200, 60);
    let buf = t.backend().buffer();
    let s = text(buf);
    assert!(s.contains("lit: every input this weight saw"), "{s}");
    assert!(s.contains("∂L/∂w⁽¹⁾[1,1]"), "{s}");
    // The 4×4 inputs it saw (rows and columns 2 to 5) are lit in the input map.
    let lit = (1..20)
        .flat_map(|y| (0..100).map(move |x| (x, y)))
        .filter(|&p| is_read(buf[p].bg))
        .count();
    assert!(lit >= 16, "{lit}\n{s}");
    // The gradient check works on it.
    assert!(s.contains("numerical (finite-difference) gradient"), "{s}");
}

#[test]
fn the_matrix_view_writes_each_new_step_as_maps() {
    let mut app = app_with(load("cnn_two_channels"), settings());
    for (name, equation) in [
        ("z(1)[2,2,3]", "Z⁽¹⁾[2] = Σ_c W⁽¹⁾[2,c] ⋆ A⁽⁰⁾[c] + b⁽¹⁾[2]"),
        ("a(1)[2,2,3]", "A⁽¹⁾[2] = tanh(Z⁽¹⁾[2])"),
        ("a(2)[1,1,1]", "A⁽²⁾[1] = avgpool(A⁽¹⁾[1])"),
        ("a(3)[2]", "a⁽³⁾ = flatten(A⁽²⁾)"),
        ("dw(1)[2,1,3,3]", "∂L/∂W⁽¹⁾[2,1] = A⁽⁰⁾[1] ⋆ δ⁽¹⁾[2]"),
        ("db(1)[2]", "∂L/∂b⁽¹⁾[2] = Σ δ⁽¹⁾[2]"),
        ("w(1)[1,2,1,1]", "W⁽¹⁾[1,2] ← W⁽¹⁾[1,2]"),
    ] {
        goto(&mut app, name);
        press(&mut app, KeyCode::Char('m'));
        for size in SIZES {
            let s = screen(&app, size);
            assert!(s.contains(equation), "{name} at {size:?}:\n{s}");
        }
        press(&mut app, KeyCode::Char('m'));
    }
}

#[test]
fn the_quiz_shows_nothing_of_a_conv_number() {
    let mut app = app_with(load("cnn_two_channels"), settings());
    app.start_quiz();
    for name in [
        "z(1)[1,2,2]",
        "z(1)[2,3,1]",
        "dw(1)[1,2,2,3]",
        "dw(1)[2,1,1,1]",
    ] {
        goto(&mut app, name);
        assert!(app.hides_current(), "{name}");
        let value = app.current_step().unwrap().value;
        for digits in [3, 4, 6] {
            let shown = number::format(value, Digits::Sig(digits), Notation::Unicode);
            for size in SIZES {
                let s = screen(&app, size);
                assert!(
                    !s.contains(&shown),
                    "{name} = {shown} shows at {size:?}:\n{s}"
                );
            }
        }
        // Answered, the value shows.
        chars(&mut app, &format!("{value}"));
        press(&mut app, KeyCode::Enter);
        let s = screen(&app, (120, 40));
        let shown = number::format(value, Digits::Sig(6), Notation::Unicode);
        assert!(s.contains(&shown), "{name}:\n{s}");
    }
}

#[test]
fn a_dense_layer_after_convolutions_draws_the_dense_part() {
    let mut app = app_with(load("lenet_sized"), settings());
    goto(&mut app, "z(6)[3]");
    for size in SIZES {
        let s = screen(&app, size);
        assert!(s.contains("layer 5, flatten"), "{size:?}:\n{s}");
        assert!(!s.contains("layer 4"), "{size:?}:\n{s}");
    }
    // And a far step of LeNet stays reachable.
    goto(&mut app, "dw(3)[16,6,5,5]");
    assert_eq!(app.current_step().unwrap().id.quantity, Quantity::DW);
    let s = screen(&app, (80, 24));
    assert!(s.contains("dw(3)[16,6,5,5]"), "{s}");
}
