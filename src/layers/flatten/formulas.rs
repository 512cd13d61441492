//! The flatten layer's formulas: a⁽ˡ⁾[j] = a⁽ˡ⁻¹⁾[c,i,j′] with j = (c·H + i)·W + j′ (a copy),
//! its δ the error reaching its output, and the error it passes back to [c,i,j′]: its own
//! δ⁽ˡ⁾[j].

use crate::lesson::Lesson;
use crate::trace::explain::{Formula, SampleCx};
use crate::trace::formula::{Expr, Sym};
use crate::trace::kind::Explain;
use crate::trace::{Index, Quantity, StepId};

use super::Flatten;

/// `[c, i, j]` as a learner reads it: channel, row, column from 1.
pub(crate) fn place_words(ix: &Index) -> String {
    let v = ix.to_vec();
    format!(
        "channel {}, row {}, column {}",
        v[0] + 1,
        v[1] + 1,
        v[2] + 1
    )
}

impl Explain for Flatten {
    fn formula(&self, cx: &SampleCx<'_>, id: &StepId) -> Formula {
        let value = cx.value(id);
        let l = id.layer;
        match id.quantity {
            Quantity::A => {
                let from = Flatten::source(cx.layer(l), id.ix.j());
                Formula::new(
                    Sym::q(Quantity::A, l, id.ix),
                    cx.q(Quantity::A, l - 1, from),
                    value,
                )
            }
            Quantity::Delta => crate::layers::conv::output_error(cx, id, value),
            _ => unreachable!("{id} is not a step of a flatten layer"),
        }
    }

    fn passed_back(&self, cx: &SampleCx<'_>, l: usize, ix: &Index) -> Expr {
        let at = ix
            .offset_in(&cx.layer(l).input.dims())
            .expect("the place is in the image");
        cx.q(Quantity::Delta, l, Index::one(at))
    }

    fn describe(&self, lesson: &Lesson, id: &StepId) -> String {
        let l = id.layer;
        let layer = &lesson.layers[l - 1];
        let j = id.ix.j();
        let from = Flatten::source(layer, j);
        let dims = layer.input.dims();
        let below = if l == 1 {
            "the input".to_string()
        } else {
            format!("layer {}'s output", l - 1)
        };
        match id.quantity {
            Quantity::A => {
                let (c, i, jj) = (
                    from.j() + 1,
                    from.get(1).unwrap_or(0) + 1,
                    from.get(2).unwrap_or(0) + 1,
                );
                format!(
                    "number {} of the flattened vector: {} of {below}, in row-major order: ({c} − 1)·{} + ({i} − 1)·{} + {jj} = {}",
                    j + 1,
                    place_words(&from),
                    dims[1] * dims[2],
                    dims[2],
                    j + 1
                )
            }
            Quantity::Delta => format!(
                "error ∂L/∂a reaching number {} of the flattened vector; it goes back to {} of {below}",
                j + 1,
                place_words(&from)
            ),
            _ => unreachable!("{id} is not a step of a flatten layer"),
        }
    }
}
