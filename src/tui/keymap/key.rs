//! A key as the table names it: matched against the terminal's key events, and labelled for
//! the footer and the help overlay.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::quiz::number_start;

/// A key as the table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A character, with or without Shift (capitals and symbols arrive with SHIFT).
    Char(char),
    /// A character with Control.
    Ctrl(char),
    /// A special key: arrows, Home, Enter, …
    Code(KeyCode),
    /// Any printable character (typing in the prompt).
    AnyChar,
    /// A character a number starts with: a digit, `-`, `+` or `.` (starting a quiz answer).
    NumberStart,
    /// Any key at all.
    Any,
}

impl Key {
    /// Does the terminal's key event match this key?
    pub fn matches(self, event: &KeyEvent) -> bool {
        let plain = !event
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match self {
            Key::Char(c) => plain && event.code == KeyCode::Char(c),
            Key::Ctrl(c) => {
                event.modifiers.contains(KeyModifiers::CONTROL)
                    && event.code == KeyCode::Char(c.to_ascii_lowercase())
            }
            Key::Code(code) => plain && event.code == code,
            Key::AnyChar => plain && matches!(event.code, KeyCode::Char(c) if !c.is_control()),
            Key::NumberStart => plain && matches!(event.code, KeyCode::Char(c) if number_start(c)),
            Key::Any => true,
        }
    }

    /// The key's label in the footer and help: `→`, `space`, `Ctrl-C`, `PgDn`.
    pub fn label(self, ascii: bool) -> String {
        let arrow = |unicode: &str, plain: &str| if ascii { plain } else { unicode }.to_string();
        match self {
            Key::Char(' ') => "space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::AnyChar => "text".into(),
            Key::NumberStart => "0-9 - .".into(),
            Key::Any => "any key".into(),
            Key::Code(code) => match code {
                KeyCode::Right => arrow("→", "Right"),
                KeyCode::Left => arrow("←", "Left"),
                KeyCode::Up => arrow("↑", "Up"),
                KeyCode::Down => arrow("↓", "Down"),
                KeyCode::PageDown => "PgDn".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::Backspace => "Backspace".into(),
                KeyCode::Enter => "Enter".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::BackTab => "Shift-Tab".into(),
                KeyCode::End => "End".into(),
                other => other.to_string(),
            },
        }
    }
}
