//! TOML text to a spanned tree, with syntax errors positioned and put in a learner's words.

use toml::Spanned;
use toml::de::DeTable;

use super::diagnostic::line_column;
use super::error::{Problem, SourceError};
use super::reader::{self, Cx};

/// The TOML tree of `cx.text`, or its earliest syntax error as [`syntax_error`] words it.
pub fn document<'i>(cx: Cx<'i>) -> Result<Spanned<DeTable<'i>>, SourceError> {
    DeTable::parse(cx.text).map_err(|e| syntax_error(cx, &earliest(cx.text, e)))
}

/// toml reports a bad string only after the structure around it, so an unclosed string on one
/// line can surface as a confusing error on a later line. Re-parse the text up to the end of
/// the reported error's line (not all of it: a big broken file has an error on every line) and
/// prefer an error on an earlier line.
pub fn earliest(text: &str, first: toml::de::Error) -> toml::de::Error {
    let start = first.span().map_or(0, |s| s.start).min(text.len());
    let after = text.get(start..).unwrap_or_default();
    let line_end = after.find('\n').map_or(text.len(), |i| start + i);
    let Some(prefix) = text.get(..line_end) else {
        return first;
    };
    let first_line = line_column(text, start).0;
    let (_, errors) = DeTable::parse_recoverable(prefix);
    errors
        .into_iter()
        .map(|e| (line_column(prefix, e.span().map_or(0, |s| s.start)).0, e))
        .filter(|(line, _)| *line < first_line)
        .min_by_key(|(line, _)| *line)
        .map_or(first, |(_, e)| e)
}

/// toml's syntax error, positioned, with its most common messages put in a learner's words.
pub fn syntax_error(cx: Cx, e: &toml::de::Error) -> SourceError {
    let span = e.span().unwrap_or(0..0);
    let raw = e.message().trim();
    let raw = raw.strip_suffix(", expected nothing").unwrap_or(raw);
    let text = cx.text.get(span.clone()).unwrap_or("").trim();
    let first = cx.text.get(span.start..).and_then(|t| t.chars().next());
    let words = control_in_string(raw, first).or_else(|| plain_words(raw, text));
    let (message, help) = match words {
        Some(words) => words,
        None => (crate::msg!("err-invalid-toml", detail = raw), None),
    };
    let mut d = cx.at(span, message);
    if let Some(help) = help {
        d = d.with_help(help);
    }
    SourceError::new(Problem::Syntax, d)
}

/// A string that toml refuses at a control character (other than a tab or a line break): the
/// string may well be closed, what is wrong is that character.
fn control_in_string(raw: &str, at: Option<char>) -> Option<(String, Option<String>)> {
    let c = at.filter(|&c| c.is_control() && c != '\t' && c != '\n')?;
    if !(raw.starts_with("invalid basic string")
        || raw.starts_with("invalid literal string")
        || raw.starts_with("invalid multi-line"))
    {
        return None;
    }
    let code = format!("{:04X}", u32::from(c));
    Some((
        crate::msg!("err-control-in-string", code = code.as_str()),
        Some(crate::msg!(
            "err-control-in-string-help",
            code = code.as_str()
        )),
    ))
}

/// The message and help for toml's message `raw` about `text`, when there are better words.
fn plain_words(raw: &str, text: &str) -> Option<(String, Option<String>)> {
    let msg = |id: &str| crate::msg!(id);
    let (message, help) = if raw == "duplicate key" {
        (
            crate::msg!("err-defined-twice", name = reader::name(text)),
            msg("err-defined-twice-help"),
        )
    } else if raw.starts_with("string values must be quoted") {
        let words: Vec<&str> = text.split_whitespace().collect();
        if words.is_empty() {
            (msg("err-value-missing"), msg("err-value-missing-help"))
        } else if words.len() > 1 && words.iter().all(|w| w.parse::<f64>().is_ok()) {
            (
                msg("err-numbers-need-commas"),
                crate::msg!("err-write", text = words.join(", ")),
            )
        } else {
            (
                msg("err-text-needs-quotes"),
                crate::msg!("err-write", text = reader::quote(text)),
            )
        }
    } else if raw.starts_with("invalid basic string") {
        (msg("err-unclosed-string"), msg("err-unclosed-string-help"))
    } else if raw.starts_with("invalid mantissa") {
        (msg("err-leading-digit"), msg("err-leading-digit-help"))
    } else if raw.starts_with("unexpected key or value, expected newline") {
        (msg("err-after-value"), msg("err-after-value-help"))
    } else {
        return None;
    };
    Some((message, Some(help)))
}
