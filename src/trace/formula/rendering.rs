//! Rendering an expression in a notation, symbolic or with its numbers substituted.

use std::ops::Range;

use super::symbols::{self, func_name, symbol};
use super::{Expr, Func, Ix, Style, Sym, pow, sub};
use crate::notation::scripts::superscript;
use crate::notation::{Notation, number};

/// Text being written, and where each named value went in it (when asked for).
#[derive(Default)]
struct Out {
    text: String,
    marks: Option<Vec<(Range<usize>, Sym)>>,
}

impl Out {
    fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
    }

    fn push(&mut self, c: char) {
        self.text.push(c);
    }

    /// Writes a named value's text, remembering where it went.
    fn marked(&mut self, s: &str, sym: Sym) {
        let start = self.text.len();
        self.text.push_str(s);
        if let Some(marks) = &mut self.marks {
            marks.push((start..self.text.len(), sym));
        }
    }
}

/// Renders expressions in one style, symbolic or with numbers substituted.
pub struct Renderer {
    /// The notation and digits.
    pub style: Style,
    /// Numbers in place of names: the formula with its values substituted.
    pub substituted: bool,
}

impl Renderer {
    /// The expression as text.
    pub fn render(&self, e: &Expr) -> String {
        let mut out = Out::default();
        self.write(e, &mut out);
        out.text
    }

    /// The expression as text, with where each named value is written in it: the byte range
    /// of its name (or, substituted, of its number) and its symbol. A front-end colours each
    /// number like its symbol with this.
    pub fn render_marked(&self, e: &Expr) -> (String, Vec<(Range<usize>, Sym)>) {
        let mut out = Out {
            marks: Some(Vec::new()),
            ..Out::default()
        };
        self.write(e, &mut out);
        (out.text, out.marks.unwrap_or_default())
    }

    fn latex(&self) -> bool {
        self.style.notation == Notation::Latex
    }

    fn num(&self, v: f64) -> String {
        number::format(v, self.style.digits, self.style.notation)
    }

    fn op(&self, unicode: &'static str, ascii: &'static str, latex: &'static str) -> &'static str {
        match self.style.notation {
            Notation::Unicode => unicode,
            Notation::Ascii => ascii,
            Notation::Latex => latex,
        }
    }

    /// Writes `e` as an operand: in parentheses when it binds more loosely than `min`, or when
    /// it follows an operator and starts with a minus sign.
    fn child(&self, e: &Expr, min: u8, after_operator: bool, out: &mut Out) {
        let sub = self.substituted;
        // A LaTeX fraction is a block of its own: it needs no parentheses as a factor.
        let precedence = match e {
            Expr::Div(..) if self.latex() && min < 5 => 5,
            e => e.precedence(),
        };
        // A sum written as one symbol (Σₖ …) still needs parentheses inside a product.
        let sum_symbol = !sub && matches!(e, Expr::Var(Sym::PassedBack { .. }, _)) && min > 1;
        let wrap = precedence < min
            || sum_symbol
            || (after_operator && e.leads_with_minus(sub))
            || (min >= 5 && (e.leads_with_minus(sub) || e.has_exponent(sub)));
        if wrap {
            out.push_str(self.op("(", "(", "\\left("));
            self.write(e, out);
            out.push_str(self.op(")", ")", "\\right)"));
        } else {
            self.write(e, out);
        }
    }

    fn terms(&self, terms: &[Expr], out: &mut Out) {
        let plus = self.op(" + ", " + ", " + ");
        let elide = terms.len() > self.style.max_terms;
        let shown = if elide { 3 } else { terms.len() };
        for (i, t) in terms.iter().take(shown).enumerate() {
            if i > 0 {
                out.push_str(plus);
            }
            self.child(t, if i == 0 { 1 } else { 2 }, i > 0, out);
        }
        if elide {
            let more = terms.len() - shown;
            out.push_str(match self.style.notation {
                Notation::Unicode => " + … + ",
                Notation::Ascii => " + ... + ",
                Notation::Latex => " + \\dots + \\text{",
            });
            let more = number::count(more as u64);
            out.push_str(&crate::tr!(self.style.lang, "more-terms", n = more));
            if self.latex() {
                out.push('}');
            }
        }
    }

    /// Writes `e` in parentheses, whatever it is.
    fn parens(&self, e: &Expr, out: &mut Out) {
        out.push_str(self.op("(", "(", "\\left("));
        self.write(e, out);
        out.push_str(self.op(")", ")", "\\right)"));
    }

    fn write(&self, e: &Expr, out: &mut Out) {
        match e {
            Expr::Var(sym, v) => {
                let text = if self.substituted {
                    self.num(*v)
                } else {
                    symbols::symbol_in(sym, self.style.notation, self.style.lang)
                };
                out.marked(&text, *sym);
            }
            Expr::Num(v) => out.push_str(&self.num(*v)),
            Expr::Frac(p, q) => self.fraction(*p, *q, out),
            Expr::Add(t) | Expr::Sum(t) if t.is_empty() => out.push('0'),
            Expr::Add(t) | Expr::Sum(t) => self.terms(t, out),
            Expr::Sub(a, b) => {
                self.child(a, 1, false, out);
                out.push_str(self.op(" − ", " - ", " - "));
                self.child(b, 2, true, out);
            }
            Expr::Mul(f) => self.product(f, out),
            Expr::Div(a, b) => self.quotient(a, b, out),
            Expr::Neg(a) => {
                out.push_str(self.op("−", "-", "-"));
                self.child(a, 3, true, out);
            }
            Expr::Pow(a, b) => self.power(a, b, out),
            Expr::Call(f, a) => self.call(*f, a, out),
            Expr::StepDeriv(f, a) => {
                out.push_str(&func_name(*f, self.style.notation));
                out.push_str(self.op("′", "'", "'"));
                self.parens(a, out);
            }
            Expr::SumOver(index, to, body) => self.sum_over(*index, *to, body, out),
            Expr::Max(a, floor) => {
                out.push_str(self.op("max(", "max(", "\\max\\left("));
                self.write(a, out);
                out.push_str(", ");
                self.write(floor, out);
                out.push_str(self.op(")", ")", "\\right)"));
            }
            Expr::MaxOf(t) => self.max_of(t, out),
            // Written as the textbook 1 − x²; only its rounding differs.
            Expr::OneMinusSquare(x) => self.write(
                &sub(Expr::Num(1.0), pow((**x).clone(), Expr::Num(2.0))),
                out,
            ),
            Expr::Gate { z, error } => {
                out.push_str(self.op("0 if ", "0 if ", "0 \\text{ if } "));
                self.write(z, out);
                out.push_str(self.op(" ≤ 0, else ", " <= 0, else ", " \\le 0 \\text{, else } "));
                self.write(error, out);
            }
        }
    }

    /// max(x₁, x₂, …): the first terms and a count of the rest when there are many.
    fn max_of(&self, terms: &[Expr], out: &mut Out) {
        out.push_str(self.op("max(", "max(", "\\max\\left("));
        let elide = terms.len() > self.style.max_terms;
        let shown = if elide { 3 } else { terms.len() };
        for (i, t) in terms.iter().take(shown).enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            self.write(t, out);
        }
        if elide {
            let more = terms.len() - shown;
            out.push_str(match self.style.notation {
                Notation::Latex => ", \\dots, \\text{",
                Notation::Unicode => ", …, ",
                Notation::Ascii => ", ..., ",
            });
            out.push_str(&format!("{more} more"));
            if self.latex() {
                out.push('}');
            }
        }
        out.push_str(self.op(")", ")", "\\right)"));
    }

    /// A constant fraction: ½, 2/3, `\frac{2}{3}`.
    fn fraction(&self, p: u32, q: u32, out: &mut Out) {
        match self.style.notation {
            Notation::Latex => out.push_str(&format!("\\frac{{{p}}}{{{q}}}")),
            Notation::Unicode if (p, q) == (1, 2) => out.push('½'),
            _ => out.push_str(&format!("{p}/{q}")),
        }
    }

    fn product(&self, factors: &[Expr], out: &mut Out) {
        let dot = self.op("·", "*", " \\cdot ");
        for (i, x) in factors.iter().enumerate() {
            if i > 0 {
                out.push_str(dot);
            }
            self.child(x, if i == 0 { 2 } else { 3 }, i > 0, out);
        }
    }

    fn quotient(&self, a: &Expr, b: &Expr, out: &mut Out) {
        if self.latex() {
            out.push_str("\\frac{");
            self.write(a, out);
            out.push_str("}{");
            self.write(b, out);
            out.push('}');
        } else {
            self.child(a, 2, false, out);
            out.push_str(" / ");
            self.child(b, 3, true, out);
        }
    }

    fn power(&self, a: &Expr, b: &Expr, out: &mut Out) {
        // In LaTeX a symbol that already has a superscript (a^{(1)}_{2}) or is a fraction
        // (∂L/∂w) needs parentheses before its power: a^{(1)}_{2}^{2} is a "double exponent"
        // error in MathJax, and so on GitHub. In Unicode and ASCII a quotient's name (∂L/∂w)
        // needs them as well.
        let tall = !self.substituted
            && matches!(a, Expr::Var(sym, _) if {
                let s = symbol(sym, self.style.notation);
                match self.style.notation {
                    Notation::Latex => s.contains('^') || s.starts_with("\\frac"),
                    _ => s.contains('/'),
                }
            });
        if tall {
            self.parens(a, out);
        } else {
            self.child(a, 5, false, out);
        }
        self.exponent(b, out);
    }

    /// The exponent of a power: ^{…} in LaTeX, a superscript in Unicode where one exists.
    fn exponent(&self, b: &Expr, out: &mut Out) {
        match (self.style.notation, b, self.substituted) {
            (Notation::Latex, ..) => {
                out.push_str("^{");
                self.write(b, out);
                out.push('}');
            }
            (Notation::Unicode, Expr::Num(n), _) if n.fract() == 0.0 && *n >= 0.0 && *n < 1e9 => {
                out.push_str(&superscript(&format!("{n}")))
            }
            (Notation::Unicode, Expr::Var(Sym::T, t), true) => {
                out.push_str(&superscript(&format!("{t}")))
            }
            (Notation::Unicode, Expr::Var(Sym::T, _), false) => out.push('ᵗ'),
            _ => {
                out.push('^');
                self.child(b, 5, false, out);
            }
        }
    }

    fn call(&self, f: Func, a: &Expr, out: &mut Out) {
        match (f, self.style.notation) {
            (Func::Exp, Notation::Latex) => {
                out.push_str("e^{");
                self.write(a, out);
                out.push('}');
            }
            // One exponential everywhere a person reads one: e^(…), as TeX's e^{…} shows.
            (Func::Exp, Notation::Unicode | Notation::Ascii) => {
                out.push_str("e^(");
                self.write(a, out);
                out.push(')');
            }
            (Func::Sqrt, Notation::Latex) => {
                out.push_str("\\sqrt{");
                self.write(a, out);
                out.push('}');
            }
            (Func::Sqrt, Notation::Unicode) => {
                out.push('√');
                self.child(a, 5, false, out);
            }
            (Func::LnOneMinus, notation) => {
                out.push_str(&func_name(Func::Ln, notation));
                out.push_str(self.op("(1 − ", "(1 - ", "\\left(1 - "));
                self.child(a, 2, true, out);
                out.push_str(self.op(")", ")", "\\right)"));
            }
            (f, notation) => {
                out.push_str(&func_name(f, notation));
                self.parens(a, out);
            }
        }
    }

    /// Σ over an index of a general rule: Σₖ, `\sum_{k=1}^{n}`, "sum over k of" (in ASCII,
    /// words of the style's language).
    fn sum_over(&self, index: Ix, to: Option<usize>, body: &Expr, out: &mut Out) {
        let i = symbols::index(index, self.style.notation);
        match (self.style.notation, to) {
            (Notation::Latex, Some(n)) => out.push_str(&format!("\\sum_{{{i}=1}}^{{{n}}} ")),
            (Notation::Latex, None) => out.push_str(&format!("\\sum_{{{i}}} ")),
            (Notation::Unicode, _) => {
                out.push('Σ');
                out.push_str(&symbols::sub(&i));
                out.push(' ');
            }
            (Notation::Ascii, to) => {
                let lang = self.style.lang;
                out.push_str(&match to {
                    Some(n) => crate::tr!(lang, "md-ascii-sum-to", i = &i, n = n.to_string()),
                    None => crate::tr!(lang, "md-ascii-sum", i = &i),
                });
                out.push(' ');
            }
        }
        self.child(body, 2, false, out);
    }
}
