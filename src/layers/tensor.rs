//! The parameter tensors layers have, by the names their steps use, and what a kind says
//! of each of its tensors ([`ParamSpec`]).

/// One parameter tensor of a layer, by the name its steps use: `w` for a dense or convolution
/// layer's weights, `w_ih` for a recurrent layer's input weights, and so on. A kind lists its
/// tensors with the lesson-file key each is written under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tensor {
    /// Weights (`weights`): a dense layer's W, a convolution's kernels.
    W,
    /// Biases (`biases`).
    B,
    /// A recurrent layer's input weights W_ih (`weights_ih`).
    WIh,
    /// A recurrent layer's hidden-to-hidden weights W_hh (`weights_hh`).
    WHh,
    /// A recurrent layer's input bias b_ih (`biases_ih`).
    BIh,
    /// A recurrent layer's hidden bias b_hh (`biases_hh`).
    BHh,
    /// Attention's query projection W_q (`weights_q`).
    WQ,
    /// Attention's key projection W_k (`weights_k`).
    WK,
    /// Attention's value projection W_v (`weights_v`).
    WV,
    /// Attention's output projection W_o (`weights_o`).
    WO,
    /// Attention's query bias (`biases_q`).
    BQ,
    /// Attention's key bias (`biases_k`).
    BK,
    /// Attention's value bias (`biases_v`).
    BV,
    /// Attention's output bias (`biases_o`).
    BO,
    /// Layer norm's scale γ (`weights`).
    Gamma,
    /// Layer norm's shift β (`biases`).
    Beta,
    /// An embedding's token table E (`weights`).
    Emb,
    /// An embedding's position table P (`positions`).
    Pos,
    /// LoRA's down-projection A (`lora.a`).
    LoraA,
    /// LoRA's up-projection B (`lora.b`).
    LoraB,
}

impl Tensor {
    /// Every tensor.
    pub const ALL: [Tensor; 20] = [
        Tensor::W,
        Tensor::B,
        Tensor::WIh,
        Tensor::WHh,
        Tensor::BIh,
        Tensor::BHh,
        Tensor::WQ,
        Tensor::WK,
        Tensor::WV,
        Tensor::WO,
        Tensor::BQ,
        Tensor::BK,
        Tensor::BV,
        Tensor::BO,
        Tensor::Gamma,
        Tensor::Beta,
        Tensor::Emb,
        Tensor::Pos,
        Tensor::LoraA,
        Tensor::LoraB,
    ];

    /// The name in step names: the parameter's own steps are `w(l)[…]`, its gradient's
    /// `dw(l)[…]`.
    pub fn name(self) -> &'static str {
        match self {
            Tensor::W => "w",
            Tensor::B => "b",
            Tensor::WIh => "w_ih",
            Tensor::WHh => "w_hh",
            Tensor::BIh => "b_ih",
            Tensor::BHh => "b_hh",
            Tensor::WQ => "w_q",
            Tensor::WK => "w_k",
            Tensor::WV => "w_v",
            Tensor::WO => "w_o",
            Tensor::BQ => "b_q",
            Tensor::BK => "b_k",
            Tensor::BV => "b_v",
            Tensor::BO => "b_o",
            Tensor::Gamma => "gamma",
            Tensor::Beta => "beta",
            Tensor::Emb => "emb",
            Tensor::Pos => "pos",
            Tensor::LoraA => "lora_a",
            Tensor::LoraB => "lora_b",
        }
    }

    /// The tensor whose step name is `name`.
    pub fn from_name(name: &str) -> Option<Tensor> {
        Tensor::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Is it one of the two tensors every dense-style layer has, whose optimizer state is
    /// named without a suffix (`m(l)[j,k]`, `v(l)[j]`)?
    pub fn is_plain(self) -> bool {
        matches!(self, Tensor::W | Tensor::B)
    }

    /// Is it a bias-like tensor (added, not multiplied)?
    pub fn is_bias(self) -> bool {
        matches!(
            self,
            Tensor::B
                | Tensor::BIh
                | Tensor::BHh
                | Tensor::BQ
                | Tensor::BK
                | Tensor::BV
                | Tensor::BO
                | Tensor::Beta
        )
    }
}

/// One parameter tensor of a layer as its kind declares it: which tensor, the key it is written
/// under in a lesson file (and in JSON's `initial` and `final`), its shape, and whether it trains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamSpec {
    /// Which tensor.
    pub tensor: Tensor,
    /// Its key in the lesson file: `weights`, `biases_ih`, `positions`, ….
    pub key: &'static str,
    /// Its shape, as PyTorch lays the module's parameter out.
    pub dims: Vec<usize>,
    /// Does the optimizer update it (the layer's `trainable` and `train_biases`, LoRA's frozen
    /// base)?
    pub trains: bool,
}

impl ParamSpec {
    /// How many numbers it holds.
    pub fn len(&self) -> usize {
        self.dims.iter().product()
    }

    /// Does it hold none?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
