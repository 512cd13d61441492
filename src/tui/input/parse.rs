//! What the start of some bytes is: a key (in any of the forms terminals send), a sequence to
//! drop, a paste's start marker, or the start of something not complete yet.

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::SEQUENCE_LIMIT;

/// What the start of the pending bytes is.
#[derive(Debug, PartialEq)]
pub(super) enum Parsed {
    /// A key, taking `n` bytes.
    Key(KeyEvent, usize),
    /// `n` bytes that mean nothing to the tutor (a reply, a stray byte).
    Ignore(usize),
    /// The start marker of a bracketed paste, `n` bytes.
    PasteStart(usize),
    /// A mouse report, taking `n` bytes.
    Mouse(MouseEvent, usize),
    /// The start of something whose end has not arrived.
    Incomplete,
}

/// An incomplete sequence taken as the keys it was typed as: `ESC` alone is Esc; `ESC x…` is
/// Alt+x, and what followed x is decoded afresh; a cut-off character is dropped.
pub(super) fn as_typed(bytes: &[u8]) -> (Option<KeyEvent>, usize) {
    if bytes[0] != 0x1b {
        return (None, bytes.len());
    }
    if bytes.len() == 1 {
        return (Some(key(KeyCode::Esc)), 1);
    }
    match parse_char_or_control(&bytes[1..]) {
        Parsed::Key(k, n) => (Some(alt(k)), n + 1),
        _ => (Some(key(KeyCode::Esc)), 1),
    }
}

/// What the start of `bytes` is (there is at least one byte).
pub(super) fn parse(bytes: &[u8]) -> Parsed {
    if bytes[0] == 0x1b {
        parse_escape(bytes)
    } else {
        parse_char_or_control(bytes)
    }
}

/// A key that is not an escape sequence: a control byte or a UTF-8 character.
fn parse_char_or_control(bytes: &[u8]) -> Parsed {
    let b = bytes[0];
    let code = match b {
        b'\r' | b'\n' => KeyCode::Enter,
        b'\t' => KeyCode::Tab,
        0x7f | 0x08 => KeyCode::Backspace,
        0x1b => KeyCode::Esc,
        0x00 => return Parsed::Key(ctrl(' '), 1),
        0x01..=0x1a => return Parsed::Key(ctrl((b - 1 + b'a') as char), 1),
        0x1c..=0x1f => return Parsed::Key(ctrl(['\\', ']', '^', '_'][(b - 0x1c) as usize]), 1),
        _ => return parse_utf8(bytes),
    };
    Parsed::Key(key(code), 1)
}

fn parse_utf8(bytes: &[u8]) -> Parsed {
    let len = match bytes[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Parsed::Ignore(1),
    };
    let have = bytes.len().min(len);
    if bytes[1..have].iter().any(|&b| b & 0xc0 != 0x80) {
        return Parsed::Ignore(1);
    }
    if have < len {
        return Parsed::Incomplete;
    }
    match std::str::from_utf8(&bytes[..len])
        .ok()
        .and_then(|s| s.chars().next())
    {
        Some(c) => Parsed::Key(char_key(c, KeyModifiers::NONE), len),
        None => Parsed::Ignore(1),
    }
}

fn parse_escape(bytes: &[u8]) -> Parsed {
    let Some(&next) = bytes.get(1) else {
        return Parsed::Incomplete;
    };
    match next {
        b'[' => parse_csi(bytes),
        b'O' => match bytes.get(2) {
            None => Parsed::Incomplete,
            Some(&f) => match ss3(f) {
                Some(code) => Parsed::Key(key(code), 3),
                None => Parsed::Ignore(3),
            },
        },
        // Esc pressed twice: the first is Esc, the second starts anew.
        0x1b => Parsed::Key(key(KeyCode::Esc), 1),
        _ => match parse_char_or_control(&bytes[1..]) {
            Parsed::Key(k, n) => Parsed::Key(alt(k), n + 1),
            Parsed::Ignore(n) => Parsed::Ignore(n + 1),
            other => other,
        },
    }
}

/// `ESC [ params intermediates final`.
fn parse_csi(bytes: &[u8]) -> Parsed {
    let mut i = 2;
    while i < bytes.len() && (0x30..=0x3f).contains(&bytes[i]) {
        i += 1;
    }
    while i < bytes.len() && (0x20..=0x2f).contains(&bytes[i]) {
        i += 1;
    }
    let malformed = Parsed::Key(alt(char_key('[', KeyModifiers::NONE)), 2);
    let Some(&last) = bytes.get(i) else {
        return if i > SEQUENCE_LIMIT {
            malformed
        } else {
            Parsed::Incomplete
        };
    };
    if !(0x40..=0x7e).contains(&last) || i > SEQUENCE_LIMIT {
        // Cut short by a control byte: not a sequence, so keys as typed.
        return malformed;
    }
    let n = i + 1;
    let params = &bytes[2..i];
    if params.first() == Some(&b'<') && matches!(last, b'M' | b'm') {
        return match mouse(&params[1..], last == b'M') {
            Some(m) => Parsed::Mouse(m, n),
            None => Parsed::Ignore(n),
        };
    }
    if matches!(params.first(), Some(b'<' | b'=' | b'>' | b'?')) {
        // Replies and reports (device attributes, keyboard flags, SGR mouse).
        return Parsed::Ignore(n);
    }
    let text = std::str::from_utf8(params).unwrap_or("");
    let mut fields = text.split(';');
    let first = fields.next().unwrap_or("");
    let number = first.split(':').next().unwrap_or("").parse::<u32>().ok();
    let mods = fields
        .next()
        .and_then(|m| m.split(':').next())
        .and_then(|m| m.parse::<u32>().ok())
        .map_or(KeyModifiers::NONE, modifiers);
    if let Some(code) = cursor_or_function(last) {
        return Parsed::Key(KeyEvent::new(code, mods), n);
    }
    let code = match last {
        b'Z' => return Parsed::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT), n),
        b'~' => match number {
            Some(1 | 7) => KeyCode::Home,
            Some(4 | 8) => KeyCode::End,
            Some(2) => KeyCode::Insert,
            Some(3) => KeyCode::Delete,
            Some(5) => KeyCode::PageUp,
            Some(6) => KeyCode::PageDown,
            Some(f @ 11..=15) => KeyCode::F((f - 10) as u8),
            Some(f @ 17..=21) => KeyCode::F((f - 11) as u8),
            Some(f @ 23..=24) => KeyCode::F((f - 12) as u8),
            Some(200) => return Parsed::PasteStart(n),
            _ => return Parsed::Ignore(n),
        },
        // kitty's keyboard protocol: `CSI codepoint ; modifiers u`.
        b'u' => match number {
            Some(13) => KeyCode::Enter,
            Some(27) => KeyCode::Esc,
            Some(9) => KeyCode::Tab,
            Some(127 | 8) => KeyCode::Backspace,
            Some(c) => match char::from_u32(c).filter(|c| !c.is_control()) {
                Some(c) => return Parsed::Key(char_key(c, mods), n),
                None => return Parsed::Ignore(n),
            },
            None => return Parsed::Ignore(n),
        },
        _ => return Parsed::Ignore(n),
    };
    Parsed::Key(KeyEvent::new(code, mods), n)
}

/// An SGR mouse report, `CSI < button ; column ; row M` (`m` on release): a click, a release,
/// a drag or a turn of the wheel, with the cell (from 0) it happened on.
fn mouse(params: &[u8], press: bool) -> Option<MouseEvent> {
    let text = std::str::from_utf8(params).ok()?;
    let mut fields = text.split(';').map(|f| f.parse::<u16>().ok());
    let (code, x, y) = (fields.next()??, fields.next()??, fields.next()??);
    let button = match code & 0b11 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        _ => MouseButton::Right,
    };
    let kind = match (code & 64 != 0, code & 32 != 0, press) {
        (true, _, _) if code & 1 == 0 => MouseEventKind::ScrollUp,
        (true, _, _) => MouseEventKind::ScrollDown,
        (false, true, _) => MouseEventKind::Drag(button),
        (false, false, true) => MouseEventKind::Down(button),
        (false, false, false) => MouseEventKind::Up(button),
    };
    let mut modifiers = KeyModifiers::NONE;
    for (bit, m) in [
        (4, KeyModifiers::SHIFT),
        (8, KeyModifiers::ALT),
        (16, KeyModifiers::CONTROL),
    ] {
        if code & bit != 0 {
            modifiers |= m;
        }
    }
    Some(MouseEvent {
        kind,
        column: x.checked_sub(1)?,
        row: y.checked_sub(1)?,
        modifiers,
    })
}

/// The key of `ESC O x` (application cursor keys, keypad Enter, F1-F4).
fn ss3(f: u8) -> Option<KeyCode> {
    match f {
        b'M' => Some(KeyCode::Enter),
        f => cursor_or_function(f),
    }
}

/// The final letter that CSI and SS3 sequences share: cursor keys, Home, End and F1-F4.
fn cursor_or_function(f: u8) -> Option<KeyCode> {
    Some(match f {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'R' => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        _ => return None,
    })
}

/// xterm's modifier parameter: 1 + (1 Shift, 2 Alt, 4 Ctrl, 8 Meta).
fn modifiers(param: u32) -> KeyModifiers {
    let bits = param.saturating_sub(1);
    let mut m = KeyModifiers::NONE;
    if bits & 1 != 0 {
        m |= KeyModifiers::SHIFT;
    }
    if bits & (2 | 8) != 0 {
        m |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        m |= KeyModifiers::CONTROL;
    }
    m
}

/// A key without modifiers.
pub(super) fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// A character with Ctrl.
pub(super) fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// The key with Alt (an ESC came before it).
pub(super) fn alt(mut k: KeyEvent) -> KeyEvent {
    k.modifiers |= KeyModifiers::ALT;
    k
}

/// A character key; capitals carry Shift, as crossterm reports them.
pub(super) fn char_key(c: char, mut mods: KeyModifiers) -> KeyEvent {
    if c.is_uppercase() {
        mods |= KeyModifiers::SHIFT;
    }
    KeyEvent::new(KeyCode::Char(c), mods)
}
