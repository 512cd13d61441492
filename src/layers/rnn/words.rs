//! The recurrent layer's steps in words, in any language: "hidden state (tanh) of hidden unit
//! 2 at step 3"; what it shares with the LSTM is in `recurrent::words`.

use crate::i18n::Lang;
use crate::layers::recurrent::words::{common, delta, unit_at};
use crate::lesson::Lesson;
use crate::tr;
use crate::trace::{Quantity, StepId};

use super::Rnn;

impl Rnn {
    /// Step `id` in words of `lang`.
    pub(super) fn words(&self, lesson: &Lesson, id: &StepId, lang: Lang) -> String {
        let d = self.dims(&lesson.layers[id.layer - 1]);
        let unit = || unit_at(&id.ix, lang);
        match id.quantity {
            Quantity::Z => tr!(lang, "desc-rnn-z", unit = unit()),
            Quantity::H => tr!(
                lang,
                "desc-rnn-h",
                activation = self.activation.name(),
                unit = unit()
            ),
            Quantity::DH => tr!(lang, "desc-rnn-dh", unit = unit()),
            Quantity::Delta => delta(unit(), lang),
            _ => common(id, d, self.outputs, lang)
                .unwrap_or_else(|| unreachable!("{id} is not a step of a recurrent layer")),
        }
    }
}
