use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use super::parse::{alt, char_key, ctrl, key};
use super::{Decoder, ESCAPE_TIMEOUT, PASTE_LIMIT, PASTE_TIMEOUT};

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
    // Device attributes, kitty keyboard flags, focus, unknown finals.
    assert_eq!(keys(b"\x1b[?62;22c\x1b[?1u\x1b[I\x1b[O\x1b[99x"), vec![]);
    // Invalid UTF-8 and a cut-off character are dropped, and nothing else is lost.
    assert_eq!(keys(b"\xff\x80a\xe2\x86"), vec![c('a')]);
    assert_eq!(keys(b"\xe2a"), vec![c('a')]);
    // A runaway sequence is taken as typed, not waited for forever.
    let long = [b"\x1b[".as_slice(), &[b'1'; 100]].concat();
    assert_eq!(keys(&long).len(), 101);
}

#[test]
fn mouse_reports_are_clicks_and_turns_of_the_wheel() {
    use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let at = |kind, column, row| {
        Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // Left press at column 3, row 4 (1-based), its release; the wheel up and down; a drag.
    assert_eq!(
        decode_all(b"\x1b[<0;3;4M\x1b[<0;3;4m\x1b[<64;10;2M\x1b[<65;10;2M\x1b[<32;5;5Mq"),
        vec![
            at(MouseEventKind::Down(MouseButton::Left), 2, 3),
            at(MouseEventKind::Up(MouseButton::Left), 2, 3),
            at(MouseEventKind::ScrollUp, 9, 1),
            at(MouseEventKind::ScrollDown, 9, 1),
            at(MouseEventKind::Drag(MouseButton::Left), 4, 4),
            Event::Key(c('q')),
        ]
    );
    // A report that makes no sense is dropped.
    assert_eq!(decode_all(b"\x1b[<0;0;0M\x1b[<0;1M"), vec![]);
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
