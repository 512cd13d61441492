//! The validated lesson: what the engine needs, nothing about TOML.
//!
//! A `Lesson` is only ever built by the loader (`lesson::load`) after every check has passed,
//! so the engine may trust its shapes and ranges.
//!
//! Every set of names a lesson chooses from (activations, losses, optimizers, distributions) is
//! an enum with `ALL` and `name()`, so reading a name back is a total mapping: each name maps to
//! exactly the variant that has it.

use ndarray::{Array1, Array2, ArrayD, ArrayView1, ArrayView2, Ix1, Ix2};

pub use super::texts::{Bilingual, Notes, Texts};
pub use crate::layers::{Kind, ParamSpec, Shape, Tensor};

/// Activation function of a layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Activation {
    /// σ(z) = 1 / (1 + e^(−z)).
    Sigmoid,
    /// tanh(z).
    Tanh,
    /// max(0, z), with ReLU′(0) = 0.
    Relu,
    /// Leaky ReLU with slope 0.01 for negative inputs (PyTorch's default).
    LeakyRelu,
    /// GELU, exact as PyTorch's default: z·Φ(z) = z·½(1 + erf(z/√2)).
    Gelu,
    /// z itself (a linear layer).
    Identity,
    /// Only on the output layer, and only with `cross_entropy`.
    Softmax,
}

impl Activation {
    /// Every activation, in the order they are listed to the user.
    pub const ALL: [Activation; 7] = [
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Gelu,
        Activation::Identity,
        Activation::Softmax,
    ];

    /// The name used in lesson files.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leaky_relu",
            Activation::Gelu => "gelu",
            Activation::Identity => "identity",
            Activation::Softmax => "softmax",
        }
    }

    /// The activation called `name` in lesson files.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// Slope of leaky ReLU for negative inputs.
pub const LEAKY_SLOPE: f64 = 0.01;

/// Per-sample loss; the batch loss is the mean over the batch's samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Loss {
    /// ½ Σⱼ (aⱼ − yⱼ)²
    HalfSse,
    /// (1/n) Σⱼ (aⱼ − yⱼ)²
    Mse,
    /// −(1/n) Σⱼ [yⱼ ln aⱼ + (1−yⱼ) ln(1−aⱼ)]
    Bce,
    /// −Σⱼ yⱼ ln aⱼ, with a softmax output layer
    CrossEntropy,
}

impl Loss {
    /// Every loss, in the order they are listed to the user.
    pub const ALL: [Loss; 4] = [Loss::HalfSse, Loss::Mse, Loss::Bce, Loss::CrossEntropy];

    /// The name used in lesson files.
    pub fn name(self) -> &'static str {
        match self {
            Loss::HalfSse => "half_sse",
            Loss::Mse => "mse",
            Loss::Bce => "bce",
            Loss::CrossEntropy => "cross_entropy",
        }
    }

    /// The loss called `name` in lesson files.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.name() == name)
    }
}

/// The kinds of optimizer, by the names used in lesson files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OptimizerKind {
    /// `torch.optim.SGD`, with or without momentum.
    Sgd,
    /// `torch.optim.Adam`.
    Adam,
    /// `torch.optim.AdamW`.
    AdamW,
}

impl OptimizerKind {
    /// Every kind, in the order they are listed to the user.
    pub const ALL: [OptimizerKind; 3] = [
        OptimizerKind::Sgd,
        OptimizerKind::Adam,
        OptimizerKind::AdamW,
    ];

    /// The name used in lesson files.
    pub fn name(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Adam => "adam",
            OptimizerKind::AdamW => "adamw",
        }
    }
}

/// Optimizer with PyTorch's update rules and defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Optimizer {
    /// `torch.optim.SGD`: with momentum μ > 0, v ← μ·v + g (v = g on the first step), p ← p − η·v.
    Sgd {
        /// η.
        learning_rate: f64,
        /// μ; 0 for plain SGD.
        momentum: f64,
    },
    /// `torch.optim.Adam` (no weight decay, no amsgrad).
    Adam {
        /// η.
        learning_rate: f64,
        /// β₁, the decay of the first moment m.
        beta1: f64,
        /// β₂, the decay of the second moment v.
        beta2: f64,
        /// ε, added to √v̂.
        epsilon: f64,
    },
    /// `torch.optim.AdamW`: the decoupled weight decay p ← p·(1 − η·λ) first, then Adam's
    /// step (not Adam's L2, which adds λ·p to the gradient).
    AdamW {
        /// η.
        learning_rate: f64,
        /// β₁, the decay of the first moment m.
        beta1: f64,
        /// β₂, the decay of the second moment v.
        beta2: f64,
        /// ε, added to √v̂.
        epsilon: f64,
        /// λ, the weight decay.
        weight_decay: f64,
    },
}

impl Optimizer {
    /// η.
    pub fn learning_rate(&self) -> f64 {
        match *self {
            Optimizer::Sgd { learning_rate, .. }
            | Optimizer::Adam { learning_rate, .. }
            | Optimizer::AdamW { learning_rate, .. } => learning_rate,
        }
    }

    /// Which optimizer it is.
    pub fn kind(&self) -> OptimizerKind {
        match self {
            Optimizer::Sgd { .. } => OptimizerKind::Sgd,
            Optimizer::Adam { .. } => OptimizerKind::Adam,
            Optimizer::AdamW { .. } => OptimizerKind::AdamW,
        }
    }

    /// The name used in lesson files: `sgd`, `adam` or `adamw`.
    pub fn kind_name(&self) -> &'static str {
        self.kind().name()
    }

    /// Does this optimizer keep per-parameter state that is traced?
    pub fn has_state(&self) -> bool {
        match *self {
            Optimizer::Sgd { momentum, .. } => momentum != 0.0,
            Optimizer::Adam { .. } | Optimizer::AdamW { .. } => true,
        }
    }

    /// Adam's (β₁, β₂, ε), for Adam and AdamW alike.
    pub fn adam_hyper(&self) -> Option<(f64, f64, f64)> {
        match *self {
            Optimizer::Adam {
                beta1,
                beta2,
                epsilon,
                ..
            }
            | Optimizer::AdamW {
                beta1,
                beta2,
                epsilon,
                ..
            } => Some((beta1, beta2, epsilon)),
            Optimizer::Sgd { .. } => None,
        }
    }

    /// Does it keep Adam's moments (Adam or AdamW)?
    pub fn is_adam(&self) -> bool {
        self.adam_hyper().is_some()
    }

    /// AdamW's weight decay λ; `None` for the other optimizers.
    pub fn weight_decay(&self) -> Option<f64> {
        match *self {
            Optimizer::AdamW { weight_decay, .. } => Some(weight_decay),
            _ => None,
        }
    }
}

/// One layer: what it computes (its [`Kind`], with the kind's own settings), its shapes, its
/// parameters (as given, or drawn by the seeded initialiser) and how it trains.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// What the layer computes.
    pub kind: Kind,
    /// The shape of its input (the output of the layer below, or the network's input).
    pub input: Shape,
    /// The shape of its output a⁽ˡ⁾.
    pub output: Shape,
    /// Its parameter tensors in the order [`Layer::specs`] lists them, row-major, with the
    /// shapes of the PyTorch module's parameters.
    pub params: Vec<ArrayD<f64>>,
    /// `residual = N`: layer N's output (0: the network's input) is added to this layer's.
    pub residual: Option<usize>,
    /// false: every parameter is frozen.
    pub trainable: bool,
    /// false: the biases are frozen (weights still train when `trainable`).
    pub train_biases: bool,
}

impl Layer {
    /// A trainable dense layer on vectors with these weights (neurons × inputs) and biases.
    pub fn dense(activation: Activation, weights: Array2<f64>, biases: Array1<f64>) -> Layer {
        Layer {
            kind: Kind::Dense(crate::layers::dense::Dense {
                activation,
                lora: None,
            }),
            input: Shape::Vector(weights.ncols()),
            output: Shape::Vector(weights.nrows()),
            params: vec![weights.into_dyn(), biases.into_dyn()],
            residual: None,
            trainable: true,
            train_biases: true,
        }
    }

    /// A dense layer's weight matrix W (neurons × inputs).
    ///
    /// # Panics
    /// If it is not a dense layer on vectors.
    pub fn weights(&self) -> ArrayView2<'_, f64> {
        self.dense_weights().expect("a dense layer's weights")
    }

    /// A dense layer's bias vector b.
    ///
    /// # Panics
    /// If it is not a dense layer.
    pub fn biases(&self) -> ArrayView1<'_, f64> {
        self.dense_biases().expect("a dense layer's biases")
    }

    /// What the kind says of each parameter tensor: its name, lesson key, shape and whether it
    /// trains.
    pub fn specs(&self) -> Vec<ParamSpec> {
        self.kind.contract().params(self)
    }

    /// The tensor `t`, if the layer has it.
    pub fn param(&self, t: Tensor) -> Option<&ArrayD<f64>> {
        self.specs()
            .iter()
            .position(|s| s.tensor == t)
            .map(|i| &self.params[i])
    }

    /// The activation f applied to its weighted inputs (identity for kinds without one).
    pub fn activation(&self) -> Activation {
        self.kind.contract().activation()
    }

    /// The numbers of its output (a dense layer's neurons).
    pub fn neurons(&self) -> usize {
        self.output.len()
    }

    /// The numbers of its input.
    pub fn inputs(&self) -> usize {
        self.input.len()
    }

    /// A dense layer's weight matrix W (neurons × inputs), if it is a dense layer on vectors.
    pub fn dense_weights(&self) -> Option<ArrayView2<'_, f64>> {
        self.param(Tensor::W)
            .filter(|_| matches!(self.kind, Kind::Dense(_)))
            .and_then(|w| w.view().into_dimensionality::<Ix2>().ok())
    }

    /// A dense layer's bias vector b, if it is a dense layer.
    pub fn dense_biases(&self) -> Option<ArrayView1<'_, f64>> {
        self.param(Tensor::B)
            .filter(|_| matches!(self.kind, Kind::Dense(_)))
            .and_then(|b| b.view().into_dimensionality::<Ix1>().ok())
    }

    /// Are the weights updated?
    pub fn weights_train(&self) -> bool {
        self.trainable
    }

    /// Are the biases updated?
    pub fn biases_train(&self) -> bool {
        self.trainable && self.train_biases
    }

    /// Is it a dense layer on vectors, as in the network of 1986?
    pub fn is_dense(&self) -> bool {
        matches!(self.kind, Kind::Dense(d) if d.lora.is_none())
            && matches!(self.input, Shape::Vector(_))
    }
}

/// One training sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// x = a⁽⁰⁾, flat in row-major order (an image's pixels channel by channel, a sequence
    /// position by position; a token sequence's token ids, from 0, as numbers).
    pub input: Array1<f64>,
    /// y, one number per output, flat in row-major order (a next-token target as a one-hot
    /// row per position).
    pub target: Array1<f64>,
}

/// How generated inputs are drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum InputDistribution {
    /// N(0, 1), like `torch.randn`.
    Normal,
    /// U(low, high).
    Uniform {
        /// The lowest value drawn.
        low: f64,
        /// The bound the values stay below.
        high: f64,
    },
}

/// The kinds of [`InputDistribution`], by the names used in lesson files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DistributionKind {
    /// `normal`.
    Normal,
    /// `uniform`.
    Uniform,
}

impl DistributionKind {
    /// Every kind.
    pub const ALL: [DistributionKind; 2] = [DistributionKind::Normal, DistributionKind::Uniform];

    /// The name used in lesson files.
    pub fn name(self) -> &'static str {
        match self {
            DistributionKind::Normal => "normal",
            DistributionKind::Uniform => "uniform",
        }
    }
}

impl InputDistribution {
    /// Which kind of distribution it is.
    pub fn kind(&self) -> DistributionKind {
        match self {
            InputDistribution::Normal => DistributionKind::Normal,
            InputDistribution::Uniform { .. } => DistributionKind::Uniform,
        }
    }
}

/// Samples drawn by a `[generate]` table rather than written out: kept so a saved lesson can
/// say how to draw them again instead of listing them.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// How many samples.
    pub samples: usize,
    /// What the inputs are drawn from.
    pub distribution: InputDistribution,
    /// The generator's seed.
    pub seed: u64,
    /// Every sample's target.
    pub target: Array1<f64>,
}

/// How precisely a right answer must be written, as `[grading]` sets it in a lesson or a
/// worksheet: at least this many significant figures, or decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Precision {
    /// `significant_figures = N`: 0.593 has 3, 0.0380 has 3, 12 has 2.
    SignificantFigures(u32),
    /// `decimals = N`: 0.593 has 3, 12 has 0.
    Decimals(u32),
}

impl Precision {
    /// Three significant figures, unless a lesson, worksheet or the command line says otherwise.
    pub const DEFAULT: Precision = Precision::SignificantFigures(3);
}

impl Default for Precision {
    fn default() -> Self {
        Precision::DEFAULT
    }
}

/// What each answer is worth and what share of it a carried or an imprecise answer earns, as
/// `[grading]` sets it in a lesson or a worksheet:
///
/// ```toml
/// [grading]
/// marks = { backward = 2, update = 1, "loss" = 3 }   # or marks = 2 for every answer
/// carried = 0.5                                        # share of the marks, from 0 to 1
/// imprecise = 0.5
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Marks {
    /// The marks of an answer no rule names: 1, unless `marks = N`.
    pub each: f64,
    /// Marks by phase (`backward`), kind of number (`dw`) or step (`"delta(1)[1]"`), as
    /// written: the most specific rule that names an answer gives its marks.
    pub rules: Vec<MarkRule>,
    /// The share of its marks a carried answer earns (½ unless `carried = …`).
    pub carried: f64,
    /// The share of its marks an imprecise answer earns (½ unless `imprecise = …`).
    pub imprecise: f64,
}

impl Marks {
    /// One mark an answer; half for carried and imprecise answers.
    pub const DEFAULT: Marks = Marks {
        each: 1.0,
        rules: Vec::new(),
        carried: 0.5,
        imprecise: 0.5,
    };
}

/// One entry of `marks = { … }`: a phase, a kind of number or a step, and its marks.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkRule {
    /// `backward`, `dw` or `delta(1)[1]`, as written.
    pub key: String,
    /// Its marks.
    pub marks: f64,
    /// Where the key is written (1-based line and column), for messages.
    pub line: usize,
    /// Its column, in characters.
    pub column: usize,
    /// The key's byte range in its file.
    pub span: std::ops::Range<usize>,
}

/// A validated lesson, ready for the engine.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// One line, shown on the start screen.
    pub title: String,
    /// What the lesson teaches (may be empty).
    pub summary: String,
    /// Notes beside each phase.
    pub notes: Notes,
    /// The texts above as the file gave them in both languages, where it did (`title = { en =
    /// "…", zh = "…" }`): the fields above hold the interface's language, these are written
    /// back by `train --save`, so that no language is lost.
    pub bilingual: Bilingual,
    /// Where it came from (a path; a bundled lesson's is `lessons/NAME.toml`), for messages and exports.
    pub source: String,
    /// The shape of layer 0, the input: a vector, an image, a sequence or tokens.
    pub input: Shape,
    /// The tokens of a network on tokens, in order (a token's id is its place here); empty
    /// otherwise.
    pub vocabulary: Vec<String>,
    /// Layers 1..=L (index 0 here is layer 1).
    pub layers: Vec<Layer>,
    /// The per-sample loss.
    pub loss: Loss,
    /// How parameters are updated.
    pub optimizer: Optimizer,
    /// Passes over the data.
    pub epochs: usize,
    /// Samples per update; the last batch of an epoch may be smaller.
    pub batch_size: usize,
    /// The samples, in order.
    pub data: Vec<Sample>,
    /// How `data` was drawn, when a `[generate]` table made it.
    pub generated: Option<Generated>,
    /// The precision its `[grading]` table asks of answers, if it has one.
    pub grading: Option<Precision>,
    /// What its `[grading]` table says answers are worth, if it says.
    pub marks: Option<Marks>,
}

impl Lesson {
    /// Number of layers L (the input layer 0 not counted).
    pub fn depth(&self) -> usize {
        self.layers.len()
    }

    /// The numbers of layer `l`'s output (0 = the input): a dense layer's neurons.
    pub fn width(&self, l: usize) -> usize {
        self.shape(l).len()
    }

    /// The shape of layer `l`'s output (0 = the input).
    pub fn shape(&self, l: usize) -> Shape {
        if l == 0 {
            self.input
        } else {
            self.layers[l - 1].output
        }
    }

    /// The numbers of the input.
    pub fn inputs(&self) -> usize {
        self.input.len()
    }

    /// Is every layer a dense layer on vectors (the networks every earlier lesson has)?
    pub fn all_dense(&self) -> bool {
        self.layers
            .iter()
            .all(|l| l.is_dense() && l.residual.is_none())
    }

    /// Numbers of the output layer L (all positions of a sequence).
    pub fn outputs(&self) -> usize {
        self.width(self.depth())
    }

    /// Updates per epoch.
    pub fn batches_per_epoch(&self) -> usize {
        self.data.len().div_ceil(self.batch_size)
    }

    /// 0-based sample range of 0-based batch `b`.
    pub fn batch_range(&self, b: usize) -> std::ops::Range<usize> {
        let start = b * self.batch_size;
        start..(start + self.batch_size).min(self.data.len())
    }

    /// 0-based batch of 0-based sample `s`.
    pub fn batch_of(&self, s: usize) -> usize {
        s / self.batch_size
    }

    /// Parameters of the whole network.
    pub fn parameter_count(&self) -> usize {
        self.layers
            .iter()
            .map(|l| l.params.iter().map(|p| p.len()).sum::<usize>())
            .sum()
    }
}
