//! The steps of a recurrent layer in words: which unit at which step, and what its output,
//! gradients and updates are.

use crate::lesson::Lesson;
use crate::trace::{Index, Moment, Quantity, StepId, Tensor};

use super::{Dims, Outputs};

/// "hidden unit 2 at step 3" for `[t, j]`.
pub(crate) fn unit_at(ix: &Index, _steps: usize) -> String {
    format!(
        "hidden unit {} at step {}",
        ix.k().unwrap_or(0) + 1,
        ix.j() + 1
    )
}

/// A parameter of a recurrent layer in words: "input weight from input 2 to row 1", …
pub(crate) fn param(tensor: Tensor, ix: &Index, d: Dims) -> String {
    let row = |r: usize| row(r, d);
    match tensor {
        Tensor::WIh => format!(
            "input weight from input {} to {}",
            ix.k().unwrap_or(0) + 1,
            row(ix.j())
        ),
        Tensor::WHh => format!(
            "recurrent weight from hidden unit {} (the state before) to {}",
            ix.k().unwrap_or(0) + 1,
            row(ix.j())
        ),
        Tensor::BIh => format!("input bias of {}", row(ix.j())),
        _ => format!("recurrent bias of {}", row(ix.j())),
    }
}

/// Row r of the weights: "hidden unit 2", or for an LSTM "the forget gate of unit 2 (row 4)".
pub(crate) fn row(r: usize, d: Dims) -> String {
    if d.rows == d.h {
        return format!("hidden unit {}", r + 1);
    }
    let gate = crate::trace::Gate::ALL[r / d.h];
    format!(
        "the {} of unit {} (row {})",
        gate.words(),
        r % d.h + 1,
        r + 1
    )
}

fn moment(m: Moment) -> &'static str {
    match m {
        Moment::M => "Adam's first moment (running mean of gradients)",
        Moment::V => "Adam's second moment (running mean of squared gradients)",
        Moment::Velocity => "momentum velocity",
        Moment::MHat => "bias-corrected first moment",
        Moment::VHat => "bias-corrected second moment",
    }
}

/// The words of the steps both kinds share: the output, gradients, updates and optimizer
/// state.
pub(crate) fn common(lesson: &Lesson, id: &StepId, d: Dims, outputs: Outputs) -> Option<String> {
    let l = id.layer;
    let param = || param(id.quantity.tensor().unwrap_or(Tensor::WIh), &id.ix, d);
    let over = match d.t {
        1 => "its one step".to_string(),
        t => format!("all {t} steps"),
    };
    let _ = lesson;
    Some(match id.quantity {
        Quantity::A => match outputs {
            Outputs::All => format!(
                "output of layer {l} at step {}: the hidden state of unit {}",
                id.ix.j() + 1,
                id.ix.k().unwrap_or(0) + 1
            ),
            Outputs::Last => format!(
                "output of layer {l}: the hidden state of unit {} at the last step, {}",
                id.ix.j() + 1,
                d.t
            ),
        },
        Quantity::Grad(_) => format!(
            "gradient of the loss for the {}, summed over {over}",
            param()
        ),
        Quantity::Param(_) => format!("updated {}", param()),
        Quantity::State(m, _) => format!("{} of the {}", moment(m), param()),
        _ => return None,
    })
}
