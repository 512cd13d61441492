//! The trainable parameters of a network: one weight matrix and bias vector per layer.

use ndarray::{Array1, Array2, ShapeBuilder};

use crate::lesson::Lesson;

/// One layer's weight matrix W⁽ˡ⁾ and bias vector b⁽ˡ⁾.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerParams {
    /// (neurons of l) × (neurons of l − 1), indexed `w[[j, k]]`. Stored column by column
    /// (column-major): the forward pass adds wₖ·aₖ for one k to every neuron at once, and the
    /// update sweeps memory in order. Use [`LayerParams::w_slice`] for the raw memory.
    pub w: Array2<f64>,
    /// One bias per neuron of l.
    pub b: Array1<f64>,
}

impl LayerParams {
    /// W's entries in memory order: entry (j, k) at `k * rows + j`.
    pub fn w_slice(&self) -> &[f64] {
        self.w
            .as_slice_memory_order()
            .expect("weights are contiguous")
    }
    /// W's entries in memory order, to write.
    pub fn w_slice_mut(&mut self) -> &mut [f64] {
        self.w
            .as_slice_memory_order_mut()
            .expect("weights are contiguous")
    }
}

/// `w` copied into column-major memory.
fn column_major(w: &Array2<f64>) -> Array2<f64> {
    let mut out = Array2::zeros(w.raw_dim().f());
    out.assign(w);
    out
}

/// Parameters of layers 1..=L (index 0 is layer 1). Also used for gradients and optimizer
/// state, which have the same shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Layer l at index l − 1.
    pub layers: Vec<LayerParams>,
}

impl Params {
    /// The lesson's initial weights and biases.
    pub fn from_lesson(lesson: &Lesson) -> Self {
        Params {
            layers: lesson
                .layers
                .iter()
                .map(|l| LayerParams {
                    w: column_major(&l.weights),
                    b: l.biases.clone(),
                })
                .collect(),
        }
    }

    /// Zeros of the same shapes (for gradients and optimizer state).
    pub fn zeros_like(&self) -> Self {
        Params {
            layers: self
                .layers
                .iter()
                .map(|l| LayerParams {
                    w: Array2::zeros(l.w.raw_dim().f()),
                    b: Array1::zeros(l.b.raw_dim()),
                })
                .collect(),
        }
    }

    /// Is every number finite?
    pub fn all_finite(&self) -> bool {
        self.layers
            .iter()
            .all(|l| l.w.iter().chain(l.b.iter()).all(|v| v.is_finite()))
    }

    /// How many numbers there are in all.
    pub fn len(&self) -> usize {
        self.layers.iter().map(|l| l.w.len() + l.b.len()).sum()
    }

    /// Are there none?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
