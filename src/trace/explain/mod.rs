//! The formula behind each step, built on demand from the batch record (`sample`: forward,
//! loss, backward; `update`: the optimizer), and what the number is in words (`words`).

use crate::notation::{Notation, number};

use super::formula::{Expr, Renderer, Style, Sym, recomputing, var};
use super::remark::Remark;
use super::term::Term;

mod sample;
mod update;
mod words;

pub(super) use sample::sample_formula;
pub use sample::{Reaching, SampleCx, Slope, chain_rule_delta};
pub(super) use update::update_formula;
pub(super) use words::{describe, describe_in};

/// A step's formula: `lhs = rhs` (or `lhs ← rhs` for updates), its value, and named
/// intermediate terms (the chain-rule reading of a delta factor by factor, the batch mean of
/// a gradient).
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    /// What is computed: the step's symbol.
    pub lhs: Expr,
    /// true for updates, written with ←.
    pub assign: bool,
    /// How it is computed, with every value it reads.
    pub rhs: Expr,
    /// The step's value, which `rhs` evaluates to.
    pub value: f64,
    /// Named values the formula uses, each `name = definition`, with a label in words where
    /// it has one.
    pub terms: Vec<Term>,
    /// Why the formula is not the textbook one (a clamp of PyTorch's acts, an exponential
    /// leaves the normal range), shown in words under it.
    pub remarks: Vec<Remark>,
}

impl Formula {
    /// `lhs = rhs`, of value `value`, with no terms or remarks yet.
    pub fn new(lhs: Sym, rhs: Expr, value: f64) -> Self {
        Formula {
            lhs: var(lhs, value),
            assign: false,
            rhs,
            value,
            terms: Vec::new(),
            remarks: Vec::new(),
        }
    }

    fn relation(&self, style: &Style) -> &'static str {
        match (self.assign, style.notation) {
            (false, _) => " = ",
            (true, Notation::Unicode) => " ← ",
            (true, Notation::Ascii) => " <- ",
            (true, Notation::Latex) => " \\leftarrow ",
        }
    }

    /// The left-hand side's name, e.g. `z⁽¹⁾₁`.
    pub fn name(&self, style: Style) -> String {
        render(&self.lhs, style, false)
    }

    /// `z⁽¹⁾₁ = w⁽¹⁾₁,₁·a⁽⁰⁾₁ + …`
    pub fn symbolic(&self, style: Style) -> String {
        format!(
            "{}{}{}",
            self.name(style),
            self.relation(&style),
            render(&self.rhs, style, false)
        )
    }

    /// The right-hand side with numbers: `0.15·0.05 + 0.2·0.1 + 0.35`, each written with as
    /// many digits as it takes for the numbers as written to give the result as written
    /// ([`recomputing`]): at least the style's.
    pub fn substituted(&self, style: Style) -> String {
        let digits = recomputing(&self.rhs, self.value, style.digits, style.max_terms);
        render(&self.rhs, Style { digits, ..style }, true)
    }

    /// The right-hand side in symbols, with where each named value is written in it.
    pub fn symbolic_marked(&self, style: Style) -> (String, Vec<(std::ops::Range<usize>, Sym)>) {
        Renderer {
            style,
            substituted: false,
        }
        .render_marked(&self.rhs)
    }

    /// [`Formula::substituted`], with where each named value's number is written in it.
    pub fn substituted_marked(&self, style: Style) -> (String, Vec<(std::ops::Range<usize>, Sym)>) {
        let digits = recomputing(&self.rhs, self.value, style.digits, style.max_terms);
        Renderer {
            style: Style { digits, ..style },
            substituted: true,
        }
        .render_marked(&self.rhs)
    }

    /// The value, e.g. `0.3775`.
    pub fn result(&self, style: Style) -> String {
        number::format(self.value, style.digits, style.notation)
    }

    /// Every intermediate term as `label: name = definition = numbers = value` (without a
    /// label, from the name on).
    pub fn term_lines(&self, style: Style) -> Vec<String> {
        self.terms.iter().map(|t| t.line(style)).collect()
    }

    /// The remarks as sentences: ASCII for the ASCII notation, Unicode otherwise (they are
    /// prose, not math).
    pub fn remark_lines(&self, style: Style) -> Vec<String> {
        let ascii = style.notation == Notation::Ascii;
        self.remarks
            .iter()
            .map(|r| r.text_in(ascii, style.digits, style.lang))
            .collect()
    }
}

fn render(e: &Expr, style: Style, substituted: bool) -> String {
    Renderer { style, substituted }.render(e)
}
