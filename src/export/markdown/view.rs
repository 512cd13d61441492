//! How much a document shows. A chosen selection (`--epoch`, `--sample`) is shown in full:
//! every step. The readable default picks what fits what GitHub renders (about 512 KB): the
//! whole run when it is short, else the first epoch — or its first batches when the epoch
//! alone is long — and of a wide layer (more than [`MAX_SHOWN`] neurons) its first three
//! neurons and its last.

use crate::lesson::Lesson;
use crate::trace::{Phase, Step, Trace};

use super::super::select::Selection;
use super::text::MAX_SHOWN;

/// How much of the selected steps a document shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Every selected step, each with its anchor.
    Full,
    /// The steps of the first neurons of wide layers; the rest are counted ("… n more").
    Summary,
}

/// At most this many steps in a default document (about 300 bytes each, worked steps and
/// matrices included, so a default document stays well within 512 KB).
const BUDGET: usize = 1000;

/// Runs of up to this many epochs are shown whole by default, when they fit the budget.
const SHORT_RUN: usize = 3;

/// The default selection: the whole run when short, else epoch 1, or its first batches.
pub fn default_selection(trace: &Trace) -> Selection {
    let lesson = trace.lesson();
    let per_epoch = epoch_cost(lesson);
    if lesson.epochs <= SHORT_RUN && lesson.epochs * per_epoch <= BUDGET {
        return Selection::all(trace);
    }
    let mut selection = Selection {
        epochs: 1..=1,
        samples: None,
    };
    if per_epoch > BUDGET {
        let batches = (BUDGET / batch_cost(lesson)).max(1);
        let last = (batches * lesson.batch_size).min(lesson.data.len());
        selection.samples = Some(1..=last);
        if crate::layers::diagram::applies(lesson) {
            // A large transformer: its first sample is already a long read.
            selection.samples = Some(1..=1);
        }
    }
    selection
}

/// Is neuron `i` (from 0) of a layer of `n` neurons shown in a summary?
pub fn in_window(n: usize, i: usize) -> bool {
    n <= MAX_SHOWN || i < 3 || i + 1 == n
}

/// How many of a layer's `n` neurons a summary shows.
fn window(n: usize) -> usize {
    if n <= MAX_SHOWN { n } else { 4 }
}

/// Does a summary show this step? Every step of a layer of few neurons; of a wide layer
/// those of its first three neurons and its last (for a weight, of both its neurons). Each
/// index is windowed along its own axis: a feature map's channel, row and column, a kernel
/// weight's four.
pub fn shows(lesson: &Lesson, step: &Step) -> bool {
    let id = &step.id;
    if id.phase() == Phase::Loss {
        return true;
    }
    if crate::layers::diagram::applies(lesson) {
        return transformer_shows(lesson, step);
    }
    // A layer on a sequence counts its steps [t, j] by its own rows (an LSTM's 4·H gates).
    if let Some(shown) = super::sequence::shows(lesson, step) {
        return shown;
    }
    let dims = axes(lesson, id);
    id.ix.iter().zip(dims).all(|(i, n)| in_window(n, i))
}

/// A transformer: every step when every axis is short (a tiny GPT: each position worked or
/// tabled); else the first three entries along each axis (positions, features, heads, keys).
fn transformer_shows(lesson: &Lesson, step: &Step) -> bool {
    let short = (0..=lesson.depth()).all(|l| {
        let s = lesson.shape(l);
        s.positions() <= MAX_SHOWN && s.features() <= MAX_SHOWN
    });
    short || step.id.ix.iter().all(|i| i < 3)
}

/// The sizes of the axes a step's indices count along: its layer's output for z, a and δ,
/// its tensor's for a parameter, a gradient or optimizer state.
fn axes(lesson: &Lesson, id: &crate::trace::StepId) -> Vec<usize> {
    let layer = &lesson.layers[id.layer - 1];
    match id.quantity.tensor() {
        Some(t) => layer
            .specs()
            .into_iter()
            .find(|s| s.tensor == t)
            .map_or_else(Vec::new, |s| s.dims),
        None => layer.output.dims(),
    }
}

/// How many of the numbers of a tensor of these sizes a summary shows.
fn shown(dims: &[usize]) -> usize {
    dims.iter().map(|&n| window(n)).product()
}

/// Steps a summary shows of one sample: each layer's numbers (z, a and δ; a and δ of a layer
/// without an activation) and its gradients.
fn sample_cost(lesson: &Lesson) -> usize {
    lesson
        .layers
        .iter()
        .zip(1..)
        .map(|(layer, l)| {
            if let Some(cost) = super::sequence::sample_cost(lesson, l) {
                return cost;
            }
            let numbers = match layer.kind {
                crate::layers::Kind::Pool2d(_) | crate::layers::Kind::Flatten(_) => 2,
                _ => 3,
            };
            numbers * shown(&layer.output.dims())
                + layer.specs().iter().map(|s| shown(&s.dims)).sum::<usize>()
        })
        .sum::<usize>()
        + 1
}

/// Steps a summary shows of one update (optimizer state included).
fn update_cost(lesson: &Lesson) -> usize {
    let per_param = 1 + crate::engine::optimizer::state_steps_per_param(&lesson.optimizer);
    lesson
        .layers
        .iter()
        .map(|layer| per_param * layer.specs().iter().map(|s| shown(&s.dims)).sum::<usize>())
        .sum()
}

fn batch_cost(lesson: &Lesson) -> usize {
    lesson.batch_size * sample_cost(lesson) + update_cost(lesson)
}

fn epoch_cost(lesson: &Lesson) -> usize {
    lesson.data.len() * sample_cost(lesson) + lesson.batches_per_epoch() * update_cost(lesson)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_layers_show_their_first_three_neurons_and_their_last() {
        let shown: Vec<usize> = (0..128).filter(|&i| in_window(128, i)).collect();
        assert_eq!(shown, vec![0, 1, 2, 127]);
        assert!((0..8).all(|i| in_window(8, i)));
    }
}
