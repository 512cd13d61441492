//! The convolution's formulas, each written out with its numbers:
//!
//! - z⁽ˡ⁾[o,i,j] = Σ_c Σ_u Σ_v w⁽ˡ⁾[o,c,u,v]·a⁽ˡ⁻¹⁾[c, s·i+u−p, s·j+v−p] + b⁽ˡ⁾[o], a padding
//!   cell written as the number 0 it is;
//! - a = f(z) and δ = (what reaches a)·f′(z), as a dense layer writes them;
//! - ∂L/∂w[o,c,u,v] = Σ_i Σ_j δ[o,i,j]·a⁽ˡ⁻¹⁾[c, s·i+u−p, s·j+v−p]: the input correlated with
//!   δ, each weight meeting the input it saw at every output;
//! - ∂L/∂b[o] = Σ_i Σ_j δ[o,i,j];
//! - the error passed back to the layer below, Σ over every output (o, i, j) whose window read
//!   the number, of w[o,c,u,v]·δ[o,i,j] — what textbooks write as the full convolution of δ
//!   with the flipped kernel.
//!
//! A δ that is ∂L/∂a at a layer's output ([`output_error`]), which the pooling and flatten
//! layers share, lives here too.

use crate::i18n::Lang;
use crate::layers::Tensor;
use crate::layers::dense::Dense;
use crate::lesson::Lesson;
use crate::trace::explain::{Formula, Reaching, SampleCx};
use crate::trace::formula::{Expr, Sym, add, mul};
use crate::trace::kind::Explain;
use crate::trace::{Index, Quantity, StepId, Term, TermLabel};

use super::{Conv2d, Dims};

impl Conv2d {
    /// The input number kernel cell (u, v) of output (i, j) reads on channel `c`: a⁽ˡ⁻¹⁾ of
    /// the image, or the padding's 0.
    fn input(
        &self,
        cx: &SampleCx<'_>,
        l: usize,
        d: &Dims,
        c: usize,
        (i, j): (usize, usize),
        (u, v): (usize, usize),
    ) -> Expr {
        let (y, x) = (self.window.row(i, u), self.window.col(j, v));
        match d.input_at(c, y, x) {
            Some(_) => cx.q(Quantity::A, l - 1, Index::new(&[c, y as usize, x as usize])),
            None => Expr::Num(0.0),
        }
    }

    /// z⁽ˡ⁾[o,i,j] = Σ_c Σ_u Σ_v w⁽ˡ⁾[o,c,u,v]·a⁽ˡ⁻¹⁾[c,·,·] + b⁽ˡ⁾[o].
    fn weighted_input(&self, cx: &SampleCx<'_>, id: &StepId, value: f64) -> Formula {
        let l = id.layer;
        let d = self.dims(cx.layer(l));
        let [o, i, j] = [
            id.ix.j(),
            id.ix.get(1).unwrap_or(0),
            id.ix.get(2).unwrap_or(0),
        ];
        let mut terms = Vec::with_capacity(d.fan_in());
        for c in 0..d.c {
            for u in 0..d.kh {
                for v in 0..d.kw {
                    terms.push(mul(vec![
                        cx.p(Tensor::W, l, Index::new(&[o, c, u, v])),
                        self.input(cx, l, &d, c, (i, j), (u, v)),
                    ]));
                }
            }
        }
        let b = cx.p(Tensor::B, l, Index::one(o));
        Formula::new(
            Sym::q(Quantity::Z, l, id.ix),
            add(vec![Expr::Sum(terms), b]),
            value,
        )
    }

    /// ∂L/∂w⁽ˡ⁾[o,c,u,v] = Σ_i Σ_j δ⁽ˡ⁾[o,i,j]·a⁽ˡ⁻¹⁾[c, s·i+u−p, s·j+v−p], and
    /// ∂L/∂b⁽ˡ⁾[o] = Σ_i Σ_j δ⁽ˡ⁾[o,i,j].
    fn gradient(&self, cx: &SampleCx<'_>, id: &StepId, value: f64) -> Formula {
        let l = id.layer;
        let d = self.dims(cx.layer(l));
        let p = id.param().expect("a gradient belongs to a parameter");
        let ix = id.ix.to_vec();
        let mut terms = Vec::with_capacity(d.plane());
        for i in 0..d.oh {
            for j in 0..d.ow {
                let delta = cx.q(Quantity::Delta, l, Index::new(&[ix[0], i, j]));
                terms.push(match p.tensor {
                    Tensor::W => mul(vec![
                        delta,
                        self.input(cx, l, &d, ix[1], (i, j), (ix[2], ix[3])),
                    ]),
                    _ => delta,
                });
            }
        }
        Formula::new(Sym::Grad { p, sample: None }, Expr::Sum(terms), value)
    }
}

impl Explain for Conv2d {
    fn formula(&self, cx: &SampleCx<'_>, id: &StepId) -> Formula {
        let value = cx.value(id);
        let dense = Dense {
            activation: self.activation,
            lora: None,
        };
        match id.quantity {
            Quantity::Z => self.weighted_input(cx, id, value),
            // f and f′ number by number, as a dense layer applies them.
            Quantity::A => dense.activation_formula(cx, id, value),
            Quantity::Delta => dense.delta_formula(cx, id, value),
            Quantity::Grad(_) => self.gradient(cx, id, value),
            _ => unreachable!("{id} is not a step of a convolution's sample"),
        }
    }

    fn passed_back(&self, cx: &SampleCx<'_>, l: usize, ix: &Index) -> Expr {
        let d = self.dims(cx.layer(l));
        let [c, y, x] = [ix.j(), ix.get(1).unwrap_or(0), ix.get(2).unwrap_or(0)];
        let rows = self.window.readers(0, y, d.oh);
        let cols = self.window.readers(1, x, d.ow);
        let mut terms = Vec::new();
        for o in 0..d.o {
            for &(i, u) in &rows {
                for &(j, v) in &cols {
                    terms.push(mul(vec![
                        cx.p(Tensor::W, l, Index::new(&[o, c, u, v])),
                        cx.q(Quantity::Delta, l, Index::new(&[o, i, j])),
                    ]));
                }
            }
        }
        Expr::Sum(terms)
    }

    fn describe_in(&self, lesson: &Lesson, id: &StepId, lang: Lang) -> String {
        self.words(lesson, id, lang)
    }

    fn describe(&self, lesson: &Lesson, id: &StepId) -> String {
        self.words(lesson, id, Lang::En)
    }
}

/// δ⁽ˡ⁾ of a layer without an activation: ∂L/∂a at its output, what reaches it from the layer
/// above (or from the loss).
pub(crate) fn output_error(cx: &SampleCx<'_>, id: &StepId, value: f64) -> Formula {
    let lhs = Sym::q(Quantity::Delta, id.layer, id.ix);
    match cx.reaching(id.layer, &id.ix) {
        Reaching::Above { expr, from } => {
            let mut f = Formula::new(lhs, expr.clone(), value);
            let passed = crate::trace::formula::var(
                Sym::PassedBack {
                    l: id.layer,
                    ix: id.ix,
                },
                expr.eval(),
            );
            f.terms = vec![Term::new(passed, expr).labelled(TermLabel::PassedBack { from })];
            f
        }
        Reaching::Loss { dlda, remarks } => {
            let mut f = Formula::new(lhs, dlda, value);
            f.remarks = remarks;
            f
        }
        Reaching::SoftmaxCe(rhs) => Formula::new(lhs, rhs, value),
    }
}
