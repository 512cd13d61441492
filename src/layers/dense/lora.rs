//! LoRA on a dense layer (`lora = { rank, alpha, a, b }`): the frozen weights W and bias b
//! keep their path, and a trainable low-rank path is added, z = W·a + b + (α/r)·B·(A·a), as
//! `peft` computes it. A (rank × inputs) projects the input down, u = A·a (a step,
//! `down(l)\[…\]`); B (neurons × rank) projects it back up. Backward, only A and B have
//! gradients: ∂L/∂u_r = (α/r)·Σⱼ B\[j,r\]·δⱼ, ∂L/∂B\[j,r\] = (α/r)·Σₜ δ\[t,j\]·u\[t,r\] and
//! ∂L/∂A\[r,k\] = Σₜ ∂L/∂u\[t,r\]·a\[t,k\]; the error passed back adds Σ_r A\[r,k\]·∂L/∂u_r.

use crate::lesson::schema::{LayerTable, Res};
use crate::source::reader::{count, number, table};
use crate::trace::explain::{Formula, SampleCx};
use crate::trace::formula::{Expr, Param, Sym, mul};
use crate::trace::kind::LayerValues;
use crate::trace::{Index, Inner, Quantity, StepId, Tensor};

/// A LoRA adapter's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lora {
    /// r, the adapter's rank.
    pub rank: usize,
    /// α; the low-rank path is scaled by α/r.
    pub alpha: f64,
}

/// The name of LoRA's scale α/r in formulas.
pub const SCALE: [&str; 3] = ["α/r", "alpha/r", "\\alpha/r"];

/// The keys of the `lora` table.
const KEYS: [&str; 4] = ["rank", "alpha", "a", "b"];

// Buffers after a dense layer's z and δ.
pub(crate) const DOWN: usize = 2;
pub(crate) const DDOWN: usize = 3;

impl Lora {
    /// α/r, as the engine and the formulas compute it.
    pub fn scale(&self) -> f64 {
        self.alpha / self.rank as f64
    }

    /// α/r as a named value (its number substituted).
    pub fn scale_expr(&self) -> Expr {
        crate::trace::formula::var(Sym::Text(SCALE), self.scale())
    }
}

/// `lora = { rank = R, alpha = α, a = …, b = … }`, if the layer has one.
pub(crate) fn read(lt: &LayerTable) -> Res<Option<Lora>> {
    let Some(e) = lt.table.get("lora") else {
        return Ok(None);
    };
    let t = table(
        lt.cx,
        e.value,
        crate::msg!("err-lora-owner", l = lt.l.to_string()),
        &crate::source::reader::for_key("lora"),
    )?;
    t.allow_only(lt.cx, &KEYS)?;
    let r = t.require(lt.cx, "rank", crate::msg!("err-rank-help"))?;
    let rank = count(
        lt.cx,
        r.value,
        "`rank`",
        1,
        crate::lesson::limits::MAX_NEURONS,
    )?;
    let alpha = match t.get("alpha") {
        None => rank as f64,
        Some(a) => {
            let x = number(lt.cx, a.value, &crate::source::reader::for_key("alpha"))?;
            if !(x.is_finite() && x > 0.0) {
                return Err(lt.error(
                    a.value.span(),
                    crate::msg!("err-alpha-positive"),
                    crate::msg!("err-alpha-positive-help"),
                ));
            }
            x
        }
    };
    Ok(Some(Lora { rank, alpha }))
}

/// A tensor as TOML nested arrays.
fn nested(a: ndarray::ArrayViewD<'_, f64>) -> String {
    if a.ndim() <= 1 {
        let items: Vec<String> = a.iter().map(|x| format!("{x:?}")).collect();
        return format!("[{}]", items.join(", "));
    }
    let rows: Vec<String> = a.outer_iter().map(nested).collect();
    format!("[{}]", rows.join(", "))
}

/// The `lora` setting as a lesson writes it back, A and B included.
pub(crate) fn setting(lora: &Lora, layer: &crate::lesson::Layer) -> String {
    let tensor = |t: Tensor| {
        layer
            .param(t)
            .map_or("[]".to_string(), |a| nested(a.view()))
    };
    format!(
        "{{ rank = {}, alpha = {:?}, a = {}, b = {} }}",
        lora.rank,
        lora.alpha,
        tensor(Tensor::LoraA),
        tensor(Tensor::LoraB)
    )
}

/// The indices of position `t`'s number `j`, on a sequence or a vector.
fn at(seq: bool, t: usize, j: usize) -> Index {
    if seq { Index::two(t, j) } else { Index::one(j) }
}

/// (position, index) of a step's indices.
fn split(seq: bool, ix: &Index) -> (usize, usize) {
    if seq {
        (ix.j(), ix.k().unwrap_or(0))
    } else {
        (0, ix.j())
    }
}

/// The value of one of LoRA's steps.
pub(crate) fn value(
    lora: &Lora,
    v: &LayerValues<'_>,
    id: &StepId,
    (n, m, positions): (usize, usize, usize),
) -> f64 {
    let layer = v.layer();
    let seq = layer.input.is_sequence();
    let r = lora.rank;
    let (delta, down, ddown, x) = (v.buffer(1), v.buffer(DOWN), v.buffer(DDOWN), v.input());
    match id.quantity {
        Quantity::Block(Inner::Down) => {
            let (t, i) = split(seq, &id.ix);
            down[t * r + i]
        }
        Quantity::Block(Inner::DDown) => {
            let (t, i) = split(seq, &id.ix);
            ddown[t * r + i]
        }
        Quantity::Grad(Tensor::LoraB) => {
            let (j, i) = (id.ix.j(), id.ix.k().unwrap_or(0));
            lora.scale() * (0..positions).fold(0.0, |s, t| s + delta[t * n + j] * down[t * r + i])
        }
        Quantity::Grad(Tensor::LoraA) => {
            let (i, k) = (id.ix.j(), id.ix.k().unwrap_or(0));
            (0..positions).fold(0.0, |s, t| s + ddown[t * r + i] * x[t * m + k])
        }
        _ => unreachable!("{id} is not a LoRA step"),
    }
}

/// The low-rank path of z\[t,j\]: (α/r)·Σ_r B\[j,r\]·u\[t,r\].
pub(crate) fn path(lora: &Lora, cx: &SampleCx<'_>, l: usize, (t, j): (usize, usize)) -> Expr {
    let seq = cx.layer(l).input.is_sequence();
    let terms = (0..lora.rank)
        .map(|r| {
            mul(vec![
                cx.p(Tensor::LoraB, l, Index::two(j, r)),
                cx.q(Quantity::Block(Inner::Down), l, at(seq, t, r)),
            ])
        })
        .collect();
    mul(vec![lora.scale_expr(), Expr::Sum(terms)])
}

/// The error LoRA passes back to input k at position t: Σ_r A\[r,k\]·∂L/∂u\[t,r\].
pub(crate) fn passed_back(
    lora: &Lora,
    cx: &SampleCx<'_>,
    l: usize,
    (t, k): (usize, usize),
) -> Expr {
    let seq = cx.layer(l).input.is_sequence();
    Expr::Sum(
        (0..lora.rank)
            .map(|r| {
                mul(vec![
                    cx.p(Tensor::LoraA, l, Index::two(r, k)),
                    cx.q(Quantity::Block(Inner::DDown), l, at(seq, t, r)),
                ])
            })
            .collect(),
    )
}

/// The formula of one of LoRA's steps.
pub(crate) fn formula(lora: &Lora, cx: &SampleCx<'_>, id: &StepId, value: f64) -> Formula {
    let l = id.layer;
    let layer = cx.layer(l);
    let seq = layer.input.is_sequence();
    let (n, m, positions) = (
        layer.output.features(),
        layer.input.features(),
        layer.input.positions(),
    );
    let lhs = Sym::q(id.quantity, l, id.ix);
    match id.quantity {
        Quantity::Block(Inner::Down) => {
            let (t, r) = split(seq, &id.ix);
            let terms = (0..m)
                .map(|k| {
                    mul(vec![
                        cx.p(Tensor::LoraA, l, Index::two(r, k)),
                        cx.q(Quantity::A, l - 1, at(seq, t, k)),
                    ])
                })
                .collect();
            Formula::new(lhs, Expr::Sum(terms), value)
        }
        Quantity::Block(Inner::DDown) => {
            let (t, r) = split(seq, &id.ix);
            let terms = (0..n)
                .map(|j| {
                    mul(vec![
                        cx.p(Tensor::LoraB, l, Index::two(j, r)),
                        cx.q(Quantity::Delta, l, at(seq, t, j)),
                    ])
                })
                .collect();
            Formula::new(lhs, mul(vec![lora.scale_expr(), Expr::Sum(terms)]), value)
        }
        Quantity::Grad(tensor) => {
            let (a, b) = (id.ix.j(), id.ix.k().unwrap_or(0));
            let terms = (0..positions)
                .map(|t| match tensor {
                    Tensor::LoraB => mul(vec![
                        cx.q(Quantity::Delta, l, at(seq, t, a)),
                        cx.q(Quantity::Block(Inner::Down), l, at(seq, t, b)),
                    ]),
                    _ => mul(vec![
                        cx.q(Quantity::Block(Inner::DDown), l, at(seq, t, a)),
                        cx.q(Quantity::A, l - 1, at(seq, t, b)),
                    ]),
                })
                .collect();
            let rhs = match tensor {
                Tensor::LoraB => mul(vec![lora.scale_expr(), Expr::Sum(terms)]),
                _ => Expr::Sum(terms),
            };
            let p = Param {
                l,
                tensor,
                ix: id.ix,
            };
            Formula::new(Sym::Grad { p, sample: None }, rhs, value)
        }
        _ => unreachable!("{id} is not a LoRA step"),
    }
}
