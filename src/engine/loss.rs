//! Per-sample losses and their derivatives with respect to the output activations.

use crate::lesson::Loss;

/// L for one sample, from the output layer's weighted inputs `z` (unused so far), activations
/// `a` and targets `y`. Sums run left to right, as the formulas are written.
pub fn value(loss: Loss, _z: &[f64], a: &[f64], y: &[f64]) -> f64 {
    let n = a.len() as f64;
    match loss {
        Loss::HalfSse => 0.5 * sum(a, y, |a, y| (a - y) * (a - y)),
        Loss::Mse => (1.0 / n) * sum(a, y, |a, y| (a - y) * (a - y)),
        Loss::Bce => -((1.0 / n) * sum(a, y, |a, y| y * a.ln() + (1.0 - y) * (1.0 - a).ln())),
        Loss::CrossEntropy => -sum(a, y, |a, y| y * a.ln()),
    }
}

fn sum(a: &[f64], y: &[f64], term: impl Fn(f64, f64) -> f64) -> f64 {
    a.iter().zip(y).fold(0.0, |acc, (&a, &y)| acc + term(a, y))
}

/// ∂L/∂aⱼ for one output (n = number of outputs). Not used for softmax + cross-entropy,
/// whose output δ is a − y directly.
pub fn derivative(loss: Loss, a: f64, y: f64, n: usize) -> f64 {
    let n = n as f64;
    match loss {
        Loss::HalfSse => a - y,
        Loss::Mse => (2.0 / n) * (a - y),
        Loss::Bce => (1.0 / n) * ((a - y) / (a * (1.0 - a))),
        Loss::CrossEntropy => -(y / a),
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
        for loss in Loss::ALL {
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
        assert!(
            (value(Loss::CrossEntropy, &[], &[0.25, 0.75], &[0.0, 1.0]) + 0.75f64.ln()).abs()
                < 1e-15
        );
    }
}
