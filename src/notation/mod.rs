//! One notation for every front-end: how formulas, names, numbers and prose are written in
//! Unicode (the terminal), plain ASCII (`--ascii`) or LaTeX (Markdown and JSON).
//!
//! - [`Notation`] and the one rule that turns an `--ascii` flag into a notation;
//! - [`scripts`]: super- and subscripts (`⁽¹⁾`, `₁,₂`), and reading them back;
//! - [`number`]: numbers to full precision or to some significant digits;
//! - [`prose`]: a lesson's prose in plain ASCII.
//!
//! Formulas themselves are expression trees in [`crate::trace::formula`], rendered in any of
//! these notations.

pub mod fullwidth;
pub mod number;
pub mod prose;
pub mod scripts;

pub use number::Digits;

/// How to write formulas, names and numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notation {
    /// z⁽¹⁾₁ = w⁽¹⁾₁,₁·a⁽⁰⁾₁ + … for the terminal.
    Unicode,
    /// `z(1)[1] = w(1)[1,1]*a(0)[1] + …` for plain terminals and text.
    Ascii,
    /// `z^{(1)}_{1} = w^{(1)}_{1,1} \cdot a^{(0)}_{1} + …` for Markdown and JSON.
    Latex,
}

impl Notation {
    /// The notation of text for people: plain ASCII under `--ascii`, else Unicode.
    pub fn for_text(ascii: bool) -> Notation {
        if ascii {
            Notation::Ascii
        } else {
            Notation::Unicode
        }
    }

    /// One of three spellings, by notation.
    pub fn pick<T>(self, unicode: T, ascii: T, latex: T) -> T {
        match self {
            Notation::Unicode => unicode,
            Notation::Ascii => ascii,
            Notation::Latex => latex,
        }
    }
}
