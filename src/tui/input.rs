//! Keys from the bytes a terminal sends: the decoder behind the tutor's own reading of standard
//! input.
//!
//! The tutor does not use crossterm's event reader, for two reasons. It waits in a blocking read
//! for the end of a sequence that starts like a terminal's reply (`ESC [ ?`), so Alt+[ then `?`
//! froze every key until a `u` or `c` came; and it turns at most 1 KiB into events per read,
//! leaving the rest of a large paste unread until more keys arrive. Here bytes are fed as they
//! come, every complete key is decoded at once, and an incomplete escape sequence is taken as
//! the keys it was typed as once [`ESCAPE_TIMEOUT`] passes with nothing more: `ESC` alone is
//! Esc, `ESC [` is Alt+[, and whatever followed is decoded afresh.
//!
//! What is understood: UTF-8 characters; Enter (CR or LF), Tab, Backspace (DEL or BS), Esc;
//! Ctrl+letter; Alt+key (ESC before it); arrows, Home, End, Insert, Delete, PgUp, PgDn and F1-F12
//! in the CSI and SS3 forms xterm, VTE, tmux and the Linux console send, with modifiers
//! (`ESC [ 1 ; 5 C` is Ctrl+Right); kitty's `CSI u` keys; and bracketed paste
//! (`ESC [ 200 ~` … `ESC [ 201 ~`), which arrives as one [`Event::Paste`]. Other complete
//! sequences (terminal replies, mouse and focus reports) are dropped.

use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// How long an incomplete escape sequence waits for the rest before it is taken as typed keys.
/// Terminals send a sequence in one write, so its bytes arrive together; a person typing Esc
/// and then `[` is far slower.
pub const ESCAPE_TIMEOUT: Duration = Duration::from_millis(50);

/// A bracketed paste that stops arriving for this long without its end marker is ended, so a
/// stray start marker cannot swallow every later key.
pub const PASTE_TIMEOUT: Duration = Duration::from_millis(500);

/// The bytes of one paste that are kept (the go-to prompt and the quiz's answer field take far
/// fewer); the rest is read and dropped.
pub const PASTE_LIMIT: usize = 4096;

/// Longest control sequence accepted; a longer run without a final byte is taken as typed.
const SEQUENCE_LIMIT: usize = 64;

const PASTE_END: &[u8] = b"\x1b[201~";

/// Turns bytes into key and paste events. Feed it what is read; ask [`Decoder::deadline`] how
/// long an incomplete sequence may wait, and call [`Decoder::expire`] when that time comes.
#[derive(Debug, Default)]
pub struct Decoder {
    /// Bytes not decoded yet: an incomplete sequence or character, or the tail of a paste that
    /// may be the start of its end marker.
    pending: Vec<u8>,
    /// When the last bytes arrived.
    last: Option<Instant>,
    /// Inside a bracketed paste: the text so far (at most [`PASTE_LIMIT`] bytes).
    paste: Option<Vec<u8>>,
}

/// What the start of the pending bytes is.
#[derive(Debug, PartialEq)]
enum Parsed {
    /// A key, taking `n` bytes.
    Key(KeyEvent, usize),
    /// `n` bytes that mean nothing to the tutor (a reply, a mouse report, a stray byte).
    Ignore(usize),
    /// The start marker of a bracketed paste, `n` bytes.
    PasteStart(usize),
    /// The start of something whose end has not arrived.
    Incomplete,
}

impl Decoder {
    pub fn new() -> Self {
        Decoder::default()
    }

    /// Decodes `bytes` (read at `now`) after what was pending; complete events go to `out`.
    pub fn feed(&mut self, bytes: &[u8], now: Instant, out: &mut Vec<Event>) {
        if bytes.is_empty() {
            return;
        }
        // Bytes that waited past their deadline are keys of their own, whatever comes now.
        self.expire(now, out);
        self.pending.extend_from_slice(bytes);
        self.last = Some(now);
        self.decode(false, out);
    }

    /// When the pending bytes are to be taken as they are, if any are waiting.
    pub fn deadline(&self) -> Option<Instant> {
        let last = self.last?;
        if self.paste.is_some() {
            Some(last + PASTE_TIMEOUT)
        } else if self.pending.is_empty() {
            None
        } else {
            Some(last + ESCAPE_TIMEOUT)
        }
    }

    /// If the deadline has passed at `now`, takes what is pending as typed (or ends the paste).
    pub fn expire(&mut self, now: Instant, out: &mut Vec<Event>) {
        if self.deadline().is_some_and(|d| d <= now) {
            self.decode(true, out);
        }
    }

    /// Forgets anything half-received (after the tutor was suspended, say).
    pub fn reset(&mut self) {
        *self = Decoder::default();
    }

    /// Decodes the pending bytes; `flush` takes an incomplete sequence as typed keys.
    fn decode(&mut self, flush: bool, out: &mut Vec<Event>) {
        let bytes = std::mem::take(&mut self.pending);
        let mut i = 0;
        while i < bytes.len() || (flush && self.paste.is_some()) {
            if let Some(paste) = &mut self.paste {
                let rest = &bytes[i..];
                let (text, used, ended) = match find(rest, PASTE_END) {
                    Some(at) => (&rest[..at], at + PASTE_END.len(), true),
                    // The end marker may be split across reads: keep a tail that could start it.
                    None if !flush => {
                        let keep = partial_suffix(rest, PASTE_END);
                        (&rest[..rest.len() - keep], rest.len() - keep, false)
                    }
                    None => (rest, rest.len(), true),
                };
                let room = PASTE_LIMIT.saturating_sub(paste.len());
                paste.extend_from_slice(&text[..text.len().min(room)]);
                i += used;
                if !ended {
                    break;
                }
                let text = String::from_utf8_lossy(paste).into_owned();
                self.paste = None;
                out.push(Event::Paste(text));
                continue;
            }
            match parse(&bytes[i..]) {
                Parsed::Key(key, n) => {
                    out.push(Event::Key(key));
                    i += n;
                }
                Parsed::Ignore(n) => i += n,
                Parsed::PasteStart(n) => {
                    self.paste = Some(Vec::new());
                    i += n;
                }
                Parsed::Incomplete if flush => {
                    let (key, n) = as_typed(&bytes[i..]);
                    out.extend(key.map(Event::Key));
                    i += n;
                }
                Parsed::Incomplete => break,
            }
        }
        self.pending = bytes[i..].to_vec();
        if self.pending.is_empty() && self.paste.is_none() {
            self.last = None;
        }
    }
}

/// An incomplete sequence taken as the keys it was typed as: `ESC` alone is Esc; `ESC x…` is
/// Alt+x, and what followed x is decoded afresh; a cut-off character is dropped.
fn as_typed(bytes: &[u8]) -> (Option<KeyEvent>, usize) {
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

fn parse(bytes: &[u8]) -> Parsed {
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
    let code = match last {
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

/// The key of `ESC O x` (application cursor keys, keypad Enter, F1-F4).
fn ss3(f: u8) -> Option<KeyCode> {
    Some(match f {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'M' => KeyCode::Enter,
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

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn alt(mut k: KeyEvent) -> KeyEvent {
    k.modifiers |= KeyModifiers::ALT;
    k
}

/// A character key; capitals carry Shift, as crossterm reports them.
fn char_key(c: char, mut mods: KeyModifiers) -> KeyEvent {
    if c.is_uppercase() {
        mods |= KeyModifiers::SHIFT;
    }
    KeyEvent::new(KeyCode::Char(c), mods)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The length of the longest end of `bytes` that is a proper start of `marker`.
fn partial_suffix(bytes: &[u8], marker: &[u8]) -> usize {
    (1..marker.len().min(bytes.len() + 1))
        .rev()
        .find(|&n| bytes.ends_with(&marker[..n]))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8]) -> Vec<Event> {
        let mut d = Decoder::new();
        let mut out = Vec::new();
        let t = Instant::now();
        d.feed(bytes, t, &mut out);
        d.expire(t + ESCAPE_TIMEOUT + PASTE_TIMEOUT, &mut out);
        out
    }

    fn keys(bytes: &[u8]) -> Vec<KeyEvent> {
        decode_all(bytes)
            .into_iter()
            .map(|e| match e {
                Event::Key(k) => k,
                other => panic!("not a key: {other:?}"),
            })
            .collect()
    }

    fn k(code: KeyCode) -> KeyEvent {
        key(code)
    }
    fn c(ch: char) -> KeyEvent {
        char_key(ch, KeyModifiers::NONE)
    }
    fn with(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn characters_and_control_keys() {
        assert_eq!(keys(b"aG?"), vec![c('a'), c('G'), c('?')]);
        assert_eq!(keys(b"G")[0].modifiers, KeyModifiers::SHIFT);
        assert_eq!(
            keys("σ→€😀".as_bytes()),
            vec![c('σ'), c('→'), c('€'), c('😀')]
        );
        assert_eq!(
            keys(b"\r\n\t\x7f\x08"),
            vec![
                k(KeyCode::Enter),
                k(KeyCode::Enter),
                k(KeyCode::Tab),
                k(KeyCode::Backspace),
                k(KeyCode::Backspace)
            ]
        );
        assert_eq!(keys(b"\x03\x1a\x01"), vec![ctrl('c'), ctrl('z'), ctrl('a')]);
        assert_eq!(keys(b"\x00\x1c"), vec![ctrl(' '), ctrl('\\')]);
    }

    #[test]
    fn cursor_keys_in_every_form_terminals_send() {
        let cases: &[(&[u8], KeyCode)] = &[
            (b"\x1b[A", KeyCode::Up),
            (b"\x1b[B", KeyCode::Down),
            (b"\x1b[C", KeyCode::Right),
            (b"\x1b[D", KeyCode::Left),
            (b"\x1bOC", KeyCode::Right),
            (b"\x1bOD", KeyCode::Left),
            (b"\x1b[H", KeyCode::Home),
            (b"\x1b[F", KeyCode::End),
            (b"\x1bOH", KeyCode::Home),
            (b"\x1bOF", KeyCode::End),
            (b"\x1b[1~", KeyCode::Home),
            (b"\x1b[7~", KeyCode::Home),
            (b"\x1b[4~", KeyCode::End),
            (b"\x1b[8~", KeyCode::End),
            (b"\x1b[5~", KeyCode::PageUp),
            (b"\x1b[6~", KeyCode::PageDown),
            (b"\x1b[2~", KeyCode::Insert),
            (b"\x1b[3~", KeyCode::Delete),
            (b"\x1bOP", KeyCode::F(1)),
            (b"\x1b[15~", KeyCode::F(5)),
            (b"\x1b[24~", KeyCode::F(12)),
            (b"\x1bOM", KeyCode::Enter),
        ];
        for (bytes, code) in cases {
            assert_eq!(keys(bytes), vec![k(*code)], "{bytes:?}");
        }
    }

    #[test]
    fn modifiers_on_special_keys() {
        assert_eq!(
            keys(b"\x1b[1;5C"),
            vec![with(KeyCode::Right, KeyModifiers::CONTROL)]
        );
        assert_eq!(
            keys(b"\x1b[1;2D"),
            vec![with(KeyCode::Left, KeyModifiers::SHIFT)]
        );
        assert_eq!(
            keys(b"\x1b[5;3~"),
            vec![with(KeyCode::PageUp, KeyModifiers::ALT)]
        );
        assert_eq!(
            keys(b"\x1b[Z"),
            vec![with(KeyCode::BackTab, KeyModifiers::SHIFT)]
        );
        // kitty's CSI u.
        assert_eq!(keys(b"\x1b[99;5u"), vec![ctrl('c')]);
        assert_eq!(keys(b"\x1b[13u"), vec![k(KeyCode::Enter)]);
    }

    #[test]
    fn alt_and_escape() {
        assert_eq!(keys(b"\x1bx"), vec![alt(c('x'))]);
        assert_eq!(keys(b"\x1b"), vec![k(KeyCode::Esc)]);
        assert_eq!(keys(b"\x1b\x1b"), vec![k(KeyCode::Esc), k(KeyCode::Esc)]);
        assert_eq!(keys(b"\x1b\r"), vec![alt(k(KeyCode::Enter))]);
        assert_eq!(keys("\x1bσ".as_bytes()), vec![alt(c('σ'))]);
    }

    #[test]
    fn alt_bracket_alone_waits_only_briefly_and_swallows_nothing() {
        let mut d = Decoder::new();
        let mut out = Vec::new();
        let t = Instant::now();
        d.feed(b"\x1b[", t, &mut out);
        assert!(out.is_empty(), "it may still become an arrow key");
        assert_eq!(d.deadline(), Some(t + ESCAPE_TIMEOUT));
        d.expire(t + ESCAPE_TIMEOUT / 2, &mut out);
        assert!(out.is_empty());
        d.expire(t + ESCAPE_TIMEOUT, &mut out);
        assert_eq!(out, vec![Event::Key(alt(c('[')))]);
        assert_eq!(d.deadline(), None);
        // The next key is a key of its own.
        out.clear();
        d.feed(b"q", t + Duration::from_secs(1), &mut out);
        assert_eq!(out, vec![Event::Key(c('q'))]);
    }

    #[test]
    fn bytes_read_after_the_deadline_do_not_join_what_waited() {
        // The reader may come back late (a busy machine): what it finds then is decoded on
        // its own, by the time the bytes were read.
        let mut d = Decoder::new();
        let mut out = Vec::new();
        let t = Instant::now();
        d.feed(b"\x1b[", t, &mut out);
        d.feed(b"l", t + ESCAPE_TIMEOUT * 2, &mut out);
        assert_eq!(out, vec![Event::Key(alt(c('['))), Event::Key(c('l'))]);
        // Within the deadline they are one sequence.
        out.clear();
        d.feed(b"\x1b[", t, &mut out);
        d.feed(b"C", t + ESCAPE_TIMEOUT / 2, &mut out);
        assert_eq!(out, vec![Event::Key(k(KeyCode::Right))]);
    }

    #[test]
    fn alt_bracket_then_question_mark_never_freezes() {
        // `ESC [ ?` starts like a terminal's reply; taken as typed once nothing follows.
        let mut d = Decoder::new();
        let mut out = Vec::new();
        let t = Instant::now();
        d.feed(b"\x1b[?", t, &mut out);
        assert!(out.is_empty());
        d.expire(t + ESCAPE_TIMEOUT, &mut out);
        assert_eq!(out, vec![Event::Key(alt(c('['))), Event::Key(c('?'))]);
        out.clear();
        d.feed(b"q", t + ESCAPE_TIMEOUT * 2, &mut out);
        assert_eq!(out, vec![Event::Key(c('q'))]);
        // Longer unfinished runs too, and a control byte ends one at once.
        assert_eq!(
            keys(b"\x1b[?1;2"),
            vec![alt(c('[')), c('?'), c('1'), c(';'), c('2')]
        );
        assert_eq!(keys(b"\x1b[?\x03"), vec![alt(c('[')), c('?'), ctrl('c')]);
    }

    #[test]
    fn a_sequence_split_across_reads_is_one_key() {
        let mut d = Decoder::new();
        let mut out = Vec::new();
        let t = Instant::now();
        d.feed(b"\x1b", t, &mut out);
        d.feed(b"[1;", t + Duration::from_millis(10), &mut out);
        d.feed(b"5", t + Duration::from_millis(20), &mut out);
        assert!(out.is_empty());
        d.feed(b"Cx", t + Duration::from_millis(30), &mut out);
        assert_eq!(
            out,
            vec![
                Event::Key(with(KeyCode::Right, KeyModifiers::CONTROL)),
                Event::Key(c('x'))
            ]
        );
        // A character split between reads too.
        out.clear();
        let s = "→".as_bytes();
        d.feed(&s[..1], t, &mut out);
        d.feed(&s[1..], t, &mut out);
        assert_eq!(out, vec![Event::Key(c('→'))]);
    }

    #[test]
    fn replies_reports_and_garbage_are_dropped() {
        // Device attributes, kitty keyboard flags, SGR mouse, focus, unknown finals.
        assert_eq!(
            keys(b"\x1b[?62;22c\x1b[?1u\x1b[<0;3;4M\x1b[I\x1b[O\x1b[99x"),
            vec![]
        );
        // Invalid UTF-8 and a cut-off character are dropped, and nothing else is lost.
        assert_eq!(keys(b"\xff\x80a\xe2\x86"), vec![c('a')]);
        assert_eq!(keys(b"\xe2a"), vec![c('a')]);
        // A runaway sequence is taken as typed, not waited for forever.
        let long = [b"\x1b[".as_slice(), &[b'1'; 100]].concat();
        assert_eq!(keys(&long).len(), 101);
    }

    #[test]
    fn bracketed_paste_is_one_event_capped() {
        let mut bytes = b"\x1b[200~".to_vec();
        bytes.extend(std::iter::repeat_n(b'7', 3 * PASTE_LIMIT));
        bytes.extend(b"\x1b[201~q");
        let events = decode_all(&bytes);
        assert_eq!(events.len(), 2, "{:?}", &events[1..]);
        match &events[0] {
            Event::Paste(text) => assert_eq!(text.len(), PASTE_LIMIT),
            other => panic!("{other:?}"),
        }
        assert_eq!(events[1], Event::Key(c('q')));
        // Keys inside a paste are text, not keys.
        assert_eq!(
            decode_all(b"\x1b[200~q\r\x1b[A\x1b[201~"),
            vec![Event::Paste("q\r\x1b[A".into())]
        );
    }

    #[test]
    fn a_paste_marker_split_across_reads() {
        let mut d = Decoder::new();
        let mut out = Vec::new();
        let t = Instant::now();
        for part in [&b"\x1b[20"[..], b"0~ab", b"c\x1b[", b"201", b"~z"] {
            d.feed(part, t, &mut out);
        }
        assert_eq!(out, vec![Event::Paste("abc".into()), Event::Key(c('z'))]);
    }

    #[test]
    fn a_paste_without_its_end_ends_after_a_pause() {
        let mut d = Decoder::new();
        let mut out = Vec::new();
        let t = Instant::now();
        d.feed(b"\x1b[200~abc\x1b[2", t, &mut out);
        assert!(out.is_empty());
        assert_eq!(d.deadline(), Some(t + PASTE_TIMEOUT));
        d.expire(t + PASTE_TIMEOUT, &mut out);
        assert_eq!(out, vec![Event::Paste("abc\x1b[2".into())]);
        out.clear();
        d.feed(b"q", t + PASTE_TIMEOUT * 2, &mut out);
        assert_eq!(out, vec![Event::Key(c('q'))]);
    }

    #[test]
    fn thousands_of_keys_in_one_read_all_arrive() {
        let bytes = "\x1b[C".repeat(5000);
        assert_eq!(keys(bytes.as_bytes()).len(), 5000);
    }

    #[test]
    fn any_bytes_decode_without_panic_and_leave_nothing_waiting() {
        // A small deterministic generator: every prefix of many byte soups.
        let mut x: u32 = 1;
        for _ in 0..2000 {
            let mut bytes = Vec::new();
            for _ in 0..(x % 40) {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                let pick = [
                    0x1b, b'[', b'O', b'?', b'1', b';', b'~', b'u', b'2', b'0', 0x80, 0xe2,
                ];
                bytes.push(if x.is_multiple_of(3) {
                    (x >> 8) as u8
                } else {
                    pick[(x as usize >> 4) % pick.len()]
                });
            }
            let mut d = Decoder::new();
            let mut out = Vec::new();
            let t = Instant::now();
            d.feed(&bytes, t, &mut out);
            d.expire(t + PASTE_TIMEOUT + ESCAPE_TIMEOUT, &mut out);
            d.expire(t + (PASTE_TIMEOUT + ESCAPE_TIMEOUT) * 2, &mut out);
            assert_eq!(d.deadline(), None, "{bytes:?}");
        }
    }
}
