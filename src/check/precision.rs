//! How precisely an answer agrees with the exact value: to the digits written, to the
//! precision floor a sheet asks for, or exactly.
//!
//! - [`agrees`]: the exact value rounded, or cut off, to the decimals written is the answer
//!   (0.593 agrees with 0.59327; 0.5930 does not).
//! - [`equal`]: the answer is the exact value to f64 precision (15 significant digits): `0` for
//!   an exact 0, `0.81` for 0.8099999999999999. Such an answer is right whatever its digits.
//! - [`Policy`]: the floor — at least N significant figures (3 by default) or N decimals —
//!   and who set it (command line > worksheet > lesson > default).

use std::fmt;

use crate::i18n::Lang;
use crate::lesson::Precision;
use crate::tr;

/// Who chose the precision floor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SetBy {
    /// No one: three significant figures.
    Default,
    /// The lesson's `[grading]`.
    Lesson,
    /// The worksheet's `[grading]`.
    Worksheet,
    /// `--significant-figures` or `--decimals`.
    CommandLine,
}

impl SetBy {
    /// As JSON's `set_by` writes it.
    pub fn name(self) -> &'static str {
        match self {
            SetBy::Default => "default",
            SetBy::Lesson => "lesson",
            SetBy::Worksheet => "worksheet",
            SetBy::CommandLine => "command line",
        }
    }
}

/// The precision floor that applies to a sheet, and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Policy {
    /// What a right answer must reach.
    pub precision: Precision,
    /// Who said so.
    pub set_by: SetBy,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            precision: Precision::DEFAULT,
            set_by: SetBy::Default,
        }
    }
}

impl Policy {
    /// The first that is given of the command line's, the worksheet's and the lesson's.
    pub fn resolve(
        command_line: Option<Precision>,
        worksheet: Option<Precision>,
        lesson: Option<Precision>,
    ) -> Policy {
        [
            (command_line, SetBy::CommandLine),
            (worksheet, SetBy::Worksheet),
            (lesson, SetBy::Lesson),
        ]
        .into_iter()
        .find_map(|(p, set_by)| p.map(|precision| Policy { precision, set_by }))
        .unwrap_or_default()
    }

    /// The lesson's floor, or the default: what the tutor's quiz asks for.
    pub fn of_lesson(lesson: Option<Precision>) -> Policy {
        Policy::resolve(None, None, lesson)
    }
}

/// `at least 3 significant figures (the default)`, `at least 2 decimals (set by the lesson)`.
impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(Lang::En))
    }
}

impl Policy {
    /// The policy in words of `lang`: `at least 3 significant figures (the default)`,
    /// `至少 3 位有效数字（默认）`.
    pub fn words(&self, lang: Lang) -> String {
        let by = match self.set_by {
            SetBy::Default => "precision-set-default",
            SetBy::Lesson => "precision-set-lesson",
            SetBy::Worksheet => "precision-set-worksheet",
            SetBy::CommandLine => "precision-set-command-line",
        };
        tr!(
            lang,
            "precision-at-least",
            floor = floor_in(self.precision, lang),
            by = lang.t(by)
        )
    }
}

/// `3 significant figures`, `1 decimal`.
pub fn floor(precision: Precision) -> String {
    floor_in(precision, Lang::En)
}

/// [`floor`] in words of `lang`: `3 位有效数字`.
pub fn floor_in(precision: Precision, lang: Lang) -> String {
    match precision {
        Precision::SignificantFigures(n) => tr!(lang, "precision-figures", n = n as usize),
        Precision::Decimals(n) => tr!(lang, "precision-decimals", n = n as usize),
    }
}

/// Is `text` written to at least the floor?
pub fn meets(precision: Precision, text: &str) -> bool {
    match precision {
        Precision::SignificantFigures(n) => significant_figures(text) >= n,
        Precision::Decimals(n) => decimals(text) >= n as i32,
    }
}

/// Who asks for a precision floor, in [`shortfall`]'s words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asker {
    /// A worksheet being checked.
    Sheet,
    /// The lesson, in the tutor's quiz.
    Lesson,
}

/// Why an answer that agrees to its digits is not precise enough, in words of `lang`:
/// `0.7 has 1 significant figure; this sheet asks for 3`.
pub fn shortfall(precision: Precision, text: &str, asker: Asker, lang: Lang) -> String {
    let (has, wanted) = match precision {
        Precision::SignificantFigures(n) => {
            (Precision::SignificantFigures(significant_figures(text)), n)
        }
        Precision::Decimals(n) => (Precision::Decimals(decimals(text).max(0) as u32), n),
    };
    let asker = match asker {
        Asker::Sheet => "precision-asker-sheet",
        Asker::Lesson => "precision-asker-lesson",
    };
    tr!(
        lang,
        "precision-shortfall",
        text = text.trim(),
        has = floor_in(has, lang),
        asker = lang.t(asker),
        wanted = wanted as usize
    )
}

/// How many units in the last place two computations of one number may differ by when both
/// are right: another order of the same sums, a library's `exp` a last bit off.
const ULPS: f64 = 4.0;

/// Is `given` the exact value to f64 precision: the same number, the same to 15 significant
/// digits (all an f64 is sure to keep of a decimal), or a few units in the last place away
/// (the same formula computed in another order)?
pub fn equal(given: f64, exact: f64) -> bool {
    if given == exact || (given.is_nan() && exact.is_nan()) {
        return true;
    }
    if !given.is_finite() || !exact.is_finite() || given == 0.0 {
        return false;
    }
    let to_15 = |x: f64| format!("{x:.14e}").parse::<f64>().ok();
    to_15(given) == to_15(exact) || (given - exact).abs() <= ulps(exact)
}

/// [`ULPS`] units in the last place of `x`.
fn ulps(x: f64) -> f64 {
    ULPS * f64::EPSILON * x.abs()
}

/// The unit of the last digit a number is written to: 0.001 for "0.593", 1e-7 for "3.51e-5".
pub fn unit(text: &str) -> f64 {
    10f64.powi(-decimals(text))
}

/// Does `given`, written as `text`, agree with `exact` to the precision it is written with?
/// Right when it is `exact` rounded — or cut off — to that many decimal places.
pub fn agrees(given: f64, text: &str, exact: f64) -> bool {
    agrees_at(given, unit(text), exact)
}

/// Does `given`, a number to the place `unit` (0.001 for three decimals), agree with `exact`:
/// is it `exact` rounded or cut off to that place?
fn agrees_at(given: f64, unit: f64, exact: f64) -> bool {
    if !exact.is_finite() || !given.is_finite() {
        return given.to_bits() == exact.to_bits() || (given.is_nan() && exact.is_nan());
    }
    let diff = (given - exact).abs();
    // Slack for the binary representation of decimal numbers, and for a value computed a
    // last bit differently.
    let slack = (1e-9 * unit).max(ulps(exact));
    let rounded = diff <= 0.5 * unit + slack;
    let truncated =
        diff < unit + slack && given.abs() <= exact.abs() + slack && given * exact >= 0.0;
    rounded || truncated
}

/// Does `value` (a number of any precision, such as one recomputed from rounded answers) agree
/// with `exact` to the floor: rounded or cut off there, is it `exact` rounded or cut off there?
pub fn agrees_to_floor(precision: Precision, value: f64, exact: f64) -> bool {
    if !value.is_finite() || !exact.is_finite() || exact == 0.0 {
        return equal(value, exact);
    }
    let unit = match precision {
        Precision::SignificantFigures(n) => {
            let exponent = exact.abs().log10().floor() as i32;
            10f64.powi(exponent + 1 - n as i32)
        }
        Precision::Decimals(n) => 10f64.powi(-(n as i32)),
    };
    let steps = value / unit;
    [steps.round(), steps.trunc()]
        .into_iter()
        .any(|s| agrees_at(s * unit, unit, exact))
}

/// Decimal places a number is written to: "0.593" → 3, "3.51e-5" → 7, "12" → 0, "1.5e3" → -2.
pub fn decimals(text: &str) -> i32 {
    let (mantissa, exp) = mantissa_exponent(text);
    let places = mantissa
        .split_once('.')
        .map_or(0, |(_, d)| d.chars().filter(|c| c.is_ascii_digit()).count())
        as i32;
    places - exp
}

/// Significant figures a number is written with: every digit from the first that is not 0 to
/// the last written. "0.593" → 3, "0.0380" → 3, "12" → 2, "100" → 3, "1.5e3" → 2, "0" → 0.
pub fn significant_figures(text: &str) -> u32 {
    let (mantissa, _) = mantissa_exponent(text);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').len() as u32
}

/// "-3.51e-5" → ("3.51", -5).
fn mantissa_exponent(text: &str) -> (&str, i32) {
    let t = text.trim().trim_start_matches(['+', '-']);
    match t.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (t, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_is_the_one_written() {
        assert!(agrees(0.593, "0.593", 0.59327));
        assert!(!agrees(0.865, "0.865", 0.54983));
        assert!(agrees(0.5932, "0.5932", 0.59327), "cut off after 4 places");
        assert!(agrees(0.5933, "0.5933", 0.59327), "rounded to 4 places");
        assert!(!agrees(0.5934, "0.5934", 0.59327));
        assert!(!agrees(0.59, "0.590", 0.5927));
        assert!(agrees(3.51e-5, "3.51e-5", 3.51085e-5));
        assert!(!agrees(3.52e-5, "3.52e-5", 3.51085e-5));
        assert!(!agrees(-0.2, "-0.2", 0.2));
        assert_eq!(decimals("1.5e3"), -2);
        assert_eq!(decimals("12"), 0);
        assert_eq!(decimals("-0.0380982"), 7);
    }

    #[test]
    fn significant_figures_count_from_the_first_digit_not_zero() {
        for (text, n) in [
            ("0.593", 3),
            ("0.0380", 3),
            ("-0.02", 1),
            ("12", 2),
            ("100", 3),
            ("1.5e3", 2),
            ("3.51E-5", 3),
            ("0", 0),
            ("0.000", 0),
            ("+0.7", 1),
        ] {
            assert_eq!(significant_figures(text), n, "{text}");
        }
    }

    #[test]
    fn equal_to_f64_precision() {
        assert!(equal(0.81, 0.8099999999999999));
        assert!(equal(0.0, 0.0));
        assert!(equal(0.3775, 0.15 * 0.05 + 0.2 * 0.1 + 0.35));
        assert!(!equal(0.0, 1e-17));
        assert!(!equal(0.81, 0.8100001));
        assert!(equal(f64::NAN, f64::NAN));
        assert!(equal(f64::INFINITY, f64::INFINITY));
        // One unit in the last place, written to 17 digits: the same number computed in
        // another order.
        let x = 0.5932699921071872f64;
        let next = f64::from_bits(x.to_bits() + 1);
        assert!(equal(next, x));
        assert!(agrees(next, &format!("{next:.17}"), x));
        assert!(!equal(x * (1.0 + 1e-13), x));
    }

    #[test]
    fn the_floor_of_a_recomputed_value() {
        let three = Precision::SignificantFigures(3);
        assert!(agrees_to_floor(three, 1.105925, 1.105905967));
        assert!(!agrees_to_floor(three, 1.12, 1.105905967));
        assert!(agrees_to_floor(three, 0.00123449, 0.0012341));
        assert!(!agrees_to_floor(three, 0.0125, 0.0012341));
        assert!(agrees_to_floor(Precision::Decimals(2), 0.594, 0.59327));
        assert!(!agrees_to_floor(Precision::Decimals(2), 0.604, 0.59327));
    }

    #[test]
    fn policies_say_who_set_them() {
        let two = Some(Precision::Decimals(2));
        let four = Some(Precision::SignificantFigures(4));
        assert_eq!(
            Policy::resolve(None, None, None).to_string(),
            "at least 3 significant figures (the default)"
        );
        assert_eq!(
            Policy::resolve(None, two, four).to_string(),
            "at least 2 decimals (set by the worksheet)"
        );
        assert_eq!(
            Policy::resolve(four, two, None).to_string(),
            "at least 4 significant figures (set on the command line)"
        );
        assert_eq!(
            shortfall(Precision::DEFAULT, "0.7", Asker::Sheet, Lang::En),
            "0.7 has 1 significant figure; this sheet asks for 3"
        );
        assert_eq!(
            shortfall(Precision::Decimals(2), "0.7", Asker::Lesson, Lang::Zh),
            "0.7 只有 1 位小数；本课程要求至少 2 位"
        );
        assert!(meets(Precision::DEFAULT, "0.0380"));
        assert!(!meets(Precision::DEFAULT, "0.67"));
        assert!(meets(Precision::Decimals(0), "12"));
    }
}
