//! A CSV file read line by line, each line split into its fields where they are written.
//!
//! Read here rather than by a CSV library so that every line and field is known by its exact
//! line and column (blank lines, white space and CRLF line ends included), no line is held
//! longer than a limit (a line over it is refused as it streams, before it fills memory), and
//! a NUL byte — a binary file, such as `/proc/self/environ` — is refused without echoing
//! anything. A sample's fields are numbers, which never hold a line break, so a quoted field
//! must close on its line.

use std::io::{self, BufRead};

/// The byte-order mark spreadsheet programs put at the start of a UTF-8 CSV file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Bytes a line may hold beyond its limit while it is read: a byte-order mark and a line break,
/// which do not count.
const SLACK: usize = 8;

/// Why a line could not be read.
#[derive(Debug)]
pub(super) enum LineProblem {
    /// Line `line` is longer than the limit, in bytes.
    TooLong { line: usize, limit: usize },
    /// A NUL byte at `line`, character `column` (1-based).
    Binary { line: usize, column: usize },
    /// Line `line` is not UTF-8: byte `byte` at character `column` (1-based).
    NotUtf8 {
        line: usize,
        column: usize,
        byte: u8,
    },
    /// Reading failed.
    Io(io::Error),
}

/// The lines of a CSV file.
pub(super) struct Lines<R> {
    reader: R,
    /// The number of the line last read (1-based).
    number: usize,
    /// Bytes of a line read at most.
    limit: usize,
    buf: Vec<u8>,
}

/// One line: its number and text, without its line break.
pub(super) struct Line<'a> {
    pub number: usize,
    pub text: &'a str,
}

impl<R: BufRead> Lines<R> {
    /// Lines of at most `limit` bytes from `reader`.
    pub fn new(reader: R, limit: usize) -> Self {
        Lines {
            reader,
            number: 0,
            limit,
            buf: Vec::new(),
        }
    }

    /// The next line, or `None` at the end of the file.
    pub fn next_line(&mut self) -> Result<Option<Line<'_>>, LineProblem> {
        self.buf.clear();
        let mut ended = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(LineProblem::Io(e)),
            };
            if available.is_empty() {
                break;
            }
            let (take, newline) = match available.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            };
            let room = (self.limit + SLACK + 1).saturating_sub(self.buf.len());
            self.buf
                .extend_from_slice(available.get(..take.min(room)).unwrap_or_default());
            self.reader.consume(take);
            ended = true;
            if self.buf.len() > self.limit + SLACK {
                // Over the limit even without its line break: refuse before reading on.
                return Err(LineProblem::TooLong {
                    line: self.number + 1,
                    limit: self.limit,
                });
            }
            if newline {
                break;
            }
        }
        if !ended {
            return Ok(None);
        }
        self.number += 1;
        let mut bytes = self.buf.as_slice();
        if self.number == 1 {
            bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
        }
        let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        if bytes.len() > self.limit {
            return Err(LineProblem::TooLong {
                line: self.number,
                limit: self.limit,
            });
        }
        let column = |at: usize| {
            String::from_utf8_lossy(bytes.get(..at).unwrap_or_default())
                .chars()
                .count()
                + 1
        };
        if let Some(at) = bytes.iter().position(|&b| b == 0) {
            return Err(LineProblem::Binary {
                line: self.number,
                column: column(at),
            });
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Some(Line {
                number: self.number,
                text,
            })),
            Err(e) => Err(LineProblem::NotUtf8 {
                line: self.number,
                column: column(e.valid_up_to()),
                byte: bytes.get(e.valid_up_to()).copied().unwrap_or(0),
            }),
        }
    }
}

/// A field of a line: its value (white space around it and its quotes removed) and where it
/// is written, in characters from 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Field {
    pub value: String,
    pub column: usize,
    pub len: usize,
}

/// A quote opened at this character (from 0) and not closed on its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Unclosed(pub usize);

/// The fields of `line`, separated by commas; a field in double quotes may hold commas, and
/// `""` inside it is one quote.
pub(super) fn fields(line: &str) -> Result<Vec<Field>, Unclosed> {
    let chars: Vec<char> = line.chars().collect();
    let mut fields = Vec::new();
    let mut at = 0;
    loop {
        let start = at;
        let mut value = String::new();
        let mut quoted_from = None;
        while let Some(&c) = chars.get(at) {
            match c {
                ',' if quoted_from.is_none() => break,
                '"' if quoted_from.is_none() && value.trim().is_empty() => {
                    value.clear();
                    quoted_from = Some(at);
                }
                '"' if quoted_from.is_some() => {
                    if chars.get(at + 1) == Some(&'"') {
                        value.push('"');
                        at += 1;
                    } else {
                        quoted_from = None;
                    }
                }
                c => value.push(c),
            }
            at += 1;
        }
        if let Some(from) = quoted_from {
            return Err(Unclosed(from));
        }
        // Where the field is written, without the white space around it.
        let written = chars.get(start..at).unwrap_or_default();
        let lead = written.iter().take_while(|c| c.is_whitespace()).count();
        let trail = written
            .iter()
            .rev()
            .take_while(|c| c.is_whitespace())
            .count();
        fields.push(Field {
            value: value.trim().to_string(),
            column: start + lead.min(written.len()),
            len: written.len().saturating_sub(lead + trail).max(1),
        });
        if at >= chars.len() {
            return Ok(fields);
        }
        at += 1; // the comma
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &[u8], limit: usize) -> Vec<Result<(usize, String), String>> {
        let mut lines = Lines::new(text, limit);
        let mut out = Vec::new();
        loop {
            match lines.next_line() {
                Ok(Some(l)) => out.push(Ok((l.number, l.text.to_string()))),
                Ok(None) => return out,
                Err(e) => {
                    out.push(Err(format!("{e:?}")));
                    return out;
                }
            }
        }
    }

    #[test]
    fn lines_are_numbered_as_written() {
        let got = all(b"\xEF\xBB\xBFa,b\r\n\r\n  \n\tc\nd", 100);
        let want: Vec<(usize, &str)> = vec![(1, "a,b"), (2, ""), (3, "  "), (4, "\tc"), (5, "d")];
        let want: Vec<Result<(usize, String), String>> = want
            .into_iter()
            .map(|(n, t)| Ok((n, t.to_string())))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn long_lines_nul_bytes_and_bad_bytes_are_refused_at_their_line() {
        assert_eq!(
            all(b"12345\n123456\n", 5).last().unwrap(),
            &Err("TooLong { line: 2, limit: 5 }".to_string())
        );
        // A line is refused as soon as it is over the limit, not at its end.
        let mut endless = std::io::BufReader::with_capacity(4, std::io::repeat(b'1'));
        let mut lines = Lines::new(&mut endless, 1000);
        assert!(matches!(
            lines.next_line(),
            Err(LineProblem::TooLong { line: 1, .. })
        ));
        assert_eq!(
            all(b"ok\nHOME=/x\0PATH=/y", 100).last().unwrap(),
            &Err("Binary { line: 2, column: 8 }".to_string())
        );
        assert_eq!(
            all(b"\xc3\xa9,\xe9", 100).last().unwrap(),
            &Err("NotUtf8 { line: 1, column: 3, byte: 233 }".to_string())
        );
    }

    #[test]
    fn fields_are_found_where_they_are_written() {
        let f = fields("1, abc ,\"1,5\",,\"a\"\"b\"").unwrap();
        let got: Vec<(&str, usize, usize)> = f
            .iter()
            .map(|f| (f.value.as_str(), f.column, f.len))
            .collect();
        assert_eq!(
            got,
            [
                ("1", 0, 1),
                ("abc", 3, 3),
                ("1,5", 8, 5),
                ("", 14, 1),
                ("a\"b", 15, 6)
            ]
        );
        assert_eq!(fields("1,\"2,3"), Err(Unclosed(2)));
        assert_eq!(fields("é,x").unwrap()[1].column, 2);
    }
}
