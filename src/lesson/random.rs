//! Seeded randomness: initial weights and generated inputs.
//!
//! Every draw comes from `ChaCha8Rng::seed_from_u64(seed)`, a portable generator, so a lesson
//! gives the same numbers on every machine. The order of draws is part of the lesson format
//! (see the [`super`] module documentation) and must not change.

use ndarray::Array1;
#[cfg(test)]
use ndarray::Array2;
use rand::SeedableRng;
use rand::distr::Distribution;
use rand::rngs::ChaCha8Rng;
use rand_distr::{Normal, StandardNormal, Uniform};

use super::model::InputDistribution;

/// How a layer's weights are drawn when the lesson does not give them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Scheme {
    /// U(−a, a) with a = √(6 / (fan_in + fan_out)), as `torch.nn.init.xavier_uniform_`.
    XavierUniform,
    /// U(−a, a) with a = √(6 / fan_in), as `torch.nn.init.kaiming_uniform_` for ReLU.
    HeUniform,
    /// U(low, high).
    Uniform { low: f64, high: f64 },
    /// N(0, std²).
    Normal { std: f64 },
}

/// The kinds of [`Scheme`], by the names used in lesson files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SchemeKind {
    XavierUniform,
    HeUniform,
    Uniform,
    Normal,
}

impl SchemeKind {
    pub const ALL: [SchemeKind; 4] = [
        SchemeKind::XavierUniform,
        SchemeKind::HeUniform,
        SchemeKind::Uniform,
        SchemeKind::Normal,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SchemeKind::XavierUniform => "xavier_uniform",
            SchemeKind::HeUniform => "he_uniform",
            SchemeKind::Uniform => "uniform",
            SchemeKind::Normal => "normal",
        }
    }
}

impl Scheme {
    #[cfg(test)]
    pub fn name(self) -> &'static str {
        match self {
            Scheme::XavierUniform => SchemeKind::XavierUniform,
            Scheme::HeUniform => SchemeKind::HeUniform,
            Scheme::Uniform { .. } => SchemeKind::Uniform,
            Scheme::Normal { .. } => SchemeKind::Normal,
        }
        .name()
    }
}

/// The range or spread cannot be drawn from (e.g. `high − low` overflows to infinity).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BadRange;

pub(crate) fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// Draw a `rows × cols` weight matrix (`cols` = fan_in, `rows` = fan_out), row by row.
#[cfg(test)]
pub(crate) fn weights(
    rng: &mut ChaCha8Rng,
    scheme: Scheme,
    rows: usize,
    cols: usize,
) -> Result<Array2<f64>, BadRange> {
    let values = draw_weights(rng, scheme, rows * cols, (cols, rows))?;
    Ok(Array2::from_shape_vec((rows, cols), values).expect("rows × cols values were drawn"))
}

/// Draw `n` weights of a tensor with fans `(fan_in, fan_out)`, as PyTorch counts them
/// (`fan_in` = inputs × kernel size, `fan_out` = outputs × kernel size), in row-major order.
pub(crate) fn draw_weights(
    rng: &mut ChaCha8Rng,
    scheme: Scheme,
    n: usize,
    (fan_in, fan_out): (usize, usize),
) -> Result<Vec<f64>, BadRange> {
    Ok(match scheme {
        Scheme::XavierUniform => {
            let a = (6.0 / (fan_in + fan_out) as f64).sqrt();
            draw(rng, Uniform::new(-a, a).map_err(|_| BadRange)?, n)
        }
        Scheme::HeUniform => {
            let a = (6.0 / fan_in as f64).sqrt();
            draw(rng, Uniform::new(-a, a).map_err(|_| BadRange)?, n)
        }
        Scheme::Uniform { low, high } => {
            draw(rng, Uniform::new(low, high).map_err(|_| BadRange)?, n)
        }
        Scheme::Normal { std } => draw(rng, Normal::new(0.0, std).map_err(|_| BadRange)?, n),
    })
}

fn draw(rng: &mut ChaCha8Rng, dist: impl Distribution<f64>, n: usize) -> Vec<f64> {
    (0..n).map(|_| dist.sample(rng)).collect()
}

/// `samples` input vectors of length `inputs`, drawn sample by sample, input by input.
pub(crate) fn inputs(
    seed: u64,
    dist: InputDistribution,
    samples: usize,
    inputs: usize,
) -> Result<Vec<Array1<f64>>, BadRange> {
    let mut rng = rng(seed);
    match dist {
        InputDistribution::Normal => Ok((0..samples)
            .map(|_| Array1::from(draw(&mut rng, StandardNormal, inputs)))
            .collect()),
        InputDistribution::Uniform { low, high } => {
            let u = Uniform::new(low, high).map_err(|_| BadRange)?;
            Ok((0..samples)
                .map(|_| Array1::from(draw(&mut rng, u, inputs)))
                .collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_within(w: &Array2<f64>, low: f64, high: f64) -> bool {
        w.iter().all(|&x| low <= x && x <= high)
    }

    #[test]
    fn xavier_uniform_range() {
        // fan_in 3, fan_out 5: a = √(6/8) = √0.75.
        let a = 0.75f64.sqrt();
        let w = weights(&mut rng(1), Scheme::XavierUniform, 5, 3).unwrap();
        assert_eq!(w.dim(), (5, 3));
        assert!(all_within(&w, -a, a));
        // Big enough to see both ends of the range used.
        let w = weights(&mut rng(1), Scheme::XavierUniform, 100, 100).unwrap();
        let a = (6.0f64 / 200.0).sqrt();
        assert!(all_within(&w, -a, a));
        assert!(w.iter().any(|&x| x > 0.9 * a) && w.iter().any(|&x| x < -0.9 * a));
    }

    #[test]
    fn he_uniform_range() {
        // fan_in 100: a = √(6/100).
        let a = 0.06f64.sqrt();
        let w = weights(&mut rng(2), Scheme::HeUniform, 50, 100).unwrap();
        assert!(all_within(&w, -a, a));
        assert!(w.iter().any(|&x| x > 0.9 * a) && w.iter().any(|&x| x < -0.9 * a));
    }

    #[test]
    fn uniform_range() {
        let s = Scheme::Uniform {
            low: 2.0,
            high: 3.0,
        };
        let w = weights(&mut rng(3), s, 40, 40).unwrap();
        assert!(all_within(&w, 2.0, 3.0));
        assert!(w.iter().any(|&x| x < 2.1) && w.iter().any(|&x| x > 2.9));
    }

    #[test]
    fn normal_spread() {
        // 10,000 draws of N(0, 2²): mean within 0.1 of 0, std within 0.1 of 2.
        let w = weights(&mut rng(4), Scheme::Normal { std: 2.0 }, 100, 100).unwrap();
        let n = w.len() as f64;
        let mean = w.sum() / n;
        let std = (w.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
        assert!(mean.abs() < 0.1, "mean {mean}");
        assert!((std - 2.0).abs() < 0.1, "std {std}");
    }

    #[test]
    fn same_seed_same_numbers_other_seed_other_numbers() {
        for s in [
            Scheme::XavierUniform,
            Scheme::HeUniform,
            Scheme::Uniform {
                low: -1.0,
                high: 1.0,
            },
            Scheme::Normal { std: 1.0 },
        ] {
            let a = weights(&mut rng(7), s, 4, 3).unwrap();
            let b = weights(&mut rng(7), s, 4, 3).unwrap();
            let c = weights(&mut rng(8), s, 4, 3).unwrap();
            assert_eq!(a, b, "{}", s.name());
            assert_ne!(a, c, "{}", s.name());
        }
    }

    #[test]
    fn weights_are_filled_row_major_from_one_stream() {
        // The first row holds the stream's first draws, the second row the next ones.
        let s = Scheme::Uniform {
            low: 0.0,
            high: 1.0,
        };
        let w = weights(&mut rng(5), s, 2, 3).unwrap();
        let mut r = rng(5);
        let u = Uniform::new(0.0, 1.0).unwrap();
        let stream: Vec<f64> = (0..6).map(|_| u.sample(&mut r)).collect();
        assert_eq!(w.row(0).to_vec(), stream[0..3]);
        assert_eq!(w.row(1).to_vec(), stream[3..6]);
    }

    #[test]
    fn too_wide_a_range_is_refused() {
        let s = Scheme::Uniform {
            low: -1e308,
            high: 1e308,
        };
        assert_eq!(weights(&mut rng(0), s, 1, 1), Err(BadRange));
    }

    #[test]
    fn generated_inputs_are_deterministic() {
        let a = inputs(42, InputDistribution::Normal, 5, 2).unwrap();
        let b = inputs(42, InputDistribution::Normal, 5, 2).unwrap();
        let c = inputs(43, InputDistribution::Normal, 5, 2).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 5);
        assert!(a.iter().all(|x| x.len() == 2));
        // Sample by sample, input by input: sample 2 input 1 is the stream's third draw.
        let mut r = rng(42);
        let stream: Vec<f64> = (0..10).map(|_| StandardNormal.sample(&mut r)).collect();
        assert_eq!(a[1][0], stream[2]);
        assert_eq!(a[4][1], stream[9]);
    }

    #[test]
    fn generated_uniform_inputs_stay_in_range() {
        let u = InputDistribution::Uniform {
            low: -0.5,
            high: 0.25,
        };
        let xs = inputs(1, u, 1000, 3).unwrap();
        assert!(xs.iter().flatten().all(|&x| (-0.5..=0.25).contains(&x)));
        assert_eq!(xs, inputs(1, u, 1000, 3).unwrap());
        assert_ne!(xs, inputs(2, u, 1000, 3).unwrap());
    }
}
