//! What the engine asks of a layer kind: its buffers, its forward pass and its backward pass.
//! Each kind implements [`Math`] in its own folder (`src/layers/…/math.rs`); the engine's
//! sample pass (`pass`) runs the layers in order and knows nothing of any one kind.

use crate::lesson::Layer;

use super::params::LayerParams;

/// The numbers a layer keeps for one sample beside its output: z and δ of a dense layer, the
/// gates of an LSTM, and so on. Each kind numbers its own buffers.
pub type Buffers = Vec<Vec<f64>>;

/// What reaches a layer's output in the backward pass.
#[derive(Debug, Clone, Copy)]
pub enum Upstream<'a> {
    /// ∂L/∂a of every output number.
    Grad(&'a [f64]),
    /// The output layer is a softmax under cross-entropy: δ = (a − y), divided by the number
    /// of positions of a sequence (whose loss is the mean of its positions').
    SoftmaxCe {
        /// The targets, one per output number.
        y: &'a [f64],
        /// Positions of the output (1 for a vector).
        positions: usize,
    },
}

/// Everything a layer's backward pass reads and writes.
pub struct Backward<'a> {
    /// The layer.
    pub layer: &'a Layer,
    /// Its parameters, as the forward pass used them.
    pub p: &'a LayerParams,
    /// Its input, the output of the layer below (the sample's input for layer 1).
    pub x: &'a [f64],
    /// Its own output, before any residual is added.
    pub out: &'a [f64],
    /// Its buffers, as the forward pass left them; the backward pass fills its own (δ, …).
    pub bufs: &'a mut [Vec<f64>],
    /// What reaches its output.
    pub up: Upstream<'a>,
    /// The batch's gradient so far: set from this sample's when `first`, otherwise this
    /// sample's gradient is computed in full and then added, so the sum's order is the
    /// formula's.
    pub grad: Option<&'a mut LayerParams>,
    /// Is this the first sample of its batch?
    pub first: bool,
    /// Where to write ∂L/∂x, the error passed back to the layer below, when it needs one.
    pub dx: Option<&'a mut [f64]>,
}

/// The math of a layer kind, exactly as its PyTorch module computes it in float64, with every
/// sum taken in the order its formula is written.
pub trait Math {
    /// The sizes of the buffers it keeps per sample.
    fn buffers(&self, layer: &Layer) -> Vec<usize>;

    /// Does it keep this parameter tensor column by column (a dense weight matrix, whose
    /// columns the forward pass sweeps)? Row-major otherwise.
    fn column_major(&self, _tensor: crate::layers::Tensor) -> bool {
        false
    }

    /// The forward pass of one sample: `out` from the input `x`.
    fn forward(
        &self,
        layer: &Layer,
        p: &LayerParams,
        x: &[f64],
        bufs: &mut [Vec<f64>],
        out: &mut [f64],
    );

    /// The backward pass of one sample.
    fn backward(&self, b: Backward<'_>);

    /// The logits cross-entropy reads, when this is the output layer: a softmax layer's z.
    fn logits<'a>(&self, _bufs: &'a [Vec<f64>]) -> Option<&'a [f64]> {
        None
    }
}
