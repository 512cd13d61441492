//! Formulas at the edges of floating point: where PyTorch's clamps act, where e^z overflows
//! or underflows, where tanh′ must be rounded once and ReLU selects, and the remarks that say
//! so in words.
//!
//! The plain textbook formula is shown whenever it evaluates to the engine's value; only
//! where it would not (a clamp changes a number, an exponential leaves the normal range) is
//! the formula written the way the engine computes it, with a [`Remark`] saying why.

use crate::engine::activation;
use crate::engine::loss::{BCE_EPSILON, BCE_LOG_FLOOR, ln_sum_exp};
use crate::lesson::Activation;

use super::formula::{Expr, Func, Sym, call, div, gate, max, mul, one_minus_square, sub, var};
use super::remark::Remark;
use super::step::{Index, Quantity};

/// Is `got` the value `want`, as a formula must be (to 1e-12, relatively)?
pub fn evaluates_to(got: f64, want: f64) -> bool {
    got == want || (got.is_nan() && want.is_nan()) || (got - want).abs() <= 1e-12 * want.abs()
}

/// ln a (or with `one_minus`, ln(1 − a)) of output j, as `BCELoss` takes it: written with
/// max(…, −100) where the clamp changes the value.
pub fn bce_log(
    a: Expr,
    a_value: f64,
    one_minus: bool,
    (l, ix): (usize, Index),
    remarks: &mut Vec<Remark>,
) -> Expr {
    let (f, log) = if one_minus {
        (Func::LnOneMinus, (-a_value).ln_1p())
    } else {
        (Func::Ln, a_value.ln())
    };
    let e = call(f, a);
    if log < BCE_LOG_FLOOR {
        remarks.push(Remark::LogClamped {
            l,
            ix,
            one_minus,
            log,
        });
        max(e, Expr::Num(BCE_LOG_FLOOR))
    } else {
        e
    }
}

/// a(1 − a), the denominator of `BCELoss`'s gradient: written max(a(1 − a), 10⁻¹²) where
/// the clamp changes it.
pub fn bce_denominator(
    a: &dyn Fn() -> Expr,
    a_value: f64,
    (l, ix): (usize, Index),
    remarks: &mut Vec<Remark>,
) -> Expr {
    let product = mul(vec![a(), sub(Expr::Num(1.0), a())]);
    let value = a_value * (1.0 - a_value);
    if value < BCE_EPSILON {
        remarks.push(Remark::DenominatorClamped {
            l,
            ix,
            product: value,
        });
        max(product, var(Sym::BceEps, BCE_EPSILON))
    } else {
        product
    }
}

/// tanh′(z⁽ˡ⁾ⱼ) = 1 − (a⁽ˡ⁾ⱼ)², rounded once as the engine and PyTorch compute it, with a
/// remark where 1 − a·a rounded twice would not give the value (a near ±1).
pub fn tanh_slope(
    a: Expr,
    a_value: f64,
    (l, ix): (usize, Index),
    remarks: &mut Vec<Remark>,
) -> Expr {
    let once = activation::one_minus_square(a_value);
    let twice = 1.0 - a_value * a_value;
    if !evaluates_to(twice, once) {
        let error = ((twice - once) / once).abs();
        remarks.push(Remark::RoundedOnce { l, ix, error });
    }
    one_minus_square(a)
}

/// δ⁽ˡ⁾ⱼ of a ReLU unit written as the selection `0 if z ≤ 0, else error`, with a remark,
/// where the product error·ReLU′(z) would not give it: an infinite or NaN error at an
/// inactive unit, where the product is NaN and PyTorch's backward (and the engine) give 0.
/// `None` where the product is the value, as it is for every finite error.
pub fn relu_selection(
    act: Activation,
    (z, z_value): (Expr, f64),
    error: Expr,
    (l, ix): (usize, Index),
    remarks: &mut Vec<Remark>,
) -> Option<Expr> {
    if act != Activation::Relu {
        return None;
    }
    let e = error.eval();
    let product = e * activation::derivative(act, z_value, 0.0);
    if evaluates_to(product, activation::backward(act, z_value, 0.0, e)) {
        return None;
    }
    remarks.push(Remark::ReluSelects { l, ix, error: e });
    Some(gate(z, error))
}

/// Must softmax be written shifted, e^(zⱼ − max z) / Σₖ e^(zₖ − max z)? Unshifted, every
/// e^(zₖ), their sum and every aₖ must be normal numbers — finite, and at least 2⁻¹⁰²²
/// (z from −708.396… to 709.782…): then e^(zⱼ) / Σₖ e^(zₖ) agrees with the engine's shifted
/// computation to a few units in the last place. Past those bounds e^z overflows to ∞ or
/// underflows to 0 or a subnormal number that has lost digits; the shifted form is exactly
/// the engine's computation, so it always evaluates to the value.
pub fn softmax_shifted(z: &[f64], a: &[f64]) -> bool {
    let sum = z.iter().fold(0.0, |s, &z| s + z.exp());
    !(z.iter().all(|z| z.exp().is_normal()) && sum.is_normal() && a.iter().all(|a| a.is_normal()))
}

/// softmax(z⁽ˡ⁾)ⱼ at position `at` (empty for a vector), shifted by max z⁽ˡ⁾ where
/// [`softmax_shifted`] says so; `z` and `a` are that position's.
pub fn softmax(
    (l, at): (usize, Index),
    j: usize,
    z: &[f64],
    a: &[f64],
    remarks: &mut Vec<Remark>,
) -> Expr {
    let zk = |k: usize| var(Sym::q(Quantity::Z, l, at.then(&[k])), z[k]);
    let shifted = softmax_shifted(z, a);
    let m = activation::max(z);
    let e = |k: usize| match shifted {
        true => call(Func::Exp, sub(zk(k), var(Sym::MaxZ { l, at }, m))),
        false => call(Func::Exp, zk(k)),
    };
    if shifted {
        let overflow = z.iter().fold(0.0, |s, &z| s + z.exp()).is_infinite();
        remarks.push(Remark::SoftmaxShifted { l, at, overflow });
    }
    div(e(j), Expr::Sum((0..z.len()).map(e).collect()))
}

/// The cross-entropy loss of one sample, as (right-hand side, named terms, remarks):
/// −Σⱼ yⱼ ln aⱼ when that evaluates to `value`, else the log-softmax form the engine computes,
/// −Σⱼ yⱼ (zⱼ − max z − ln Σₖ e^(zₖ − max z)), with the log-sum as a named term.
pub fn cross_entropy(
    (l, at): (usize, Index),
    (z, a, y): (&[f64], &[f64], &[f64]),
    value: f64,
) -> (Expr, Vec<(Expr, Expr)>, Vec<Remark>) {
    let ix = |j: usize| at.then(&[j]);
    let yj = |j: usize| var(Sym::Y(ix(j)), y[j]);
    let per =
        |f: &dyn Fn(usize) -> Expr| Expr::Neg(Box::new(Expr::Sum((0..y.len()).map(f).collect())));
    let plain = per(&|j| {
        let a = var(Sym::q(Quantity::A, l, ix(j)), a[j]);
        mul(vec![yj(j), call(Func::Ln, a)])
    });
    if evaluates_to(plain.eval(), value) {
        return (plain, Vec::new(), Vec::new());
    }
    let m = activation::max(z);
    let lse = ln_sum_exp(z, m);
    let max_z = || var(Sym::MaxZ { l, at }, m);
    let zj = |j: usize| var(Sym::q(Quantity::Z, l, ix(j)), z[j]);
    let log_sum = || var(Sym::LogSumExp { l, at }, lse);
    let rhs = per(&|j| mul(vec![yj(j), sub(sub(zj(j), max_z()), log_sum())]));
    let exps = (0..z.len())
        .map(|k| call(Func::Exp, sub(zj(k), max_z())))
        .collect();
    let terms = vec![(log_sum(), call(Func::Ln, Expr::Sum(exps)))];
    let underflow = a.iter().position(|&a| a == 0.0).map(ix);
    (rhs, terms, vec![Remark::LogSoftmax { l, underflow }])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::loss;
    use crate::notation::Digits;

    /// The softmax formula of every output, evaluated, with the engine's values.
    fn softmax_case(z: &[f64]) -> (bool, Vec<f64>, Vec<f64>) {
        let mut a = vec![0.0; z.len()];
        activation::softmax(z, &mut a);
        let evals = (0..z.len())
            .map(|j| softmax((2, Index::EMPTY), j, z, &a, &mut Vec::new()).eval())
            .collect();
        (softmax_shifted(z, &a), evals, a)
    }

    /// The unshifted e^(zⱼ) / Σₖ e^(zₖ), as a formula without the shift would evaluate.
    fn unshifted(z: &[f64], j: usize) -> f64 {
        z[j].exp() / z.iter().fold(0.0, |s, &z| s + z.exp())
    }

    #[test]
    fn softmax_is_written_unshifted_inside_the_normal_range() {
        let ln_max = f64::MAX.ln(); // 709.782712893384
        let ln_min = f64::MIN_POSITIVE.ln(); // -708.3964185322641
        for z in [
            vec![0.3, -0.2, 0.1],
            vec![709.0, 708.0],
            vec![709.78, 10.0],
            vec![ln_min + 1e-3, ln_min + 1e-3],
        ] {
            let (shifted, evals, a) = softmax_case(&z);
            assert!(!shifted, "{z:?}");
            for (got, want) in evals.iter().zip(&a) {
                assert!(evaluates_to(*got, *want), "{z:?}: {got} vs {want}");
            }
        }
        assert!(709.78 < ln_max && 709.79 > ln_max);
    }

    #[test]
    fn softmax_is_shifted_past_the_bounds_and_then_exact() {
        let ln_min = f64::MIN_POSITIVE.ln();
        for z in [
            vec![709.79, 10.0],              // e^z overflows
            vec![709.7, 709.7],              // the sum overflows
            vec![1000.0, 0.0, -1000.0],      // a thousand apart
            vec![ln_min - 1e-3, ln_min],     // e^z subnormal
            vec![-720.0, -721.0, -722.0],    // all subnormal
            vec![-1000.0, -1001.0, -1002.0], // all underflow to 0
            vec![709.0, 0.0],                // an output subnormal
        ] {
            let (shifted, evals, a) = softmax_case(&z);
            assert!(shifted, "{z:?}");
            assert_eq!(
                evals, a,
                "{z:?}: the shifted form is the engine's computation"
            );
        }
        // Unshifted, the subnormal case is off in the 12th digit and the underflow is 0/0.
        let z = [-720.0, -721.0, -722.0];
        let (_, _, a) = softmax_case(&z);
        assert!((unshifted(&z, 0) - a[0]).abs() > 1e-12 * a[0]);
        assert!(unshifted(&[-1000.0, -1001.0], 0).is_nan());
    }

    #[test]
    fn cross_entropy_switches_to_log_softmax_only_when_needed() {
        let case = |z: &[f64], y: &[f64]| {
            let mut a = vec![0.0; z.len()];
            activation::softmax(z, &mut a);
            let value = loss::cross_entropy(z, y);
            let (rhs, terms, remarks) = cross_entropy((2, Index::EMPTY), (z, &a, y), value);
            assert!(
                evaluates_to(rhs.eval(), value),
                "{z:?}: {} vs {value}",
                rhs.eval()
            );
            for (name, def) in &terms {
                assert_eq!(name.eval(), def.eval());
            }
            (value, terms.is_empty(), remarks)
        };
        let (_, plain, remarks) = case(&[0.3, -0.2, 0.1], &[0.0, 1.0, 0.0]);
        assert!(plain && remarks.is_empty());
        // PyTorch's CrossEntropyLoss gives 0 and 1000 here.
        let z = [1000.0, 0.0, -1000.0];
        let (value, plain, remarks) = case(&z, &[1.0, 0.0, 0.0]);
        assert_eq!((value, plain), (0.0, false));
        assert_eq!(
            remarks,
            [Remark::LogSoftmax {
                l: 2,
                underflow: Some(Index::one(1))
            }]
        );
        assert_eq!(case(&z, &[0.0, 1.0, 0.0]).0, 1000.0);
        // Nothing underflows, but −ln a₁ and log-softmax's ln(1 + 2e⁻²⁰) round differently
        // (a₁ = 1 − 4.1e-9 keeps 8 digits of its distance from 1): they differ in the 9th
        // digit, so the loss is written as computed.
        let z = [20.0, 0.0, 0.0];
        let (value, plain, remarks) = case(&z, &[1.0, 0.0, 0.0]);
        assert!(!plain && (value - 2.0 * (-20f64).exp()).abs() < 1e-7 * value);
        assert_eq!(
            remarks,
            [Remark::LogSoftmax {
                l: 2,
                underflow: None
            }]
        );
    }

    #[test]
    fn bce_clamps_are_shown_only_where_they_act() {
        let a = |v: f64| var(Sym::a(1, 0), v);
        let mut remarks = Vec::new();
        let plain = bce_log(a(0.3), 0.3, false, (1, Index::one(0)), &mut remarks);
        assert!(matches!(plain, Expr::Call(Func::Ln, _)) && remarks.is_empty());
        let clamped = bce_log(a(1.0), 1.0, true, (1, Index::one(0)), &mut remarks);
        assert_eq!(clamped.eval(), -100.0);
        assert!(matches!(
            remarks[..],
            [Remark::LogClamped {
                one_minus: true,
                ..
            }]
        ));
        let s = 1.0 - 9.357622968839299e-14; // σ(30)
        let den = bce_denominator(&|| a(s), s, (1, Index::one(0)), &mut remarks);
        assert_eq!(den.eval(), BCE_EPSILON);
        assert_eq!(
            Remark::DenominatorClamped {
                l: 1,
                ix: Index::one(0),
                product: s * (1.0 - s)
            }
            .text(false, Digits::Sig(3)),
            "a⁽¹⁾₁(1 − a⁽¹⁾₁) = 9.36e-14 < 10⁻¹² is clamped to 10⁻¹², as PyTorch's BCELoss \
             does, so δ⁽¹⁾₁ ≠ a⁽¹⁾₁ − y₁: a saturated sigmoid learns slowly under BCELoss \
             (BCEWithLogitsLoss avoids this)."
        );
        assert_eq!(
            remarks[0].text(true, Digits::Sig(3)),
            "PyTorch's BCELoss clamps ln(1 - a(1)[1]) at -100 here: it is -inf (a(1)[1] rounds \
             to 1)."
        );
    }

    #[test]
    fn tanh_slope_is_rounded_once_and_says_so_where_it_matters() {
        let a = |v: f64| var(Sym::a(1, 0), v);
        let mut remarks = Vec::new();
        let (near, far) = (9.7f64.tanh(), 0.5f64.tanh());
        assert_eq!(
            tanh_slope(a(far), far, (1, Index::one(0)), &mut remarks).eval(),
            1.0 - far * far
        );
        assert!(remarks.is_empty(), "1 − a·a is exact enough at z = 0.5");
        let slope = tanh_slope(a(near), near, (1, Index::one(0)), &mut remarks);
        // 1 − a² at a = tanh(9.7), from mpmath at 300 bits, rounded to f64.
        assert_eq!(slope.eval(), 1.502266705386697e-08);
        let [Remark::RoundedOnce { error, .. }] = remarks[..] else {
            panic!("{remarks:?}")
        };
        assert!((error - 3.6346521478e-9).abs() < 1e-18, "{error}");
        assert_eq!(
            remarks[0].text(false, Digits::Sig(3)),
            "1 − a⁽¹⁾₁² is rounded once, as PyTorch's tanh backward computes it: a⁽¹⁾₁ is so \
             near ±1 that 1 − a⁽¹⁾₁·a⁽¹⁾₁, rounded after the product too, would be off by \
             3.63e-9 of its value."
        );
        assert!(
            remarks[0]
                .text(true, Digits::Sig(3))
                .contains("1 - a(1)[1]*a(1)[1]")
        );
    }

    #[test]
    fn relu_selects_where_the_product_would_be_nan() {
        let z = |v: f64| (var(Sym::z(1, 1), v), v);
        let error = |v: f64| {
            let ix = Index::one(1);
            var(Sym::PassedBack { l: 1, ix }, v)
        };
        let mut remarks = Vec::new();
        let relu = Activation::Relu;
        for finite in [-2.0, 0.0, 3.0] {
            assert!(
                relu_selection(
                    relu,
                    z(-1.0),
                    error(finite),
                    (1, Index::one(1)),
                    &mut remarks
                )
                .is_none()
            );
        }
        let leaky = Activation::LeakyRelu;
        let inf = f64::INFINITY;
        assert!(
            relu_selection(leaky, z(-1.0), error(inf), (1, Index::one(1)), &mut remarks).is_none()
        );
        assert!(
            relu_selection(relu, z(2.0), error(inf), (1, Index::one(1)), &mut remarks).is_none()
        );
        assert!(remarks.is_empty());
        let gate =
            relu_selection(relu, z(-1.0), error(inf), (1, Index::one(1)), &mut remarks).unwrap();
        assert_eq!(gate.eval(), 0.0, "∞·0 would be NaN; ReLU selects 0");
        assert_eq!(
            remarks[0].text(false, Digits::Sig(3)),
            "z⁽¹⁾₂ ≤ 0, so ReLU passes no error back: δ⁽¹⁾₂ = 0, as PyTorch's ReLU backward \
             selects it, although the error reaching it is ∞ (∞·ReLU′(z⁽¹⁾₂) = ∞·0 would be \
             NaN)."
        );
        assert_eq!(
            remarks[0].text(true, Digits::Sig(3)),
            "z(1)[2] <= 0, so ReLU passes no error back: delta(1)[2] = 0, as PyTorch's ReLU \
             backward selects it, although the error reaching it is inf (inf*ReLU'(z(1)[2]) = \
             inf*0 would be NaN)."
        );
        let nan = relu_selection(
            relu,
            z(0.0),
            error(f64::NAN),
            (1, Index::one(1)),
            &mut remarks,
        );
        assert_eq!(nan.map(|g| g.eval()), Some(0.0));
    }
}
