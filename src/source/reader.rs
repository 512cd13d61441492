//! Typed access to a parsed TOML tree with positioned, learner-friendly errors.
//!
//! Readers walk toml's spanned tree (`toml::de::DeTable`) themselves instead of deriving serde
//! structs: every key and value keeps its byte span, so an unknown key is reported at the key,
//! a wrong value at the value, and every message is worded here rather than by serde. Each
//! function's `what` says where the value belongs ("for `learning_rate`", "in the input of
//! sample 3"), so a message reads "expected a number for `learning_rate`, found …".

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeInteger, DeTable, DeValue};

use super::diagnostic::Diagnostic;
use super::display;
use super::error::SourceError;
use super::suggest::nearest;

/// A byte range of the text.
pub type Span = Range<usize>;
/// A TOML value with its span.
pub type Value<'i> = Spanned<DeValue<'i>>;
/// The result of reading a value.
pub type Res<T> = Result<T, SourceError>;

/// The file being read: its display name and text, to turn spans into diagnostics.
#[derive(Debug, Clone, Copy)]
pub struct Cx<'s> {
    /// The name in messages.
    pub file: &'s str,
    /// The whole text.
    pub text: &'s str,
}

impl Cx<'_> {
    /// A value as the user wrote it ("1.0", not "1"), for messages.
    pub fn literal(&self, v: &Value) -> String {
        let text = self.text.get(v.span()).unwrap_or("").trim();
        if text.chars().count() > 40 || text.contains('\n') {
            describe(v.get_ref())
        } else {
            text.to_string()
        }
    }

    /// A diagnostic at `span` of the text.
    pub fn at(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.file, self.text, span, message)
    }
}

/// A TOML table and how to name it in messages.
pub struct Table<'a, 'i> {
    /// Its keys and values.
    pub map: &'a DeTable<'i>,
    /// Where it is (for "… is missing `key`").
    pub span: Span,
    /// Subject of a sentence: "layer 2", "\[training]", "the optimizer".
    pub owner: String,
}

/// A key found in a table: where the key is, and its value.
pub struct Entry<'a, 'i> {
    /// Where the key is written.
    pub key_span: Span,
    /// Its value.
    pub value: &'a Value<'i>,
}

impl<'a, 'i> Table<'a, 'i> {
    /// `map` at `span`, called `owner` in messages.
    pub fn new(map: &'a DeTable<'i>, span: Span, owner: impl Into<String>) -> Self {
        Table {
            map,
            span,
            owner: owner.into(),
        }
    }

    /// The first key in the file that is not in `allowed`: its span, name and value.
    pub fn first_unknown(&self, allowed: &[&str]) -> Option<(Span, &'a str, &'a Value<'i>)> {
        self.map
            .iter()
            .filter(|(k, _)| !allowed.contains(&k.get_ref().as_ref()))
            .min_by_key(|(k, _)| k.span().start)
            .map(|(k, v)| (k.span(), k.get_ref().as_ref(), v))
    }

    /// Refuse any key not in `allowed`, at the first such key in the file, suggesting the
    /// nearest allowed one.
    pub fn allow_only(&self, cx: Cx, allowed: &[&str]) -> Res<()> {
        let Some((key_span, name, _)) = self.first_unknown(allowed) else {
            return Ok(());
        };
        let lang = crate::i18n::lang();
        let mut message = crate::tr!(
            lang,
            "err-unknown-key",
            key = self::name(name),
            owner = &self.owner
        );
        if let Some(s) = nearest(name, allowed, &[]) {
            message.push_str(&crate::i18n::did_you_mean(s));
        }
        let help = crate::tr!(
            lang,
            "err-takes",
            owner = &self.owner,
            keys = allowed.join(", ")
        );
        Err(cx.at(key_span, message).with_help(help).into())
    }

    /// The entry of `key`, if it is there.
    pub fn get(&self, key: &str) -> Option<Entry<'a, 'i>> {
        self.map.get_key_value(key).map(|(k, v)| Entry {
            key_span: k.span(),
            value: v,
        })
    }

    /// The value of `key`, or an error at this table saying it is missing.
    pub fn require(&self, cx: Cx, key: &str, help: impl Into<String>) -> Res<Entry<'a, 'i>> {
        self.get(key).ok_or_else(|| {
            cx.at(
                self.span.clone(),
                crate::msg!("err-missing-key", owner = &self.owner, key = key),
            )
            .with_help(help)
            .into()
        })
    }
}

/// How a value is described after "found".
pub fn describe(v: &DeValue) -> String {
    match v {
        DeValue::String(s) => crate::msg!("err-the-string", text = quote(s)),
        DeValue::Integer(i) => crate::msg!("err-the-whole-number", n = i.to_string()),
        DeValue::Float(f) => crate::msg!("err-the-number", n = f.to_string()),
        DeValue::Boolean(b) => format!("`{b}`"),
        DeValue::Datetime(d) => crate::msg!("err-the-date", date = d.to_string()),
        DeValue::Array(a) if a.is_empty() => crate::msg!("err-an-empty-array"),
        DeValue::Array(_) => crate::msg!("err-an-array"),
        DeValue::Table(_) => crate::msg!("err-a-table"),
    }
}

/// Where a value belongs, for a key: "for `learning_rate`" (the `what` of [`expected`] and
/// the readers below).
pub fn for_key(key: &str) -> String {
    crate::msg!("err-for-key", key = key)
}

/// Where a value belongs, for something named: "for layer 2", "for the weights of layer 1".
pub fn for_what(what: &str) -> String {
    crate::msg!("err-for-what", what = what)
}

/// Where a value is, inside something named: "in the input of sample 3".
pub fn in_what(what: &str) -> String {
    crate::msg!("err-in-what", what = what)
}

/// A name the user wrote (a key, an activation, …) shown in a message: in backticks when it is
/// plain, otherwise quoted and escaped, so a message cannot carry terminal escapes.
pub fn name(s: &str) -> String {
    if s.chars().count() <= 40 && s.chars().all(|c| !display::is_unsafe(c) && c != '`') {
        format!("`{s}`")
    } else {
        quote(s)
    }
}

/// A user's string shown in a message: quoted, escaped, and cut if long, so a message stays
/// one readable line and cannot carry terminal escapes.
pub fn quote(s: &str) -> String {
    const MAX: usize = 40;
    let cut: String = s.chars().take(MAX).collect();
    let mut q = display::quoted(&cut);
    if s.chars().nth(MAX).is_some() {
        q.pop();
        q.push_str("…\"");
    }
    q
}

/// `n` with thousands separators: 20,000,000.
pub fn thousands(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "expected EXPECTED WHAT, found …", with a hint when a number was written in quotes.
/// `expected` is the id of a message that names what was expected (`err-a-number`); `what`
/// says where ([`for_key`], [`for_what`], [`in_what`]).
pub fn expected(cx: Cx, v: &Value, expected: &str, what: &str) -> SourceError {
    let found = describe(v.get_ref());
    let message = crate::msg!(
        "err-expected",
        expected = crate::msg!(expected),
        what = what,
        found = found
    );
    let mut d = cx.at(v.span(), message);
    // Whether a number or a truth value was expected, from the English words.
    let english = crate::i18n::Lang::En.t(expected);
    let numeric = english.contains("number");
    if let DeValue::String(s) = v.get_ref()
        && ((numeric && s.trim().parse::<f64>().is_ok())
            || (expected == "err-true-or-false" && (s.trim() == "true" || s.trim() == "false")))
    {
        d = d.with_help(crate::msg!("err-remove-quotes", value = s.trim()));
    }
    d.into()
}

/// A string.
pub fn string<'a>(cx: Cx, v: &'a Value, what: &str) -> Res<&'a str> {
    match v.get_ref() {
        DeValue::String(s) => Ok(s.as_ref()),
        _ => Err(expected(cx, v, "err-a-string", what)),
    }
}

/// `true` or `false`.
pub fn boolean(cx: Cx, v: &Value, what: &str) -> Res<bool> {
    match v.get_ref() {
        DeValue::Boolean(b) => Ok(*b),
        _ => Err(expected(cx, v, "err-true-or-false", what)),
    }
}

/// An array.
pub fn array<'a, 'i>(cx: Cx, v: &'a Value<'i>, what: &str) -> Res<&'a DeArray<'i>> {
    match v.get_ref() {
        DeValue::Array(a) => Ok(a),
        _ => Err(expected(cx, v, "err-an-array", what)),
    }
}

/// A table, called `owner` in later messages.
pub fn table<'a, 'i>(
    cx: Cx,
    v: &'a Value<'i>,
    owner: impl Into<String>,
    what: &str,
) -> Res<Table<'a, 'i>> {
    match v.get_ref() {
        DeValue::Table(t) => Ok(Table::new(t, v.span(), owner)),
        _ => Err(expected(cx, v, "err-a-table", what)),
    }
}

fn integer_value(i: &DeInteger) -> Option<i64> {
    i64::from_str_radix(i.as_str(), i.radix()).ok()
}

/// A finite number (an integer is fine too); `what` says where, e.g. "for `learning_rate`".
pub fn number(cx: Cx, v: &Value, what: &str) -> Res<f64> {
    let literal = || cx.text.get(v.span()).unwrap_or("").trim().to_string();
    let refuse = |id: &str| -> SourceError {
        cx.at(v.span(), crate::msg!(id, literal = literal(), what = what))
            .into()
    };
    match v.get_ref() {
        DeValue::Integer(i) => integer_value(i)
            .map(|n| n as f64)
            .ok_or_else(|| refuse("err-too-large-number")),
        DeValue::Float(f) => {
            let text = f.as_str();
            match text.parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(x),
                Ok(x) if x.is_nan() => Err(refuse("err-nan-number")),
                Ok(_) if text.contains("inf") => Err(refuse("err-infinite-number")),
                _ => Err(refuse("err-beyond-f64")),
            }
        }
        _ => Err(expected(cx, v, "err-a-number", what)),
    }
}

/// An array of finite numbers; `what` names the array, e.g. "the input of sample 3".
pub fn numbers(cx: Cx, v: &Value, what: &str) -> Res<Vec<f64>> {
    let items = array(cx, v, &for_what(what))?;
    let inside = in_what(what);
    items.iter().map(|x| number(cx, x, &inside)).collect()
}

/// A whole number as written, as i64 so "two billion" is our message and not an overflow.
fn integer(cx: Cx, v: &Value, name: &str, max: u128) -> Res<i64> {
    match v.get_ref() {
        DeValue::Integer(i) => integer_value(i).ok_or_else(|| {
            let text = cx.text.get(v.span()).unwrap_or("").trim();
            if text.starts_with('-') {
                cx.at(
                    v.span(),
                    crate::msg!("err-negative", name = name, text = text),
                )
                .into()
            } else {
                cx.at(
                    v.span(),
                    crate::msg!(
                        "err-far-beyond-limit",
                        name = name,
                        text = text,
                        max = thousands(max)
                    ),
                )
                .into()
            }
        }),
        DeValue::Float(f) => {
            let mut d = cx.at(
                v.span(),
                crate::msg!("err-expected-whole", name = name, found = f.to_string()),
            );
            if let Ok(x) = f.as_str().parse::<f64>()
                && x.is_finite()
                && x.fract() == 0.0
                && x.abs() < 1e15
            {
                d = d.with_help(crate::msg!(
                    "err-without-decimal-point",
                    n = (x as i64).to_string()
                ));
            }
            Err(d.into())
        }
        _ => Err(expected(cx, v, "err-a-whole-number", &for_what(name))),
    }
}

/// A count between `min` and `max`; `name` is how the key is shown, e.g. "`neurons`".
pub fn count(cx: Cx, v: &Value, name: &str, min: usize, max: usize) -> Res<usize> {
    let n = integer(cx, v, name, max as u128)?;
    if n < min as i64 {
        return Err(cx
            .at(
                v.span(),
                crate::msg!(
                    "err-at-least",
                    name = name,
                    min = min.to_string(),
                    n = n.to_string()
                ),
            )
            .into());
    }
    let n = n as u64;
    if n as u128 > max as u128 {
        return Err(cx
            .at(
                v.span(),
                crate::msg!(
                    "err-more-than-limit",
                    name = name,
                    n = thousands(n as u128),
                    max = thousands(max as u128)
                ),
            )
            .into());
    }
    Ok(n as usize)
}

/// A random seed: any whole number from 0 up.
pub fn seed(cx: Cx, v: &Value) -> Res<u64> {
    let n = integer(cx, v, "`seed`", i64::MAX as u128)?;
    if n < 0 {
        return Err(cx
            .at(
                v.span(),
                crate::msg!("err-seed-negative", n = n.to_string()),
            )
            .into());
    }
    Ok(n as u64)
}

/// One of a fixed set of names (activation, loss, …), with "did you mean" for near misses.
///
/// `all` lists every choice and `name` gives each one's name, so the mapping from a name back to
/// its choice is total: each name written maps to exactly the choice that has it. `kind` is the
/// id of the message that names the set (`err-kind-activation`: "activation"); `aliases` maps
/// other libraries' names to ours.
pub fn choice<T: Copy>(
    cx: Cx,
    v: &Value,
    kind: &str,
    all: &[T],
    name_of: impl Fn(T) -> &'static str,
    aliases: &[(&str, &'static str)],
) -> Res<T> {
    let names: Vec<&'static str> = all.iter().map(|&c| name_of(c)).collect();
    let choices = crate::tr!(crate::i18n::lang(), "err-choose", names = names.join(", "));
    let kind = crate::msg!(kind);
    let s = string(cx, v, &crate::msg!("err-for-the", kind = &kind))
        .map_err(|e| e.with_help(choices.clone()))?;
    if let Some(i) = names.iter().position(|&n| n == s) {
        return Ok(all[i]);
    }
    let mut message = crate::msg!("err-unknown-choice", kind = &kind, name = name(s));
    if let Some(near) = nearest(s, &names, aliases) {
        message.push_str(&crate::i18n::did_you_mean(near));
    }
    Err(cx.at(v.span(), message).with_help(choices).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(20_000_000), "20,000,000");
        assert_eq!(thousands(123_456_789_012), "123,456,789,012");
    }

    #[test]
    fn quoting_escapes_and_cuts() {
        assert_eq!(quote("sigmod"), "\"sigmod\"");
        assert_eq!(quote("a\u{1b}[2J"), "\"a\\u{1b}[2J\"");
        let long = "x".repeat(100);
        assert_eq!(quote(&long), format!("\"{}…\"", "x".repeat(40)));
        assert_eq!(name("sigmod"), "`sigmod`");
        assert_eq!(name("a`b"), "\"a`b\"");
    }
}
