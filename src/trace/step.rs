//! What a step is: its quantity, layer and indices, its phase, and its name.

use std::fmt;

pub use super::index::Index;
pub use super::quantity::{Gate, Inner, Moment, Quantity, Tensor};

/// The four phases of training, in trace order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Phase {
    /// z and a, layer by layer.
    Forward,
    /// The sample's loss.
    Loss,
    /// δ, ∂L/∂b and ∂L/∂w, from the output down.
    Backward,
    /// Optimizer state and new parameters, after a batch.
    Update,
}

impl Phase {
    /// The four phases in trace order.
    pub const ALL: [Phase; 4] = [Phase::Forward, Phase::Loss, Phase::Backward, Phase::Update];

    /// The phase's name, as in JSON's `phase`.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Forward => "forward",
            Phase::Loss => "loss",
            Phase::Backward => "backward",
            Phase::Update => "update",
        }
    }
}

/// Which number of a sample or update a step is: its quantity, its layer and its indices in
/// that layer (from 0): `[j]` of a neuron, `[j,k]` of a dense weight, `[c,i,j]` of a feature
/// map, `[t,j]` of a position. `loss` has layer 0 and no indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StepId {
    /// What kind of number it is.
    pub quantity: Quantity,
    /// The layer, 1..=L (0 for the loss).
    pub layer: usize,
    /// Its indices within the layer, from 0.
    pub ix: Index,
}

/// Why a text is not a step name. `Display` says it in the process's language
/// ([`crate::i18n::lang`]); [`StepNameError::message`] in English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.words(crate::i18n::lang()))]
pub struct StepNameError(NameProblem);

/// What is wrong with a step name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum NameProblem {
    /// Not shaped like one at all.
    NotAName,
    /// Its stem names no quantity.
    UnknownQuantity(String),
    /// The layer in the name is no whole number.
    Layer(String),
    /// An index is no whole number from 1.
    Indices(String),
    /// An index is 0.
    Zero(String),
    /// More indices than any step has.
    TooMany(String, usize),
    /// A message of its own.
    Other(String),
}

impl StepNameError {
    /// A message of its own, e.g. "neurons are numbered from 1, in `z(1)[0]`".
    pub fn new(message: impl Into<String>) -> Self {
        StepNameError(NameProblem::Other(message.into()))
    }

    /// The explanation in English, e.g. "neurons are numbered from 1, in `z(1)[0]`".
    pub fn message(&self) -> String {
        self.words(crate::i18n::Lang::En)
    }

    /// Does it only say what a step name looks like (which a message's help says too)?
    pub fn is_shape(&self) -> bool {
        self.0 == NameProblem::NotAName
    }

    /// The explanation in `lang`.
    pub fn words(&self, lang: crate::i18n::Lang) -> String {
        use crate::tr;
        match &self.0 {
            NameProblem::NotAName => tr!(lang, "err-step-expected"),
            NameProblem::UnknownQuantity(stem) => {
                tr!(lang, "err-step-unknown-quantity", stem = stem)
            }
            NameProblem::Layer(name) => tr!(lang, "err-step-layer", name = name),
            NameProblem::Indices(name) => tr!(lang, "err-step-indices", name = name),
            NameProblem::Zero(name) => tr!(lang, "err-step-zero", name = name),
            NameProblem::TooMany(name, n) => tr!(
                lang,
                "err-step-too-many",
                name = name,
                n = n.to_string(),
                max = Index::MAX.to_string()
            ),
            NameProblem::Other(message) => message.clone(),
        }
    }
}

impl StepId {
    /// The sample's loss.
    pub const LOSS: StepId = StepId {
        quantity: Quantity::Loss,
        layer: 0,
        ix: Index::EMPTY,
    };

    /// A step of `quantity` in `layer` at indices `ix` (from 0).
    pub fn new(quantity: Quantity, layer: usize, ix: &[usize]) -> Self {
        StepId {
            quantity,
            layer,
            ix: Index::new(ix),
        }
    }

    /// A neuron-shaped step: `z(l)[j]` and the like (0-based `j`).
    pub fn neuron(quantity: Quantity, layer: usize, j: usize) -> Self {
        StepId::new(quantity, layer, &[j])
    }

    /// A weight-shaped step: `dw(l)[j,k]` and the like (0-based `j`, `k`).
    pub fn weight(quantity: Quantity, layer: usize, j: usize, k: usize) -> Self {
        StepId::new(quantity, layer, &[j, k])
    }

    /// The first index: a neuron's `j`.
    pub fn j(&self) -> usize {
        self.ix.j()
    }

    /// The second index: a dense weight's `k`.
    pub fn k(&self) -> Option<usize> {
        self.ix.k()
    }

    /// The phase of the step.
    pub fn phase(&self) -> Phase {
        self.quantity.phase()
    }

    /// The parameter a gradient, update or optimizer-state step belongs to.
    pub fn param(&self) -> Option<Param> {
        self.quantity.tensor().map(|tensor| Param {
            l: self.layer,
            tensor,
            ix: self.ix,
        })
    }

    /// The same step with another quantity: `dw(1)[1,2]` → `w(1)[1,2]`.
    pub fn with(&self, quantity: Quantity) -> StepId {
        StepId { quantity, ..*self }
    }

    /// Parses a step name such as `z(1)[2]`, `dw(2)[1,2]`, `h(1)[3,2]`, `loss` or
    /// `m(1)[1,2]`. Indices in names are counted from 1. Where a name means several things
    /// (`v`), the first is taken; whether the step exists in a given lesson, with that many
    /// indices, is for [`Layout::resolve`](super::Layout::resolve) and
    /// [`Layout::position`](super::Layout::position) to say.
    pub fn parse(name: &str) -> Result<StepId, StepNameError> {
        let err = StepNameError;
        let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        if name == "loss" {
            return Ok(StepId::LOSS);
        }
        let (stem, rest) = name.split_once('(').ok_or(err(NameProblem::NotAName))?;
        let quantity = Quantity::from_name(stem)
            .ok_or_else(|| err(NameProblem::UnknownQuantity(stem.to_string())))?;
        let (layer, rest) = rest.split_once(')').ok_or(err(NameProblem::NotAName))?;
        let layer: usize = layer
            .parse()
            .map_err(|_| err(NameProblem::Layer(name.clone())))?;
        let idx = rest
            .strip_prefix('[')
            .and_then(|r| r.strip_suffix(']'))
            .ok_or(err(NameProblem::NotAName))?;
        let nums: Vec<usize> = idx
            .split(',')
            .map(|s| s.parse::<usize>())
            .collect::<Result<_, _>>()
            .map_err(|_| err(NameProblem::Indices(name.clone())))?;
        if nums.contains(&0) {
            return Err(err(NameProblem::Zero(name.clone())));
        }
        if nums.len() > Index::MAX {
            return Err(err(NameProblem::TooMany(name.clone(), nums.len())));
        }
        let ix: Vec<usize> = nums.iter().map(|n| n - 1).collect();
        Ok(StepId::new(quantity, layer, &ix))
    }
}

/// The step name, e.g. `dw(2)[1,2]` (1-based indices).
impl fmt::Display for StepId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.quantity == Quantity::Loss {
            return f.write_str("loss");
        }
        write!(f, "{}({})[{}]", self.quantity.name(), self.layer, self.ix)
    }
}

/// One entry of one parameter tensor: w⁽ˡ⁾ⱼₖ, b⁽ˡ⁾ⱼ, a kernel weight `w(l)[o,c,u,v]`, …
/// (layer from 1, indices from 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Param {
    /// The layer, from 1.
    pub l: usize,
    /// Which tensor of the layer.
    pub tensor: Tensor,
    /// The entry's indices in the tensor, from 0.
    pub ix: Index,
}

impl Param {
    /// The dense weight from neuron `k` of layer l − 1 to neuron `j` of layer `l`.
    pub fn w(l: usize, j: usize, k: usize) -> Param {
        Param {
            l,
            tensor: Tensor::W,
            ix: Index::two(j, k),
        }
    }

    /// The bias of neuron `j` of layer `l`.
    pub fn b(l: usize, j: usize) -> Param {
        Param {
            l,
            tensor: Tensor::B,
            ix: Index::one(j),
        }
    }

    /// The layer the parameter belongs to.
    pub fn layer(self) -> usize {
        self.l
    }

    /// Is it an entry of the layer's weights `w`?
    pub fn is_weight(self) -> bool {
        self.tensor == Tensor::W
    }

    /// The step of `quantity` about this parameter: `p.id(p.gradient())` is its gradient,
    /// `p.id(p.quantity())` its new value, and a state quantity of any tensor is taken for
    /// this parameter's tensor.
    pub fn id(self, quantity: Quantity) -> StepId {
        StepId {
            quantity: quantity.for_tensor(self.tensor),
            layer: self.l,
            ix: self.ix,
        }
    }

    /// Its gradient's quantity: `dw`, `db`, `dw_ih`, ….
    pub fn gradient(self) -> Quantity {
        Quantity::Grad(self.tensor)
    }

    /// Its own quantity: `w`, `b`, `w_ih`, ….
    pub fn quantity(self) -> Quantity {
        Quantity::Param(self.tensor)
    }

    /// Its optimizer state `moment`.
    pub fn state(self, moment: Moment) -> Quantity {
        Quantity::State(moment, self.tensor)
    }
}

/// Where in an epoch a step is, counted from 1 as a learner counts: one sample's forward pass,
/// loss and backward pass, or one batch's update.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    /// Sample n of the data (from 1), for forward, loss and backward steps.
    Sample(usize),
    /// The update after batch n (from 1), for update and optimizer-state steps.
    Batch(usize),
}

impl Place {
    /// Place number `n` for a step of `id`: a sample, or a batch for update steps.
    pub fn of(id: &StepId, n: usize) -> Place {
        if id.phase() == Phase::Update {
            Place::Batch(n)
        } else {
            Place::Sample(n)
        }
    }

    /// The sample or batch number, from 1.
    pub fn number(self) -> usize {
        match self {
            Place::Sample(n) | Place::Batch(n) => n,
        }
    }

    /// "sample" or "batch".
    pub fn unit(self) -> &'static str {
        match self {
            Place::Sample(_) => "sample",
            Place::Batch(_) => "batch",
        }
    }
}

/// `sample 3`, `batch 2`.
impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.unit(), self.number())
    }
}

/// The full address of a step: epoch (from 1), place and name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StepKey {
    /// The epoch, from 1.
    pub epoch: usize,
    /// The sample, or the batch of an update step.
    pub place: Place,
    /// Which number of that sample or update.
    pub id: StepId,
}

/// `z(1)[1] in epoch 1, sample 2`.
impl fmt::Display for StepKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} in epoch {}, {}", self.id, self.epoch, self.place)
    }
}

/// One number of the trace, located in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// The epoch, from 1.
    pub epoch: usize,
    /// The batch within the epoch, from 1 (for sample steps: the batch the sample is in).
    pub batch: usize,
    /// The sample (in the data's order), or the batch of an update step.
    pub place: Place,
    /// Position within the epoch, from 0.
    pub index: usize,
    /// Which number it is.
    pub id: StepId,
    /// Its exact value.
    pub value: f64,
}

impl Step {
    /// The phase of the step.
    pub fn phase(&self) -> Phase {
        self.id.phase()
    }
    /// Its name, e.g. `dw(2)[1,2]`.
    pub fn name(&self) -> String {
        self.id.to_string()
    }
    /// The sample of a forward, loss or backward step; `None` for update steps.
    pub fn sample(&self) -> Option<usize> {
        match self.place {
            Place::Sample(n) => Some(n),
            Place::Batch(_) => None,
        }
    }
    /// Its address.
    pub fn key(&self) -> StepKey {
        StepKey {
            epoch: self.epoch,
            place: self.place,
            id: self.id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for name in [
            "z(1)[2]",
            "a(2)[1]",
            "delta(2)[1]",
            "db(2)[1]",
            "dw(2)[1,2]",
            "b(2)[1]",
            "w(2)[1,2]",
            "loss",
            "m(2)[1,2]",
            "v(1)[3]",
            "mhat(1)[1,1]",
            "vhat(2)[2]",
            "z(1)[1,2,3]",
            "dw(1)[1,1,3,3]",
            "dw_ih(2)[1,2]",
            "m_gamma(3)[4]",
        ] {
            assert_eq!(StepId::parse(name).unwrap().to_string(), name);
        }
        assert_eq!(
            StepId::parse(" dw(2)[1, 2] ").unwrap(),
            StepId::weight(Quantity::DW, 2, 0, 1)
        );
    }

    #[test]
    fn bad_names_say_why() {
        assert!(
            StepId::parse("u(1)[1]")
                .unwrap_err()
                .message()
                .contains("unknown quantity")
        );
        assert!(
            StepId::parse("z(1)[0]")
                .unwrap_err()
                .message()
                .contains("from 1")
        );
        assert!(StepId::parse("z1").is_err());
        assert!(StepId::parse("z(1)[1,1,1,1,1]").is_err());
    }
}
