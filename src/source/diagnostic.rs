//! A positioned error message about a text file, rendered like a compiler's:
//!
//! ```text
//! error: lessons/x.toml:27:12: weights of layer 2 has 3 columns, but layer 1 has 2 neurons
//!    |
//! 27 | weights = [[0.40, 0.45, 0.1], [0.50, 0.55, 0.2]]
//!    |            ^^^^^^^^^^^^^^^^^
//!    = help: give each row of layer 2's weights 2 numbers, one per neuron of layer 1
//! ```
//!
//! The first line always holds `file:line:column: message` (or `file: message` when the problem
//! has no position, such as a missing file), so tools can grep it. Every part is printed through
//! [`super::display`] — the file name, the message, the help and the source line — with control
//! characters, bidirectional overrides and isolates escaped, so nothing a file holds can act on
//! the terminal or forge a line of output, however the message was put together. Nothing here
//! knows about lessons: worksheets, CSV and `.npy` files use the same type.

use std::fmt;
use std::ops::Range;

/// Longest stretch of a source line shown in a snippet, in characters.
const SNIPPET_WIDTH: usize = 100;
/// Characters kept before the caret when a long line is cut.
const SNIPPET_LEAD: usize = 30;

/// One error about one place in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file's display name, as given by the caller.
    pub file: String,
    /// 1-based line; `None` when the problem concerns the file as a whole.
    pub line: Option<usize>,
    /// 1-based column, counted in characters (not bytes); `None` exactly when `line` is.
    pub column: Option<usize>,
    /// What is wrong, in one line.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// The offending line with the span underlined.
    pub snippet: Option<Snippet>,
}

/// The source line of a diagnostic, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// 1-based line number shown in the gutter.
    pub line: usize,
    /// The line as printed: unsafe characters escaped, tabs expanded, long lines cut.
    pub text: String,
    /// Characters of `text` before the first caret.
    pub caret_start: usize,
    /// Number of carets (at least 1).
    pub caret_len: usize,
}

impl Diagnostic {
    /// A diagnostic at byte range `span` of `source` (the whole text of `file`).
    ///
    /// Offsets past the end or inside a multi-byte character are clamped, never a panic.
    pub fn new(
        file: impl Into<String>,
        source: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let start = floor_char_boundary(source, span.start);
        let end = floor_char_boundary(source, span.end.max(start));
        let (line, column) = line_column(source, start);
        Diagnostic {
            file: file.into(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
            help: None,
            snippet: Some(Snippet::new(source, line, start, end)),
        }
    }

    /// A diagnostic at a known line and column but with no source text to show
    /// (e.g. a binary file, whose line would print garbage).
    pub fn at_position(
        file: impl Into<String>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
            help: None,
            snippet: None,
        }
    }

    /// A diagnostic about the file as a whole (missing, a directory, empty, …).
    pub fn without_position(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
            snippet: None,
        }
    }

    /// The same diagnostic with `help` as its advice (replacing any).
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Replace the snippet with a line of text chosen by the caller (e.g. a lossy view
    /// of a line that is not valid UTF-8).
    pub fn with_snippet(mut self, snippet: Snippet) -> Self {
        self.snippet = Some(snippet);
        self
    }

    /// `file:line:column`, or just `file` without a position; control characters in the file
    /// name are escaped.
    pub fn location(&self) -> String {
        let file = super::display::line(&self.file);
        match (self.line, self.column) {
            (Some(line), Some(column)) => format!("{file}:{line}:{column}"),
            _ => file.into_owned(),
        }
    }
}

impl Snippet {
    /// The line `line` (1-based) of `source` that holds byte `start`, underlining up to `end`
    /// (or to the end of that line when the span runs on).
    fn new(source: &str, line: usize, start: usize, end: usize) -> Self {
        // `start` and `end` are character boundaries (see `Diagnostic::new`); `get` keeps even a
        // wrong offset from panicking.
        let part = |r: Range<usize>| source.get(r).unwrap_or("");
        let line_start = part(0..start).rfind('\n').map_or(0, |i| i + 1);
        let line_end = part(start..source.len())
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let text = part(line_start..line_end).trim_end_matches('\r');
        let caret_col = part(line_start..start).chars().count();
        let caret_chars = part(start..end.min(line_end)).chars().count();
        Snippet::from_line(line, text, caret_col, caret_chars)
    }

    /// A snippet of `text` (one line) with `caret_len` carets under character `caret_col`
    /// (0-based); long lines are cut around the caret.
    pub fn from_line(line: usize, text: &str, caret_col: usize, caret_len: usize) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let caret_col = caret_col.min(chars.len());
        let (from, to) = if chars.len() <= SNIPPET_WIDTH {
            (0, chars.len())
        } else {
            let from = caret_col.saturating_sub(SNIPPET_LEAD);
            (from, (from + SNIPPET_WIDTH).min(chars.len()))
        };
        let mut shown = String::new();
        let mut caret_start = 0;
        if from > 0 {
            shown.push('…');
            caret_start += 1;
        }
        let caret_end = caret_col.saturating_add(caret_len);
        let mut shown_len = 0;
        for (i, &c) in chars.iter().enumerate().take(to).skip(from) {
            let printed = printable(c);
            // Carets go by display width: a Chinese character takes two columns.
            let width = unicode_width::UnicodeWidthStr::width(printed.as_str());
            if i < caret_col {
                caret_start += width;
            } else if i < caret_end {
                shown_len += width;
            }
            shown.push_str(&printed);
        }
        if to < chars.len() {
            shown.push('…');
        }
        Snippet {
            line,
            text: shown,
            caret_start,
            caret_len: shown_len.max(1),
        }
    }
}

/// How a character is printed in a snippet: tabs become spaces so carets line up, and unsafe
/// characters their escape ([`super::display`]), so a file cannot drive the terminal.
fn printable(c: char) -> String {
    let mut out = String::new();
    match c {
        '\t' => out.push_str("    "),
        c => super::display::push_char(&mut out, c),
    }
    out
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use super::display::line;
        let lang = crate::i18n::lang();
        write!(
            f,
            "{}{}: {}",
            lang.t("err-error"),
            self.location(),
            line(&self.message)
        )?;
        let gutter = match &self.snippet {
            Some(s) => s.line.to_string().len(),
            None => 1,
        };
        let pad = " ".repeat(gutter);
        if let Some(s) = &self.snippet {
            write!(f, "\n{pad} |")?;
            write!(f, "\n{} | {}", s.line, line(&s.text))?;
            write!(
                f,
                "\n{pad} | {}{}",
                " ".repeat(s.caret_start),
                "^".repeat(s.caret_len)
            )?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n{pad} = {}{}", lang.t("err-help"), line(help))?;
        }
        Ok(())
    }
}

/// 1-based line and column (in characters) of byte `offset` in `source`.
///
/// An offset past the end means the end; one inside a multi-byte character means that character.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset);
    let before = source.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let this_line = before.rsplit('\n').next().unwrap_or_default();
    (line, this_line.chars().count() + 1)
}

/// The largest char boundary of `s` not after `i` (clamped to `s.len()`).
fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_lines_and_characters() {
        let s = "ab\ncd\n\nef";
        assert_eq!(line_column(s, 0), (1, 1));
        assert_eq!(line_column(s, 1), (1, 2));
        assert_eq!(line_column(s, 2), (1, 3)); // the newline itself ends line 1
        assert_eq!(line_column(s, 3), (2, 1));
        assert_eq!(line_column(s, 6), (3, 1));
        assert_eq!(line_column(s, 7), (4, 1));
        assert_eq!(line_column(s, 9), (4, 3)); // end of text
        assert_eq!(line_column(s, 1000), (4, 3));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        // "é" is 2 bytes, "⁽" 3 bytes, "😀" 4 bytes: each is one column.
        let s = "x = \"é⁽😀\" y\nσ = 1";
        let y = s.find('y').unwrap();
        assert_eq!(y, 16);
        assert_eq!(line_column(s, y), (1, 11));
        let one = s.find('1').unwrap();
        assert_eq!(line_column(s, one), (2, 5));
        // Inside "😀" (bytes 10..14): the character's own column.
        assert_eq!(line_column(s, 11), (1, 8));
    }

    #[test]
    fn crlf_lines() {
        let s = "a = 1\r\nb = 2\r\n";
        assert_eq!(line_column(s, 7), (2, 1));
        let d = Diagnostic::new("f.toml", s, 11..12, "bad");
        assert_eq!(d.snippet.as_ref().unwrap().text, "b = 2");
    }

    #[test]
    fn renders_like_a_compiler() {
        let src = "[network]\ninputs = \"two\"\n";
        let d = Diagnostic::new("x.toml", src, 19..24, "expected a number for `inputs`")
            .with_help("write inputs = 2");
        assert_eq!(
            d.to_string(),
            "error: x.toml:2:10: expected a number for `inputs`\n  |\n2 | inputs = \"two\"\n  |          ^^^^^\n  = help: write inputs = 2"
        );
    }

    #[test]
    fn the_caret_is_under_the_key_after_chinese_text() {
        // `x = { a = "` is 11 columns, 前向传播 4 characters of 2 columns each, `", ` 3: the
        // key starts in column 22 of the line as a terminal draws it (its 19th character).
        let src = "x = { a = \"前向传播\", bb = 1 }\n";
        let at = src.find("bb").unwrap();
        let d = Diagnostic::new("f.toml", src, at..at + 2, "unknown key `bb`");
        assert_eq!(d.location(), "f.toml:1:19");
        let caret = d.to_string().lines().nth(3).unwrap().to_string();
        assert_eq!(caret, format!("  | {}^^", " ".repeat(22)));
    }

    #[test]
    fn gutter_widens_with_the_line_number() {
        let src = format!("{}x = 1\n", "\n".repeat(99));
        let d = Diagnostic::new("f", &src, 103..104, "m");
        let text = d.to_string();
        assert!(
            text.starts_with("error: f:100:5: m\n    |\n100 | x = 1\n    |     ^"),
            "{text}"
        );
    }

    #[test]
    fn a_file_name_cannot_forge_a_line() {
        let d = Diagnostic::without_position("x\nerror: y.toml:1:1: fake\u{1b}[2J", "no such file");
        let text = d.to_string();
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(!text.contains('\u{1b}'));
    }

    #[test]
    fn a_message_or_help_cannot_carry_escapes_either() {
        let d = Diagnostic::without_position("f", "found `\u{1b}]0;x\u{7}`\nerror: forged")
            .with_help("\u{202e}txt");
        let text = d.to_string();
        assert_eq!(
            text,
            "error: f: found `\\u{1b}]0;x\\u{7}`\\u{a}error: forged\n  = help: \\u{202e}txt"
        );
    }

    #[test]
    fn without_position() {
        let d =
            Diagnostic::without_position("nope.toml", "no such file").with_help("check the name");
        assert_eq!(
            d.to_string(),
            "error: nope.toml: no such file\n  = help: check the name"
        );
        assert_eq!(d.location(), "nope.toml");
    }

    #[test]
    fn span_past_the_end_and_empty_text() {
        let d = Diagnostic::new("f", "", 5..9, "empty");
        assert_eq!((d.line, d.column), (Some(1), Some(1)));
        assert!(d.to_string().contains("1 | \n  | ^"));
    }

    #[test]
    fn multi_line_span_underlines_to_the_end_of_its_first_line() {
        let src = "w = [[1, 2],\n     [3, 4]]";
        let d = Diagnostic::new("f", src, 4..src.len(), "m");
        let s = d.snippet.unwrap();
        assert_eq!((s.caret_start, s.caret_len), (4, 8));
    }

    #[test]
    fn tabs_and_control_characters() {
        let src = "\tx = \u{1b}[31m";
        let d = Diagnostic::new("f", src, 1..2, "m");
        let s = d.snippet.unwrap();
        assert_eq!(s.text, "    x = \\u{1b}[31m");
        assert_eq!((s.caret_start, s.caret_len), (4, 1));
        // Bidirectional overrides and isolates too, and the carets stay under what they mark.
        let src = "x = \"\u{202e}abc\u{2066}\" y";
        let y = src.find('y').unwrap();
        let d = Diagnostic::new("f", src, y..y + 1, "m");
        let s = d.snippet.unwrap();
        assert_eq!(s.text, "x = \"\\u{202e}abc\\u{2066}\" y");
        assert_eq!(s.text.chars().nth(s.caret_start), Some('y'));
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let src = format!("{}BAD{}", "a".repeat(500), "b".repeat(500));
        let d = Diagnostic::new("f", &src, 500..503, "m");
        let s = d.snippet.unwrap();
        assert!(s.text.chars().count() <= SNIPPET_WIDTH + 2);
        let caret_text: String = s
            .text
            .chars()
            .skip(s.caret_start)
            .take(s.caret_len)
            .collect();
        assert_eq!(caret_text, "BAD");
        assert_eq!(d.column, Some(501));
    }
}
