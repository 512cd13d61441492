//! Writing numbers: full precision (shortest text that reads back to the same f64) or a
//! number of significant digits, in each notation.

use super::Notation;

/// How many digits to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digits {
    /// The shortest text that parses back to exactly the same f64.
    Full,
    /// This many significant digits (trailing zeros dropped only where the shorter text is
    /// still the exact value, so 0.15 stays 0.15 but 0.019000001 shows as 0.01900).
    Sig(usize),
}

/// Is it below zero, or a negative zero (which is written with its sign)?
pub fn is_negative(v: f64) -> bool {
    v < 0.0 || (v == 0.0 && v.is_sign_negative())
}

/// Is the number written with a power of ten?
pub fn has_exponent(v: f64) -> bool {
    let a = v.abs();
    v.is_finite() && a != 0.0 && !(1e-4..1e15).contains(&a)
}

/// `v` in a notation, to the given digits.
pub fn format(v: f64, digits: Digits, notation: Notation) -> String {
    if v.is_nan() {
        return if notation == Notation::Latex {
            "\\text{NaN}".into()
        } else {
            "NaN".into()
        };
    }
    if v.is_infinite() {
        let sign = if v < 0.0 { "-" } else { "" };
        return match notation {
            Notation::Unicode => format!("{sign}∞"),
            Notation::Ascii => format!("{sign}inf"),
            Notation::Latex => format!("{sign}\\infty"),
        };
    }
    let text = plain(v, digits);
    match (notation, text.split_once('e')) {
        (Notation::Latex, Some((mantissa, exp))) => format!("{mantissa} \\times 10^{{{exp}}}"),
        _ => text,
    }
}

/// `v` as plain text (`e` for powers of ten): what the Unicode and ASCII notations show.
pub fn plain(v: f64, digits: Digits) -> String {
    if v == 0.0 {
        return "0".into();
    }
    match digits {
        Digits::Full if has_exponent(v) => format!("{v:e}"),
        Digits::Full => format!("{v}"),
        Digits::Sig(d) => {
            let d = d.max(1);
            let exp = v.abs().log10().floor() as i32;
            if has_exponent(v) {
                let s = format!("{:.*e}", d - 1, v);
                trim_if_exact(&s, v)
            } else {
                let decimals = (d as i32 - 1 - exp).max(0) as usize;
                trim_if_exact(&format!("{v:.decimals$}"), v)
            }
        }
    }
}

/// Drops trailing zeros of the mantissa when the shorter text is still exactly `v`.
fn trim_if_exact(s: &str, v: f64) -> String {
    let (mantissa, exp) = match s.split_once('e') {
        Some((m, e)) => (m, Some(e)),
        None => (s, None),
    };
    if !mantissa.contains('.') {
        return s.to_string();
    }
    let trimmed = mantissa.trim_end_matches('0').trim_end_matches('.');
    let candidate = match exp {
        Some(e) => format!("{trimmed}e{e}"),
        None => trimmed.to_string(),
    };
    if candidate.parse::<f64>() == Ok(v) {
        candidate
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_precision_round_trips() {
        for v in [
            0.3775,
            0.593269992107187,
            -0.2171,
            3.51085e-5,
            1e20,
            0.1 + 0.2,
        ] {
            assert_eq!(plain(v, Digits::Full).parse::<f64>().unwrap(), v);
        }
        assert_eq!(plain(3.51085e-5, Digits::Full), "3.51085e-5");
    }

    #[test]
    fn significant_digits() {
        assert_eq!(plain(0.019049, Digits::Sig(4)), "0.01905");
        assert_eq!(plain(0.019000001, Digits::Sig(4)), "0.01900");
        assert_eq!(plain(0.15, Digits::Sig(6)), "0.15");
        assert_eq!(plain(0.593269992107187, Digits::Sig(6)), "0.593270");
        assert_eq!(plain(-0.2171, Digits::Sig(4)), "-0.2171");
        assert_eq!(plain(123456.7, Digits::Sig(4)), "123457");
        assert_eq!(plain(3.5108512e-5, Digits::Sig(6)), "3.51085e-5");
        assert_eq!(
            format(3.5e-5, Digits::Sig(4), Notation::Latex),
            "3.5 \\times 10^{-5}"
        );
        assert_eq!(format(f64::NAN, Digits::Sig(4), Notation::Ascii), "NaN");
        assert_eq!(
            format(f64::NEG_INFINITY, Digits::Full, Notation::Unicode),
            "-∞"
        );
    }
}
