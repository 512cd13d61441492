//! The gradient check under a ∂L/∂w or ∂L/∂b formula: the same gradient estimated from the
//! definition of a derivative, (L(p + h) − L(p − h)) / 2h, with h and how closely the two
//! agree. The trace computes it (two extra forward passes of the sample); this only writes it.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::notation::{Digits, number};
use crate::tr;
use crate::trace::GradientCheck;
use crate::trace::formula::{Param, Sym, symbol};

use super::View;
use super::formula::hang;

/// Below this many agreeing digits, the two are said to differ beyond rounding.
const AGREE_DIGITS: u32 = 5;

/// The check's lines for a panel `width` columns wide; none for other steps, and none while
/// the quiz hides the gradient (the estimate would give it away).
pub fn lines(view: &View, width: usize) -> Vec<Line<'static>> {
    let Some(check) = view.check.filter(|_| !view.hide) else {
        return Vec::new();
    };
    let theme = &view.theme;
    let notation = view.app.settings.notation();
    let num = |v: f64, d: usize| number::format(v, Digits::Sig(d), notation);
    let p = symbol(&param_sym(check.param), notation);
    let (minus, dot) = (theme.sym("−", "-"), theme.sym("·", "*"));
    let (d, dh) = recomputing_digits(&check);
    let lang = theme.lang;
    let heading = tr!(lang, "gradcheck-heading", h = num(check.h, dh));
    let definition = format!("(L({p} + h) {minus} L({p} {minus} h)) / 2h");
    let substituted = format!(
        "= ({} {minus} {}) / (2{dot}{}) = {}",
        num(check.loss_plus, d),
        num(check.loss_minus, d),
        num(check.h, dh),
        view.precise(check.numerical)
    );
    let mut lines = hang(Vec::new(), &heading, theme.dim, width, 2);
    for text in [definition, substituted, agreement(view, &check)] {
        lines.extend(hang(vec![Span::raw("  ")], &text, Style::new(), width, 4));
    }
    if check.agreeing_digits() < AGREE_DIGITS {
        let note = format!("  {} ", lang.t("formula-note"));
        lines.extend(hang(
            vec![Span::styled(note, theme.warn)],
            &lang.t("gradcheck-kink"),
            Style::new(),
            width,
            4,
        ));
    }
    lines
}

/// `relative difference 2.3e-11: backprop agrees to 10 digits`.
fn agreement(view: &View, check: &GradientCheck) -> String {
    let notation = view.app.settings.notation();
    let lang = view.theme.lang;
    let r = check.relative_difference();
    let word = match check.agreeing_digits() {
        15 if r == 0.0 => lang.t("gradcheck-exact"),
        0 => lang.t("gradcheck-differ"),
        n => tr!(lang, "gradcheck-agrees", n = n as usize),
    };
    let r = number::format(r, Digits::Sig(2), notation);
    tr!(lang, "gradcheck-relative", r = r, word = word)
}

/// Significant digits of L(p ± h) and of h for the line `(L₊ − L₋) / (2·h) = estimate`: the
/// fewest (from [`loss_digits`] and 6) with which the numbers as written, typed into a
/// calculator, give the estimate as written. The two losses agree in their first digits, so
/// their difference keeps only the digits written after those: too few, and the line would
/// not give its own result.
fn recomputing_digits(check: &GradientCheck) -> (usize, usize) {
    let written = |v: f64, d: usize| number::plain(v, Digits::Sig(d));
    let result = number::plain(check.numerical, number::SHOWN);
    let gives_result = |d: usize, dh: usize| {
        let read = |v: f64, d: usize| written(v, d).parse::<f64>().unwrap_or(f64::NAN);
        let again =
            (read(check.loss_plus, d) - read(check.loss_minus, d)) / (2.0 * read(check.h, dh));
        number::plain(again, number::SHOWN) == result
    };
    (loss_digits(check)..=MAX_DIGITS)
        .flat_map(|d| (6..=MAX_DIGITS).map(move |dh| (d, dh)))
        .find(|&(d, dh)| gives_result(d, dh))
        .unwrap_or((MAX_DIGITS, MAX_DIGITS))
}

/// Significant digits that write any f64 exactly.
const MAX_DIGITS: usize = 17;

/// Significant digits that show L(p + h) and L(p − h) apart: enough to reach the digits in
/// which they differ, and three more.
fn loss_digits(check: &GradientCheck) -> usize {
    let (a, b) = (check.loss_plus, check.loss_minus);
    let spread = (a - b).abs();
    if spread == 0.0 || !spread.is_finite() || a == 0.0 {
        return 6;
    }
    let ratio = a.abs().max(b.abs()) / spread;
    (ratio.log10().ceil() as usize + 3).clamp(6, 15)
}

/// The parameter as a formula symbol.
fn param_sym(p: Param) -> Sym {
    Sym::P(p)
}
