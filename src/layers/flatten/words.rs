//! The flatten layer's steps in words, in any language: which number of the image each number
//! of the vector is, and where its error goes back to.

use crate::i18n::Lang;
use crate::layers::words::below;
use crate::lesson::Lesson;
use crate::tr;
use crate::trace::{Index, Quantity, StepId};

use super::Flatten;

impl Flatten {
    /// Step `id` in words of `lang`.
    pub(super) fn words(&self, lesson: &Lesson, id: &StepId, lang: Lang) -> String {
        let l = id.layer;
        let layer = &lesson.layers[l - 1];
        let j = id.ix.j();
        let from = Flatten::source(layer, j);
        let dims = layer.input.dims();
        let below = below(l, lang);
        match id.quantity {
            Quantity::A => tr!(
                lang,
                "desc-flatten-a",
                number = j + 1,
                place = place_words(&from, lang),
                below = below,
                channel = from.j() + 1,
                row = from.get(1).unwrap_or(0) + 1,
                col = from.get(2).unwrap_or(0) + 1,
                plane = dims[1] * dims[2],
                width = dims[2]
            ),
            Quantity::Delta => tr!(
                lang,
                "desc-flatten-delta",
                number = j + 1,
                place = place_words(&from, lang),
                below = below
            ),
            _ => unreachable!("{id} is not a step of a flatten layer"),
        }
    }
}

/// `[c, i, j]` as a learner reads it: "channel 1, row 2, column 3".
fn place_words(ix: &Index, lang: Lang) -> String {
    let v = ix.to_vec();
    tr!(
        lang,
        "desc-flatten-place",
        channel = v[0] + 1,
        row = v[1] + 1,
        col = v[2] + 1
    )
}
