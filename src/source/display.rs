//! Text the user controls, made safe to print: file names and lesson text reach terminals and
//! messages, and a control character in them could move the cursor, set the window title or
//! forge a line such as `error: file:1:1: …`.
//!
//! Control characters (C0, DEL, C1) and the invisible characters that reorder text (bidirectional
//! marks, embeddings, overrides and isolates) are written as escapes such as `\u{1b}`, so what
//! was there stays visible without acting. Everything else, including any other Unicode, is kept.
//!
//! This is the one way text from a file reaches a terminal: [`super::Diagnostic`] renders every
//! part of a message through it, and the command line passes what it prints on standard error
//! through [`lines`] once more. Escaping is idempotent (an escape is made of safe characters),
//! so text escaped twice reads the same.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::path::Path;

/// Does printing `c` do something other than show a character?
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// Pushes `c` onto `out` as [`line()`] shows it: itself, or its escape when it is unsafe.
pub fn push_char(out: &mut String, c: char) {
    if is_unsafe(c) {
        out.extend(c.escape_unicode());
    } else {
        out.push(c);
    }
}

/// `s` on one line: every unsafe character (line breaks and tabs too) escaped.
pub fn line(s: &str) -> Cow<'_, str> {
    escape(s, |_| false)
}

/// `s` as text of several lines: line breaks and tabs kept, every other unsafe character escaped.
pub fn lines(s: &str) -> Cow<'_, str> {
    escape(s, |c| c == '\n' || c == '\t')
}

/// `s` in double quotes, as a message quotes a user's string: quotes and backslashes escaped,
/// line breaks and tabs as `\n`, `\r`, `\t`, every other unsafe character as `\u{…}`.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => push_char(&mut out, c),
        }
    }
    out.push('"');
    out
}

/// A path as shown in messages: not-UTF-8 bytes as U+FFFD, unsafe characters escaped.
pub fn path(p: &Path) -> String {
    os_str(p.as_os_str())
}

/// A command-line argument as shown in messages, like [`path`].
pub fn os_str(s: &OsStr) -> String {
    line(&s.to_string_lossy()).into_owned()
}

fn escape(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if keep(c) {
            out.push(c);
        } else {
            push_char(&mut out, c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_would_act_on_a_terminal() {
        assert_eq!(line("plain σ(z) é"), "plain σ(z) é");
        assert!(matches!(line("plain"), Cow::Borrowed(_)));
        assert_eq!(line("a\u{1b}]0;pwned\u{7}b"), "a\\u{1b}]0;pwned\\u{7}b");
        assert_eq!(line("x\nerror: f:1:1: y"), "x\\u{a}error: f:1:1: y");
        assert_eq!(line("\u{202e}txt"), "\\u{202e}txt");
        assert_eq!(line("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(lines("one\n\ttwo\r"), "one\n\ttwo\\u{d}");
        assert_eq!(
            line("\u{2066}a\u{2069}\u{61c}\u{7f}"),
            "\\u{2066}a\\u{2069}\\u{61c}\\u{7f}"
        );
        assert_eq!(quoted("a\"b\\\n\u{202e}"), "\"a\\\"b\\\\\\n\\u{202e}\"");
        // Escaping twice changes nothing more.
        let once = line("\u{1b}[31m\u{202e}");
        assert_eq!(line(&once), once);
    }

    #[cfg(unix)]
    #[test]
    fn paths_that_are_not_utf8() {
        use std::os::unix::ffi::OsStrExt;
        let p = Path::new(OsStr::from_bytes(b"caf\xe9\x1b.toml"));
        assert_eq!(path(p), "caf\u{fffd}\\u{1b}.toml");
    }
}
