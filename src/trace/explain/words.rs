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

/// What a step's number is, in words of `lang` (English where a kind has no translation yet).
pub fn describe_in(lesson: &Lesson, step: &Step, lang: crate::i18n::Lang) -> String {
    let id = &step.id;
    if lang == crate::i18n::Lang::En {
        return describe(lesson, step);
    }
    if id.quantity == Quantity::Loss {
        let sample = step.sample().map_or(String::new(), |s| s.to_string());
        return crate::tr!(
            lang,
            "desc-loss",
            sample = sample,
            loss = lesson.loss.name()
        );
    }
    lesson.layers[id.layer - 1]
        .kind
        .contract()
        .describe_in(lesson, id, lang)
}
