//! Writing numbers: full precision (shortest text that reads back to the same f64) or a
//! number of significant digits, in each notation.

use super::Notation;

/// How a worked number is written wherever a learner reads it — the tutor's formula panel,
/// the Markdown export, `check`'s report: at most 6 significant digits, never more than the
/// value has. One constant, so the three cannot drift apart.
pub const SHOWN: Digits = Digits::Short(6);

/// How many digits to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digits {
    /// The shortest text that parses back to exactly the same f64.
    Full,
    /// This many significant digits (trailing zeros dropped only where the shorter text is
    /// still the exact value, so 0.15 stays 0.15 but 0.019000001 shows as 0.01900).
    Sig(usize),
    /// At most this many significant digits, and never more than the value has: trailing
    /// zeros are dropped where the shorter number is the value up to the last bits of
    /// floating point (the stored 0.39249999999999996 shows as 0.3925, not 0.392500), and
    /// kept where they are digits of the value (0.2500001 shows as 0.250000).
    Short(usize),
}

/// How far, relative to the value, a shorter number may be and still be the value: a few
/// thousand units in the last place, the rounding a handful of operations leaves.
const NOISE: f64 = 1e-12;

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
            Notation::Unicode if v < 0.0 => "−∞".into(),
            Notation::Unicode => "∞".into(),
            Notation::Ascii => format!("{sign}inf"),
            Notation::Latex => format!("{sign}\\infty"),
        };
    }
    let text = plain(v, digits);
    match (notation, text.split_once('e')) {
        (Notation::Latex, Some((mantissa, exp))) => format!("{mantissa} \\times 10^{{{exp}}}"),
        // A comma in TeX is punctuation, with a space after it: `{,}` is a thousands separator.
        (Notation::Latex, None) => text.replace(',', "{,}"),
        _ => text,
    }
}

/// An integer with thousands separators: `100,460`.
pub fn count(n: u64) -> String {
    grouped(&n.to_string())
}

/// A number's integer part with thousands separators: `-12345.5` → `-12,345.5`.
fn grouped(s: &str) -> String {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    if int.len() <= 3 || !int.bytes().all(|b| b.is_ascii_digit()) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// `v` as plain text (`e` for powers of ten): what the Unicode and ASCII notations show.
pub fn plain(v: f64, digits: Digits) -> String {
    if v == 0.0 {
        return "0".into();
    }
    match digits {
        Digits::Full if has_exponent(v) => format!("{v:e}"),
        Digits::Full => format!("{v}"),
        Digits::Sig(d) | Digits::Short(d) => {
            if has_exponent(v) {
                return trim(&format!("{:.*e}", d.max(1) - 1, v), v, digits);
            }
            // Written for people: thousands separators, as in `100,460`.
            grouped(&trim(&fixed_text(v, d), v, digits))
        }
    }
}

/// `v` in decimals (never a power of ten) to `d` significant digits, before any trimming.
fn fixed_text(v: f64, d: usize) -> String {
    // The exponent after rounding: 0.0999999956 to 6 digits is 0.100000, not 0.1000000.
    let rounded = format!("{:.*e}", d.max(1) - 1, v);
    let exp: i32 = match rounded.split_once('e') {
        Some((_, e)) => e.parse().unwrap_or(0),
        None => v.abs().log10().floor() as i32,
    };
    let decimals = (d.max(1) as i32 - 1 - exp).max(0) as usize;
    format!("{v:.decimals$}")
}

/// Drops trailing zeros as `digits` says: for [`Digits::Short`] where the shorter text is the
/// value up to noise, else only where it is exactly the value.
fn trim(s: &str, v: f64, digits: Digits) -> String {
    match digits {
        Digits::Short(_) => trim_zeros_if(s, |c| (c - v).abs() <= NOISE * v.abs()),
        _ => trim_zeros_if(s, |c| c == v),
    }
}

/// A number for running text and table cells: as [`plain`], with a true minus sign and
/// `×10⁻⁵` for a power of ten in Unicode (`3.51085×10⁻⁵`, `−0.2171`); as [`format()`] in
/// ASCII and LaTeX.
pub fn text(v: f64, digits: Digits, notation: Notation) -> String {
    if notation != Notation::Unicode || !v.is_finite() {
        return format(v, digits, notation);
    }
    unicode_text(&plain(v, digits))
}

/// Plain text `-3.5e-5` written for people: `−3.5×10⁻⁵`.
fn unicode_text(plain: &str) -> String {
    let (mantissa, exp) = match plain.split_once('e') {
        Some((m, e)) => (m, Some(e)),
        None => (plain, None),
    };
    let mut out = mantissa.replace('-', "−");
    if let Some(e) = exp {
        out.push_str("×10");
        out.push_str(&super::scripts::superscript(e));
    }
    out
}

/// How the numbers of one column (of a table, a vector, a matrix) are written: each as
/// anywhere else, so a number is spelled the same in a table as in a formula — in decimals,
/// with a power of ten from four leading zeros on (`0.000438568`, `4.38568×10⁻⁵`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    digits: Digits,
    notation: Notation,
}

impl Column {
    /// The style for a column holding `_values` (each is spelled as it would be alone).
    pub fn new(_values: impl IntoIterator<Item = f64>, digits: Digits, notation: Notation) -> Self {
        Column { digits, notation }
    }

    /// One number of the column.
    pub fn format(&self, v: f64) -> String {
        text(v, self.digits, self.notation)
    }
}

/// `s` without the trailing zeros of its mantissa, if `keeps` accepts the number that is left.
fn trim_zeros_if(s: &str, keeps: impl Fn(f64) -> bool) -> String {
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
    match candidate.parse::<f64>() {
        Ok(c) if keeps(c) => candidate,
        _ => s.to_string(),
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
        // Written for people: thousands separated.
        assert_eq!(plain(123456.7, Digits::Sig(4)), "123,457");
        assert_eq!(plain(3.5108512e-5, Digits::Sig(6)), "3.51085e-5");
        assert_eq!(
            format(3.5e-5, Digits::Sig(4), Notation::Latex),
            "3.5 \\times 10^{-5}"
        );
        assert_eq!(format(f64::NAN, Digits::Sig(4), Notation::Ascii), "NaN");
        assert_eq!(
            format(f64::NEG_INFINITY, Digits::Full, Notation::Unicode),
            "−∞"
        );
    }

    #[test]
    fn short_digits_never_pad() {
        let short = |v| plain(v, Digits::Short(6));
        // 0.25·0.05 + 0.3·0.1 + 0.35 is stored as 0.39249999999999996.
        assert_eq!(short(0.25 * 0.05 + 0.3 * 0.1 + 0.35), "0.3925");
        assert_eq!(short(0.1 + 0.2), "0.3");
        assert_eq!(short(0.593269992107187), "0.593270");
        assert_eq!(short(0.2500001), "0.250000");
        assert_eq!(short(0.0999999886), "0.100000");
        assert_eq!(short(0.1 * 3.0), "0.3");
        assert_eq!(short(0.09999988), "0.0999999");
        assert_eq!(short(3.5108548e-5), "3.51085e-5");
        assert_eq!(short(-0.0380982), "-0.0380982");
        assert_eq!(short(2.0), "2");
        assert_eq!(short(-0.09999999558), "-0.100000");
        assert_eq!(plain(0.0999999956, Digits::Sig(6)), "0.100000");
    }

    #[test]
    fn text_has_a_true_minus_and_powers_of_ten() {
        let d = Digits::Short(6);
        assert_eq!(text(-0.2171, d, Notation::Unicode), "−0.2171");
        assert_eq!(text(-3.5108548e-5, d, Notation::Unicode), "−3.51085×10⁻⁵");
        assert_eq!(text(-0.2171, d, Notation::Ascii), "-0.2171");
        assert_eq!(text(f64::INFINITY, d, Notation::Unicode), "∞");
    }

    #[test]
    fn one_number_is_spelled_one_way() {
        let d = Digits::Short(6);
        // From four leading zeros on, a power of ten, in a column as anywhere.
        let col = Column::new([0.5], d, Notation::Unicode);
        assert_eq!(col.format(4.38568e-5), "4.38568×10⁻⁵");
        assert_eq!(col.format(0.000438568), "0.000438568");
        assert_eq!(col.format(-0.0226025), "−0.0226025");
        assert_eq!(col.format(0.25), "0.25");
        let col = Column::new([1.92342e-10], d, Notation::Latex);
        assert_eq!(col.format(1.92342e-10), "1.92342 \\times 10^{-10}");
        // Thousands separators; TeX's comma is a punctuation mark, `{,}` is not.
        assert_eq!(text(100460.0, d, Notation::Unicode), "100,460");
        assert_eq!(text(-12345.25, d, Notation::Ascii), "-12,345.2");
        assert_eq!(format(1234.5, d, Notation::Latex), "1{,}234.5");
        assert_eq!(format(1234.5, Digits::Full, Notation::Latex), "1234.5");
        assert_eq!(count(3300), "3,300");
        assert_eq!(count(999), "999");
        assert_eq!(text(f64::NEG_INFINITY, d, Notation::Unicode), "−∞");
    }
}
