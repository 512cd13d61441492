//! A pooling layer's steps in words, in any language: its output and the error reaching it.

use crate::i18n::Lang;
use crate::layers::conv::passed_back_words;
use crate::layers::words::{clauses, span};
use crate::lesson::Lesson;
use crate::tr;
use crate::trace::{Quantity, StepId};

use super::{Pool2d, PoolOp};

impl Pool2d {
    /// Step `id` in words of `lang`.
    pub(super) fn words(&self, lesson: &Lesson, id: &StepId, lang: Lang) -> String {
        let l = id.layer;
        let ix = id.ix.to_vec();
        let (kh, kw) = self.window.kernel;
        let at = tr!(
            lang,
            "desc-pool-at",
            map = ix[0] + 1,
            row = ix[1] + 1,
            col = ix[2] + 1
        );
        let max = self.op == PoolOp::Max;
        match id.quantity {
            Quantity::A => {
                let (top, bottom) = span(self.window.row(ix[1], 0), kh);
                let (left, right) = span(self.window.col(ix[2], 0), kw);
                let source = if l == 1 {
                    lang.t("desc-the-input")
                } else {
                    tr!(lang, "desc-layer", layer = l - 1)
                };
                tr!(
                    lang,
                    if max {
                        "desc-pool-max-a"
                    } else {
                        "desc-pool-avg-a"
                    },
                    at = at,
                    kernel = self.window.kernel_text(false),
                    top = top,
                    bottom = bottom,
                    left = left,
                    right = right,
                    map = ix[0] + 1,
                    source = source
                )
            }
            Quantity::Delta => {
                let (delta, routed) = match max {
                    true => ("desc-pool-max-delta", "desc-pool-max-routed"),
                    false => ("desc-pool-avg-delta", "desc-pool-avg-routed"),
                };
                let mut s = tr!(lang, delta, at = at);
                if let Some(words) = passed_back_words(lesson, l, lang) {
                    s = clauses(s, words, lang);
                }
                clauses(s, lang.t(routed), lang)
            }
            _ => unreachable!("{id} is not a step of a pooling layer"),
        }
    }
}
