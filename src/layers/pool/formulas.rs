//! A pooling layer's formulas: a⁽ˡ⁾[c,i,j] = max of its window (the first of equal maxima) or
//! (Σ of its window)/(kh·kw); its δ is the error reaching its output; and the error it passes
//! back to a number of the layer below: a max pool's window gradient if the number was that
//! window's maximum (0 otherwise), an average pool's window gradient divided by kh·kw — summed
//! over the windows that hold the number when windows overlap.

use crate::i18n::Lang;
use crate::lesson::Lesson;
use crate::trace::explain::{Formula, SampleCx};
use crate::trace::formula::{Expr, Sym, div};
use crate::trace::kind::Explain;
use crate::trace::{Index, Quantity, StepId};

use super::math::{ARGMAX, windows_holding};
use super::{Pool2d, PoolOp};

impl Pool2d {
    /// a⁽ˡ⁾[c,i,j] = max(window) or (Σ window)/(kh·kw).
    fn pooled(&self, cx: &SampleCx<'_>, id: &StepId, value: f64) -> Formula {
        let l = id.layer;
        let [c, i, j] = [
            id.ix.j(),
            id.ix.get(1).unwrap_or(0),
            id.ix.get(2).unwrap_or(0),
        ];
        let (kh, kw) = self.window.kernel;
        let mut cells = Vec::with_capacity(kh * kw);
        for u in 0..kh {
            for v in 0..kw {
                let (y, x) = (
                    self.window.row(i, u) as usize,
                    self.window.col(j, v) as usize,
                );
                cells.push(cx.q(Quantity::A, l - 1, Index::new(&[c, y, x])));
            }
        }
        let rhs = match self.op {
            PoolOp::Max => Expr::MaxOf(cells),
            PoolOp::Avg => div(Expr::Sum(cells), Expr::Num(self.window.area() as f64)),
        };
        Formula::new(Sym::q(Quantity::A, l, id.ix), rhs, value)
    }
}

impl Explain for Pool2d {
    fn formula(&self, cx: &SampleCx<'_>, id: &StepId) -> Formula {
        let value = cx.value(id);
        match id.quantity {
            Quantity::A => self.pooled(cx, id, value),
            Quantity::Delta => crate::layers::conv::output_error(cx, id, value),
            _ => unreachable!("{id} is not a step of a pooling layer"),
        }
    }

    fn passed_back(&self, cx: &SampleCx<'_>, l: usize, ix: &Index) -> Expr {
        let d = self.dims(cx.layer(l));
        let [c, y, x] = [ix.j(), ix.get(1).unwrap_or(0), ix.get(2).unwrap_or(0)];
        let here = (c * d.h + y) * d.w + x;
        let values = cx.values(l);
        let terms = windows_holding(self, &d, (y, x))
            .into_iter()
            .filter_map(|((i, j), _)| {
                let out = Index::new(&[c, i, j]);
                let delta = cx.q(Quantity::Delta, l, out);
                match self.op {
                    PoolOp::Max => {
                        let at = (c * d.oh + i) * d.ow + j;
                        (values.buffer(ARGMAX)[at] as usize == here).then_some(delta)
                    }
                    PoolOp::Avg => Some(div(delta, Expr::Num(self.window.area() as f64))),
                }
            })
            .collect();
        Expr::Sum(terms)
    }

    fn describe_in(&self, lesson: &Lesson, id: &StepId, lang: Lang) -> String {
        self.words(lesson, id, lang)
    }

    fn describe(&self, lesson: &Lesson, id: &StepId) -> String {
        self.words(lesson, id, Lang::En)
    }
}
