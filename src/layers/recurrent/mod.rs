//! What the recurrent kinds (`rnn`, `lstm`) share: their settings (`hidden`, `outputs`), the
//! sizes they run over, the weighted sums and gradients summed through time (`math`), the
//! formulas of an error through time (`formulas`), their table in a lesson file (`schema`),
//! the network unrolled in time in the tutor (`picture`, `equations`) and in the Markdown
//! export's diagram (`doc`), the mistakes learners make in backpropagation through time
//! (`mistakes`), and their module and recurrence step by step in a PyTorch script (`pytorch`).
//!
//! A recurrent layer reads a sequence of T steps of F features, keeps a hidden state of H
//! units, h_0 = 0, and has PyTorch's four tensors: `weights_ih` (R × F), `weights_hh`
//! (R × H), `biases_ih` and `biases_hh` (R), with R = H for `nn.RNN` and 4H for `nn.LSTM`
//! (the gates i, f, g, o stacked). Its output is every state (`outputs = "all"`, a T × H
//! sequence) or the last (`outputs = "last"`, a vector of H).

pub(crate) mod card;
pub(crate) mod doc;
pub(crate) mod equations;
pub(crate) mod formulas;
pub(crate) mod math;
pub(crate) mod mistakes;
pub(crate) mod picture;
pub(crate) mod pytorch;
pub(crate) mod schema;
pub(crate) mod steps;
pub(crate) mod words;

use crate::layers::{ParamSpec, Shape, Tensor};
use crate::lesson::Layer;
use crate::trace::Index;

/// Which states a recurrent layer outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outputs {
    /// Only the last, h_T: many-to-one, `a(l)[j]`.
    Last,
    /// Every state h_1..h_T: many-to-many, `a(l)[t,j]`.
    All,
}

impl Outputs {
    /// Both, in the order they are listed to the user.
    pub const ALL: [Outputs; 2] = [Outputs::Last, Outputs::All];

    /// The name in lesson files.
    pub fn name(self) -> &'static str {
        match self {
            Outputs::Last => "last",
            Outputs::All => "all",
        }
    }

    /// The layer's output for `t` steps of `h` units.
    pub fn shape(self, t: usize, h: usize) -> Shape {
        match self {
            Outputs::Last => Shape::Vector(h),
            Outputs::All => Shape::Sequence { t, f: h },
        }
    }
}

/// The sizes a recurrent layer runs over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dims {
    /// Steps T.
    pub t: usize,
    /// Input features F per step.
    pub f: usize,
    /// Hidden units H.
    pub h: usize,
    /// Rows of its weights: H, or 4H for an LSTM.
    pub rows: usize,
}

impl Dims {
    /// The sizes of `layer`, whose weights have `gates` blocks of H rows.
    pub fn of(layer: &Layer, hidden: usize, gates: usize) -> Dims {
        Dims {
            t: layer.input.positions(),
            f: layer.input.features(),
            h: hidden,
            rows: gates * hidden,
        }
    }
}

/// The four tensors of a recurrent layer with `rows` rows, as PyTorch lists them.
pub(crate) fn params(layer: &Layer, d: Dims) -> Vec<ParamSpec> {
    let spec = |tensor, key, dims: Vec<usize>, trains| ParamSpec {
        tensor,
        key,
        dims,
        trains,
    };
    let (w, b) = (layer.weights_train(), layer.biases_train());
    vec![
        spec(Tensor::WIh, "weights_ih", vec![d.rows, d.f], w),
        spec(Tensor::WHh, "weights_hh", vec![d.rows, d.h], w),
        spec(Tensor::BIh, "biases_ih", vec![d.rows], b),
        spec(Tensor::BHh, "biases_hh", vec![d.rows], b),
    ]
}

/// `[t, j]` from 0.
pub(crate) fn at(t: usize, j: usize) -> Index {
    Index::two(t, j)
}

/// The indices of the layer's output that hold h_t[j], if it outputs it.
pub(crate) fn output_index(outputs: Outputs, d: Dims, t: usize, j: usize) -> Option<Index> {
    match outputs {
        Outputs::All => Some(at(t, j)),
        Outputs::Last if t + 1 == d.t => Some(Index::one(j)),
        Outputs::Last => None,
    }
}

/// The flat offset of a `[t, j]` (or `[j]`) number of a buffer of `width` per step; a
/// name with other indices reads the flat offset of its first.
pub(crate) fn offset(ix: &Index, width: usize) -> usize {
    match (ix.get(0), ix.get(1)) {
        (Some(t), Some(j)) => t * width + j,
        (Some(j), None) => j,
        _ => 0,
    }
}
