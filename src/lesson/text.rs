//! Turning a file's bytes into text, or a positioned error: shared by lessons and worksheets.

use super::diagnostic::{Diagnostic, Snippet};

/// The bytes as UTF-8 text. UTF-16, NUL bytes (a binary file) and invalid UTF-8 are refused,
/// pointing at the first offending byte. `kind` names what the file should be ("lesson").
// A Diagnostic is big, but it is only built once, on the way out with an error.
#[allow(clippy::result_large_err)]
pub fn decode<'a>(bytes: &'a [u8], file: &str, kind: &str) -> Result<&'a str, Diagnostic> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(
            Diagnostic::without_position(file, "the file is UTF-16 text")
                .with_help("save it as UTF-8, the encoding TOML requires"),
        );
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = byte_position(bytes, at);
        return Err(binary(file, line, column, kind));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
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
        Diagnostic::at_position(
            file,
            line,
            column,
            format!("the file is not valid UTF-8: byte 0x{byte:02X} is not part of any character"),
        )
        .with_snippet(Snippet::from_line(
            line,
            shown.trim_end_matches('\r'),
            column - 1,
            1,
        ))
        .with_help("save the file as UTF-8 text, the encoding TOML requires")
    })
}

/// The error for a NUL byte at line:column.
pub fn binary(file: &str, line: usize, column: usize, kind: &str) -> Diagnostic {
    Diagnostic::at_position(
        file,
        line,
        column,
        format!("the file contains a NUL byte: this looks like a binary file, not a TOML {kind}"),
    )
    .with_help(format!("a {kind} is a text file in TOML"))
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
