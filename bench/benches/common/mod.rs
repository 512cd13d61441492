//! What the tutor's benchmarks share: going to a step as a learner does, the settings, and a
//! frame drawn into an in-memory terminal.

use bpnn_tutor::tui::{App, Settings};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Goes to a step by name with the `:` prompt, as a learner would.
pub fn goto(app: &mut App, name: &str) {
    let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    app.handle_key(&key(':'));
    for c in name.chars() {
        app.handle_key(&key(c));
    }
    app.handle_key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
}

/// Colour, Unicode, the default language.
pub fn settings() -> Settings {
    Settings {
        ascii: false,
        color: true,
        ..Default::default()
    }
}

/// Draws the app into an in-memory terminal, as the real one would be drawn.
pub fn draw(app: &App, w: u16, h: u16) -> usize {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    t.backend().buffer().content.len()
}
