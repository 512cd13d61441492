//! Activation functions and their derivatives, elementwise (softmax over a layer).

use crate::lesson::{Activation, LEAKY_SLOPE};

/// f(z) for every activation but softmax.
pub fn apply(act: Activation, z: f64) -> f64 {
    match act {
        Activation::Sigmoid => sigmoid(z),
        Activation::Tanh => z.tanh(),
        // PyTorch's clamp_min(z, 0): a NaN stays NaN, as it does in a diverging network.
        Activation::Relu => {
            if z < 0.0 {
                0.0
            } else {
                z
            }
        }
        Activation::LeakyRelu => {
            if z > 0.0 {
                z
            } else {
                LEAKY_SLOPE * z
            }
        }
        Activation::Gelu => gelu(z),
        Activation::Identity => z,
        Activation::Softmax => panic!("softmax is applied to a whole layer"),
    }
}

/// 1/√2, the scale of erf's argument in Φ(z) = ½(1 + erf(z/√2)).
pub const GELU_ALPHA: f64 = std::f64::consts::FRAC_1_SQRT_2;

/// 1/√(2π), the normal density's factor, as PyTorch computes it: (2/√π)·(1/√2)·½.
pub const GELU_BETA: f64 = std::f64::consts::FRAC_2_SQRT_PI * std::f64::consts::FRAC_1_SQRT_2 * 0.5;

/// erf(x).
pub fn erf(x: f64) -> f64 {
    libm::erf(x)
}

/// GELU(z) = z·½·(1 + erf(z·(1/√2))), in PyTorch's order.
pub fn gelu(z: f64) -> f64 {
    z * 0.5 * (1.0 + erf(z * GELU_ALPHA))
}

/// GELU′(z) = Φ(z) + z·φ(z), with Φ(z) = ½(1 + erf(z/√2)) and φ(z) = e^(−z²/2)/√(2π), in
/// PyTorch's order.
pub fn gelu_slope(z: f64) -> f64 {
    let cdf = 0.5 * (1.0 + erf(z * GELU_ALPHA));
    let pdf = GELU_BETA * (z * z * -0.5).exp();
    cdf + z * pdf
}

/// σ(z) = 1 / (1 + e^(−z)).
pub fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// f′(z), from z and a = f(z) (sigmoid and tanh use a, as the textbooks write them).
/// ReLU′(0) = 0 and leaky ReLU′(0) = 0.01, as in PyTorch.
/// Softmax has no elementwise derivative; with cross-entropy the output δ is a − y directly.
///
/// tanh′ = 1 − a² is rounded once, as PyTorch's vectorised tanh backward computes it (a fused
/// multiply–add): near a = ±1, 1 − a·a rounded after the product too would lose digits.
pub fn derivative(act: Activation, z: f64, a: f64) -> f64 {
    match act {
        Activation::Sigmoid => a * (1.0 - a),
        Activation::Tanh => one_minus_square(a),
        // As PyTorch's ReLU backward tests its output: 0 where it is ≤ 0 (so where z ≤ 0).
        Activation::Relu => {
            if z <= 0.0 {
                0.0
            } else {
                1.0
            }
        }
        Activation::LeakyRelu => {
            if z > 0.0 {
                1.0
            } else {
                LEAKY_SLOPE
            }
        }
        Activation::Gelu => gelu_slope(z),
        Activation::Identity => 1.0,
        Activation::Softmax => panic!("softmax has no elementwise derivative"),
    }
}

/// 1 − x², correctly rounded: one rounding, where 1 − x·x has two.
pub fn one_minus_square(x: f64) -> f64 {
    (-x).mul_add(x, 1.0)
}

/// δ = error·f′(z): the error reaching z (∂L/∂a, or the error passed back) carried through f,
/// as PyTorch's backward computes it. ReLU *selects* — the error where z > 0, else 0 — so an
/// inactive unit's δ is 0 even when the error is infinite, where ∞·0 would be NaN. (Leaky
/// ReLU's product with 1 or its slope is already exactly PyTorch's selection.)
pub fn backward(act: Activation, z: f64, a: f64, error: f64) -> f64 {
    match act {
        Activation::Relu => {
            if z <= 0.0 {
                0.0
            } else {
                error
            }
        }
        _ => error * derivative(act, z, a),
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
            Activation::Gelu,
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
    fn gelu_closed_forms() {
        // Within a few units in the last place (erf is not correctly rounded).
        // mpmath (50 digits): 1·Φ(1) = 0.84134474606854295…, −1·Φ(−1) = −0.15865525393145705…
        assert!((gelu(1.0) - 0.841_344_746_068_542_9).abs() < 1e-15);
        assert!((gelu(-1.0) + 0.158_655_253_931_457_05).abs() < 1e-15);
        assert_eq!(gelu(0.0), 0.0);
        // GELU′(0) = Φ(0) = ½; GELU′(1) = Φ(1) + φ(1) = 1.0833154705876863…
        assert_eq!(gelu_slope(0.0), 0.5);
        assert!((gelu_slope(1.0) - 1.083_315_470_587_686_3).abs() < 1e-15);
    }

    #[test]
    fn relu_conventions_at_zero() {
        assert_eq!(derivative(Activation::Relu, 0.0, 0.0), 0.0);
        assert_eq!(derivative(Activation::LeakyRelu, 0.0, 0.0), 0.01);
        assert_eq!(apply(Activation::LeakyRelu, -2.0), -0.02);
    }

    /// 1 − a² for a in [0.5, 1), computed exactly in integers and rounded once: a = m·2⁻⁵³
    /// with m < 2⁵³, so 1 − a² = (2¹⁰⁶ − m²)·2⁻¹⁰⁶, whose numerator fits in a u128; converting
    /// it to f64 rounds to nearest, and the power of two scales exactly.
    fn exact_one_minus_square(a: f64) -> f64 {
        let m = (a.abs() * 2f64.powi(53)) as u128;
        assert_eq!(m as f64 * 2f64.powi(-53), a.abs(), "a is in [0.5, 1)");
        ((1u128 << 106) - m * m) as f64 * 2f64.powi(-106)
    }

    #[test]
    fn tanh_slope_is_correctly_rounded_near_saturation() {
        // a = tanh(9.7) = 0.9999999924886664: mpmath (300 bits) gives 1 − a² =
        // 1.502266705386697e-08 rounded to f64; 1 − a·a, rounded twice, gives
        // 1.50226669992648e-08, off by 3.6e-9.
        let a = 9.7f64.tanh();
        assert_eq!(a, 0.9999999924886664);
        assert_eq!(derivative(Activation::Tanh, 9.7, a), 1.502266705386697e-08);
        assert_eq!(1.0 - a * a, 1.50226669992648e-08);
        assert_eq!(exact_one_minus_square(a), 1.502266705386697e-08);
        // Every a of a seeded sweep towards ±1, and the last doubles below 1.
        let mut x = 0x9e37_79b9_7f4a_7c15_u64;
        for i in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let z = 0.35 + (x >> 11) as f64 * 2f64.powi(-53) * 19.0;
            let a = if i % 2 == 0 { z.tanh() } else { -z.tanh() };
            if a.abs() >= 0.5 && a.abs() < 1.0 {
                assert_eq!(one_minus_square(a), exact_one_minus_square(a), "a = {a:e}");
            }
        }
        for ulps in 1..=64u64 {
            let a = f64::from_bits(1f64.to_bits() - ulps);
            assert_eq!(one_minus_square(a), exact_one_minus_square(a), "a = {a:e}");
        }
    }

    #[test]
    fn relu_selects_as_pytorch_does_under_any_error() {
        let inf = f64::INFINITY;
        // An inactive unit passes no error back, even an infinite or NaN one: PyTorch's
        // threshold_backward gives 0 where ∞·ReLU′(z) = ∞·0 is NaN.
        for error in [inf, -inf, f64::NAN, -3.0] {
            assert_eq!(backward(Activation::Relu, -1.0, 0.0, error), 0.0, "{error}");
            assert_eq!(backward(Activation::Relu, 0.0, 0.0, error), 0.0, "{error}");
        }
        assert!((inf * derivative(Activation::Relu, -1.0, 0.0)).is_nan());
        assert_eq!(backward(Activation::Relu, 2.0, 2.0, -inf), -inf);
        // Leaky ReLU's product is already the selection: ∞ times 1 or 0.01 is ∞.
        assert_eq!(backward(Activation::LeakyRelu, -1.0, -0.01, inf), inf);
        assert_eq!(backward(Activation::LeakyRelu, 1.0, 1.0, -inf), -inf);
        // ReLU of NaN is NaN, as PyTorch's clamp_min gives, and its backward passes the error.
        assert!(apply(Activation::Relu, f64::NAN).is_nan());
        assert_eq!(backward(Activation::Relu, f64::NAN, f64::NAN, 2.5), 2.5);
        assert_eq!(apply(Activation::Relu, -inf), 0.0);
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
