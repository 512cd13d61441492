//! The go-to prompt: where a typed step name points, or why it points nowhere.

use crate::lesson::{Lesson, Optimizer};
use crate::trace::{Moment, Place, Quantity, StepId};

use super::{App, Mode, Tutor};
use crate::tui::cursor::Cursor;

impl Tutor {
    /// Where a go-to name such as `delta(1)[2]`, `w(2)[1,2]@3` or `@2` points, in the current
    /// epoch. Without `@N`: the current sample (for update steps, the current batch).
    pub fn locate(&self, input: &str) -> Result<Cursor, GotoError> {
        let input = input.trim();
        let (name, at) = match input.split_once('@') {
            Some((name, at)) => {
                let n: usize = at.trim().parse().map_err(|_| {
                    format!("after @ comes a sample number, as in delta(1)[2]@2, not `{at}`")
                })?;
                (name.trim(), Some(n))
            }
            None => (input, None),
        };
        let id = if name.is_empty() {
            if at.is_none() {
                return Err("type a step name, e.g. delta(1)[2], a(2)[1] or loss".into());
            }
            self.trace.step(self.cursor.epoch, self.cursor.index).id
        } else {
            self.trace
                .parse_step(name)
                .map_err(|e| e.message().to_string())?
        };
        let layout = self.layout();
        let place = Place::of(&id, 0);
        let (whats, count, here) = match place {
            Place::Batch(_) => ("batches", layout.batches(), self.batch()),
            Place::Sample(_) => ("samples", layout.samples(), self.sample()),
        };
        let at = at.unwrap_or(here);
        if at == 0 || at > count {
            return Err(GotoError(format!(
                "there is no {} {at}: this lesson has {whats} 1 to {count}",
                place.unit()
            )));
        }
        match self.trace.position(&id, Place::of(&id, at)) {
            Some(index) => Ok(Cursor {
                epoch: self.cursor.epoch,
                index,
            }),
            None => Err(GotoError(why_missing(self.trace.lesson(), &id))),
        }
    }
}

/// Why the go-to prompt's text leads nowhere; shown under the prompt.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct GotoError(String);

impl From<String> for GotoError {
    fn from(message: String) -> Self {
        GotoError(message)
    }
}

impl From<&str> for GotoError {
    fn from(message: &str) -> Self {
        GotoError(message.to_string())
    }
}

/// Why a well-formed step name names no step of this lesson.
fn why_missing(lesson: &Lesson, id: &StepId) -> String {
    let depth = lesson.depth();
    let l = id.layer;
    if !(1..=depth).contains(&l) {
        return format!("no step {id}: the layers are 1 to {depth} (0 is the input)");
    }
    if let Some(indices) = crate::layers::recurrent::words::indices(lesson, l, id) {
        return format!("no step {id}: {indices}");
    }
    if id.j() >= lesson.width(l) {
        return format!("no step {id}: layer {l} has {} neurons", lesson.width(l));
    }
    if let Some(k) = id.k()
        && k >= lesson.width(l - 1)
    {
        return format!(
            "no step {id}: layer {} has {} neurons, so k goes to {}",
            l - 1,
            lesson.width(l - 1),
            lesson.width(l - 1)
        );
    }
    let layer = &lesson.layers[l - 1];
    let kind = lesson.optimizer.kind_name();
    match id.quantity {
        Quantity::Param(_) if !layer.trainable => {
            format!("no step {id}: layer {l} is frozen, its parameters never change")
        }
        Quantity::B if !layer.biases_train() => {
            format!("no step {id}: the biases of layer {l} are not trained")
        }
        Quantity::State(Moment::M | Moment::MHat | Moment::VHat, _)
            if !matches!(lesson.optimizer, Optimizer::Adam { .. }) =>
        {
            format!(
                "no step {id}: only Adam keeps {}; this lesson uses {kind}",
                id.quantity.name()
            )
        }
        Quantity::State(Moment::V | Moment::Velocity, _) if !lesson.optimizer.has_state() => {
            format!("no step {id}: plain SGD keeps no velocity v")
        }
        _ => format!("no step {id} in this lesson"),
    }
}

impl App {
    /// Enter in the go-to prompt: to the step named, or why not under the prompt.
    pub(super) fn submit(&mut self) {
        let (Some(tutor), Mode::Goto { input, error }) = (&mut self.tutor, &mut self.mode) else {
            return;
        };
        match tutor.locate(input) {
            Ok(to) => {
                tutor.cursor = to;
                self.mode = Mode::Normal;
            }
            Err(message) => *error = Some(message.to_string()),
        }
    }
}
