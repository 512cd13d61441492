//! TOML syntax errors, with the slips most likely in a worksheet put in a learner's words.

use super::VALUE_HELP;
use super::value::{decimal_comma, minus_sign};
use crate::source::Diagnostic;
use crate::source::parse::syntax_error;
use crate::source::reader::{self, Cx};

/// toml's syntax error, with the slips most likely in a worksheet put in a learner's words.
pub(super) fn toml_error(cx: Cx, e: &toml::de::Error) -> Diagnostic {
    let span = e.span().unwrap_or(0..0);
    let mut start = span.start.min(cx.text.len());
    while !cx.text.is_char_boundary(start) {
        start -= 1;
    }
    let before = cx.text.get(..start).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let rest = cx.text.get(line_start..).unwrap_or_default();
    let line = rest.split('\n').next().unwrap_or_default();
    let raw = e.message();
    if let Some((key, after)) = line.split_once('=') {
        let key = key.trim();
        let value_start = line_start + key_len(line) + 1 + (after.len() - after.trim_start().len());
        // The value as written, without a trailing comment.
        let value = after.split('#').next().unwrap_or(after).trim();
        let value_span = value_start..value_start + value.len();
        let quoted = value.starts_with(['"', '\'']);
        if key == "name" && !quoted && !value.is_empty() {
            return cx
                .at(value_span, crate::msg!("err-name-needs-quotes"))
                .with_help(crate::msg!(
                    "err-write",
                    text = format!("name = {}", reader::quote(value))
                ));
        }
        let unexpected = raw.starts_with("string values must be quoted")
            || raw.starts_with("unexpected key or value");
        if key == "value" && !quoted && !value.is_empty() && unexpected {
            let help = match (decimal_comma(value), minus_sign(value)) {
                (Some(fixed), _) => crate::msg!("err-decimal-point-value", fixed = fixed),
                (None, Some(fixed)) => crate::msg!("err-minus-sign", fixed = fixed),
                (None, None) => crate::msg!(VALUE_HELP),
            };
            return cx
                .at(
                    value_span,
                    crate::msg!("err-value-not-number", value = value),
                )
                .with_help(help);
        }
    }
    let d = syntax_error(cx, e).into_diagnostic();
    if raw.trim() == "duplicate key" {
        return d.with_help(crate::msg!("err-key-once-in-answer"));
    }
    d
}

/// Bytes of `line` before its first `=`.
fn key_len(line: &str) -> usize {
    line.split('=').next().map_or(0, str::len)
}
