//! The `value` of an answer: a number, or its text in quotes (which keeps trailing zeros).

use toml::de::{DeInteger, DeValue};

use super::{Given, Res, VALUE_HELP};
use crate::source::reader::{self, Cx, Value};

/// The number an answer gives: `None` when there is none (no `value`, or an empty string).
pub(super) fn value(cx: Cx, v: Option<&Value>) -> Res<Option<Given>> {
    let Some(v) = v else {
        return Ok(None);
    };
    let written = cx.text.get(v.span()).unwrap_or("").trim();
    let help = || crate::msg!(VALUE_HELP);
    let too_large = || {
        cx.at(
            v.span(),
            crate::msg!(
                "err-too-large-number",
                literal = written,
                what = reader::for_key("value")
            ),
        )
    };
    let number = |x: f64, text: &str| Given {
        value: x,
        text: text.to_string(),
    };
    match v.get_ref() {
        DeValue::Integer(i) => integer(i)
            .map(|x| Some(number(x, written)))
            .ok_or_else(|| too_large().into()),
        DeValue::Float(f) => {
            let s = f.as_str();
            match s.parse::<f64>() {
                // NaN and infinity are answers too: a diverging lesson has such steps.
                Ok(x) if x.is_finite() || s.contains("inf") || s.contains("nan") => {
                    Ok(Some(number(x, written)))
                }
                _ => Err(too_large().into()),
            }
        }
        DeValue::String(s) => {
            // Full-width digits and signs, as an input method writes them, read as ASCII.
            let normal = crate::notation::fullwidth::normalize(s);
            let t = normal.trim();
            if t.is_empty() {
                return Ok(None);
            }
            match t.parse::<f64>() {
                Ok(x) if x.is_finite() || t.to_ascii_lowercase().contains("inf") => {
                    Ok(Some(number(x, t)))
                }
                Ok(x) if x.is_nan() => Ok(Some(number(x, t))),
                Ok(_) => Err(too_large().into()),
                Err(_) => {
                    let d = cx.at(
                        v.span(),
                        crate::msg!(
                            "err-expected",
                            expected = crate::msg!("err-a-number"),
                            what = reader::for_key("value"),
                            found = reader::describe(v.get_ref())
                        ),
                    );
                    Err(match (decimal_comma(t), minus_sign(t)) {
                        (Some(fixed), _) => d.with_help(crate::msg!(
                            "err-decimal-point-value",
                            fixed = format!("\"{fixed}\"")
                        )),
                        (None, Some(fixed)) => d.with_help(crate::msg!(
                            "err-minus-sign",
                            fixed = format!("\"{fixed}\"")
                        )),
                        (None, None) => d.with_help(help()),
                    }
                    .into())
                }
            }
        }
        _ => Err(
            reader::expected(cx, v, "err-a-number", &reader::for_key("value"))
                .into_diagnostic()
                .with_help(help())
                .into(),
        ),
    }
}

fn integer(i: &DeInteger) -> Option<f64> {
    i64::from_str_radix(i.as_str(), i.radix())
        .ok()
        .map(|n| n as f64)
}

/// "0,593" → "0.593": a number written with a decimal comma.
pub(super) fn decimal_comma(s: &str) -> Option<String> {
    let s = s.split('#').next().unwrap_or(s).trim();
    let (a, b) = s.split_once(',')?;
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    let a_ok = digits(a.trim_start_matches(['+', '-']));
    (a_ok && digits(b)).then(|| format!("{a}.{b}"))
}

/// "−0.5" → "-0.5": a number written with the minus sign U+2212, as the exports print it.
pub(super) fn minus_sign(s: &str) -> Option<String> {
    let s = s.split('#').next().unwrap_or(s).trim();
    let fixed = s.replace('\u{2212}', "-");
    (fixed != s && fixed.parse::<f64>().is_ok()).then_some(fixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_commas() {
        assert_eq!(decimal_comma("0,593").as_deref(), Some("0.593"));
        assert_eq!(decimal_comma("-1,5").as_deref(), Some("-1.5"));
        assert_eq!(decimal_comma("1, 2"), None);
        assert_eq!(decimal_comma("abc"), None);
    }

    #[test]
    fn minus_signs() {
        assert_eq!(minus_sign("\u{2212}0.5").as_deref(), Some("-0.5"));
        assert_eq!(minus_sign("1e\u{2212}3").as_deref(), Some("1e-3"));
        assert_eq!(minus_sign("-0.5"), None);
        assert_eq!(minus_sign("\u{2212}x"), None);
    }
}
