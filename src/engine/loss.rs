//! Per-sample losses and their derivatives with respect to the output activations, with
//! PyTorch's rules where the plain formulas would give NaN or infinity: `BCELoss` clamps each
//! logarithm at −100 and the denominator a(1 − a) of its gradient at 10⁻¹²;
//! `CrossEntropyLoss` works on the logits through log-softmax.

use crate::lesson::Loss;

use super::activation;

/// `BCELoss` clamps ln a and ln(1 − a) at −100, so a saturated output costs 100, not ∞.
pub const BCE_LOG_FLOOR: f64 = -100.0;

/// `BCELoss`'s gradient divides by max(a(1 − a), ε). ATen declares ε as
/// `constexpr float EPSILON = 1e-12`, so in double precision it is 1e-12 rounded to a float:
/// 9.999999960041972e-13.
pub const BCE_EPSILON: f64 = 1e-12_f32 as f64;

/// max(x, floor) as C++'s `std::max(x, floor)`, which PyTorch uses: a NaN x stays NaN.
pub fn at_least(x: f64, floor: f64) -> f64 {
    if x < floor { floor } else { x }
}

/// ln a, clamped at −100 as `BCELoss` does.
pub fn bce_ln(a: f64) -> f64 {
    at_least(a.ln(), BCE_LOG_FLOOR)
}

/// ln(1 − a), clamped at −100 as `BCELoss` does. Computed as ln_1p(−a), as ATen does, so a
/// small a is not lost by rounding 1 − a first.
pub fn bce_ln_one_minus(a: f64) -> f64 {
    at_least((-a).ln_1p(), BCE_LOG_FLOOR)
}

/// The denominator of `BCELoss`'s gradient: a(1 − a), at least [`BCE_EPSILON`].
pub fn bce_denominator(a: f64) -> f64 {
    at_least(a * (1.0 - a), BCE_EPSILON)
}

/// L for one sample, from the output layer's weighted inputs `z` (used by cross-entropy
/// only), activations `a` and targets `y`. Sums run left to right, as the formulas are written.
pub fn value(loss: Loss, z: &[f64], a: &[f64], y: &[f64]) -> f64 {
    let n = a.len() as f64;
    match loss {
        Loss::HalfSse => 0.5 * sum(a, y, |a, y| (a - y) * (a - y)),
        Loss::Mse => (1.0 / n) * sum(a, y, |a, y| (a - y) * (a - y)),
        Loss::Bce => {
            -((1.0 / n) * sum(a, y, |a, y| y * bce_ln(a) + (1.0 - y) * bce_ln_one_minus(a)))
        }
        Loss::CrossEntropy => cross_entropy(z, y),
    }
}

fn sum(a: &[f64], y: &[f64], term: impl Fn(f64, f64) -> f64) -> f64 {
    a.iter().zip(y).fold(0.0, |acc, (&a, &y)| acc + term(a, y))
}

/// −Σⱼ yⱼ·ln softmax(z)ⱼ from the logits, as `CrossEntropyLoss` with probability targets:
/// ln softmax(z)ⱼ = (zⱼ − max z) − ln Σₖ e^(zₖ − max z) is finite whenever z is, so a target
/// of 0 adds 0 even where softmax(z)ⱼ underflows to 0.
pub fn cross_entropy(z: &[f64], y: &[f64]) -> f64 {
    let max = activation::max(z);
    let lse = ln_sum_exp(z, max);
    -z.iter()
        .zip(y)
        .fold(0.0, |s, (&z, &y)| s + y * ((z - max) - lse))
}

/// ln Σₖ e^(zₖ − max), the sum taken left to right from 0.
pub fn ln_sum_exp(z: &[f64], max: f64) -> f64 {
    z.iter().fold(0.0, |s, &z| s + (z - max).exp()).ln()
}

/// ∂L/∂aⱼ for one output (n = number of outputs). Not used for softmax + cross-entropy,
/// whose output δ is a − y directly.
pub fn derivative(loss: Loss, a: f64, y: f64, n: usize) -> f64 {
    let n = n as f64;
    match loss {
        Loss::HalfSse => a - y,
        Loss::Mse => (2.0 / n) * (a - y),
        Loss::Bce => (1.0 / n) * ((a - y) / bce_denominator(a)),
        Loss::CrossEntropy => -(y / a),
    }
}

/// L of one sample whose output has `positions` positions (1 for a vector): the mean of the
/// positions' losses, as PyTorch's mean reduction gives it for a sequence. `z` is read by
/// cross-entropy only.
pub fn sample_value(loss: Loss, z: &[f64], a: &[f64], y: &[f64], positions: usize) -> f64 {
    if positions <= 1 {
        return value(loss, z, a, y);
    }
    let n = a.len() / positions;
    let at = |v: &'_ [f64], t: usize| -> std::ops::Range<usize> {
        debug_assert!(v.len() >= (t + 1) * n);
        t * n..(t + 1) * n
    };
    let sum = (0..positions).fold(0.0, |s, t| {
        let z_t = if z.is_empty() { &[][..] } else { &z[at(z, t)] };
        s + value(loss, z_t, &a[at(a, t)], &y[at(y, t)])
    });
    sum / positions as f64
}

/// ∂L/∂a of every output of a sample with `positions` positions, into `g`: each position's
/// derivative, divided by the number of positions when there are several.
pub fn sample_gradient(loss: Loss, a: &[f64], y: &[f64], positions: usize, g: &mut [f64]) {
    let n = a.len() / positions.max(1);
    for (i, g) in g.iter_mut().enumerate() {
        let d = derivative(loss, a[i], y[i], n);
        *g = if positions > 1 {
            d / positions as f64
        } else {
            d
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives_match_central_differences() {
        let a = [0.3, 0.6, 0.1];
        let y = [0.0, 1.0, 0.0];
        let h = 1e-6;
        for loss in [Loss::HalfSse, Loss::Mse, Loss::Bce] {
            for j in 0..a.len() {
                let mut up = a;
                let mut down = a;
                up[j] += h;
                down[j] -= h;
                let numeric = (value(loss, &[], &up, &y) - value(loss, &[], &down, &y)) / (2.0 * h);
                let analytic = derivative(loss, a[j], y[j], a.len());
                assert!(
                    (numeric - analytic).abs() < 1e-7 * analytic.abs().max(1.0),
                    "{loss:?} j={j}: {analytic} vs {numeric}"
                );
            }
        }
    }

    #[test]
    fn closed_forms() {
        // ½[(0.75 − 0.01)² + (0.77 − 0.99)²]
        let v = value(Loss::HalfSse, &[], &[0.75, 0.77], &[0.01, 0.99]);
        assert!((v - 0.5 * (0.74f64.powi(2) + 0.22f64.powi(2))).abs() < 1e-15);
        assert!((value(Loss::Mse, &[], &[1.0, 3.0], &[0.0, 0.0]) - 5.0).abs() < 1e-15);
        assert!((value(Loss::Bce, &[], &[0.5], &[1.0]) - std::f64::consts::LN_2).abs() < 1e-15);
        // softmax(0, ln 3) = (¼, ¾): −ln ¾.
        let z = [0.0, 3f64.ln()];
        let ce = value(Loss::CrossEntropy, &z, &[0.25, 0.75], &[0.0, 1.0]);
        assert!((ce + 0.75f64.ln()).abs() < 1e-15);
    }

    #[test]
    fn bce_clamps_as_pytorch() {
        // σ(40) rounds to 1: ln(1 − a) = −∞ is clamped, so y = 0 costs exactly 100 and y = 1
        // costs 0 (not 0·(−∞) = NaN).
        assert_eq!(value(Loss::Bce, &[], &[1.0], &[0.0]), 100.0);
        assert_eq!(value(Loss::Bce, &[], &[1.0], &[1.0]), 0.0);
        assert_eq!(value(Loss::Bce, &[], &[0.0], &[1.0]), 100.0);
        // ln a = −110 is clamped too.
        assert_eq!(value(Loss::Bce, &[], &[(-110f64).exp()], &[1.0]), 100.0);
        // A small a keeps its precision: −ln(1 − a) = a + a²/2 + … (rounding 1 − a first
        // would give 1.110223e-15).
        let a = 1e-15;
        assert_eq!(value(Loss::Bce, &[], &[a], &[0.0]), a + a * a / 2.0);
        // ε is float(1e-12), as ATen declares it.
        assert_eq!(BCE_EPSILON, 9.999999960041972e-13);
        assert_eq!(derivative(Loss::Bce, 1.0, 0.0, 1), 1.0 / BCE_EPSILON);
        assert_eq!(derivative(Loss::Bce, 1.0, 1.0, 1), 0.0);
        assert!(at_least(f64::NAN, -100.0).is_nan());
    }

    #[test]
    fn cross_entropy_is_finite_for_logits_far_apart() {
        let z = [1000.0, 0.0, -1000.0];
        assert_eq!(cross_entropy(&z, &[1.0, 0.0, 0.0]), 0.0);
        assert_eq!(cross_entropy(&z, &[0.0, 1.0, 0.0]), 1000.0);
        assert_eq!(cross_entropy(&z, &[0.0, 0.0, 1.0]), 2000.0);
        // All very negative: the shift by max z keeps every exponential in range.
        let z = [-1000.0, -1001.0];
        let want = (1.0 + (-1f64).exp()).ln();
        assert!((cross_entropy(&z, &[1.0, 0.0]) - want).abs() < 1e-15);
    }
}
