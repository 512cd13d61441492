//! What training carries from one batch to the next, and what one batch reports.

use crate::lesson::Lesson;

use super::optimizer::OptState;
use super::params::Params;

/// Everything that changes from one batch to the next.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainState {
    /// The weights and biases.
    pub params: Params,
    /// The optimizer's state.
    pub opt: OptState,
}

impl TrainState {
    /// The state before training: the lesson's parameters, the optimizer's zeros.
    pub fn initial(lesson: &Lesson) -> Self {
        let params = Params::from_lesson(lesson);
        let opt = OptState::new(&lesson.optimizer, &params);
        TrainState { params, opt }
    }

    /// Are every parameter and every optimizer state finite?
    pub fn all_finite(&self) -> bool {
        self.params.all_finite() && self.opt.all_finite()
    }
}

/// What one batch produced, beyond the new state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BatchOutcome {
    /// Sum of the per-sample losses of the batch.
    pub loss_sum: f64,
    /// false when any number of the batch (activations, deltas, losses, new parameters or
    /// optimizer state) is NaN or infinite. Online training notices a non-finite new
    /// parameter only in the next sample's forward pass.
    pub finite: bool,
}
