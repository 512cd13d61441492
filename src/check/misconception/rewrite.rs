//! Rewriting a formula's expression tree into a mistaken one: replace the nodes a mistake
//! changes, keep the rest (so the values it reads are still the learner's).

use crate::trace::Sym;
use crate::trace::formula::Func;
use crate::trace::formula::{Expr, add, call, div, mul, sub};

/// `e` with each node for which `f` gives a replacement replaced, top-down (a replaced node's
/// own children are not visited).
pub fn replace(e: &Expr, f: &dyn Fn(&Expr) -> Option<Expr>) -> Expr {
    if let Some(new) = f(e) {
        return new;
    }
    let one = |x: &Expr| Box::new(replace(x, f));
    let all = |xs: &[Expr]| xs.iter().map(|x| replace(x, f)).collect();
    match e {
        Expr::Var(..) | Expr::Num(_) | Expr::Frac(..) => e.clone(),
        Expr::Add(xs) => Expr::Add(all(xs)),
        Expr::Sum(xs) => Expr::Sum(all(xs)),
        Expr::Mul(xs) => Expr::Mul(all(xs)),
        Expr::MaxOf(xs) => Expr::MaxOf(all(xs)),
        Expr::Sub(a, b) => Expr::Sub(one(a), one(b)),
        Expr::Div(a, b) => Expr::Div(one(a), one(b)),
        Expr::Pow(a, b) => Expr::Pow(one(a), one(b)),
        Expr::Max(a, b) => Expr::Max(one(a), one(b)),
        Expr::Neg(a) => Expr::Neg(one(a)),
        Expr::Call(func, a) => Expr::Call(*func, one(a)),
        Expr::StepDeriv(func, a) => Expr::StepDeriv(*func, one(a)),
        Expr::SumOver(index, to, a) => Expr::SumOver(*index, *to, one(a)),
        Expr::OneMinusSquare(a) => Expr::OneMinusSquare(one(a)),
        Expr::Gate { z, error } => Expr::Gate {
            z: one(z),
            error: one(error),
        },
    }
}

/// [`replace`], but only when it changes something: a mistake that does not apply to this
/// formula gives nothing.
pub fn rewrite(e: &Expr, f: &dyn Fn(&Expr) -> Option<Expr>) -> Option<Expr> {
    let new = replace(e, f);
    (new != *e).then_some(new)
}

/// `e` with every occurrence of the named value `sym` replaced by `by`.
pub fn substitute(e: &Expr, sym: Sym, by: &Expr) -> Option<Expr> {
    rewrite(e, &|x| match x {
        Expr::Var(s, _) if *s == sym => Some(by.clone()),
        _ => None,
    })
}

/// Is `e` the named value `sym`?
pub fn is_var(e: &Expr, sym: Sym) -> bool {
    matches!(e, Expr::Var(s, _) if *s == sym)
}

/// The factors of a product `f · g` (the right-hand side of a δ or a gradient).
pub fn factors(e: &Expr) -> Option<(&Expr, &Expr)> {
    match e {
        Expr::Mul(xs) if xs.len() == 2 => Some((&xs[0], &xs[1])),
        _ => None,
    }
}

/// σ's derivative in terms of its output, x(1 − x).
pub fn logistic_slope(x: Expr) -> Expr {
    mul(vec![x.clone(), sub(Expr::Num(1.0), x)])
}

/// 1 − x², tanh's derivative in terms of its output.
pub fn tanh_slope(x: Expr) -> Expr {
    sub(Expr::Num(1.0), square(x))
}

/// x².
pub fn square(x: Expr) -> Expr {
    crate::trace::formula::pow(x, Expr::Num(2.0))
}

/// 1 / (1 + e^x): σ with the exponent's sign flipped.
pub fn flipped_logistic(x: Expr) -> Expr {
    div(
        Expr::Num(1.0),
        add(vec![Expr::Num(1.0), call(Func::Exp, x)]),
    )
}
