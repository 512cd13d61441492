//! The vocabulary of step names: what kind of number a step is (its [`Quantity`]), and for
//! gradients, updates and optimizer state, which parameter tensor of its layer it belongs to
//! ([`Tensor`], named by the layer kinds).
//!
//! A layer kind says which of these quantities its steps use and how they are ordered; the
//! names here are the one spelling shared by the tutor, the exports, worksheets and JSON.

pub use crate::layers::Tensor;

use super::step::Phase;

/// Optimizer state kept per parameter and traced before its update.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Moment {
    /// Adam's first moment m.
    M,
    /// Adam's second moment v.
    V,
    /// Adam's bias-corrected first moment m̂.
    MHat,
    /// Adam's bias-corrected second moment v̂.
    VHat,
    /// SGD's momentum velocity (named `v`, like Adam's second moment).
    Velocity,
    /// AdamW's decayed parameter p·(1 − η·λ), before its Adam step.
    Decayed,
}

impl Moment {
    /// Every moment.
    pub const ALL: [Moment; 6] = [
        Moment::M,
        Moment::V,
        Moment::MHat,
        Moment::VHat,
        Moment::Velocity,
        Moment::Decayed,
    ];

    /// The name in step names (before a tensor's suffix).
    pub fn name(self) -> &'static str {
        match self {
            Moment::M => "m",
            Moment::V | Moment::Velocity => "v",
            Moment::MHat => "mhat",
            Moment::VHat => "vhat",
            Moment::Decayed => "decayed",
        }
    }
}

/// One of an LSTM's four gates, in the order PyTorch stacks their rows: i, f, g, o.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Gate {
    /// The input gate i = σ(…).
    Input,
    /// The forget gate f = σ(…).
    Forget,
    /// The cell candidate g = tanh(…).
    Cell,
    /// The output gate o = σ(…).
    Output,
}

impl Gate {
    /// The four gates in PyTorch's order (their block of rows in `weights_ih`).
    pub const ALL: [Gate; 4] = [Gate::Input, Gate::Forget, Gate::Cell, Gate::Output];

    /// The name in step names: `i`, `f`, `g`, `o`.
    pub fn name(self) -> &'static str {
        match self {
            Gate::Input => "i",
            Gate::Forget => "f",
            Gate::Cell => "g",
            Gate::Output => "o",
        }
    }

    /// Its block of rows among the stacked 4·hidden (0 for i, …, 3 for o).
    pub fn block(self) -> usize {
        self as usize
    }
}

/// The kind of number a step computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Quantity {
    /// A weighted input z = Σ w·a + b.
    Z,
    /// A layer's output a (after its activation and residual).
    A,
    /// A sample's loss.
    Loss,
    /// An error signal δ = ∂L/∂z (∂L/∂a for a layer without an activation).
    Delta,
    /// A sample's gradient of a parameter tensor's entry, ∂L/∂p.
    Grad(Tensor),
    /// A parameter after the update.
    Param(Tensor),
    /// Optimizer state of a parameter after the update.
    State(Moment, Tensor),
    /// A number inside a transformer's layer kinds (layer norm, attention, LoRA).
    Block(Inner),
    /// A recurrent layer's hidden state h (`h(l)[t,j]`).
    H,
    /// An LSTM's cell state c (`c(l)[t,j]`).
    C,
    /// An LSTM gate's value (`i(l)[t,j]`, `f`, `g`, `o`).
    Gate(Gate),
    /// ∂L/∂h of a recurrent layer's hidden state: from the output at its step and from the
    /// step after it (`dh(l)[t,j]`).
    DH,
    /// ∂L/∂c of an LSTM's cell state (`dc(l)[t,j]`).
    DC,
}

/// The numbers inside a transformer's layer kinds, forward and backward: layer norm's μ, σ²
/// and x̂; attention's q, k, v, scores, weights and context; LoRA's down projection; and the
/// gradients of each (∂L/∂x̂, …), with ∂L/∂x the error a layer norm passes to its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Inner {
    /// Layer norm: a position's mean μ (`mu`).
    Mu,
    /// Layer norm: a position's variance σ², biased (`var`).
    Var,
    /// Layer norm: the normalised input x̂ = (x − μ)/√(σ² + ε) (`xhat`).
    XHat,
    /// Attention: a query (`q`).
    Query,
    /// Attention: a key (`k`).
    Key,
    /// Attention: a value (`v`).
    Value,
    /// Attention: a scaled score q·k/√d, −∞ where masked (`score`).
    Score,
    /// Attention: a weight, the softmax of the scores over the keys (`attn`).
    Attn,
    /// Attention: the context Σₛ attn·v, before the output projection (`ctx`).
    Ctx,
    /// LoRA: the down projection A·a (`down`).
    Down,
    /// ∂L/∂x̂ (`dxhat`).
    DXHat,
    /// ∂L/∂x, the error a layer norm passes to its input (`dx`).
    DX,
    /// ∂L/∂ctx (`dctx`).
    DCtx,
    /// ∂L/∂attn (`dattn`).
    DAttn,
    /// ∂L/∂score (`dscore`).
    DScore,
    /// ∂L/∂q (`dq`).
    DQuery,
    /// ∂L/∂k (`dk`).
    DKey,
    /// ∂L/∂v (`dv`).
    DValue,
    /// ∂L/∂down, LoRA's (`ddown`).
    DDown,
}

impl Inner {
    /// Every inner quantity.
    pub const ALL: [Inner; 19] = [
        Inner::Mu,
        Inner::Var,
        Inner::XHat,
        Inner::Query,
        Inner::Key,
        Inner::Value,
        Inner::Score,
        Inner::Attn,
        Inner::Ctx,
        Inner::Down,
        Inner::DXHat,
        Inner::DX,
        Inner::DCtx,
        Inner::DAttn,
        Inner::DScore,
        Inner::DQuery,
        Inner::DKey,
        Inner::DValue,
        Inner::DDown,
    ];

    /// The name in step names.
    pub fn name(self) -> &'static str {
        match self {
            Inner::Mu => "mu",
            Inner::Var => "var",
            Inner::XHat => "xhat",
            Inner::Query => "q",
            Inner::Key => "k",
            Inner::Value => "v",
            Inner::Score => "score",
            Inner::Attn => "attn",
            Inner::Ctx => "ctx",
            Inner::Down => "down",
            Inner::DXHat => "dxhat",
            Inner::DX => "dx",
            Inner::DCtx => "dctx",
            Inner::DAttn => "dattn",
            Inner::DScore => "dscore",
            Inner::DQuery => "dq",
            Inner::DKey => "dk",
            Inner::DValue => "dv",
            Inner::DDown => "ddown",
        }
    }

    /// The forward quantity whose gradient it is (∂L/∂x̂ of x̂), for a backward one; the
    /// layer's input for ∂L/∂x.
    pub fn of(self) -> Option<Inner> {
        match self {
            Inner::DXHat => Some(Inner::XHat),
            Inner::DCtx => Some(Inner::Ctx),
            Inner::DAttn => Some(Inner::Attn),
            Inner::DScore => Some(Inner::Score),
            Inner::DQuery => Some(Inner::Query),
            Inner::DKey => Some(Inner::Key),
            Inner::DValue => Some(Inner::Value),
            Inner::DDown => Some(Inner::Down),
            _ => None,
        }
    }

    /// Is it computed in the backward pass?
    pub fn is_backward(self) -> bool {
        self.of().is_some() || self == Inner::DX
    }
}

impl Quantity {
    /// ∂L/∂w, a weight's gradient.
    pub const DW: Quantity = Quantity::Grad(Tensor::W);
    /// ∂L/∂b, a bias's gradient.
    pub const DB: Quantity = Quantity::Grad(Tensor::B);
    /// A weight after the update.
    pub const W: Quantity = Quantity::Param(Tensor::W);
    /// A bias after the update.
    pub const B: Quantity = Quantity::Param(Tensor::B);

    /// The name used in step names and in JSON's `quantity`: `z`, `dw`, `w_ih`, `m_w_ih`.
    pub fn name(self) -> String {
        match self {
            Quantity::Z => "z".into(),
            Quantity::A => "a".into(),
            Quantity::Loss => "loss".into(),
            Quantity::Delta => "delta".into(),
            Quantity::Grad(t) => format!("d{}", t.name()),
            Quantity::Param(t) => t.name().into(),
            Quantity::State(m, t) if t.is_plain() => m.name().into(),
            Quantity::State(m, t) => format!("{}_{}", m.name(), t.name()),
            Quantity::H => "h".into(),
            Quantity::C => "c".into(),
            Quantity::Gate(g) => g.name().into(),
            Quantity::DH => "dh".into(),
            Quantity::DC => "dc".into(),
            Quantity::Block(i) => i.name().into(),
        }
    }

    /// The quantities of recurrent layers: h, c, the gates, ∂L/∂h and ∂L/∂c.
    const RECURRENT: [Quantity; 8] = [
        Quantity::H,
        Quantity::C,
        Quantity::Gate(Gate::Input),
        Quantity::Gate(Gate::Forget),
        Quantity::Gate(Gate::Cell),
        Quantity::Gate(Gate::Output),
        Quantity::DH,
        Quantity::DC,
    ];

    /// The quantities a name in a step name may stand for. `v` is Adam's second moment or
    /// momentum's velocity, and a lesson says which ([`Layout::resolve`](super::Layout::resolve));
    /// the first is the default.
    pub fn candidates(name: &str) -> Vec<Quantity> {
        let fixed = [Quantity::Z, Quantity::A, Quantity::Loss, Quantity::Delta];
        if let Some(q) = fixed
            .into_iter()
            .chain(Quantity::RECURRENT)
            .find(|q| q.name() == name)
        {
            return vec![q];
        }
        // `v` is also Adam's second moment and momentum's velocity: it comes last, and a
        // lesson tells them apart by the layer (Layout::resolve).
        let inner = Inner::ALL.into_iter().find(|i| i.name() == name);
        if let Some(i) = inner.filter(|&i| i != Inner::Value) {
            return vec![Quantity::Block(i)];
        }
        if let Some(t) = Tensor::from_name(name) {
            return vec![Quantity::Param(t)];
        }
        if let Some(t) = name.strip_prefix('d').and_then(Tensor::from_name) {
            return vec![Quantity::Grad(t)];
        }
        let mut out = Vec::new();
        for m in Moment::ALL {
            for t in Tensor::ALL {
                if Quantity::State(m, t).name() == name {
                    out.push(Quantity::State(m, t));
                }
            }
        }
        if inner == Some(Inner::Value) {
            out.push(Quantity::Block(Inner::Value));
        }
        out
    }

    /// The quantity a name in a step name stands for by default (see [`Quantity::candidates`]).
    pub fn from_name(name: &str) -> Option<Self> {
        Quantity::candidates(name).into_iter().next()
    }

    /// Every stem a step name may start with, for messages and suggestions.
    pub fn stems() -> Vec<String> {
        let mut out: Vec<String> = ["z", "a", "loss", "delta"].map(String::from).to_vec();
        out.extend(Quantity::RECURRENT.iter().map(|q| q.name()));
        for t in Tensor::ALL {
            out.push(Quantity::Grad(t).name());
        }
        for t in Tensor::ALL {
            out.push(t.name().into());
        }
        for m in Moment::ALL {
            for t in Tensor::ALL {
                let n = Quantity::State(m, t).name();
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
        for i in Inner::ALL {
            if !out.iter().any(|n| n == i.name()) {
                out.push(i.name().into());
            }
        }
        out
    }

    /// The phase in which this quantity is computed.
    pub fn phase(self) -> Phase {
        match self {
            Quantity::Z | Quantity::A | Quantity::H | Quantity::C | Quantity::Gate(_) => {
                Phase::Forward
            }
            Quantity::Loss => Phase::Loss,
            Quantity::Delta | Quantity::Grad(_) | Quantity::DH | Quantity::DC => Phase::Backward,
            Quantity::Param(_) | Quantity::State(..) => Phase::Update,
            Quantity::Block(i) if i.is_backward() => Phase::Backward,
            Quantity::Block(_) => Phase::Forward,
        }
    }

    /// Is it optimizer state (momentum's velocity; Adam's m, v, m̂, v̂)?
    pub fn is_optimizer_state(self) -> bool {
        matches!(self, Quantity::State(..))
    }

    /// The optimizer state it is, if it is one.
    pub fn moment(self) -> Option<Moment> {
        match self {
            Quantity::State(m, _) => Some(m),
            _ => None,
        }
    }

    /// The parameter tensor a gradient, update or state step belongs to.
    pub fn tensor(self) -> Option<Tensor> {
        match self {
            Quantity::Grad(t) | Quantity::Param(t) | Quantity::State(_, t) => Some(t),
            _ => None,
        }
    }

    /// The same kind of number for another tensor: `dw` → `dw_ih`.
    pub fn for_tensor(self, tensor: Tensor) -> Quantity {
        match self {
            Quantity::Grad(_) => Quantity::Grad(tensor),
            Quantity::Param(_) => Quantity::Param(tensor),
            Quantity::State(m, _) => Quantity::State(m, tensor),
            q => q,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_reads_back() {
        for stem in Quantity::stems() {
            let q = Quantity::from_name(&stem).unwrap();
            assert_eq!(q.name(), stem);
        }
        assert_eq!(Quantity::DW.name(), "dw");
        assert_eq!(
            Quantity::State(Moment::MHat, Tensor::WIh).name(),
            "mhat_w_ih"
        );
        assert_eq!(
            Quantity::candidates("v"),
            vec![
                Quantity::State(Moment::V, Tensor::W),
                Quantity::State(Moment::V, Tensor::B),
                Quantity::State(Moment::Velocity, Tensor::W),
                Quantity::State(Moment::Velocity, Tensor::B),
                Quantity::Block(Inner::Value)
            ]
        );
    }
}
