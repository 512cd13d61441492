//! What a step is: its quantity, layer and neuron indices, its phase, and its name.

use std::fmt;

/// The kind of number a step computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Quantity {
    /// A weighted input z = Σ w·a + b.
    Z,
    /// An activation a = f(z).
    A,
    /// A sample's loss.
    Loss,
    /// An error signal δ = ∂L/∂z.
    Delta,
    /// A sample's gradient of a bias, ∂L/∂b.
    Db,
    /// A sample's gradient of a weight, ∂L/∂w.
    Dw,
    /// A weight after the update.
    W,
    /// A bias after the update.
    B,
    /// Adam's first moment.
    M,
    /// Adam's second moment (named `v`, like momentum's velocity).
    V,
    /// Adam's bias-corrected first moment m̂.
    MHat,
    /// Adam's bias-corrected second moment v̂.
    VHat,
    /// SGD's momentum velocity (named `v`, like Adam's second moment).
    Velocity,
}

impl Quantity {
    /// Every quantity, in trace order within a sample, then the update's.
    pub const ALL: [Quantity; 13] = [
        Quantity::Z,
        Quantity::A,
        Quantity::Loss,
        Quantity::Delta,
        Quantity::Db,
        Quantity::Dw,
        Quantity::W,
        Quantity::B,
        Quantity::M,
        Quantity::V,
        Quantity::MHat,
        Quantity::VHat,
        Quantity::Velocity,
    ];

    /// The name used in step names and in JSON's `quantity`.
    pub fn name(self) -> &'static str {
        match self {
            Quantity::Z => "z",
            Quantity::A => "a",
            Quantity::Loss => "loss",
            Quantity::Delta => "delta",
            Quantity::Db => "db",
            Quantity::Dw => "dw",
            Quantity::W => "w",
            Quantity::B => "b",
            Quantity::M => "m",
            Quantity::V | Quantity::Velocity => "v",
            Quantity::MHat => "mhat",
            Quantity::VHat => "vhat",
        }
    }

    /// The quantity a name in a step name stands for. `v` is read as Adam's second moment;
    /// [`Layout::resolve`](super::Layout::resolve) makes it momentum's velocity in a lesson
    /// that trains with momentum.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|q| q.name() == name)
    }

    /// The phase in which this quantity is computed.
    pub fn phase(self) -> Phase {
        match self {
            Quantity::Z | Quantity::A => Phase::Forward,
            Quantity::Loss => Phase::Loss,
            Quantity::Delta | Quantity::Db | Quantity::Dw => Phase::Backward,
            _ => Phase::Update,
        }
    }

    /// Is it optimizer state (momentum's velocity; Adam's m, v, m̂, v̂)?
    pub fn is_optimizer_state(self) -> bool {
        matches!(
            self,
            Quantity::M | Quantity::V | Quantity::MHat | Quantity::VHat | Quantity::Velocity
        )
    }

    /// Is it shaped like a weight (indices `[j,k]`) rather than a neuron (`[j]`)? State
    /// quantities take either, following their parameter.
    fn weight_shaped(self) -> bool {
        matches!(self, Quantity::Dw | Quantity::W)
    }

    fn neuron_shaped(self) -> bool {
        matches!(
            self,
            Quantity::Z | Quantity::A | Quantity::Delta | Quantity::Db | Quantity::B
        )
    }
}

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

/// Which number of a sample or update a step is: quantity, layer and 0-based neuron indices.
/// `k` is the column of a weight-shaped quantity (dw, w, and state of a weight); `None` for
/// neuron-shaped ones (z, a, delta, db, b, and state of a bias). `loss` has layer 0, j 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StepId {
    /// What kind of number it is.
    pub quantity: Quantity,
    /// The layer, 1..=L (0 for the loss).
    pub layer: usize,
    /// The neuron of `layer`, from 0.
    pub j: usize,
    /// The neuron of the layer below, from 0, for weight-shaped quantities.
    pub k: Option<usize>,
}

/// Why a text is not a step name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct StepNameError(String);

impl StepNameError {
    /// The explanation, e.g. "neurons are numbered from 1, in `z(1)[0]`".
    pub fn message(&self) -> &str {
        &self.0
    }
}

impl StepId {
    /// The sample's loss.
    pub const LOSS: StepId = StepId {
        quantity: Quantity::Loss,
        layer: 0,
        j: 0,
        k: None,
    };

    /// A neuron-shaped step: `z(l)[j]` and the like (0-based `j`).
    pub fn neuron(quantity: Quantity, layer: usize, j: usize) -> Self {
        StepId {
            quantity,
            layer,
            j,
            k: None,
        }
    }

    /// A weight-shaped step: `dw(l)[j,k]` and the like (0-based `j`, `k`).
    pub fn weight(quantity: Quantity, layer: usize, j: usize, k: usize) -> Self {
        StepId {
            quantity,
            layer,
            j,
            k: Some(k),
        }
    }

    /// The phase of the step.
    pub fn phase(&self) -> Phase {
        self.quantity.phase()
    }

    /// The parameter a gradient, update or optimizer-state step belongs to.
    pub fn param(&self) -> Option<Param> {
        match self.quantity {
            Quantity::Z | Quantity::A | Quantity::Loss | Quantity::Delta => None,
            _ => Some(match self.k {
                Some(k) => Param::W {
                    l: self.layer,
                    j: self.j,
                    k,
                },
                None => Param::B {
                    l: self.layer,
                    j: self.j,
                },
            }),
        }
    }

    /// The same step with another quantity: `dw(1)[1,2]` → `w(1)[1,2]`.
    pub fn with(&self, quantity: Quantity) -> StepId {
        StepId { quantity, ..*self }
    }

    /// Parses a step name such as `z(1)[2]`, `dw(2)[1,2]`, `loss` or `m(1)[1,2]`. Indices in
    /// names are 1-based. Whether the step exists in a given lesson is checked elsewhere.
    pub fn parse(name: &str) -> Result<StepId, StepNameError> {
        let err = |message: String| StepNameError(message);
        let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        if name == "loss" {
            return Ok(StepId::LOSS);
        }
        let expected = "a step name such as z(1)[2], dw(2)[1,2] or loss";
        let open = name
            .find('(')
            .ok_or_else(|| err(format!("expected {expected}")))?;
        let quantity = Quantity::from_name(&name[..open]).ok_or_else(|| {
            let mut names: Vec<&str> = Quantity::ALL.iter().map(|q| q.name()).collect();
            names.dedup();
            err(format!(
                "unknown quantity `{}`; expected one of {}",
                &name[..open],
                names.join(", ")
            ))
        })?;
        let rest = &name[open + 1..];
        let close = rest
            .find(')')
            .ok_or_else(|| err(format!("expected {expected}")))?;
        let layer: usize = rest[..close]
            .parse()
            .map_err(|_| err(format!("the layer in `{name}` must be a whole number")))?;
        let idx = rest[close + 1..]
            .strip_prefix('[')
            .and_then(|r| r.strip_suffix(']'))
            .ok_or_else(|| err(format!("expected {expected}")))?;
        let nums: Vec<usize> = idx
            .split(',')
            .map(|s| s.parse::<usize>())
            .collect::<Result<_, _>>()
            .map_err(|_| {
                err(format!(
                    "the indices in `{name}` must be whole numbers from 1"
                ))
            })?;
        if nums.contains(&0) {
            return Err(err(format!("neurons are numbered from 1, in `{name}`")));
        }
        match nums.as_slice() {
            [j] if !quantity.weight_shaped() => Ok(StepId::neuron(quantity, layer, j - 1)),
            [j, k] if !quantity.neuron_shaped() => {
                Ok(StepId::weight(quantity, layer, j - 1, k - 1))
            }
            [_] => Err(err(format!(
                "{} takes two indices [j,k], as in {}(1)[1,2]",
                quantity.name(),
                quantity.name()
            ))),
            _ => Err(err(format!(
                "{} takes one index [j], as in {}(1)[2]",
                quantity.name(),
                quantity.name()
            ))),
        }
    }
}

/// The step name, e.g. `dw(2)[1,2]` (1-based indices).
impl fmt::Display for StepId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.quantity == Quantity::Loss {
            return f.write_str("loss");
        }
        write!(f, "{}({})[{}", self.quantity.name(), self.layer, self.j + 1)?;
        if let Some(k) = self.k {
            write!(f, ",{}", k + 1)?;
        }
        f.write_str("]")
    }
}

/// Which parameter a gradient, an update or optimizer state belongs to: weight
/// w⁽ˡ⁾ⱼₖ or bias b⁽ˡ⁾ⱼ (layer from 1, neurons from 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Param {
    /// The weight from neuron `k` of layer l − 1 to neuron `j` of layer `l`.
    W {
        /// The layer, from 1.
        l: usize,
        /// The neuron of layer `l`, from 0.
        j: usize,
        /// The neuron of layer `l` − 1, from 0.
        k: usize,
    },
    /// The bias of neuron `j` of layer `l`.
    B {
        /// The layer, from 1.
        l: usize,
        /// The neuron, from 0.
        j: usize,
    },
}

impl Param {
    /// The layer the parameter belongs to.
    pub fn layer(self) -> usize {
        match self {
            Param::W { l, .. } | Param::B { l, .. } => l,
        }
    }

    /// The step of `quantity` about this parameter: `Param::W{..}.id(Quantity::Dw)` is its
    /// gradient, `.id(Quantity::W)` its new value.
    pub fn id(self, quantity: Quantity) -> StepId {
        match self {
            Param::W { l, j, k } => StepId::weight(quantity, l, j, k),
            Param::B { l, j } => StepId::neuron(quantity, l, j),
        }
    }

    /// Its gradient's quantity: `dw` or `db`.
    pub fn gradient(self) -> Quantity {
        match self {
            Param::W { .. } => Quantity::Dw,
            Param::B { .. } => Quantity::Db,
        }
    }

    /// Its own quantity: `w` or `b`.
    pub fn quantity(self) -> Quantity {
        match self {
            Param::W { .. } => Quantity::W,
            Param::B { .. } => Quantity::B,
        }
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
        ] {
            assert_eq!(StepId::parse(name).unwrap().to_string(), name);
        }
        assert_eq!(
            StepId::parse(" dw(2)[1, 2] ").unwrap(),
            StepId::weight(Quantity::Dw, 2, 0, 1)
        );
    }

    #[test]
    fn bad_names_say_why() {
        assert!(
            StepId::parse("q(1)[1]")
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
        assert!(
            StepId::parse("dw(1)[1]")
                .unwrap_err()
                .message()
                .contains("two indices")
        );
        assert!(
            StepId::parse("z(1)[1,2]")
                .unwrap_err()
                .message()
                .contains("one index")
        );
        assert!(StepId::parse("z1").is_err());
    }
}
