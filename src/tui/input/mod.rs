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
//! (`ESC [ 200 ~` … `ESC [ 201 ~`), which arrives as one [`Event::Paste`]; and SGR mouse
//! reports (`ESC [ < b ; x ; y M`): clicks and the wheel. Other complete sequences (terminal
//! replies, focus reports) are dropped.

mod parse;
#[cfg(test)]
mod tests;

use std::time::{Duration, Instant};

use ratatui::crossterm::event::Event;

use parse::{Parsed, as_typed, parse};

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

impl Decoder {
    /// A decoder with nothing pending.
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
                Parsed::Mouse(m, n) => {
                    out.push(Event::Mouse(m));
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
