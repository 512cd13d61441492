//! Activation functions and their derivatives, elementwise (softmax over a layer).

use crate::lesson::{Activation, LEAKY_SLOPE};

/// f(z) for every activation but softmax.
pub fn apply(act: Activation, z: f64) -> f64 {
    match act {
        Activation::Sigmoid => sigmoid(z),
        Activation::Tanh => z.tanh(),
        Activation::Relu => {
            if z > 0.0 {
                z
            } else {
                0.0
            }
        }
        Activation::LeakyRelu => {
            if z > 0.0 {
                z
            } else {
                LEAKY_SLOPE * z
            }
        }
        Activation::Identity => z,
        Activation::Softmax => panic!("softmax is applied to a whole layer"),
    }
}

/// σ(z) = 1 / (1 + e^(−z)).
pub fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// f′(z), from z and a = f(z) (sigmoid and tanh use a, as the textbooks write them).
/// ReLU′(0) = 0 and leaky ReLU′(0) = 0.01, as in PyTorch.
/// Softmax has no elementwise derivative; with cross-entropy the output δ is a − y directly.
pub fn derivative(act: Activation, z: f64, a: f64) -> f64 {
    match act {
        Activation::Sigmoid => a * (1.0 - a),
        Activation::Tanh => 1.0 - a * a,
        Activation::Relu => {
            if z > 0.0 {
                1.0
            } else {
                0.0
            }
        }
        Activation::LeakyRelu => {
            if z > 0.0 {
                1.0
            } else {
                LEAKY_SLOPE
            }
        }
        Activation::Identity => 1.0,
        Activation::Softmax => panic!("softmax has no elementwise derivative"),
    }
}

/// max z, the shift of softmax and log-softmax (NaNs are skipped, as `f64::max` does).
pub fn max(z: &[f64]) -> f64 {
    z.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

/// Softmax of `z` into `out`: e^(zⱼ − max z) / Σₖ e^(zₖ − max z), so no e^z overflows and
/// the largest term is 1.
pub fn softmax(z: &[f64], out: &mut [f64]) {
    let max = max(z);
    let mut sum = 0.0;
    for (o, &zi) in out.iter_mut().zip(z) {
        *o = (zi - max).exp();
        sum += *o;
    }
    for o in out.iter_mut() {
        *o /= sum;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn central(f: impl Fn(f64) -> f64, z: f64) -> f64 {
        let h = 1e-6;
        (f(z + h) - f(z - h)) / (2.0 * h)
    }

    #[test]
    fn derivatives_match_central_differences() {
        for act in [
            Activation::Sigmoid,
            Activation::Tanh,
            Activation::Relu,
            Activation::LeakyRelu,
            Activation::Identity,
        ] {
            for z in [-3.1, -0.7, -0.01, 0.02, 0.5, 2.3] {
                let analytic = derivative(act, z, apply(act, z));
                let numeric = central(|x| apply(act, x), z);
                assert!(
                    (analytic - numeric).abs() < 1e-8,
                    "{act:?} at {z}: {analytic} vs {numeric}"
                );
            }
        }
    }

    #[test]
    fn sigmoid_closed_forms() {
        assert_eq!(sigmoid(0.0), 0.5);
        // The article's slip: σ(0.2) is 0.549834, not 0.865.
        assert!((sigmoid(0.2) - 0.549_833_997_312_478).abs() < 1e-15);
        assert!((sigmoid(-(3.0f64).ln()) - 0.25).abs() < 1e-15);
    }

    #[test]
    fn relu_conventions_at_zero() {
        assert_eq!(derivative(Activation::Relu, 0.0, 0.0), 0.0);
        assert_eq!(derivative(Activation::LeakyRelu, 0.0, 0.0), 0.01);
        assert_eq!(apply(Activation::LeakyRelu, -2.0), -0.02);
    }

    #[test]
    fn softmax_is_stable_and_normalised() {
        let z = [1000.0, 1000.0 + (2.0f64).ln(), 1000.0 + (5.0f64).ln()];
        let mut a = [0.0; 3];
        softmax(&z, &mut a);
        for (got, want) in a.iter().zip([0.125, 0.25, 0.625]) {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
    }
}
