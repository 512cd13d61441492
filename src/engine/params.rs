//! The trainable parameters of a network: each layer's tensors, in the order its kind lists
//! them. Also used for gradients and optimizer state, which have the same shapes.

use ndarray::{ArrayD, ArrayView1, ArrayView2, Ix1, Ix2, IxDyn, ShapeBuilder};

use crate::layers::Tensor;
use crate::lesson::Lesson;
use crate::trace::Index;

/// One layer's parameter tensors.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerParams {
    /// Each tensor with its name, in the kind's order. A dense layer's weights are stored
    /// column by column (column-major): the forward pass adds wₖ·aₖ for one k to every
    /// neuron at once, and the update sweeps memory in order; every other tensor is
    /// row-major. Index them by their logical indices, or read the raw memory with
    /// [`LayerParams::slice`].
    pub tensors: Vec<(Tensor, ArrayD<f64>)>,
}

impl LayerParams {
    /// The tensor `t`, if the layer has it.
    pub fn get(&self, t: Tensor) -> Option<&ArrayD<f64>> {
        self.tensors.iter().find(|(n, _)| *n == t).map(|(_, a)| a)
    }

    /// The tensor `t`, to write.
    pub fn get_mut(&mut self, t: Tensor) -> Option<&mut ArrayD<f64>> {
        self.tensors
            .iter_mut()
            .find(|(n, _)| *n == t)
            .map(|(_, a)| a)
    }

    /// One entry: tensor `t` at `ix`.
    pub fn at(&self, t: Tensor, ix: &Index) -> f64 {
        self.get(t).expect("the layer has this tensor")[IxDyn(&ix.to_vec())]
    }

    /// One entry, to write.
    pub fn at_mut(&mut self, t: Tensor, ix: &Index) -> &mut f64 {
        &mut self.get_mut(t).expect("the layer has this tensor")[IxDyn(&ix.to_vec())]
    }

    /// Tensor `i`'s entries in memory order.
    pub fn slice(&self, i: usize) -> &[f64] {
        self.tensors[i]
            .1
            .as_slice_memory_order()
            .expect("parameters are contiguous")
    }

    /// Tensor `i`'s entries in memory order, to write.
    pub fn slice_mut(&mut self, i: usize) -> &mut [f64] {
        self.tensors[i]
            .1
            .as_slice_memory_order_mut()
            .expect("parameters are contiguous")
    }

    /// A dense layer's weight matrix W (neurons × inputs).
    ///
    /// # Panics
    /// If the layer has no 2-D weights `w`: for code that shows dense layers only.
    pub fn w(&self) -> ArrayView2<'_, f64> {
        self.get(Tensor::W)
            .and_then(|w| w.view().into_dimensionality::<Ix2>().ok())
            .expect("a dense layer's weights")
    }

    /// A dense layer's bias vector b.
    ///
    /// # Panics
    /// If the layer has no 1-D biases `b`: for code that shows dense layers only.
    pub fn b(&self) -> ArrayView1<'_, f64> {
        self.get(Tensor::B)
            .and_then(|b| b.view().into_dimensionality::<Ix1>().ok())
            .expect("a dense layer's biases")
    }

    /// Zeros of the same shapes and memory orders.
    pub fn zeros_like(&self) -> Self {
        LayerParams {
            tensors: self
                .tensors
                .iter()
                .map(|(t, a)| (*t, zeros(a.shape(), is_column_major(a))))
                .collect(),
        }
    }

    /// How many numbers it holds.
    pub fn len(&self) -> usize {
        self.tensors.iter().map(|(_, a)| a.len()).sum()
    }

    /// Does it hold none?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Is a 2-D array stored column by column?
fn is_column_major(a: &ArrayD<f64>) -> bool {
    a.ndim() == 2 && a.shape()[0] > 1 && a.strides()[0] == 1
}

/// Zeros of shape `dims`, column-major when asked.
fn zeros(dims: &[usize], column_major: bool) -> ArrayD<f64> {
    ArrayD::zeros(IxDyn(dims).set_f(column_major))
}

/// `a` copied into the memory order asked for.
fn ordered(a: &ArrayD<f64>, column_major: bool) -> ArrayD<f64> {
    let mut out = zeros(a.shape(), column_major);
    out.assign(a);
    out
}

/// Parameters of layers 1..=L (index 0 is layer 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Layer l at index l − 1.
    pub layers: Vec<LayerParams>,
}

impl Params {
    /// The lesson's initial parameters, each tensor in its kind's memory order.
    pub fn from_lesson(lesson: &Lesson) -> Self {
        Params {
            layers: lesson
                .layers
                .iter()
                .map(|layer| {
                    let kind = layer.kind.contract();
                    LayerParams {
                        tensors: layer
                            .specs()
                            .iter()
                            .zip(&layer.params)
                            .map(|(spec, a)| {
                                (spec.tensor, ordered(a, kind.column_major(spec.tensor)))
                            })
                            .collect(),
                    }
                })
                .collect(),
        }
    }

    /// Zeros of the same shapes (for gradients and optimizer state).
    pub fn zeros_like(&self) -> Self {
        Params {
            layers: self.layers.iter().map(LayerParams::zeros_like).collect(),
        }
    }

    /// Is every number finite?
    pub fn all_finite(&self) -> bool {
        self.layers.iter().all(|l| {
            l.tensors
                .iter()
                .all(|(_, a)| a.iter().all(|v| v.is_finite()))
        })
    }

    /// How many numbers there are in all.
    pub fn len(&self) -> usize {
        self.layers.iter().map(LayerParams::len).sum()
    }

    /// Are there none?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// One entry of layer `l` (from 1).
    pub fn at(&self, l: usize, t: Tensor, ix: &Index) -> f64 {
        self.layers[l - 1].at(t, ix)
    }
}
