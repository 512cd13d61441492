//! Variants of a lesson, one per student: the same network, loss and optimizer, but its own
//! initial weights, biases, inputs and targets, drawn so that every mistake of the catalogue
//! gives its own wrong number (`draw`), with an answer key (`key`). A worksheet carries its
//! variant's numbers in a `[variant]` table (`read`), so `check` grades each student against
//! their own numbers, and a class of mixed variants still gives one table.
//!
//! ```toml
//! [variant]
//! id = "7-3"                      # the seed and the variant's number
//! layer = [ { weights = [[0.3, -0.5], [0.8, 0.2]], biases = [0.1, -0.2] },
//!           { weights = [[0.6, -0.4]], biases = [0.25] } ]
//! data = [ { input = [0.5, -0.4], target = [0.8] } ]
//! ```
//!
//! Variants are for dense networks on vectors whose samples a learner can work by hand.

pub mod draw;
pub mod key;
pub(crate) mod read;

use ndarray::{Array1, Array2};

use crate::lesson::{Lesson, Sample};
use crate::notation::{Digits, number};

/// One variant's numbers: every layer's weights and biases, every sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Its name, unique within a class: `SEED-N`.
    pub id: String,
    /// Per layer, its weights (a row per neuron) and biases.
    pub layers: Vec<(Vec<Vec<f64>>, Vec<f64>)>,
    /// Per sample, its input and target.
    pub data: Vec<(Vec<f64>, Vec<f64>)>,
}

/// Why a lesson has no variants (worded in the process's language).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct NoVariants(pub String);

/// The most samples a variant redraws: a learner works each of a batch by hand.
pub const MAX_SAMPLES: usize = 16;

/// The most parameters a variant redraws.
pub const MAX_PARAMETERS: usize = 64;

/// Can `lesson` have variants: a dense network on vectors, small enough to work by hand?
pub fn supported(lesson: &Lesson) -> Result<(), NoVariants> {
    if !lesson.all_dense() {
        return Err(NoVariants(crate::msg!("err-variants-dense-only")));
    }
    if lesson.data.len() > MAX_SAMPLES {
        return Err(NoVariants(crate::msg!(
            "err-variants-samples",
            n = lesson.data.len().to_string(),
            max = MAX_SAMPLES.to_string()
        )));
    }
    if lesson.parameter_count() > MAX_PARAMETERS {
        return Err(NoVariants(crate::msg!(
            "err-variants-parameters",
            n = lesson.parameter_count().to_string(),
            max = MAX_PARAMETERS.to_string()
        )));
    }
    Ok(())
}

impl Variant {
    /// The `[variant]` table a worksheet carries: its id, one `{ weights, biases }` per layer
    /// and one `{ input, target }` per sample.
    pub fn to_toml(&self) -> String {
        let numbers = |xs: &[f64]| {
            let items: Vec<String> = xs.iter().map(|&x| number::plain(x, Digits::Full)).collect();
            format!("[{}]", items.join(", "))
        };
        let mut out = format!(
            "[variant]\nid = {}\nlayer = [\n",
            toml::Value::String(self.id.clone())
        );
        for (w, b) in &self.layers {
            let rows: Vec<String> = w.iter().map(|r| numbers(r)).collect();
            out.push_str(&format!(
                "  {{ weights = [{}], biases = {} }},\n",
                rows.join(", "),
                numbers(b)
            ));
        }
        out.push_str("]\ndata = [\n");
        for (x, y) in &self.data {
            out.push_str(&format!(
                "  {{ input = {}, target = {} }},\n",
                numbers(x),
                numbers(y)
            ));
        }
        out.push_str("]\n");
        out
    }

    /// The numbers `lesson` starts from, as a variant (its id given).
    pub fn of(lesson: &Lesson, id: impl Into<String>) -> Variant {
        Variant {
            id: id.into(),
            layers: lesson
                .layers
                .iter()
                .map(|l| {
                    let rows = l.weights().rows().into_iter().map(|r| r.to_vec()).collect();
                    (rows, l.biases().to_vec())
                })
                .collect(),
            data: lesson
                .data
                .iter()
                .map(|s| (s.input.to_vec(), s.target.to_vec()))
                .collect(),
        }
    }

    /// `lesson` with this variant's numbers in place of its own (the shapes have been checked
    /// to be the lesson's).
    pub fn lesson(&self, lesson: &Lesson) -> Lesson {
        let mut out = lesson.clone();
        for (layer, (w, b)) in out.layers.iter_mut().zip(&self.layers) {
            let (n, m) = (w.len(), w.first().map_or(0, Vec::len));
            let flat: Vec<f64> = w.iter().flatten().copied().collect();
            let weights = Array2::from_shape_vec((n, m), flat).expect("a checked shape");
            layer.params = vec![weights.into_dyn(), Array1::from(b.clone()).into_dyn()];
        }
        out.data = self
            .data
            .iter()
            .map(|(x, y)| Sample {
                input: Array1::from(x.clone()),
                target: Array1::from(y.clone()),
            })
            .collect();
        // Generated data is replaced by the variant's own samples.
        out.generated = None;
        out
    }
}
