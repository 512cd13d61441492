//! The numbers the tutor shows, gathered for the script's checks: every step of sample 1 and
//! of its batch's update, grouped by quantity and layer into tensors laid out by their step
//! indices (row-major), in the order the trace first reaches each group.

use std::collections::HashMap;

use crate::trace::{Index, Place, Quantity, StepId, Tensor, Trace};

/// All the steps of one quantity of one layer, as a tensor.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// What the numbers are.
    pub quantity: Quantity,
    /// Their layer (0 for the loss).
    pub layer: usize,
    /// The tensor's shape: one more than the largest step index on each axis.
    pub dims: Vec<usize>,
    /// The values, row-major.
    pub values: Vec<f64>,
}

impl Group {
    /// The step name without indices: `z(1)`, `loss`, `m_w_ih(2)`.
    pub fn stem(&self) -> String {
        match self.quantity {
            Quantity::Loss => "loss".into(),
            q => format!("{}({})", q.name(), self.layer),
        }
    }

    /// The name of the step at `ix` (from 0).
    pub fn step(&self, ix: &[usize]) -> StepId {
        StepId::new(self.quantity, self.layer, ix)
    }

    /// The label of its line in the table: the stem, and for the optimizer state of a tensor
    /// whose state is named without it (`m(1)` of `w(1)` or of `b(1)`), which tensor.
    pub fn label(&self) -> String {
        match self.quantity {
            Quantity::State(_, t) if t.is_plain() => {
                format!("{} of {}({})", self.stem(), t.name(), self.layer)
            }
            _ => self.stem(),
        }
    }

    /// The tensor of a gradient, parameter or state group.
    pub fn tensor(&self) -> Option<Tensor> {
        self.quantity.tensor()
    }
}

/// Why some steps cannot be laid out as one tensor (a kind's steps of one quantity with
/// different numbers of indices, or with gaps).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{}",
    crate::msg!("err-ragged", stem = .stem, dims = format!("{:?}", .dims))
)]
pub struct Ragged {
    /// The steps' name without indices.
    pub stem: String,
    /// The shape they span.
    pub dims: Vec<usize>,
}

/// Every step of sample `n` (from 1) of epoch 1: forward, loss and backward.
pub fn sample(trace: &Trace, n: usize) -> Result<Vec<Group>, Ragged> {
    let layout = trace.layout();
    let start = layout.start(Place::Sample(n));
    group(trace, start..start + layout.steps_per_sample())
}

/// Every step of the update of batch `n` (from 1) of epoch 1: new parameters and optimizer
/// state.
pub fn update(trace: &Trace, n: usize) -> Result<Vec<Group>, Ragged> {
    let layout = trace.layout();
    let start = layout.start(Place::Batch(n));
    group(trace, start..start + layout.steps_per_update())
}

fn group(trace: &Trace, range: std::ops::Range<usize>) -> Result<Vec<Group>, Ragged> {
    let mut order: Vec<(Quantity, usize)> = Vec::new();
    let mut steps: HashMap<(Quantity, usize), Vec<(Index, f64)>> = HashMap::new();
    for step in trace.steps(1, range) {
        let key = (step.id.quantity, step.id.layer);
        steps
            .entry(key)
            .or_insert_with(|| {
                order.push(key);
                Vec::new()
            })
            .push((step.id.ix, step.value));
    }
    order
        .into_iter()
        .map(|key| lay_out(key, &steps[&key]))
        .collect()
}

/// The steps of one group as a row-major tensor; each position must be filled once.
fn lay_out((quantity, layer): (Quantity, usize), steps: &[(Index, f64)]) -> Result<Group, Ragged> {
    let rank = steps[0].0.len();
    let mut dims = vec![0; rank];
    for (ix, _) in steps {
        for (d, i) in dims.iter_mut().zip(ix.iter()) {
            *d = (*d).max(i + 1);
        }
    }
    let mut group = Group {
        quantity,
        layer,
        values: Vec::new(),
        dims,
    };
    let len: usize = group.dims.iter().product();
    let mut values = vec![None; len];
    for (ix, value) in steps {
        let slot = (ix.len() == rank)
            .then(|| ix.offset_in(&group.dims))
            .flatten()
            .filter(|&o| values[o].is_none());
        match slot {
            Some(o) => values[o] = Some(*value),
            None => return Err(ragged(&group)),
        }
    }
    match values.into_iter().collect::<Option<Vec<f64>>>() {
        Some(v) => {
            group.values = v;
            Ok(group)
        }
        None => Err(ragged(&group)),
    }
}

fn ragged(group: &Group) -> Ragged {
    Ragged {
        stem: group.stem(),
        dims: group.dims.clone(),
    }
}
