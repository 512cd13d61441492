//! Training one batch, sample by sample, then one optimizer step with the mean gradient.
//! Recording and not recording share this code path.

use std::ops::Range;

use crate::lesson::Lesson;

use super::optimizer;
use super::params::Params;
use super::pass::{Workspace, sample_pass};
use super::state::{BatchOutcome, TrainState};

/// Watches a batch being trained. Both methods default to doing nothing, so a run that
/// records nothing ([`NoRecord`]) compiles to the bare math.
pub trait Recorder {
    /// After the forward and backward pass of sample `index` (0-based in the data).
    fn sample(&mut self, _index: usize, _ws: &Workspace) {}
    /// After the mean gradient is known, before the optimizer changes anything.
    fn before_update(&mut self, _state: &TrainState, _mean_grad: &Params) {}
}

/// Records nothing.
pub struct NoRecord;
impl Recorder for NoRecord {}

/// Trains on the samples `range` of the lesson's data as one batch: forward, loss and backward
/// per sample, then one optimizer step with the mean gradient.
pub fn train_batch<R: Recorder>(
    lesson: &Lesson,
    state: &mut TrainState,
    ws: &mut Workspace,
    range: Range<usize>,
    rec: &mut R,
) -> BatchOutcome {
    let mut loss_sum = 0.0;
    let mut finite = true;
    let count = range.len();
    let first = range.start;
    for s in range {
        sample_pass(lesson, &state.params, s, ws, Some(s == first));
        loss_sum += ws.loss;
        finite &= ws.sample_finite();
        rec.sample(s, ws);
    }
    if count > 1 {
        let scale = count as f64;
        for g in &mut ws.grad.layers {
            for (_, t) in &mut g.tensors {
                t.mapv_inplace(|v| v / scale);
            }
        }
    }
    rec.before_update(state, &ws.grad);
    finite &= optimizer::update(lesson, &mut state.params, &mut state.opt, &ws.grad);
    BatchOutcome { loss_sum, finite }
}
