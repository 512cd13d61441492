//! The flatten layer's formulas: a⁽ˡ⁾[j] = a⁽ˡ⁻¹⁾[c,i,j′] with j = (c·H + i)·W + j′ (a copy),
//! its δ the error reaching its output, and the error it passes back to [c,i,j′]: its own
//! δ⁽ˡ⁾[j].

use crate::i18n::Lang;
use crate::lesson::Lesson;
use crate::trace::explain::{Formula, SampleCx};
use crate::trace::formula::{Expr, Sym};
use crate::trace::kind::Explain;
use crate::trace::{Index, Quantity, StepId};

use super::Flatten;

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

    fn describe_in(&self, lesson: &Lesson, id: &StepId, lang: Lang) -> String {
        self.words(lesson, id, lang)
    }

    fn describe(&self, lesson: &Lesson, id: &StepId) -> String {
        self.words(lesson, id, Lang::En)
    }
}
