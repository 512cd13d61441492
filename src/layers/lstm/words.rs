//! The LSTM's steps in words, in any language: each row of the stacked weighted input by its
//! gate, the gates, the cell and hidden states and the errors reaching them; what it shares
//! with the recurrent layer is in `recurrent::words`.

use crate::i18n::Lang;
use crate::layers::recurrent::words::{common, delta, gate, unit_at};
use crate::lesson::Lesson;
use crate::tr;
use crate::trace::{Gate, Quantity, StepId};

use super::Lstm;
use super::formulas::gate_of;

impl Lstm {
    /// Step `id` in words of `lang`.
    pub(super) fn words(&self, lesson: &Lesson, id: &StepId, lang: Lang) -> String {
        let d = self.dims(&lesson.layers[id.layer - 1]);
        let (t, k) = (id.ix.j() + 1, id.ix.k().unwrap_or(0));
        let unit = || unit_at(&id.ix, lang);
        // Row k of z: "the input gate of unit 1 at step 2 (row 1 of the stacked gates …)".
        let row = || {
            let (g, j) = gate_of(d, k);
            tr!(
                lang,
                "desc-lstm-row",
                gate = gate(g, lang),
                unit = j + 1,
                step = t,
                row = k + 1
            )
        };
        match id.quantity {
            Quantity::Z => tr!(lang, "desc-lstm-z", row = row()),
            Quantity::Gate(g) => tr!(
                lang,
                "desc-lstm-gate",
                gate = gate(g, lang),
                unit = k + 1,
                step = t,
                function = if g == Gate::Cell { "tanh" } else { "σ" }
            ),
            Quantity::C => tr!(lang, "desc-lstm-c", unit = unit()),
            Quantity::H => tr!(lang, "desc-lstm-h", unit = unit()),
            Quantity::DH => tr!(lang, "desc-lstm-dh", unit = unit()),
            Quantity::DC => tr!(lang, "desc-lstm-dc", unit = unit()),
            Quantity::Delta => delta(row(), lang),
            _ => common(id, d, self.outputs, lang)
                .unwrap_or_else(|| unreachable!("{id} is not a step of an LSTM")),
        }
    }
}
