//! The loss of some samples under given parameters, without training: how the loss after an
//! update is known (the payoff of a step of gradient descent).

use std::ops::Range;

use crate::engine::{Params, Workspace, forward, sample_loss};
use crate::lesson::Lesson;

/// The mean loss of the 0-based samples `samples` with `params`: a forward pass each, the
/// losses summed in order and divided by their count, as the engine means a batch's loss.
pub(super) fn mean_loss(lesson: &Lesson, params: &Params, samples: Range<usize>) -> f64 {
    let mut ws = Workspace::new(lesson);
    let count = samples.len();
    let mut sum = 0.0;
    for s in samples {
        let sample = &lesson.data[s];
        forward(lesson, params, sample.input.as_slice().unwrap(), &mut ws);
        sum += sample_loss(lesson, &ws, sample.target.as_slice().unwrap());
    }
    sum / count as f64
}
