//! What a step's number is, in words: the loss here, every other step by its layer's kind.

use crate::lesson::Lesson;

use super::super::step::{Quantity, Step};

/// What a step's number is, in words.
pub fn describe(lesson: &Lesson, step: &Step) -> String {
    let id = &step.id;
    if id.quantity == Quantity::Loss {
        let sample = step
            .sample()
            .map_or(String::new(), |s| format!("sample {s}"));
        return format!("loss of {sample} ({})", lesson.loss.name());
    }
    lesson.layers[id.layer - 1]
        .kind
        .contract()
        .describe(lesson, id)
}
