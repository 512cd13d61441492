//! Turning a file's bytes into text, or a positioned error.

use super::diagnostic::{Diagnostic, Snippet, line_column};
use super::error::{Problem, SourceError};

/// The byte-order mark some editors put at the start of UTF-8 text.
const BOM: &str = "\u{feff}";

/// The bytes as UTF-8 text, without a leading byte-order mark (positions count from what the
/// user sees). UTF-16, NUL bytes (a binary file) and invalid UTF-8 are refused, pointing at the
/// first offending byte. `noun` is the id of the words that name what the file should be
/// (`err-noun-lesson`).
pub fn decode<'a>(bytes: &'a [u8], file: &str, noun: &str) -> Result<&'a str, SourceError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(SourceError::new(
            Problem::NotText,
            Diagnostic::without_position(file, crate::msg!("err-utf16"))
                .with_help(crate::msg!("err-utf16-help")),
        ));
    }
    let bytes = bytes.strip_prefix(BOM.as_bytes()).unwrap_or(bytes);
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = byte_position(bytes, at);
        return Err(binary(file, line, column, noun));
    }
    std::str::from_utf8(bytes).map_err(|e| not_utf8(bytes, e.valid_up_to(), file))
}

/// Checks text that did not come from a file (so [`decode`] did not see it): a NUL byte is
/// refused as in a file. Returns the text without a leading byte-order mark.
pub fn check<'a>(text: &'a str, file: &str, noun: &str) -> Result<&'a str, SourceError> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    match text.find('\0') {
        Some(at) => {
            let (line, column) = line_column(text, at);
            Err(binary(file, line, column, noun))
        }
        None => Ok(text),
    }
}

/// The error for a file with nothing but white space in it; `help` says what belongs there
/// (both already worded).
pub fn empty(file: &str, message: &str, help: &str) -> SourceError {
    SourceError::new(
        Problem::Empty,
        Diagnostic::without_position(file, message).with_help(help),
    )
}

fn not_utf8(bytes: &[u8], at: usize, file: &str) -> SourceError {
    let (line, column) = byte_position(bytes, at);
    let line_start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line_end = bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| at + i);
    let shown = String::from_utf8_lossy(&bytes[line_start..line_end]);
    let byte = bytes.get(at).copied().unwrap_or(0);
    SourceError::new(
        Problem::NotText,
        Diagnostic::at_position(
            file,
            line,
            column,
            crate::msg!("err-bad-byte", byte = format!("{byte:02X}")),
        )
        .with_snippet(Snippet::from_line(
            line,
            shown.trim_end_matches('\r'),
            column - 1,
            1,
        ))
        .with_help(crate::msg!("err-bad-byte-help")),
    )
}

/// The error for a NUL byte at line:column.
fn binary(file: &str, line: usize, column: usize, noun: &str) -> SourceError {
    SourceError::new(
        Problem::NotText,
        Diagnostic::at_position(
            file,
            line,
            column,
            crate::msg!("err-nul-byte", noun = crate::msg!(noun)),
        )
        .with_help(crate::msg!("err-nul-byte-help", noun = crate::msg!(noun))),
    )
}

/// Line and column (in characters, a bad byte counting as one) of byte `at`.
fn byte_position(bytes: &[u8], at: usize) -> (usize, usize) {
    let at = at.min(bytes.len());
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&bytes[line_start..at])
        .chars()
        .count()
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_order_mark_is_not_a_column() {
        let bytes = b"\xEF\xBB\xBFab\0";
        let err = decode(bytes, "f", "lesson").unwrap_err();
        assert_eq!(err.problem(), Problem::NotText);
        assert_eq!(
            (err.diagnostic().line, err.diagnostic().column),
            (Some(1), Some(3))
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBFx = 1", "f", "lesson").unwrap(),
            "x = 1"
        );
        assert_eq!(check("\u{feff}x = 1", "f", "lesson").unwrap(), "x = 1");
    }

    #[test]
    fn utf16_and_bad_bytes() {
        let err = decode(b"\xFF\xFEa\0", "f", "lesson").unwrap_err();
        assert!(err.to_string().contains("UTF-16"), "{err}");
        let err = decode(b"ok\nab\xE9c", "f", "lesson").unwrap_err();
        assert_eq!(
            (err.diagnostic().line, err.diagnostic().column),
            (Some(2), Some(3))
        );
        assert!(err.to_string().contains("byte 0xE9"), "{err}");
    }
}
