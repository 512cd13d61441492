//! A convolution's steps in words, in any language, and what the layer above a layer of a
//! convolutional network does with the errors it passes back ([`passed_back_words`]).

use crate::i18n::Lang;
use crate::layers::pool::PoolOp;
use crate::layers::words::{clauses, span, update};
use crate::layers::{Kind, Tensor};
use crate::lesson::Lesson;
use crate::tr;
use crate::trace::{Quantity, StepId};

use super::Conv2d;

impl Conv2d {
    /// Step `id` in words of `lang`.
    pub(super) fn words(&self, lesson: &Lesson, id: &StepId, lang: Lang) -> String {
        let l = id.layer;
        let layer = &lesson.layers[l - 1];
        let d = self.dims(layer);
        let ix = id.ix.to_vec();
        let at = |ix: &[usize]| {
            tr!(
                lang,
                "desc-conv-at",
                map = ix[0] + 1,
                row = ix[1] + 1,
                col = ix[2] + 1
            )
        };
        match id.quantity {
            Quantity::Z => {
                let (i, j) = (ix[1], ix[2]);
                let (top, bottom) = span(self.window.row(i, 0), d.kh);
                let (left, right) = span(self.window.col(j, 0), d.kw);
                let over_the_edge = d.padded()
                    && (self.window.row(i, 0) < 0
                        || self.window.col(j, 0) < 0
                        || self.window.row(i, d.kh - 1) >= d.h as isize
                        || self.window.col(j, d.kw - 1) >= d.w as isize);
                tr!(
                    lang,
                    "desc-conv-z",
                    at = at(&ix),
                    kernel = self.window.kernel_text(false),
                    top = top,
                    bottom = bottom,
                    left = left,
                    right = right,
                    channels = channels_words(d.c, l, lang),
                    padding = match over_the_edge {
                        true => lang.t("desc-conv-padding"),
                        false => String::new(),
                    }
                )
            }
            Quantity::A => tr!(
                lang,
                "desc-conv-a",
                activation = self.activation.name(),
                at = at(&ix)
            ),
            Quantity::Delta => {
                let delta = tr!(lang, "desc-conv-delta", at = at(&ix));
                match passed_back_words(lesson, l, lang) {
                    Some(words) => clauses(delta, words, lang),
                    None => delta,
                }
            }
            Quantity::Grad(Tensor::W) => tr!(
                lang,
                "desc-conv-grad-weight",
                weight = weight_words(&ix, lang),
                channel = ix[1] + 1,
                map = ix[0] + 1
            ),
            Quantity::Grad(_) => tr!(
                lang,
                "desc-conv-grad-bias",
                map = ix[0] + 1,
                positions = d.plane()
            ),
            q => update(q, &param_words(q.tensor(), &ix, lang), lang)
                .unwrap_or_else(|| unreachable!("{id} is not a step of a convolution")),
        }
    }
}

/// "the input image", or "each of the 6 channels of layer 2's output, summed".
fn channels_words(c: usize, l: usize, lang: Lang) -> String {
    let of = if l == 1 {
        lang.t("desc-conv-input-image")
    } else {
        tr!(lang, "desc-layer-output", layer = l - 1)
    };
    match c {
        1 => of,
        c => tr!(lang, "desc-conv-channels", count = c, of = of),
    }
}

/// "kernel weight of map 1, input channel 2, kernel row 1, column 3" for w[o,c,u,v].
fn weight_words(ix: &[usize], lang: Lang) -> String {
    tr!(
        lang,
        "desc-conv-weight",
        map = ix[0] + 1,
        channel = ix[1] + 1,
        row = ix[2] + 1,
        col = ix[3] + 1
    )
}

/// A kernel weight, or the bias of a feature map.
fn param_words(t: Option<Tensor>, ix: &[usize], lang: Lang) -> String {
    match t {
        Some(Tensor::W) => weight_words(ix, lang),
        _ => tr!(lang, "desc-conv-bias", map = ix[0] + 1),
    }
}

/// What the layer above layer `l` does with the errors it passes back, in words of `lang`,
/// when it is a layer of a convolutional network.
pub(crate) fn passed_back_words(lesson: &Lesson, l: usize, lang: Lang) -> Option<String> {
    let above = lesson.layers.get(l)?;
    let from = l + 1;
    Some(match above.kind {
        Kind::Conv2d(conv) => tr!(
            lang,
            "desc-conv-passed-back",
            from = from,
            kernel = conv.window.kernel_text(false)
        ),
        Kind::Pool2d(pool) => match pool.op {
            PoolOp::Max => tr!(lang, "desc-pool-max-passed-back", from = from),
            PoolOp::Avg => tr!(
                lang,
                "desc-pool-avg-passed-back",
                from = from,
                area = pool.window.area()
            ),
        },
        Kind::Flatten(_) => tr!(lang, "desc-flatten-passed-back", from = from),
        _ => return None,
    })
}
