//! The layer kinds a network is built from, one folder per kind. A kind is the unit of the
//! design: everything it needs — its settings and parameters, its math, its steps and their
//! names, each step's formula, its view in the tutor, its worksheet steps, its misconceptions
//! and its PyTorch translation — is in its folder, and lesson, engine, trace, tutor, export
//! and check reach it only through the traits [`LayerKind`] gathers. A new kind is a new
//! variant of [`Kind`] and an implementation of [`LayerKind`]; the compiler lists what is
//! still missing.
//!
//! - `dense`: `nn.Linear` and an activation, on a vector or at every position of a sequence,
//!   with LoRA if asked;
//! - `conv`: `nn.Conv2d` and an activation, on an image (`conv2d`);
//! - `pool`: `nn.MaxPool2d` and `nn.AvgPool2d` (`maxpool2d`, `avgpool2d`);
//! - `flatten`: an image's numbers as one vector, in row-major order (`flatten`);
//! - `window`: the sliding window convolutions and pools share (kernel, stride, padding);
//! - `rnn`: `nn.RNN`, an Elman recurrent layer (tanh or ReLU) over a sequence;
//! - `lstm`: `nn.LSTM`, one layer, the gates i, f, g, o stacked as PyTorch stacks them;
//! - `recurrent`: what `rnn` and `lstm` share;
//! - `embedding`: `nn.Embedding` of tokens plus a learned position table;
//! - `norm`: `nn.LayerNorm` over each position's features;
//! - `attention`: self-attention as `nn.MultiheadAttention`, causal if asked.
//!
//! `words` holds the words every kind says of its steps alike (an update, an optimizer state),
//! `paths` writes the error reaching a layer without an activation (its δ) path by path, and
//! `diagram` draws a network of transformer layers as a column of blocks in the tutor.

pub mod attention;
pub mod conv;
pub mod dense;
pub mod diagram;
pub mod embedding;
pub mod flatten;
pub mod lstm;
pub mod matrices;
pub mod norm;
pub mod paths;
pub mod pool;
pub mod recurrent;
pub mod rnn;
mod shape;
mod tensor;
pub mod window;
mod words;

pub use shape::Shape;
pub use tensor::{ParamSpec, Tensor};

use ndarray::ArrayD;

use crate::engine::Math;
use crate::export::markdown::kind::LayerDoc;
use crate::export::pytorch::PytorchLayer;
use crate::lesson::schema::{Head, LayerTable, Res};
use crate::lesson::{Activation, Layer};
use crate::source::reader::Value;
use crate::trace::kind::{Explain, Steps};
use crate::tui::kind::LayerView;

/// A layer kind as lesson files name it: its name, its own keys (beside the keys every layer
/// has and its parameters' keys), and how it reads its table.
pub struct Entry {
    /// `kind = "…"`.
    pub name: &'static str,
    /// The settings it reads (`neurons`, `kernel`, …).
    pub keys: &'static [&'static str],
    /// Reads its settings and says its output shape.
    pub(crate) read: fn(&LayerTable) -> Res<Head>,
    /// The mistakes learners make in its steps, beside the catalogue every kind shares
    /// (`check`'s misconceptions): tried after the shared ones, in order.
    pub mistakes: &'static [crate::check::Mistake],
}

/// Every kind a lesson may name; the first is the default when a layer has no `kind`.
pub static KINDS: [Entry; 10] = [
    dense::ENTRY,
    conv::ENTRY,
    pool::MAX_ENTRY,
    pool::AVG_ENTRY,
    flatten::ENTRY,
    rnn::ENTRY,
    lstm::ENTRY,
    embedding::ENTRY,
    norm::ENTRY,
    attention::ENTRY,
];

/// Other libraries' names for ours, so "did you mean" can bridge them.
pub const KIND_ALIASES: &[(&str, &str)] = &[
    ("linear", "dense"),
    ("fully_connected", "dense"),
    ("conv", "conv2d"),
    ("convolution", "conv2d"),
    ("maxpool", "maxpool2d"),
    ("max_pool2d", "maxpool2d"),
    ("avgpool", "avgpool2d"),
    ("avg_pool2d", "avgpool2d"),
    ("layer_norm", "layernorm"),
    ("multiheadattention", "attention"),
    ("multihead_attention", "attention"),
    ("self_attention", "attention"),
    ("embed", "embedding"),
];

/// How a parameter tensor a lesson does not give starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// Drawn by the `init` scheme with these fans (as PyTorch counts them).
    Draw {
        /// Inputs × kernel size.
        fan_in: usize,
        /// Outputs × kernel size.
        fan_out: usize,
    },
    /// Zeros (biases).
    Zeros,
    /// Ones (a layer norm's γ).
    Ones,
}

impl Fill {
    /// PyTorch's rule: a tensor of two or more dimensions is drawn with fan_in = `dims[1]` ×
    /// the rest and fan_out = `dims[0]` × the rest; a vector (a bias) is zeros.
    pub fn by_shape(dims: &[usize]) -> Fill {
        if dims.len() < 2 {
            return Fill::Zeros;
        }
        let receptive: usize = dims[2..].iter().product();
        Fill::Draw {
            fan_in: dims[1] * receptive,
            fan_out: dims[0] * receptive,
        }
    }
}

/// Everything a layer kind provides, to every part of the program.
pub trait LayerKind:
    Math + Steps + Explain + LayerView + LayerDoc + PytorchLayer + Send + Sync
{
    /// The kind's name in lesson files (`kind = "…"`).
    fn name(&self) -> &'static str;

    /// Its parameter tensors, in order, for this layer.
    fn params(&self, layer: &Layer) -> Vec<ParamSpec>;

    /// The activation applied to its weighted inputs, if it has one.
    fn activation(&self) -> Activation {
        Activation::Identity
    }

    /// Its settings as lesson-file keys and TOML values, as a lesson writes them
    /// (`neurons = 2`, `activation = "sigmoid"`): what `train --save` writes back, before the
    /// parameters.
    fn settings(&self, layer: &Layer) -> Vec<(&'static str, String)>;

    /// How a tensor the lesson does not give starts (PyTorch's fans by default).
    fn fill(&self, _layer: &Layer, spec: &ParamSpec) -> Fill {
        Fill::by_shape(&spec.dims)
    }

    /// Where a tensor is written in its layer's table: under its own key (`weights`), or
    /// under a key of one of the kind's inline tables (`lora = { a = … }`: `("lora",
    /// Some("a"))`), which the kind's settings then write back whole.
    fn written_at(&self, spec: &ParamSpec) -> (&'static str, Option<&'static str>) {
        (spec.key, None)
    }

    /// A tensor as the lesson writes it: nested arrays of its shape, or `{ npy = "…" }`.
    fn read_tensor(&self, lt: &LayerTable, spec: &ParamSpec, v: &Value) -> Res<ArrayD<f64>> {
        let what = crate::lesson::schema::tensor_of_layer(spec.key, lt.l);
        crate::lesson::schema::tensor::read(lt.cx, v, &what, (&spec.dims, &[]), false, lt.files)
    }
}

/// What a layer computes, with the settings of its kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A dense (fully connected) layer: `nn.Linear` and an activation.
    Dense(dense::Dense),
    /// A convolution: `nn.Conv2d` and an activation.
    Conv2d(conv::Conv2d),
    /// A max or average pool: `nn.MaxPool2d`, `nn.AvgPool2d`.
    Pool2d(pool::Pool2d),
    /// An image flattened into a vector: `nn.Flatten`.
    Flatten(flatten::Flatten),
    /// A recurrent layer: `nn.RNN`.
    Rnn(rnn::Rnn),
    /// A long short-term memory layer: `nn.LSTM`.
    Lstm(lstm::Lstm),
    /// Token embeddings plus learned positions.
    Embedding(embedding::Embedding),
    /// Layer normalisation.
    LayerNorm(norm::LayerNorm),
    /// Self-attention.
    Attention(attention::Attention),
}

impl Kind {
    /// The kind's contract: the one place that lists every kind.
    pub fn contract(&self) -> &dyn LayerKind {
        match self {
            Kind::Dense(k) => k,
            Kind::Conv2d(k) => k,
            Kind::Pool2d(k) => k,
            Kind::Flatten(k) => k,
            Kind::Rnn(k) => k,
            Kind::Lstm(k) => k,
            Kind::Embedding(k) => k,
            Kind::LayerNorm(k) => k,
            Kind::Attention(k) => k,
        }
    }

    /// The kind's name in lesson files.
    pub fn name(&self) -> &'static str {
        self.contract().name()
    }
}
