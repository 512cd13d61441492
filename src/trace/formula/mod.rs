//! Formulas as small expression trees, rendered on demand in three notations, symbolic or
//! with numbers substituted, and evaluated (so tests can check that the substituted numbers
//! give the value).
//!
//! - `expression`: the tree ([`Expr`]), the named values it reads ([`Sym`]) — those of one
//!   step, or those of a general rule with letters for indices ([`General`], [`Ix`]) — and
//!   evaluation in the engine's order;
//! - `rendering`: [`Renderer`], the tree as Unicode, ASCII or LaTeX;
//! - `symbols`: the names of symbols and functions in each notation;
//! - `recompute`: the digits with which a formula as written gives its result as written.

mod expression;
mod recompute;
mod rendering;
mod symbols;
#[cfg(test)]
mod tests;

pub use super::step::Param;
pub use expression::{
    Expr, Func, General, Ix, Sym, add, call, div, gate, max, mul, neg, one_minus_square, pow, sub,
    sum_over, var,
};
pub use recompute::recomputing;
pub use rendering::Renderer;
pub use symbols::{func_name, symbol};

use crate::notation::{Digits, Notation};

/// Options for rendering an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Unicode, ASCII or LaTeX.
    pub notation: Notation,
    /// How many digits each number shows.
    pub digits: Digits,
    /// Sums with more terms than this show their first three and a count of the rest.
    pub max_terms: usize,
    /// The language of the words among the symbols (`781 more terms`, a term's label).
    pub lang: crate::i18n::Lang,
}

impl Style {
    /// A style with the default elision of long sums.
    pub fn new(notation: Notation, digits: Digits) -> Self {
        Style {
            notation,
            digits,
            max_terms: 8,
            lang: crate::i18n::Lang::En,
        }
    }

    /// The same style with its words in `lang`.
    pub fn in_lang(self, lang: crate::i18n::Lang) -> Self {
        Style { lang, ..self }
    }
}
