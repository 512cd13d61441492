//! The embedding's steps in words, in any language: a position's features, the error
//! reaching them, and the tables' entries.

use crate::i18n::Lang;
use crate::layers::Tensor;
use crate::layers::words::{feature_delta, moment};
use crate::lesson::Lesson;
use crate::tr;
use crate::trace::{Quantity, StepId};

use super::Embedding;

impl Embedding {
    /// Step `id` in words of `lang`.
    pub(super) fn words(&self, lesson: &Lesson, id: &StepId, lang: Lang) -> String {
        let (i, j) = (id.ix.j() + 1, id.ix.k().map_or(0, |k| k + 1));
        // Row i of the embedding table is token i's: `"a"`.
        let token = || {
            lesson.vocabulary.get(i - 1).map_or(String::new(), |t| {
                format!("\"{}\"", crate::source::display::line(t))
            })
        };
        let table = id.quantity.tensor() == Some(Tensor::Emb);
        match id.quantity {
            Quantity::A => tr!(lang, "desc-embedding-a", feature = j, position = i),
            Quantity::Delta => feature_delta(i, j, lang),
            Quantity::Grad(_) if table => tr!(
                lang,
                "desc-embedding-grad-token",
                feature = j,
                token = token()
            ),
            Quantity::Grad(_) => tr!(
                lang,
                "desc-embedding-grad-position",
                feature = j,
                position = i
            ),
            Quantity::Param(_) if table => tr!(
                lang,
                "desc-embedding-updated-token",
                feature = j,
                token = token()
            ),
            Quantity::Param(_) => tr!(
                lang,
                "desc-embedding-updated-position",
                feature = j,
                position = i
            ),
            Quantity::State(m, t) => tr!(
                lang,
                if t == Tensor::Pos {
                    "desc-embedding-state-position"
                } else {
                    "desc-embedding-state-token"
                },
                moment = moment(m, lang),
                row = i,
                col = j
            ),
            _ => unreachable!("{id} is not a step of an embedding"),
        }
    }
}
