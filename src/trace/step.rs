//! What a step is: its quantity, layer and neuron indices, its phase, and its name.

use std::fmt;

/// The kind of number a step computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Quantity {
    Z,
    A,
    Loss,
    Delta,
    Db,
    Dw,
    /// A weight after the update.
    W,
    /// A bias after the update.
    B,
    /// Adam's first moment.
    M,
    /// Adam's second moment, or SGD's momentum velocity.
    V,
    /// Adam's bias-corrected first moment m̂.
    MHat,
    /// Adam's bias-corrected second moment v̂.
    VHat,
}

impl Quantity {
    pub const ALL: [Quantity; 12] = [
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
            Quantity::V => "v",
            Quantity::MHat => "mhat",
            Quantity::VHat => "vhat",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|q| q.name() == name)
    }

    pub fn phase(self) -> Phase {
        match self {
            Quantity::Z | Quantity::A => Phase::Forward,
            Quantity::Loss => Phase::Loss,
            Quantity::Delta | Quantity::Db | Quantity::Dw => Phase::Backward,
            _ => Phase::Update,
        }
    }

    pub fn is_optimizer_state(self) -> bool {
        matches!(
            self,
            Quantity::M | Quantity::V | Quantity::MHat | Quantity::VHat
        )
    }
}

/// The four phases of training, in trace order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Phase {
    Forward,
    Loss,
    Backward,
    Update,
}

impl Phase {
    pub const ALL: [Phase; 4] = [Phase::Forward, Phase::Loss, Phase::Backward, Phase::Update];

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
    pub quantity: Quantity,
    pub layer: usize,
    pub j: usize,
    pub k: Option<usize>,
}

impl StepId {
    pub const LOSS: StepId = StepId {
        quantity: Quantity::Loss,
        layer: 0,
        j: 0,
        k: None,
    };

    pub fn neuron(quantity: Quantity, layer: usize, j: usize) -> Self {
        StepId {
            quantity,
            layer,
            j,
            k: None,
        }
    }

    pub fn weight(quantity: Quantity, layer: usize, j: usize, k: usize) -> Self {
        StepId {
            quantity,
            layer,
            j,
            k: Some(k),
        }
    }

    pub fn phase(&self) -> Phase {
        self.quantity.phase()
    }

    /// Parses a step name such as `z(1)[2]`, `dw(2)[1,2]`, `loss` or `m(1)[1,2]`. Indices in
    /// names are 1-based. Whether the step exists in a given lesson is checked elsewhere.
    pub fn parse(name: &str) -> Result<StepId, String> {
        let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        if name == "loss" {
            return Ok(StepId::LOSS);
        }
        let expected = "a step name such as z(1)[2], dw(2)[1,2] or loss";
        let open = name
            .find('(')
            .ok_or_else(|| format!("expected {expected}"))?;
        let quantity = Quantity::from_name(&name[..open]).ok_or_else(|| {
            let names: Vec<&str> = Quantity::ALL.iter().map(|q| q.name()).collect();
            format!(
                "unknown quantity `{}`; expected one of {}",
                &name[..open],
                names.join(", ")
            )
        })?;
        let rest = &name[open + 1..];
        let close = rest
            .find(')')
            .ok_or_else(|| format!("expected {expected}"))?;
        let layer: usize = rest[..close]
            .parse()
            .map_err(|_| format!("the layer in `{name}` must be a whole number"))?;
        let idx = rest[close + 1..]
            .strip_prefix('[')
            .and_then(|r| r.strip_suffix(']'))
            .ok_or_else(|| format!("expected {expected}"))?;
        let nums: Vec<usize> = idx
            .split(',')
            .map(|s| s.parse::<usize>())
            .collect::<Result<_, _>>()
            .map_err(|_| format!("the indices in `{name}` must be whole numbers from 1"))?;
        if nums.contains(&0) {
            return Err(format!("neurons are numbered from 1, in `{name}`"));
        }
        let weight_shaped = matches!(quantity, Quantity::Dw | Quantity::W);
        let neuron_shaped = matches!(
            quantity,
            Quantity::Z | Quantity::A | Quantity::Delta | Quantity::Db | Quantity::B
        );
        match nums.as_slice() {
            [j] if !weight_shaped => Ok(StepId::neuron(quantity, layer, j - 1)),
            [j, k] if !neuron_shaped => Ok(StepId::weight(quantity, layer, j - 1, k - 1)),
            [_] => Err(format!(
                "{} takes two indices [j,k], as in {}(1)[1,2]",
                quantity.name(),
                quantity.name()
            )),
            _ => Err(format!(
                "{} takes one index [j], as in {}(1)[2]",
                quantity.name(),
                quantity.name()
            )),
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

/// One number of the trace, located in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// 1-based epoch.
    pub epoch: usize,
    /// 1-based batch within the epoch.
    pub batch: usize,
    /// 1-based sample within the epoch (the data's order); `None` for update steps.
    pub sample: Option<usize>,
    /// 0-based position within the epoch.
    pub index: usize,
    pub id: StepId,
    pub value: f64,
}

impl Step {
    pub fn phase(&self) -> Phase {
        self.id.phase()
    }
    pub fn name(&self) -> String {
        self.id.to_string()
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
                .contains("unknown quantity")
        );
        assert!(StepId::parse("z(1)[0]").unwrap_err().contains("from 1"));
        assert!(
            StepId::parse("dw(1)[1]")
                .unwrap_err()
                .contains("two indices")
        );
        assert!(
            StepId::parse("z(1)[1,2]")
                .unwrap_err()
                .contains("one index")
        );
        assert!(StepId::parse("z1").is_err());
    }
}
