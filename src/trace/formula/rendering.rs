//! Rendering an expression in a notation, symbolic or with its numbers substituted.

use super::symbols::{self, func_name, symbol};
use super::{Expr, Func, Style, Sym};
use crate::notation::scripts::superscript;
use crate::notation::{Notation, number};

/// Renders expressions in one style, symbolic or with numbers substituted.
pub struct Renderer {
    pub style: Style,
    pub substituted: bool,
}

impl Renderer {
    pub fn render(&self, e: &Expr) -> String {
        let mut out = String::new();
        self.write(e, &mut out);
        out
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
    fn child(&self, e: &Expr, min: u8, after_operator: bool, out: &mut String) {
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

    fn terms(&self, terms: &[Expr], out: &mut String) {
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
            out.push_str(&format!("{more} more terms"));
            if self.latex() {
                out.push('}');
            }
        }
    }

    fn write(&self, e: &Expr, out: &mut String) {
        match e {
            Expr::Var(sym, v) => {
                if self.substituted {
                    out.push_str(&self.num(*v));
                } else {
                    out.push_str(&symbol(sym, self.style.notation));
                }
            }
            Expr::Num(v) => out.push_str(&self.num(*v)),
            Expr::Frac(p, q) => match self.style.notation {
                Notation::Latex => out.push_str(&format!("\\frac{{{p}}}{{{q}}}")),
                Notation::Unicode if (*p, *q) == (1, 2) => out.push('½'),
                _ => out.push_str(&format!("{p}/{q}")),
            },
            Expr::Add(t) if t.is_empty() => out.push('0'),
            Expr::Add(t) => self.terms(t, out),
            Expr::Sum(t) if t.is_empty() => out.push('0'),
            Expr::Sum(t) => self.terms(t, out),
            Expr::Sub(a, b) => {
                self.child(a, 1, false, out);
                out.push_str(self.op(" − ", " - ", " - "));
                self.child(b, 2, true, out);
            }
            Expr::Mul(f) => {
                let dot = self.op("·", "*", " \\cdot ");
                for (i, x) in f.iter().enumerate() {
                    if i > 0 {
                        out.push_str(dot);
                    }
                    self.child(x, if i == 0 { 2 } else { 3 }, i > 0, out);
                }
            }
            Expr::Div(a, b) => {
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
            Expr::Neg(a) => {
                out.push_str(self.op("−", "-", "-"));
                self.child(a, 3, true, out);
            }
            Expr::Pow(a, b) => {
                // In LaTeX a symbol that already has a superscript (a^{(1)}_{2}) or is a
                // fraction (∂L/∂w) needs parentheses before its power: a^{(1)}_{2}^{2} is
                // a "double exponent" error in MathJax, and so on GitHub.
                // In Unicode and ASCII a quotient's name (∂L/∂w) needs them as well.
                let tall = !self.substituted
                    && matches!(a.as_ref(), Expr::Var(sym, _) if {
                        let s = symbol(sym, self.style.notation);
                        match self.style.notation {
                            Notation::Latex => s.contains('^') || s.starts_with("\\frac"),
                            _ => s.contains('/'),
                        }
                    });
                if tall {
                    out.push_str(self.op("(", "(", "\\left("));
                    self.write(a, out);
                    out.push_str(self.op(")", ")", "\\right)"));
                } else {
                    self.child(a, 5, false, out);
                }
                match self.style.notation {
                    Notation::Latex => {
                        out.push_str("^{");
                        self.write(b, out);
                        out.push('}');
                    }
                    Notation::Unicode => match (b.as_ref(), self.substituted) {
                        (Expr::Num(n), _) if n.fract() == 0.0 && *n >= 0.0 && *n < 1e9 => {
                            out.push_str(&superscript(&format!("{n}")))
                        }
                        (Expr::Var(Sym::T, t), true) => out.push_str(&superscript(&format!("{t}"))),
                        (Expr::Var(Sym::T, _), false) => out.push('ᵗ'),
                        _ => {
                            out.push('^');
                            self.child(b, 5, false, out);
                        }
                    },
                    Notation::Ascii => {
                        out.push('^');
                        self.child(b, 5, false, out);
                    }
                }
            }
            Expr::Call(Func::Exp, a) if self.latex() => {
                out.push_str("e^{");
                self.write(a, out);
                out.push('}');
            }
            Expr::Call(Func::Sqrt, a) if self.latex() => {
                out.push_str("\\sqrt{");
                self.write(a, out);
                out.push('}');
            }
            Expr::Call(Func::Sqrt, a) if self.style.notation == Notation::Unicode => {
                out.push('√');
                self.child(a, 5, false, out);
            }
            Expr::Call(Func::LnOneMinus, a) => {
                out.push_str(&func_name(Func::Ln, self.style.notation));
                out.push_str(self.op("(1 − ", "(1 - ", "\\left(1 - "));
                self.child(a, 2, true, out);
                out.push_str(self.op(")", ")", "\\right)"));
            }
            Expr::Call(f, a) => {
                out.push_str(&func_name(*f, self.style.notation));
                out.push_str(self.op("(", "(", "\\left("));
                self.write(a, out);
                out.push_str(self.op(")", ")", "\\right)"));
            }
            Expr::StepDeriv(f, a) => {
                out.push_str(&func_name(*f, self.style.notation));
                out.push_str(self.op("′(", "'(", "'\\left("));
                self.write(a, out);
                out.push_str(self.op(")", ")", "\\right)"));
            }
            Expr::SumOver(index, to, body) => {
                let i = symbols::index(*index, self.style.notation);
                match (self.style.notation, to) {
                    (Notation::Latex, Some(n)) => {
                        out.push_str(&format!("\\sum_{{{i}=1}}^{{{n}}} "))
                    }
                    (Notation::Latex, None) => out.push_str(&format!("\\sum_{{{i}}} ")),
                    (Notation::Unicode, _) => {
                        out.push('Σ');
                        out.push_str(&symbols::sub(&i));
                        out.push(' ');
                    }
                    (Notation::Ascii, Some(n)) => {
                        out.push_str(&format!("sum over {i} = 1..{n} of "))
                    }
                    (Notation::Ascii, None) => out.push_str(&format!("sum over {i} of ")),
                }
                self.child(body, 2, false, out);
            }
            Expr::Max(a, floor) => {
                out.push_str(self.op("max(", "max(", "\\max\\left("));
                self.write(a, out);
                out.push_str(", ");
                self.write(floor, out);
                out.push_str(self.op(")", ")", "\\right)"));
            }
        }
    }
}
