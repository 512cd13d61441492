//! The expression tree: named values, numbers and operations, evaluated left to right as
//! the engine computes.

use super::Param;
use crate::notation::number;
use crate::trace::{Index, Quantity};

/// A named quantity. Indices are 0-based here and shown 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sym {
    /// A number of the sample that a step computes: z⁽ˡ⁾ⱼ, a⁽ˡ⁾ⱼ, δ⁽ˡ⁾ⱼ, a feature map's
    /// `z(l)[c,i,j]`, … (a⁽⁰⁾ is the input, which no step computes).
    Q {
        /// What kind of number.
        q: Quantity,
        /// The layer: 0 is the input, L the output.
        l: usize,
        /// Its indices in the layer, from 0.
        ix: Index,
    },
    /// A parameter as the sample's forward and backward pass used it: w⁽ˡ⁾ⱼ,ₖ, b⁽ˡ⁾ⱼ, ….
    P(Param),
    /// A target: yⱼ, or y at a position and feature.
    Y(Index),
    /// The loss of the current sample.
    Loss,
    /// ∂L/∂p: of the sample's loss in the backward phase, of the batch loss (the mean of the
    /// samples') in the update phase. `sample` names one sample's loss inside a batch mean.
    Grad {
        /// The parameter.
        p: Param,
        /// The sample whose loss this is, by data index from 0, inside a batch mean.
        sample: Option<usize>,
    },
    /// ∂L/∂a⁽ˡ⁾ of one output.
    DlDa {
        /// The layer: 0 is the input, L the output.
        l: usize,
        /// The output's indices in the layer, from 0.
        ix: Index,
    },
    /// f′(z⁽ˡ⁾), written with the layer's function name.
    Deriv {
        /// The layer's activation function.
        func: Func,
        /// The layer: 0 is the input, L the output.
        l: usize,
        /// The neuron's indices in the layer, from 0.
        ix: Index,
    },
    /// Adam's first moment m of a parameter.
    M(Param),
    /// Momentum's velocity or Adam's second moment v of a parameter (both are written v).
    V(Param),
    /// Adam's bias-corrected first moment m̂.
    MHat(Param),
    /// Adam's bias-corrected second moment v̂.
    VHat(Param),
    /// AdamW's decayed parameter p̃ = p·(1 − η·λ).
    Decayed(Param),
    /// AdamW's weight decay λ.
    Lambda,
    /// The learning rate η.
    Eta,
    /// Momentum's μ.
    Mu,
    /// Adam's β₁.
    Beta1,
    /// Adam's β₂.
    Beta2,
    /// Adam's ε.
    Eps,
    /// Adam's step count.
    T,
    /// max z⁽ˡ⁾, the shift of softmax and log-softmax (over a position's outputs, for a
    /// sequence).
    MaxZ {
        /// The layer: 0 is the input, L the output.
        l: usize,
        /// The position, for a sequence; empty otherwise.
        at: Index,
    },
    /// ln Σₖ e^(z⁽ˡ⁾ₖ − max z⁽ˡ⁾), the normaliser of log-softmax.
    LogSumExp {
        /// The layer: 0 is the input, L the output.
        l: usize,
        /// The position, for a sequence; empty otherwise.
        at: Index,
    },
    /// A symbol of a general rule, its indices letters (a⁽ˡ⁾ⱼ, w⁽ˡ⁾ⱼₖ, ∂L/∂p): no value.
    General(General),
    /// The floor of a(1 − a) in `BCELoss`'s gradient: 10⁻¹² (as a single-precision float).
    BceEps,
    /// The largest of a row of a layer's numbers (attention's scores of one query), the shift
    /// of a softmax over them.
    RowMax {
        /// Which numbers.
        q: Quantity,
        /// The layer.
        l: usize,
        /// The row's indices (head and query; query alone with one head).
        at: Index,
    },
    /// A named value written as given in each notation (Unicode, ASCII, LaTeX): the parts of
    /// a formula shown as terms.
    Text([&'static str; 3]),
    /// The error passed back to a number of layer `l` from the layer above, as one named
    /// value: Σₖ w⁽ˡ⁺¹⁾ₖⱼ·δ⁽ˡ⁺¹⁾ₖ below a dense layer.
    PassedBack {
        /// The layer: 0 is the input, L the output.
        l: usize,
        /// The number's indices in the layer, from 0.
        ix: Index,
    },
    /// What reaches the hidden state h⁽ˡ⁾ₜ,ⱼ of a recurrent layer from the step after it,
    /// through the hidden-to-hidden weights, as one named value: (W_hh⁽ˡ⁾ᵀδ⁽ˡ⁾ₜ₊₁)ⱼ.
    Recurrent {
        /// The recurrent layer.
        l: usize,
        /// The state's indices [t, j], from 0.
        ix: Index,
    },
}

impl Sym {
    /// z⁽ˡ⁾ⱼ of a dense layer.
    pub fn z(l: usize, j: usize) -> Sym {
        Sym::Q {
            q: Quantity::Z,
            l,
            ix: Index::one(j),
        }
    }

    /// a⁽ˡ⁾ⱼ of a dense layer (a⁽⁰⁾ⱼ: input j).
    pub fn a(l: usize, j: usize) -> Sym {
        Sym::Q {
            q: Quantity::A,
            l,
            ix: Index::one(j),
        }
    }

    /// δ⁽ˡ⁾ⱼ of a dense layer.
    pub fn delta(l: usize, j: usize) -> Sym {
        Sym::Q {
            q: Quantity::Delta,
            l,
            ix: Index::one(j),
        }
    }

    /// The dense weight w⁽ˡ⁾ⱼ,ₖ.
    pub fn w(l: usize, j: usize, k: usize) -> Sym {
        Sym::P(Param::w(l, j, k))
    }

    /// The bias b⁽ˡ⁾ⱼ.
    pub fn b(l: usize, j: usize) -> Sym {
        Sym::P(Param::b(l, j))
    }

    /// A step's number of layer `l`.
    pub fn q(q: Quantity, l: usize, ix: Index) -> Sym {
        Sym::Q { q, l, ix }
    }
}

/// Functions applied to one argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Func {
    /// σ(x) = 1 / (1 + e^(−x)).
    Sigmoid,
    /// tanh(x).
    Tanh,
    /// ReLU(x) = max(0, x).
    Relu,
    /// Leaky ReLU: x, or [`LEAKY_SLOPE`](crate::lesson::LEAKY_SLOPE)·x below 0.
    LeakyRelu,
    /// GELU(x) = x·Φ(x).
    Gelu,
    /// The error function erf(x).
    Erf,
    /// The identity (a linear layer).
    Identity,
    /// softmax over a layer (its argument is one z of it).
    Softmax,
    /// e^x.
    Exp,
    /// The natural logarithm.
    Ln,
    /// ln(1 − x), computed as ln_1p(−x) as PyTorch's `BCELoss` does, so that 1 − x is not
    /// rounded first.
    LnOneMinus,
    /// The square root.
    Sqrt,
    /// A layer's activation function in general, f.
    F,
}

impl From<crate::lesson::Activation> for Func {
    /// A layer's activation as the function formulas apply.
    fn from(act: crate::lesson::Activation) -> Self {
        use crate::lesson::Activation;
        match act {
            Activation::Sigmoid => Func::Sigmoid,
            Activation::Tanh => Func::Tanh,
            Activation::Relu => Func::Relu,
            Activation::LeakyRelu => Func::LeakyRelu,
            Activation::Gelu => Func::Gelu,
            Activation::Identity => Func::Identity,
            Activation::Softmax => Func::Softmax,
        }
    }
}

/// An index of a general rule: a number, or a letter (a layer written l, l − 1 or l + 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ix {
    /// A layer's number, or a neuron's from 0 (shown from 1).
    At(usize),
    /// A neuron of layer l, `j`.
    J,
    /// A neuron of the layer below or above, `k`.
    K,
    /// Any layer, `l`.
    L,
    /// The layer below, `l − 1`.
    LMinus1,
    /// The layer above, `l + 1`.
    LPlus1,
}

/// The symbols of the general rules: each step's quantity with letters for indices, and a
/// parameter p with its gradient and optimizer state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum General {
    /// z⁽ˡ⁾ⱼ
    Z {
        /// The layer, as a letter or a number.
        l: Ix,
        /// The neuron of layer `l`.
        j: Ix,
    },
    /// a⁽ˡ⁾ⱼ
    A {
        /// The layer, as a letter or a number.
        l: Ix,
        /// The neuron of layer `l`.
        j: Ix,
    },
    /// yⱼ
    Y {
        /// The neuron of layer `l`.
        j: Ix,
    },
    /// δ⁽ˡ⁾ⱼ
    Delta {
        /// The layer, as a letter or a number.
        l: Ix,
        /// The neuron of layer `l`.
        j: Ix,
    },
    /// w⁽ˡ⁾ⱼₖ
    W {
        /// The layer, as a letter or a number.
        l: Ix,
        /// The neuron of layer `l`.
        j: Ix,
        /// The neuron of layer `l − 1`.
        k: Ix,
    },
    /// b⁽ˡ⁾ⱼ
    B {
        /// The layer, as a letter or a number.
        l: Ix,
        /// The neuron of layer `l`.
        j: Ix,
    },
    /// ∂L/∂a⁽ˡ⁾ⱼ
    DlDa {
        /// The layer, as a letter or a number.
        l: Ix,
        /// The neuron of layer `l`.
        j: Ix,
    },
    /// f′(z⁽ˡ⁾ⱼ)
    Deriv {
        /// The layer, as a letter or a number.
        l: Ix,
        /// The neuron of layer `l`.
        j: Ix,
    },
    /// ∂L/∂w⁽ˡ⁾ⱼₖ
    GradW {
        /// The layer, as a letter or a number.
        l: Ix,
        /// The neuron of layer `l`.
        j: Ix,
        /// The neuron of layer `l − 1`.
        k: Ix,
    },
    /// ∂L/∂b⁽ˡ⁾ⱼ
    GradB {
        /// The layer, as a letter or a number.
        l: Ix,
        /// The neuron of layer `l`.
        j: Ix,
    },
    /// Any trainable parameter p.
    P,
    /// ∂L/∂p
    GradP,
    /// p's first moment (Adam)
    M,
    /// p's velocity (momentum) or second moment (Adam)
    V,
    /// p's bias-corrected first moment m̂ (Adam)
    MHat,
    /// p's bias-corrected second moment v̂ (Adam)
    VHat,
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
    /// A sum of terms written out in full.
    Add(Vec<Expr>),
    /// A sum that may be elided when long: Σ of its terms, left to right from 0.
    Sum(Vec<Expr>),
    /// a − b.
    Sub(Box<Expr>, Box<Expr>),
    /// A product, left to right.
    Mul(Vec<Expr>),
    /// a / b.
    Div(Box<Expr>, Box<Expr>),
    /// −a.
    Neg(Box<Expr>),
    /// a to the power b.
    Pow(Box<Expr>, Box<Expr>),
    /// A function of one argument.
    Call(Func, Box<Expr>),
    /// ReLU′ or leaky ReLU′ of the argument: a step function.
    StepDeriv(Func, Box<Expr>),
    /// Σ over an index of a general rule (to `n` when given) of the body: symbolic only.
    SumOver(Ix, Option<usize>, Box<Expr>),
    /// max(x, floor), a clamp as PyTorch applies it (C++'s `std::max(x, floor)`: a NaN x
    /// stays NaN).
    Max(Box<Expr>, Box<Expr>),
    /// 1 − x², written so and rounded once, as PyTorch's tanh backward computes it (a fused
    /// multiply–add): near x = ±1, 1 − x·x rounded twice would lose digits.
    OneMinusSquare(Box<Expr>),
    /// The largest of its terms, as max pooling takes it: from −∞, a term takes over when it
    /// is larger or NaN, so the first of equal maxima is the one.
    MaxOf(Vec<Expr>),
    /// `0 if z ≤ 0, else e`: ReLU's backward as PyTorch computes it, a selection, so an
    /// infinite error e gives 0 for an inactive unit where e·ReLU′(z) = ∞·0 would be NaN.
    Gate {
        /// The unit's weighted input.
        z: Box<Expr>,
        /// The error reaching it.
        error: Box<Expr>,
    },
}

/// A named value.
pub fn var(sym: Sym, value: f64) -> Expr {
    Expr::Var(sym, value)
}
/// A sum written out in full.
pub fn add(terms: Vec<Expr>) -> Expr {
    Expr::Add(terms)
}
/// a − b.
pub fn sub(a: Expr, b: Expr) -> Expr {
    Expr::Sub(Box::new(a), Box::new(b))
}
/// A product.
pub fn mul(factors: Vec<Expr>) -> Expr {
    Expr::Mul(factors)
}
/// a / b.
pub fn div(a: Expr, b: Expr) -> Expr {
    Expr::Div(Box::new(a), Box::new(b))
}
/// −a.
pub fn neg(a: Expr) -> Expr {
    Expr::Neg(Box::new(a))
}
/// a to the power b.
pub fn pow(a: Expr, b: Expr) -> Expr {
    Expr::Pow(Box::new(a), Box::new(b))
}
/// f(a).
pub fn call(f: Func, a: Expr) -> Expr {
    Expr::Call(f, Box::new(a))
}
/// Σ over an index of a general rule.
pub fn sum_over(index: Ix, to: Option<usize>, body: Expr) -> Expr {
    Expr::SumOver(index, to, Box::new(body))
}
/// max(x, floor), a clamp.
pub fn max(x: Expr, floor: Expr) -> Expr {
    Expr::Max(Box::new(x), Box::new(floor))
}
/// 1 − x², rounded once.
pub fn one_minus_square(x: Expr) -> Expr {
    Expr::OneMinusSquare(Box::new(x))
}
/// `0 if z ≤ 0, else error`: ReLU's backward.
pub fn gate(z: Expr, error: Expr) -> Expr {
    Expr::Gate {
        z: Box::new(z),
        error: Box::new(error),
    }
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
            Expr::Add(t) | Expr::Sum(t) | Expr::Mul(t) | Expr::MaxOf(t) => {
                t.iter().for_each(|e| e.collect_symbols(out))
            }
            Expr::Sub(a, b)
            | Expr::Div(a, b)
            | Expr::Pow(a, b)
            | Expr::Max(a, b)
            | Expr::Gate { z: a, error: b } => {
                a.collect_symbols(out);
                b.collect_symbols(out);
            }
            Expr::Neg(a)
            | Expr::Call(_, a)
            | Expr::StepDeriv(_, a)
            | Expr::SumOver(_, _, a)
            | Expr::OneMinusSquare(a) => a.collect_symbols(out),
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
                    Func::Gelu => crate::engine::activation::gelu(x),
                    Func::Erf => crate::engine::activation::erf(x),
                    Func::Identity | Func::Softmax | Func::F => x,
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
            Expr::MaxOf(t) => crate::layers::pool::max_of(t.iter().map(ev)).1,
            Expr::OneMinusSquare(a) => crate::engine::activation::one_minus_square(ev(a)),
            Expr::Gate { z, error } => crate::engine::activation::backward(
                crate::lesson::Activation::Relu,
                ev(z),
                0.0,
                ev(error),
            ),
            // A general rule has no numbers.
            Expr::SumOver(..) => f64::NAN,
        }
    }

    /// Binding strength, for parentheses: a selection 0, sums 1, products 2, unary minus 3,
    /// powers 4, atoms 5.
    pub(super) fn precedence(&self) -> u8 {
        match self {
            Expr::Gate { .. } => 0,
            Expr::Add(_) | Expr::Sum(_) | Expr::Sub(..) | Expr::OneMinusSquare(_) => 1,
            Expr::Mul(_) | Expr::Div(..) | Expr::Frac(..) => 2,
            Expr::Neg(_) | Expr::SumOver(..) => 3,
            Expr::Pow(..) => 4,
            _ => 5,
        }
    }

    /// Does it start with a minus sign when written? Such a term after an operator gets
    /// parentheses: a + (-0.2), 0.4·(-0.25).
    pub(super) fn leads_with_minus(&self, substituted: bool) -> bool {
        match self {
            Expr::Neg(_) => true,
            Expr::Num(v) => number::is_negative(*v) && *v != 0.0,
            Expr::Var(_, v) => substituted && number::is_negative(*v) && *v != 0.0,
            // A product or sum is written starting with its first operand.
            Expr::Mul(t) | Expr::Add(t) | Expr::Sum(t) => {
                t.first().is_some_and(|e| e.leads_with_minus(substituted))
            }
            // A power's base is wrapped when it starts with a minus: (−0.02)² starts with
            // "(", so it needs no second pair of parentheses after an operator.
            Expr::Sub(a, _) => a.leads_with_minus(substituted),
            _ => false,
        }
    }

    /// Is it written as a power of ten (3.5e-5), which reads badly as a base or factor?
    pub(super) fn has_exponent(&self, substituted: bool) -> bool {
        match self {
            Expr::Num(v) => number::has_exponent(*v),
            Expr::Var(_, v) => substituted && number::has_exponent(*v),
            _ => false,
        }
    }
}
