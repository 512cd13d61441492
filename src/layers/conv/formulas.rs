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
//! The words shared by the layers of a convolutional network live here too: what the layer
//! above does with a δ ([`passed_back_words`]), and a δ that is ∂L/∂a at a layer's output
//! ([`output_error`]).

use crate::layers::dense::Dense;
use crate::layers::{Kind, Tensor};
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

    fn describe(&self, lesson: &Lesson, id: &StepId) -> String {
        let l = id.layer;
        let layer = &lesson.layers[l - 1];
        let d = self.dims(layer);
        let ix = id.ix.to_vec();
        let at = |ix: &[usize]| {
            format!(
                "feature map {} at row {}, column {}",
                ix[0] + 1,
                ix[1] + 1,
                ix[2] + 1
            )
        };
        match id.quantity {
            Quantity::Z => {
                let (i, j) = (ix[1], ix[2]);
                let rows = span(self.window.row(i, 0), d.kh);
                let cols = span(self.window.col(j, 0), d.kw);
                let pad = if d.padded()
                    && (self.window.row(i, 0) < 0
                        || self.window.col(j, 0) < 0
                        || self.window.row(i, d.kh - 1) >= d.h as isize
                        || self.window.col(j, d.kw - 1) >= d.w as isize)
                {
                    "; the window reaches over the edge, where the padding's 0s stand"
                } else {
                    ""
                };
                format!(
                    "weighted input of {}: the {} kernel laid over rows {rows}, columns {cols} of {} (cross-correlation, the kernel not flipped, as nn.Conv2d computes), plus the map's bias{pad}",
                    at(&ix),
                    self.window.kernel_text(false),
                    channels_words(d.c, l)
                )
            }
            Quantity::A => format!("activation ({}) of {}", self.activation.name(), at(&ix)),
            Quantity::Delta => {
                let mut s = format!("error signal ∂L/∂z of {}", at(&ix));
                if let Some(words) = passed_back_words(lesson, l) {
                    s.push_str("; ");
                    s.push_str(&words);
                }
                s
            }
            Quantity::Grad(Tensor::W) => format!(
                "gradient of the loss for the {}: input channel {} correlated with the δ of map {} — the sum over every output of its δ times the input this weight saw there",
                weight_words(&ix),
                ix[1] + 1,
                ix[0] + 1
            ),
            Quantity::Grad(_) => format!(
                "gradient of the loss for the bias of feature map {}: the sum of the map's δ over all {} of its positions, each of which the bias was added to",
                ix[0] + 1,
                d.plane()
            ),
            Quantity::Param(t) => format!("updated {}", param_words(t, &ix)),
            Quantity::State(m, t) => format!(
                "{} of the {}",
                crate::layers::dense::moment_words(m),
                param_words(t, &ix)
            ),
            _ => unreachable!("{id} is not a step of a convolution"),
        }
    }
}

/// Rows or columns `first..first+n` (1-based), which may reach into the padding.
fn span(first: isize, n: usize) -> String {
    format!("{} to {}", first + 1, first + n as isize)
}

/// "the input image" or "all 6 channels of layer 2's output".
fn channels_words(c: usize, l: usize) -> String {
    let of = if l == 1 {
        "the input image".to_string()
    } else {
        format!("layer {}'s output", l - 1)
    };
    match c {
        1 => of,
        c => format!("each of the {c} channels of {of}, summed"),
    }
}

/// "kernel weight w[o,c,u,v] (map 1, input channel 2, row 1, column 3)".
fn weight_words(ix: &[usize]) -> String {
    format!(
        "kernel weight of map {}, input channel {}, kernel row {}, column {}",
        ix[0] + 1,
        ix[1] + 1,
        ix[2] + 1,
        ix[3] + 1
    )
}

fn param_words(t: Tensor, ix: &[usize]) -> String {
    match t {
        Tensor::W => weight_words(ix),
        _ => format!("bias of feature map {}", ix[0] + 1),
    }
}

/// What the layer above layer `l` does with the errors it passes back, in words, when it is a
/// layer of a convolutional network.
pub(crate) fn passed_back_words(lesson: &Lesson, l: usize) -> Option<String> {
    let above = lesson.layers.get(l)?;
    let from = l + 1;
    match above.kind {
        Kind::Conv2d(conv) => Some(format!(
            "the error passed back from layer {from} is the sum over every output of its {} kernel whose window read this number, of the weight that read it times that output's δ — what textbooks call the full convolution of δ⁽{from}⁾ with the flipped kernel",
            conv.window.kernel_text(false)
        )),
        Kind::Pool2d(pool) => Some(match pool.op {
            super::super::pool::PoolOp::Max => format!(
                "the max pool of layer {from} passes each window's error only to the window's maximum (the first of equal ones); every other number of the window gets 0"
            ),
            super::super::pool::PoolOp::Avg => format!(
                "the average pool of layer {from} shares each window's error equally, 1/{} of it to every number of the window",
                pool.window.area()
            ),
        }),
        Kind::Flatten(_) => Some(format!(
            "the flatten of layer {from} hands each number's error back to the place it came from"
        )),
        _ => None,
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
