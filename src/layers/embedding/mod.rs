//! Token embeddings plus learned positions, as `nn.Embedding` and a position table:
//! a\[t,j\] = E\[x_t, j\] + P\[t, j\], where x_t is the id of position t's token. Backward, δ is
//! ∂L/∂a; a token's row of E gathers the δ of every position that holds it, ∂L/∂E\[v,j\] =
//! Σ_{t: x_t = v} δ\[t,j\] (0 for a token the sample does not use), and ∂L/∂P\[t,j\] = δ\[t,j\].
//! Nothing is passed back: tokens are not numbers. Its steps in words are in `words`.

mod pytorch;
mod view;
mod words;

use ndarray::ArrayD;

use crate::engine::LayerParams;
use crate::engine::kind::{Backward, Math, Upstream};
use crate::layers::paths::error_delta;
use crate::layers::{Entry, Kind, LayerKind, ParamSpec, Tensor};
use crate::lesson::schema::{Head, LayerTable, Res};
use crate::lesson::{Layer, Lesson, Shape};
use crate::source::reader::Value;
use crate::trace::explain::{Formula, SampleCx};
use crate::trace::formula::{Expr, Param, Sym, add};
use crate::trace::kind::{Explain, LayerValues, Segment, Steps};
use crate::trace::{Index, Quantity, StepId};

/// `kind = "embedding"`.
pub(crate) const ENTRY: Entry = Entry {
    name: "embedding",
    keys: &["dim", "positions"],
    read,
    mistakes: &crate::layers::attention::mistakes::EMBEDDING,
};

/// An embedding's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Embedding {
    /// Features per token (`dim`).
    pub dim: usize,
    /// Tokens in the vocabulary.
    pub vocabulary: usize,
    /// Does it add a learned position table?
    pub positions: bool,
}

/// The one buffer: δ = ∂L/∂a.
const DELTA: usize = 0;

fn read(lt: &LayerTable) -> Res<Head> {
    let Shape::Tokens { t } = lt.input else {
        return Err(lt.error(
            lt.table.span.clone(),
            crate::msg!(
                "err-embedding-not-tokens",
                l = lt.l.to_string(),
                got = crate::lesson::schema::shape_words(lt.input)
            ),
            crate::msg!("err-embedding-not-tokens-help"),
        ));
    };
    let dim = lt.required_count(
        "dim",
        (1, crate::lesson::limits::MAX_NEURONS),
        &crate::msg!("err-dim-help"),
    )?;
    let positions = lt
        .table
        .get("positions")
        .is_some_and(|e| !matches!(e.value.get_ref(), toml::de::DeValue::Boolean(false)));
    Ok(Head {
        kind: Kind::Embedding(Embedding {
            dim,
            vocabulary: lt.vocabulary,
            positions,
        }),
        output: Shape::Sequence { t, f: dim },
    })
}

// The Markdown export draws a network of sequence layers as one chain of blocks and tables
// its attention matrices after each phase (`export::markdown::sequence`); of each quantity
// of the layer it works the first step out, LayerDoc's default.
impl crate::export::markdown::kind::LayerDoc for Embedding {}

impl LayerKind for Embedding {
    fn name(&self) -> &'static str {
        "embedding"
    }

    fn params(&self, layer: &Layer) -> Vec<ParamSpec> {
        let mut specs = vec![ParamSpec {
            tensor: Tensor::Emb,
            key: "weights",
            dims: vec![self.vocabulary, self.dim],
            trains: layer.weights_train(),
        }];
        if self.positions {
            specs.push(ParamSpec {
                tensor: Tensor::Pos,
                key: "positions",
                dims: vec![layer.output.positions(), self.dim],
                trains: layer.weights_train(),
            });
        }
        specs
    }

    fn settings(&self, _layer: &Layer) -> Vec<(&'static str, String)> {
        vec![("dim", self.dim.to_string())]
    }

    fn read_tensor(&self, lt: &LayerTable, spec: &ParamSpec, v: &Value) -> Res<ArrayD<f64>> {
        let what = match spec.tensor {
            Tensor::Pos => crate::msg!("err-positions-of-layer", l = lt.l.to_string()),
            _ => crate::msg!("err-embeddings-of-layer", l = lt.l.to_string()),
        };
        crate::lesson::schema::tensor::read(lt.cx, v, &what, (&spec.dims, &[]), false, lt.files)
    }
}

impl Embedding {
    fn positions_of(layer: &Layer) -> usize {
        layer.output.positions()
    }
}

/// The token id at position `t` of a sample's input.
fn token(x: &[f64], t: usize) -> usize {
    x[t] as usize
}

impl Math for Embedding {
    fn buffers(&self, layer: &Layer) -> Vec<usize> {
        vec![layer.output.len()]
    }

    fn forward(
        &self,
        layer: &Layer,
        p: &LayerParams,
        x: &[f64],
        _: &mut [Vec<f64>],
        out: &mut [f64],
    ) {
        let d = self.dim;
        let e = p.slice(0);
        for t in 0..Embedding::positions_of(layer) {
            let row = &e[token(x, t) * d..(token(x, t) + 1) * d];
            for j in 0..d {
                out[t * d + j] = if self.positions {
                    row[j] + p.slice(1)[t * d + j]
                } else {
                    row[j]
                };
            }
        }
    }

    fn backward(&self, b: Backward<'_>) {
        let Upstream::Grad(g) = b.up else {
            unreachable!("an embedding has no softmax")
        };
        b.bufs[DELTA].copy_from_slice(g);
        let delta = &b.bufs[DELTA];
        let (d, positions) = (self.dim, Embedding::positions_of(b.layer));
        let Some(grad) = b.grad else { return };
        let add = |g: &mut f64, s: f64| *g = if b.first { s } else { *g + s };
        let e = grad.slice_mut(0);
        for v in 0..self.vocabulary {
            for j in 0..d {
                let s = (0..positions)
                    .filter(|&t| token(b.x, t) == v)
                    .fold(0.0, |s, t| s + delta[t * d + j]);
                add(&mut e[v * d + j], s);
            }
        }
        if self.positions {
            for (g, &dj) in grad.slice_mut(1).iter_mut().zip(delta.iter()) {
                add(g, dj);
            }
        }
    }
}

impl Steps for Embedding {
    fn forward_steps(&self, layer: &Layer) -> Vec<Segment> {
        vec![Segment::block(
            Quantity::A,
            &[Embedding::positions_of(layer), self.dim],
        )]
    }

    fn backward_steps(&self, layer: &Layer) -> Vec<Segment> {
        let t = Embedding::positions_of(layer);
        let mut out = vec![
            Segment::block(Quantity::Delta, &[t, self.dim]),
            Segment::block(Quantity::Grad(Tensor::Emb), &[self.vocabulary, self.dim]),
        ];
        if self.positions {
            out.push(Segment::block(Quantity::Grad(Tensor::Pos), &[t, self.dim]));
        }
        out
    }

    fn value(&self, v: &LayerValues<'_>, id: &StepId) -> f64 {
        let d = self.dim;
        let (i, j) = (id.ix.j(), id.ix.k().unwrap_or(0));
        let delta = v.buffer(DELTA);
        match id.quantity {
            Quantity::A => v.output()[i * d + j],
            Quantity::Delta => delta[i * d + j],
            Quantity::Grad(Tensor::Emb) => (0..Embedding::positions_of(v.layer()))
                .filter(|&t| token(v.input(), t) == i)
                .fold(0.0, |s, t| s + delta[t * d + j]),
            Quantity::Grad(Tensor::Pos) => delta[i * d + j],
            _ => unreachable!("{id} is not a step of an embedding"),
        }
    }

    fn numbers<'a>(&self, v: &LayerValues<'a>, quantity: Quantity) -> Option<&'a [f64]> {
        match quantity {
            Quantity::A => Some(v.output()),
            Quantity::Delta => Some(v.buffer(DELTA)),
            _ => None,
        }
    }
}

impl Explain for Embedding {
    fn formula(&self, cx: &SampleCx<'_>, id: &StepId) -> Formula {
        let l = id.layer;
        let value = cx.value(id);
        let (i, j) = (id.ix.j(), id.ix.k().unwrap_or(0));
        let x = cx.values(l).input();
        match id.quantity {
            Quantity::A => {
                let e = cx.p(Tensor::Emb, l, Index::two(token(x, i), j));
                let rhs = if self.positions {
                    add(vec![e, cx.p(Tensor::Pos, l, Index::two(i, j))])
                } else {
                    e
                };
                let rhs = crate::layers::paths::with_residual(cx, l, id.ix, rhs);
                Formula::new(Sym::q(Quantity::A, l, id.ix), rhs, value)
            }
            Quantity::Delta => error_delta(cx, l, id.ix, value),
            Quantity::Grad(tensor) => {
                let p = Param {
                    l,
                    tensor,
                    ix: id.ix,
                };
                let delta = |t: usize| cx.q(Quantity::Delta, l, Index::two(t, j));
                let rhs = match tensor {
                    Tensor::Pos => delta(i),
                    _ => {
                        let terms: Vec<Expr> = (0..x.len())
                            .filter(|&t| token(x, t) == i)
                            .map(delta)
                            .collect();
                        if terms.is_empty() {
                            Expr::Num(0.0)
                        } else {
                            Expr::Sum(terms)
                        }
                    }
                };
                Formula::new(Sym::Grad { p, sample: None }, rhs, value)
            }
            _ => unreachable!("{id} is not a step of an embedding's sample"),
        }
    }

    fn passed_back(&self, _cx: &SampleCx<'_>, _l: usize, _ix: &Index) -> Expr {
        // Tokens are not numbers: nothing below an embedding learns from it.
        Expr::Num(0.0)
    }

    fn describe_in(&self, lesson: &Lesson, id: &StepId, lang: crate::i18n::Lang) -> String {
        self.words(lesson, id, lang)
    }

    fn describe(&self, lesson: &Lesson, id: &StepId) -> String {
        self.words(lesson, id, crate::i18n::Lang::En)
    }
}
