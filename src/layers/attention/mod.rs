//! Self-attention as `nn.MultiheadAttention(dim, heads)` with in_proj = [W_q; W_k; W_v]:
//! q = W_q·x + b_q (k and v alike) at every position; head h takes the features
//! h·d_h + 1 … (h + 1)·d_h, d_h = dim/heads; a score S\[h,t,s\] = (Σ_c q\[t,c\]·k\[s,c\])/√d_h,
//! −∞ where a causal mask hides a later position s > t; the weights attn\[h,t,·\] are the
//! softmax of a query's scores over the keys; the context c\[t,c\] = Σₛ attn\[h,t,s\]·v\[s,c\];
//! the output a = W_o·c + b_o (plus a residual, if any).
//!
//! - `math`: the forward and backward pass; `steps`: its steps and their values;
//! - `formulas`: each step's formula; `words`: each step in words, in any language; `view`:
//!   the attention matrix in the tutor;
//! - `pytorch`: its forward pass written out in a PyTorch script; `doc`: the steps the
//!   Markdown export works out;
//! - `mistakes`: the misconceptions of a transformer's steps (attention, layer norm,
//!   residuals, AdamW, LoRA).

mod doc;
mod formulas;
mod math;
pub(crate) mod mistakes;
mod pytorch;
mod steps;
pub(crate) mod view;
mod words;

use ndarray::ArrayD;

use crate::layers::{Entry, Kind, LayerKind, ParamSpec, Tensor};
use crate::lesson::schema::{Head, LayerTable, Res};
use crate::lesson::{Layer, Shape};
use crate::source::reader::{Value, boolean};

/// `kind = "attention"`.
pub(crate) const ENTRY: Entry = Entry {
    name: "attention",
    keys: &["heads", "causal"],
    read,
    mistakes: &mistakes::ATTENTION,
};

/// An attention layer's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attention {
    /// Heads (`heads`, default 1); they divide the features.
    pub heads: usize,
    /// Does position t attend only to positions up to t (`causal`, default false)?
    pub causal: bool,
}

/// Its tensors in the order the lesson, JSON and the update list them.
const TENSORS: [(Tensor, &str); 8] = [
    (Tensor::WQ, "weights_q"),
    (Tensor::WK, "weights_k"),
    (Tensor::WV, "weights_v"),
    (Tensor::WO, "weights_o"),
    (Tensor::BQ, "biases_q"),
    (Tensor::BK, "biases_k"),
    (Tensor::BV, "biases_v"),
    (Tensor::BO, "biases_o"),
];

fn read(lt: &LayerTable) -> Res<Head> {
    let Shape::Sequence { f: d, .. } = lt.input else {
        return Err(lt.error(
            lt.table.span.clone(),
            crate::msg!(
                "err-attention-not-sequence",
                l = lt.l.to_string(),
                got = crate::lesson::schema::shape_words(lt.input)
            ),
            crate::msg!("err-attention-not-sequence-help"),
        ));
    };
    let heads = lt.count("heads", 1, d)?.unwrap_or(1);
    if d % heads != 0 {
        return Err(lt.error(
            lt.span_of("heads"),
            crate::msg!(
                "err-heads-divide",
                heads = heads.to_string(),
                d = d.to_string(),
                l = lt.l.to_string()
            ),
            crate::msg!("err-heads-divide-help"),
        ));
    }
    let causal = match lt.table.get("causal") {
        Some(e) => boolean(lt.cx, e.value, &crate::source::reader::for_key("causal"))?,
        None => false,
    };
    Ok(Head {
        kind: Kind::Attention(Attention { heads, causal }),
        output: lt.input,
    })
}

impl Attention {
    /// (positions T, features d, heads H, features per head d_h).
    pub fn dims(&self, layer: &Layer) -> (usize, usize, usize, usize) {
        let (t, d) = (layer.input.positions(), layer.input.features());
        (t, d, self.heads, d / self.heads)
    }

    /// May query t attend to key s?
    pub fn allowed(&self, t: usize, s: usize) -> bool {
        !self.causal || s <= t
    }

    /// The keys query t attends to: 0..=t when causal, all otherwise.
    pub fn keys(&self, t: usize, positions: usize) -> std::ops::Range<usize> {
        if self.causal { 0..t + 1 } else { 0..positions }
    }

    /// The queries that attend to key s.
    pub fn queries(&self, s: usize, positions: usize) -> std::ops::Range<usize> {
        if self.causal {
            s..positions
        } else {
            0..positions
        }
    }

    /// (head, query, key) of a score-shaped step's indices: `[t,s]` with one head,
    /// `[h,t,s]` with several.
    pub fn hts(&self, ix: &crate::trace::Index) -> (usize, usize, usize) {
        let v = ix.to_vec();
        match v[..] {
            [h, t, s] => (h, t, s),
            [t, s] => (0, t, s),
            _ => (0, 0, 0),
        }
    }

    /// The indices of a score-shaped step.
    pub fn score_ix(&self, h: usize, t: usize, s: usize) -> crate::trace::Index {
        if self.heads > 1 {
            crate::trace::Index::new(&[h, t, s])
        } else {
            crate::trace::Index::two(t, s)
        }
    }
}

impl LayerKind for Attention {
    fn name(&self) -> &'static str {
        "attention"
    }

    fn params(&self, layer: &Layer) -> Vec<ParamSpec> {
        let d = layer.input.features();
        TENSORS
            .iter()
            .map(|&(tensor, key)| ParamSpec {
                tensor,
                key,
                dims: if tensor.is_bias() {
                    vec![d]
                } else {
                    vec![d, d]
                },
                trains: if tensor.is_bias() {
                    layer.biases_train()
                } else {
                    layer.weights_train()
                },
            })
            .collect()
    }

    fn settings(&self, _layer: &Layer) -> Vec<(&'static str, String)> {
        vec![
            ("heads", self.heads.to_string()),
            ("causal", self.causal.to_string()),
        ]
    }

    fn read_tensor(&self, lt: &LayerTable, spec: &ParamSpec, v: &Value) -> Res<ArrayD<f64>> {
        let what = crate::lesson::schema::tensor_of_layer(spec.key, lt.l);
        crate::lesson::schema::tensor::read(lt.cx, v, &what, (&spec.dims, &[]), false, lt.files)
    }
}
