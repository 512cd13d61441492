//! What the tutor draws, frame by frame, at the sizes learners use.

mod common;

use bpnn_tutor::tui::keymap::Action;
use bpnn_tutor::tui::{App, Settings};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn settings() -> Settings {
    Settings {
        ascii: false,
        color: true,
    }
}

fn draw(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    t
}

fn goto(app: &mut App, name: &str) {
    app.step(Action::Goto);
    if let bpnn_tutor::tui::app::Mode::Goto { input, .. } = &mut app.mode {
        input.push_str(name);
    }
    app.step(Action::Submit);
    assert_eq!(app.mode, bpnn_tutor::tui::app::Mode::Normal, "{name}");
}

fn classic_app() -> App {
    let lesson = bpnn_tutor::lesson::load_arg("lessons/sigmoid_2layer.toml").unwrap();
    let mut app = App::new(lesson, settings());
    app.tutor.as_mut().unwrap().trace.run_all();
    app.tutor.as_mut().unwrap().refresh();
    app
}

#[test]
fn scratch() {
    let mut app = classic_app();
    for name in ["z(1)[1]", "a(1)[1]", "loss", "delta(1)[2]", "w(2)[1,1]"] {
        goto(&mut app, name);
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            println!("{}", draw(&app, w, h).backend());
        }
    }
}
