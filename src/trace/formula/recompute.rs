//! The digits a formula's numbers are written with, so that the formula as written gives its
//! result as written: typed into a calculator, `σ(1.10591)` gives 0.751366, not the 0.751365
//! beside it, so that formula is written `σ(1.105906)`. One rule for every place a formula
//! is shown with its numbers (the tutor, the Markdown export, `check`'s report).

use crate::notation::{Digits, number};

use super::Expr;

/// The most significant digits a number needs: 17 write any f64 exactly.
const EXACT: usize = 17;

/// The digits to write `e`'s numbers with so that, read back and computed, they give `value`
/// as `digits` writes it: `digits` itself when that is enough, else the fewest more. A sum
/// shown cut short (more than `max_terms` terms) cannot be recomputed from what is written,
/// and neither can full precision be bettered: `digits` is kept for those.
pub fn recomputing(e: &Expr, value: f64, digits: Digits, max_terms: usize) -> Digits {
    let Digits::Short(shown) = digits else {
        return digits;
    };
    if !value.is_finite() || cut_short(e, max_terms) {
        return digits;
    }
    let target = number::plain(value, digits);
    (shown..=EXACT)
        .map(Digits::Short)
        .find(|&d| number::plain(as_written(e, d).eval(), digits) == target)
        .unwrap_or(digits)
}

/// `e` with every number replaced by what it reads back as when written to `digits`.
fn as_written(e: &Expr, digits: Digits) -> Expr {
    let read = |v: f64| {
        if v.is_finite() {
            number::plain(v, digits).parse().unwrap_or(v)
        } else {
            v
        }
    };
    let all = |t: &[Expr]| t.iter().map(|x| as_written(x, digits)).collect();
    let one = |x: &Expr| Box::new(as_written(x, digits));
    match e {
        Expr::Var(sym, v) => Expr::Var(*sym, read(*v)),
        Expr::Num(v) => Expr::Num(read(*v)),
        Expr::Frac(..) | Expr::SumOver(..) => e.clone(),
        Expr::Add(t) => Expr::Add(all(t)),
        Expr::Sum(t) => Expr::Sum(all(t)),
        Expr::Mul(t) => Expr::Mul(all(t)),
        Expr::MaxOf(t) => Expr::MaxOf(all(t)),
        Expr::Sub(a, b) => Expr::Sub(one(a), one(b)),
        Expr::Div(a, b) => Expr::Div(one(a), one(b)),
        Expr::Pow(a, b) => Expr::Pow(one(a), one(b)),
        Expr::Max(a, b) => Expr::Max(one(a), one(b)),
        Expr::Neg(a) => Expr::Neg(one(a)),
        Expr::Call(f, a) => Expr::Call(*f, one(a)),
        Expr::StepDeriv(f, a) => Expr::StepDeriv(*f, one(a)),
        Expr::OneMinusSquare(a) => Expr::OneMinusSquare(one(a)),
        Expr::Gate { z, error } => Expr::Gate {
            z: one(z),
            error: one(error),
        },
    }
}

/// Is a sum in `e` written cut short (its first terms and a count of the rest)?
fn cut_short(e: &Expr, max_terms: usize) -> bool {
    match e {
        Expr::Add(t) | Expr::Sum(t) if t.len() > max_terms => true,
        Expr::MaxOf(t) if t.len() > max_terms => true,
        Expr::Add(t) | Expr::Sum(t) | Expr::Mul(t) | Expr::MaxOf(t) => {
            t.iter().any(|x| cut_short(x, max_terms))
        }
        Expr::Sub(a, b)
        | Expr::Div(a, b)
        | Expr::Pow(a, b)
        | Expr::Max(a, b)
        | Expr::Gate { z: a, error: b } => cut_short(a, max_terms) || cut_short(b, max_terms),
        Expr::Neg(a)
        | Expr::Call(_, a)
        | Expr::StepDeriv(_, a)
        | Expr::SumOver(_, _, a)
        | Expr::OneMinusSquare(a) => cut_short(a, max_terms),
        Expr::Var(..) | Expr::Num(_) | Expr::Frac(..) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Func, Sym, add, call, mul, var};
    use super::*;

    #[test]
    fn digits_grow_until_the_formula_gives_its_result() {
        // σ(1.10591) = 0.7513658…, written 0.751366; the exact z = 1.105905967 gives
        // σ = 0.75136507, written 0.751365: z needs 7 digits (1.105906 gives 0.75136508).
        let z = 1.105905967;
        let e = call(Func::Sigmoid, var(Sym::z(2, 0), z));
        let value = 1.0 / (1.0 + (-z).exp());
        assert_eq!(
            recomputing(&e, value, Digits::Short(6), 8),
            Digits::Short(7)
        );
        // 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775 needs no more.
        let e = add(vec![
            mul(vec![var(Sym::w(1, 0, 0), 0.15), var(Sym::a(0, 0), 0.05)]),
            mul(vec![var(Sym::w(1, 0, 1), 0.2), var(Sym::a(0, 1), 0.1)]),
            var(Sym::b(1, 0), 0.35),
        ]);
        assert_eq!(
            recomputing(&e, 0.3775, Digits::Short(6), 8),
            Digits::Short(6)
        );
        // Full precision is already exact; a sum cut short cannot be recomputed.
        assert_eq!(recomputing(&e, 0.3775, Digits::Full, 8), Digits::Full);
        let long = add((0..9).map(|k| var(Sym::a(0, k), 1.0 / 3.0)).collect());
        assert_eq!(
            recomputing(&long, 3.1, Digits::Short(6), 8),
            Digits::Short(6)
        );
    }
}
