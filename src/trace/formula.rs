//! Formulas as small expression trees, rendered on demand in three notations, symbolic or
//! with numbers substituted, and evaluated (so tests can check that the substituted numbers
//! give the value).

pub use super::step::Param;
use crate::notation::scripts::{subscript, superscript};
use crate::notation::{Digits, Notation, number};

/// Options for rendering an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub notation: Notation,
    pub digits: Digits,
    /// Sums with more terms than this show their first three and a count of the rest.
    pub max_terms: usize,
}

impl Style {
    pub fn new(notation: Notation, digits: Digits) -> Self {
        Style {
            notation,
            digits,
            max_terms: 8,
        }
    }
}

/// A named quantity. Indices are 0-based here and shown 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sym {
    Z {
        l: usize,
        j: usize,
    },
    A {
        l: usize,
        j: usize,
    },
    Y {
        j: usize,
    },
    Delta {
        l: usize,
        j: usize,
    },
    W {
        l: usize,
        j: usize,
        k: usize,
    },
    B {
        l: usize,
        j: usize,
    },
    /// The loss of the current sample.
    Loss,
    /// ∂L/∂p: of the sample's loss in the backward phase, of the batch loss (the mean of the
    /// samples') in the update phase. `sample` names one sample's loss inside a batch mean.
    Grad {
        p: Param,
        sample: Option<usize>,
    },
    /// ∂L/∂a⁽ᴸ⁾ⱼ
    DlDa {
        l: usize,
        j: usize,
    },
    /// f′(z⁽ˡ⁾ⱼ), written with the layer's function name.
    Deriv {
        func: Func,
        l: usize,
        j: usize,
    },
    M(Param),
    V(Param),
    MHat(Param),
    VHat(Param),
    Eta,
    Mu,
    Beta1,
    Beta2,
    Eps,
    /// Adam's step count.
    T,
    /// max z⁽ˡ⁾, the shift of softmax and log-softmax.
    MaxZ {
        l: usize,
    },
    /// ln Σₖ e^(z⁽ˡ⁾ₖ − max z⁽ˡ⁾), the normaliser of log-softmax.
    LogSumExp {
        l: usize,
    },
    /// The floor of a(1 − a) in `BCELoss`'s gradient: 10⁻¹² (as a single-precision float).
    BceEps,
    /// Σₖ w⁽ˡ⁺¹⁾ₖⱼ·δ⁽ˡ⁺¹⁾ₖ: the error passed back to neuron `j` of hidden layer `l`.
    PassedBack {
        l: usize,
        j: usize,
    },
}

/// Functions applied to one argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Func {
    Sigmoid,
    Tanh,
    Relu,
    LeakyRelu,
    Identity,
    Softmax,
    Exp,
    Ln,
    /// ln(1 − x), computed as ln_1p(−x) as PyTorch's `BCELoss` does, so that 1 − x is not
    /// rounded first.
    LnOneMinus,
    Sqrt,
}

/// An expression. Evaluation is left to right, as the engine computes.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A named value: shown by name, or by its number when substituted.
    Var(Sym, f64),
    /// A constant, shown as a number in both forms.
    Num(f64),
    /// p/q, shown as a fraction (½) in both forms.
    Frac(u32, u32),
    Add(Vec<Expr>),
    /// A sum that may be elided when long: Σ of its terms, left to right from 0.
    Sum(Vec<Expr>),
    Sub(Box<Expr>, Box<Expr>),
    Mul(Vec<Expr>),
    Div(Box<Expr>, Box<Expr>),
    Neg(Box<Expr>),
    Pow(Box<Expr>, Box<Expr>),
    Call(Func, Box<Expr>),
    /// ReLU′ or leaky ReLU′ of the argument: a step function.
    StepDeriv(Func, Box<Expr>),
    /// max(x, floor), a clamp as PyTorch applies it (C++'s `std::max(x, floor)`: a NaN x
    /// stays NaN).
    Max(Box<Expr>, Box<Expr>),
}

pub fn var(sym: Sym, value: f64) -> Expr {
    Expr::Var(sym, value)
}
pub fn add(terms: Vec<Expr>) -> Expr {
    Expr::Add(terms)
}
pub fn sub(a: Expr, b: Expr) -> Expr {
    Expr::Sub(Box::new(a), Box::new(b))
}
pub fn mul(factors: Vec<Expr>) -> Expr {
    Expr::Mul(factors)
}
pub fn div(a: Expr, b: Expr) -> Expr {
    Expr::Div(Box::new(a), Box::new(b))
}
pub fn neg(a: Expr) -> Expr {
    Expr::Neg(Box::new(a))
}
pub fn pow(a: Expr, b: Expr) -> Expr {
    Expr::Pow(Box::new(a), Box::new(b))
}
pub fn call(f: Func, a: Expr) -> Expr {
    Expr::Call(f, Box::new(a))
}
pub fn max(x: Expr, floor: Expr) -> Expr {
    Expr::Max(Box::new(x), Box::new(floor))
}

impl Expr {
    /// Every named value the expression reads, in order of appearance.
    pub fn symbols(&self) -> Vec<(Sym, f64)> {
        let mut out = Vec::new();
        self.collect_symbols(&mut out);
        out
    }

    fn collect_symbols(&self, out: &mut Vec<(Sym, f64)>) {
        match self {
            Expr::Var(s, v) => out.push((*s, *v)),
            Expr::Num(_) | Expr::Frac(..) => {}
            Expr::Add(t) | Expr::Sum(t) | Expr::Mul(t) => {
                t.iter().for_each(|e| e.collect_symbols(out))
            }
            Expr::Sub(a, b) | Expr::Div(a, b) | Expr::Pow(a, b) | Expr::Max(a, b) => {
                a.collect_symbols(out);
                b.collect_symbols(out);
            }
            Expr::Neg(a) | Expr::Call(_, a) | Expr::StepDeriv(_, a) => a.collect_symbols(out),
        }
    }

    /// The value, computed left to right in the engine's order.
    pub fn eval(&self) -> f64 {
        self.eval_with(&|_| None)
    }

    /// The value with some symbols given other values (a learner's own earlier answers, say);
    /// `given` returns `None` to keep a symbol's own value.
    pub fn eval_with(&self, given: &dyn Fn(&Sym) -> Option<f64>) -> f64 {
        let ev = |e: &Expr| e.eval_with(given);
        match self {
            Expr::Var(sym, v) => given(sym).unwrap_or(*v),
            Expr::Num(v) => *v,
            Expr::Frac(p, q) => f64::from(*p) / f64::from(*q),
            Expr::Add(t) => {
                let mut it = t.iter();
                let first = it.next().map_or(0.0, ev);
                it.fold(first, |s, e| s + ev(e))
            }
            Expr::Sum(t) => t.iter().fold(0.0, |s, e| s + ev(e)),
            Expr::Sub(a, b) => ev(a) - ev(b),
            Expr::Mul(f) => {
                let mut it = f.iter();
                let first = it.next().map_or(1.0, ev);
                it.fold(first, |p, e| p * ev(e))
            }
            Expr::Div(a, b) => ev(a) / ev(b),
            Expr::Neg(a) => -ev(a),
            Expr::Pow(a, b) => {
                let (a, b) = (ev(a), ev(b));
                if b.fract() == 0.0 && b.abs() < i32::MAX as f64 {
                    a.powi(b as i32)
                } else {
                    a.powf(b)
                }
            }
            Expr::Call(f, a) => {
                let x = ev(a);
                match f {
                    Func::Sigmoid => crate::engine::activation::sigmoid(x),
                    Func::Tanh => x.tanh(),
                    Func::Relu => {
                        crate::engine::activation::apply(crate::lesson::Activation::Relu, x)
                    }
                    Func::LeakyRelu => {
                        crate::engine::activation::apply(crate::lesson::Activation::LeakyRelu, x)
                    }
                    Func::Identity | Func::Softmax => x,
                    Func::Exp => x.exp(),
                    Func::Ln => x.ln(),
                    Func::LnOneMinus => (-x).ln_1p(),
                    Func::Sqrt => x.sqrt(),
                }
            }
            Expr::StepDeriv(f, a) => {
                let x = ev(a);
                let act = match f {
                    Func::LeakyRelu => crate::lesson::Activation::LeakyRelu,
                    _ => crate::lesson::Activation::Relu,
                };
                crate::engine::activation::derivative(act, x, 0.0)
            }
            Expr::Max(a, floor) => crate::engine::loss::at_least(ev(a), ev(floor)),
        }
    }

    /// Binding strength, for parentheses: sums 1, products 2, unary minus 3, powers 4, atoms 5.
    fn precedence(&self) -> u8 {
        match self {
            Expr::Add(_) | Expr::Sum(_) | Expr::Sub(..) => 1,
            Expr::Mul(_) | Expr::Div(..) | Expr::Frac(..) => 2,
            Expr::Neg(_) => 3,
            Expr::Pow(..) => 4,
            _ => 5,
        }
    }

    /// Does it start with a minus sign when written? Such a term after an operator gets
    /// parentheses: a + (-0.2), 0.4·(-0.25).
    fn leads_with_minus(&self, substituted: bool) -> bool {
        match self {
            Expr::Neg(_) => true,
            Expr::Num(v) => number::is_negative(*v) && *v != 0.0,
            Expr::Var(_, v) => substituted && number::is_negative(*v) && *v != 0.0,
            // A product or sum is written starting with its first operand.
            Expr::Mul(t) | Expr::Add(t) | Expr::Sum(t) => {
                t.first().is_some_and(|e| e.leads_with_minus(substituted))
            }
            Expr::Sub(a, _) | Expr::Pow(a, _) => a.leads_with_minus(substituted),
            _ => false,
        }
    }

    /// Is it written as a power of ten (3.5e-5), which reads badly as a base or factor?
    fn has_exponent(&self, substituted: bool) -> bool {
        match self {
            Expr::Num(v) => number::has_exponent(*v),
            Expr::Var(_, v) => substituted && number::has_exponent(*v),
            _ => false,
        }
    }
}

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
        // A sum written as one symbol (Σₖ …) still needs parentheses inside a product.
        let sum_symbol = !sub && matches!(e, Expr::Var(Sym::PassedBack { .. }, _)) && min > 1;
        let wrap = e.precedence() < min
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
                let tall = self.latex()
                    && !self.substituted
                    && matches!(a.as_ref(), Expr::Var(sym, _) if {
                        let s = symbol(sym, Notation::Latex);
                        s.contains('^') || s.starts_with("\\frac")
                    });
                if tall {
                    out.push_str("\\left(");
                    self.write(a, out);
                    out.push_str("\\right)");
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

pub fn func_name(f: Func, n: Notation) -> String {
    let (u, a, l) = match f {
        Func::Sigmoid => ("σ", "sigmoid", "\\sigma"),
        Func::Tanh => ("tanh", "tanh", "\\tanh"),
        Func::Relu => ("ReLU", "relu", "\\operatorname{ReLU}"),
        Func::LeakyRelu => ("LeakyReLU", "leaky_relu", "\\operatorname{LeakyReLU}"),
        Func::Identity => ("id", "identity", "\\operatorname{id}"),
        Func::Softmax => ("softmax", "softmax", "\\operatorname{softmax}"),
        Func::Exp => ("exp", "exp", "\\exp"),
        Func::Ln => ("ln", "ln", "\\ln"),
        Func::LnOneMinus => ("ln", "ln", "\\ln"),
        Func::Sqrt => ("√", "sqrt", "\\sqrt"),
    };
    match n {
        Notation::Unicode => u,
        Notation::Ascii => a,
        Notation::Latex => l,
    }
    .to_string()
}

/// `base` with layer `l` and 1-based indices, in a notation: w⁽¹⁾₁,₂ · w(1)[1,2] · w^{(1)}_{1,2}.
fn indexed(base: (&str, &str, &str), l: Option<usize>, idx: &[usize], n: Notation) -> String {
    let idx: Vec<String> = idx.iter().map(|i| (i + 1).to_string()).collect();
    let idx = idx.join(",");
    match n {
        Notation::Unicode => {
            let layer = l.map_or(String::new(), |l| superscript(&format!("({l})")));
            format!("{}{layer}{}", base.0, subscript(&idx))
        }
        Notation::Ascii => {
            let layer = l.map_or(String::new(), |l| format!("({l})"));
            if idx.is_empty() {
                format!("{}{layer}", base.1)
            } else {
                format!("{}{layer}[{idx}]", base.1)
            }
        }
        Notation::Latex => {
            let layer = l.map_or(String::new(), |l| format!("^{{({l})}}"));
            format!("{}{layer}_{{{idx}}}", base.2)
        }
    }
}

fn param_symbol(p: &Param, n: Notation) -> String {
    match *p {
        Param::W { l, j, k } => indexed(("w", "w", "w"), Some(l), &[j, k], n),
        Param::B { l, j } => indexed(("b", "b", "b"), Some(l), &[j], n),
    }
}

fn state_symbol(base: (&str, &str, &str), p: &Param, n: Notation) -> String {
    match *p {
        Param::W { l, j, k } => indexed(base, Some(l), &[j, k], n),
        Param::B { l, j } => indexed(base, Some(l), &[j], n),
    }
}

fn partial(num: &str, den: &str, n: Notation) -> String {
    match n {
        Notation::Unicode => format!("∂{num}/∂{den}"),
        Notation::Ascii => format!("d{num}/d{den}"),
        Notation::Latex => format!("\\frac{{\\partial {num}}}{{\\partial {den}}}"),
    }
}

/// A symbol's name in a notation.
pub fn symbol(sym: &Sym, n: Notation) -> String {
    match *sym {
        Sym::Z { l, j } => indexed(("z", "z", "z"), Some(l), &[j], n),
        Sym::A { l, j } => indexed(("a", "a", "a"), Some(l), &[j], n),
        Sym::Y { j } => indexed(("y", "y", "y"), None, &[j], n),
        Sym::Delta { l, j } => indexed(("δ", "delta", "\\delta"), Some(l), &[j], n),
        Sym::W { l, j, k } => indexed(("w", "w", "w"), Some(l), &[j, k], n),
        Sym::B { l, j } => indexed(("b", "b", "b"), Some(l), &[j], n),
        Sym::Loss => "L".into(),
        Sym::Grad { p, sample } => {
            let loss = match (sample, n) {
                (None, _) => "L".to_string(),
                (Some(s), Notation::Unicode) => format!("L{}", subscript(&(s + 1).to_string())),
                (Some(s), Notation::Ascii) => format!("L[{}]", s + 1),
                (Some(s), Notation::Latex) => format!("L_{{{}}}", s + 1),
            };
            partial(&loss, &param_symbol(&p, n), n)
        }
        Sym::DlDa { l, j } => partial("L", &symbol(&Sym::A { l, j }, n), n),
        Sym::Deriv { func, l, j } => {
            let z = symbol(&Sym::Z { l, j }, n);
            match n {
                Notation::Unicode => format!("{}′({z})", func_name(func, n)),
                Notation::Ascii => format!("{}'({z})", func_name(func, n)),
                Notation::Latex => format!("{}'\\left({z}\\right)", func_name(func, n)),
            }
        }
        Sym::M(p) => state_symbol(("m", "m", "m"), &p, n),
        Sym::V(p) => state_symbol(("v", "v", "v"), &p, n),
        Sym::MHat(p) => state_symbol(("m̂", "mhat", "\\hat{m}"), &p, n),
        Sym::VHat(p) => state_symbol(("v̂", "vhat", "\\hat{v}"), &p, n),
        Sym::Eta => ["η", "eta", "\\eta"][n as usize].into(),
        Sym::Mu => ["μ", "mu", "\\mu"][n as usize].into(),
        Sym::Beta1 => ["β₁", "beta1", "\\beta_1"][n as usize].into(),
        Sym::Beta2 => ["β₂", "beta2", "\\beta_2"][n as usize].into(),
        Sym::Eps => ["ε", "eps", "\\epsilon"][n as usize].into(),
        Sym::T => "t".into(),
        Sym::MaxZ { l } => match n {
            Notation::Unicode => format!("max z{}", superscript(&format!("({l})"))),
            Notation::Ascii => format!("max(z({l}))"),
            Notation::Latex => format!("\\max z^{{({l})}}"),
        },
        Sym::LogSumExp { l } => {
            let zk = indexed(("z", "z", "z"), Some(l), &[], n);
            let max = symbol(&Sym::MaxZ { l }, n);
            match n {
                Notation::Unicode => format!("ln Σₖ e^({zk}ₖ − {max})"),
                Notation::Ascii => format!("ln(sum over k of exp(z({l})[k] - {max}))"),
                Notation::Latex => format!("\\ln \\sum_{{k}} e^{{z^{{({l})}}_{{k}} - {max}}}"),
            }
        }
        Sym::BceEps => ["10⁻¹²", "1e-12", "10^{-12}"][n as usize].into(),
        Sym::PassedBack { l, j } => {
            let (up, jj) = (l + 1, j + 1);
            match n {
                Notation::Unicode => format!(
                    "Σₖ w{}ₖ,{}·δ{}ₖ",
                    superscript(&format!("({up})")),
                    subscript(&jj.to_string()),
                    superscript(&format!("({up})"))
                ),
                Notation::Ascii => format!("sum_k w({up})[k,{jj}]*delta({up})[k]"),
                Notation::Latex => {
                    format!("\\sum_{{k}} w^{{({up})}}_{{k,{jj}}} \\delta^{{({up})}}_{{k}}")
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(e: &Expr, n: Notation) -> (String, String) {
        let style = Style::new(n, Digits::Full);
        (
            Renderer {
                style,
                substituted: false,
            }
            .render(e),
            Renderer {
                style,
                substituted: true,
            }
            .render(e),
        )
    }

    fn z_expr() -> Expr {
        add(vec![
            Expr::Sum(vec![
                mul(vec![
                    var(Sym::W { l: 1, j: 0, k: 0 }, 0.15),
                    var(Sym::A { l: 0, j: 0 }, 0.05),
                ]),
                mul(vec![
                    var(Sym::W { l: 1, j: 0, k: 1 }, 0.2),
                    var(Sym::A { l: 0, j: 1 }, 0.1),
                ]),
            ]),
            var(Sym::B { l: 1, j: 0 }, 0.35),
        ])
    }

    #[test]
    fn renders_three_notations() {
        let e = z_expr();
        assert_eq!(
            both(&e, Notation::Unicode),
            (
                "w⁽¹⁾₁,₁·a⁽⁰⁾₁ + w⁽¹⁾₁,₂·a⁽⁰⁾₂ + b⁽¹⁾₁".to_string(),
                "0.15·0.05 + 0.2·0.1 + 0.35".to_string()
            )
        );
        assert_eq!(
            both(&e, Notation::Ascii).0,
            "w(1)[1,1]*a(0)[1] + w(1)[1,2]*a(0)[2] + b(1)[1]"
        );
        assert_eq!(
            both(&e, Notation::Latex),
            (
                "w^{(1)}_{1,1} \\cdot a^{(0)}_{1} + w^{(1)}_{1,2} \\cdot a^{(0)}_{2} + b^{(1)}_{1}"
                    .to_string(),
                "0.15 \\cdot 0.05 + 0.2 \\cdot 0.1 + 0.35".to_string()
            )
        );
        // 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775
        assert!((e.eval() - 0.3775).abs() < 1e-15);
    }

    #[test]
    fn negative_numbers_get_parentheses_where_needed() {
        let e = mul(vec![
            var(Sym::W { l: 2, j: 0, k: 0 }, 0.4),
            var(Sym::Delta { l: 2, j: 0 }, -0.25),
        ]);
        assert_eq!(both(&e, Notation::Ascii).1, "0.4*(-0.25)");
        let s = sub(var(Sym::A { l: 2, j: 0 }, 0.5), var(Sym::Y { j: 0 }, -1.0));
        assert_eq!(both(&s, Notation::Unicode).1, "0.5 − (-1)");
        // A product that starts with a negative number, after a plus.
        let sum = add(vec![
            mul(vec![
                var(Sym::W { l: 1, j: 0, k: 0 }, 0.5),
                var(Sym::A { l: 0, j: 0 }, 0.6),
            ]),
            mul(vec![
                var(Sym::W { l: 1, j: 0, k: 1 }, -0.6688),
                var(Sym::A { l: 0, j: 1 }, 0.2),
            ]),
        ]);
        assert_eq!(both(&sum, Notation::Ascii).1, "0.5*0.6 + (-0.6688*0.2)");
        assert_eq!(s.eval(), 1.5);
    }

    #[test]
    fn long_sums_are_elided() {
        let terms: Vec<Expr> = (0..784).map(|k| var(Sym::A { l: 0, j: k }, 1.0)).collect();
        let (sym, _) = both(&Expr::Sum(terms.clone()), Notation::Unicode);
        assert_eq!(sym, "a⁽⁰⁾₁ + a⁽⁰⁾₂ + a⁽⁰⁾₃ + … + 781 more terms");
        assert_eq!(Expr::Sum(terms).eval(), 784.0);
    }

    #[test]
    fn latex_powers_of_superscripted_symbols_get_parentheses() {
        let e = sub(
            Expr::Num(1.0),
            pow(var(Sym::A { l: 1, j: 1 }, 0.5), Expr::Num(2.0)),
        );
        assert_eq!(
            both(&e, Notation::Latex),
            (
                "1 - \\left(a^{(1)}_{2}\\right)^{2}".to_string(),
                "1 - 0.5^{2}".to_string()
            )
        );
        let g = var(
            Sym::Grad {
                p: Param::W { l: 1, j: 0, k: 0 },
                sample: None,
            },
            0.1,
        );
        assert!(
            both(&pow(g, Expr::Num(2.0)), Notation::Latex)
                .0
                .starts_with("\\left(\\frac{")
        );
        assert_eq!(
            both(
                &pow(var(Sym::Y { j: 0 }, 0.5), Expr::Num(2.0)),
                Notation::Latex
            )
            .0,
            "y_{1}^{2}"
        );
    }

    #[test]
    fn powers_and_fractions() {
        let e = mul(vec![
            Expr::Frac(1, 2),
            pow(
                sub(var(Sym::A { l: 2, j: 0 }, 0.75), var(Sym::Y { j: 0 }, 0.25)),
                Expr::Num(2.0),
            ),
        ]);
        assert_eq!(both(&e, Notation::Unicode).0, "½·(a⁽²⁾₁ − y₁)²");
        assert_eq!(
            both(&e, Notation::Latex).1,
            "\\frac{1}{2} \\cdot \\left(0.75 - 0.25\\right)^{2}"
        );
        assert_eq!(e.eval(), 0.125);
    }

    #[test]
    fn clamps_render_three_ways_and_evaluate_as_pytorch() {
        let a = var(Sym::A { l: 2, j: 0 }, 1.0);
        let e = max(call(Func::LnOneMinus, a.clone()), Expr::Num(-100.0));
        assert_eq!(
            both(&e, Notation::Unicode),
            (
                "max(ln(1 − a⁽²⁾₁), -100)".into(),
                "max(ln(1 − 1), -100)".into()
            )
        );
        assert_eq!(both(&e, Notation::Ascii).0, "max(ln(1 - a(2)[1]), -100)");
        assert_eq!(
            both(&e, Notation::Latex).0,
            "\\max\\left(\\ln\\left(1 - a^{(2)}_{1}\\right), -100\\right)"
        );
        // ln(1 − 1) = −∞, clamped; a NaN is kept, as C++'s std::max keeps it.
        assert_eq!(e.eval(), -100.0);
        assert!(max(Expr::Num(f64::NAN), Expr::Num(-100.0)).eval().is_nan());
        // ln(1 − x) is ln_1p(−x): 1 − 1e-15 is not rounded first.
        let small = call(Func::LnOneMinus, Expr::Num(1e-15));
        assert_eq!(small.eval(), -(1e-15 + 1e-30 / 2.0));
        let eps = max(
            mul(vec![a.clone(), sub(Expr::Num(1.0), a)]),
            var(Sym::BceEps, 9.999999960041972e-13),
        );
        assert_eq!(
            both(&eps, Notation::Unicode).0,
            "max(a⁽²⁾₁·(1 − a⁽²⁾₁), 10⁻¹²)"
        );
        assert_eq!(eps.eval(), 9.999999960041972e-13);
        let shift = sub(
            var(Sym::Z { l: 2, j: 0 }, 3.0),
            var(Sym::MaxZ { l: 2 }, 5.0),
        );
        assert_eq!(both(&shift, Notation::Unicode).0, "z⁽²⁾₁ − max z⁽²⁾");
        assert_eq!(
            both(&shift, Notation::Latex).0,
            "z^{(2)}_{1} - \\max z^{(2)}"
        );
        assert_eq!(
            symbol(&Sym::LogSumExp { l: 2 }, Notation::Unicode),
            "ln Σₖ e^(z⁽²⁾ₖ − max z⁽²⁾)"
        );
    }
}
