//! Online SGD — one sample per batch, plain SGD, nothing recorded — with each sample's update
//! fused into the next sample's forward pass.
//!
//! Unfused, every sample sweeps each weight matrix three times: read it for the forward pass,
//! then read and write it for the update. Here the update of W⁽ˡ⁾ for sample s and the weighted
//! sums of layer l for sample s + 1 share one sweep. Every number is computed by the same
//! operations in the same order as the step-by-step path (w ← w − η·(δⱼ·aₖ) first, then
//! zⱼ = Σₖ wⱼₖ·aₖ from 0, k = 1, 2, …, plus bⱼ), so the results are bit-identical; a property
//! test checks it.

use std::ops::Range;

use crate::engine::pass::{loss_and_backward, sample_pass};
use crate::engine::{BatchOutcome, TrainState, Workspace, optimizer};
use crate::lesson::{Lesson, Optimizer};

use super::math::{DELTA, Z, activate, weighted_sums};

// The update below reads a dense layer's buffers as [z, δ].
const _: () = assert!(Z == 0 && DELTA == 1);

/// Does this lesson train by online plain SGD on dense layers only, which [`train`] handles?
pub fn applies(lesson: &Lesson) -> bool {
    lesson.batch_size == 1
        && matches!(lesson.optimizer, Optimizer::Sgd { momentum: 0.0, .. })
        && lesson.all_dense()
}

/// Trains the samples `range`, each as its own batch, calling `each(sample, outcome)` after
/// each one's forward and backward pass. Only for lessons where [`applies`] holds.
///
/// The new parameters are not tested for NaN/∞ (that would double the cost): a non-finite
/// weight or bias makes some z of the next forward pass non-finite, which the per-sample
/// check sees, so `finite` may turn false one sample late. The trace's driver checks the
/// parameters after the last update, which no forward pass follows.
pub fn train(
    lesson: &Lesson,
    state: &mut TrainState,
    ws: &mut Workspace,
    range: Range<usize>,
    mut each: impl FnMut(usize, BatchOutcome),
) {
    debug_assert!(applies(lesson));
    let Some(last) = range.end.checked_sub(1).filter(|_| !range.is_empty()) else {
        return;
    };
    let first = range.start;
    sample_pass(lesson, &state.params, first, ws, None);
    for s in range {
        each(
            s,
            BatchOutcome {
                loss_sum: ws.loss,
                finite: ws.sample_finite(),
            },
        );
        if s == last {
            update(lesson, state, ws, None);
        } else {
            update(
                lesson,
                state,
                ws,
                Some(lesson.data[s + 1].input.as_slice().unwrap()),
            );
            // `update` did the forward pass of sample s + 1.
            loss_and_backward(lesson, &state.params, s + 1, ws, None);
        }
    }
}

/// The SGD update of every trainable parameter with this sample's δ and a; with `next`, the
/// forward pass of the next sample (input `next`) in the same sweep.
fn update(lesson: &Lesson, state: &mut TrainState, ws: &mut Workspace, next: Option<&[f64]>) {
    let lr = lesson.optimizer.learning_rate();
    if let Some(x) = next {
        ws.a_next[0].copy_from_slice(x);
    }
    for (i, layer) in lesson.layers.iter().enumerate() {
        let l = i + 1;
        let p = &mut state.params.layers[i];
        let [z, d] = &mut ws.bufs[i][..] else {
            unreachable!("a dense layer keeps z and δ")
        };
        let (z, d) = (&mut z[..], &d[..]);
        let a_old = &ws.a[l - 1][..];
        let (below, above) = ws.a_next.split_at_mut(l);
        let fused = next.is_some() && layer.weights_train();
        if fused {
            sgd_and_sums(p.slice_mut(0), d, a_old, lr, &below[l - 1], z);
        } else if layer.weights_train() {
            sgd_columns(p.slice_mut(0), d, a_old, lr);
        }
        if layer.biases_train() {
            for (b, &dj) in p.slice_mut(1).iter_mut().zip(d) {
                *b = optimizer::sgd(*b, lr, dj);
            }
        }
        if next.is_none() {
            continue;
        }
        let a_new = &below[l - 1];
        if fused {
            for (zj, &bj) in z.iter_mut().zip(p.slice(1)) {
                *zj += bj;
            }
        } else {
            weighted_sums(p.slice(0), a_new, p.slice(1), z);
        }
        activate(layer.activation(), z, &mut above[0]);
    }
    if next.is_some() {
        std::mem::swap(&mut ws.a, &mut ws.a_next);
    }
}

/// w⁽ˡ⁾ⱼₖ ← w⁽ˡ⁾ⱼₖ − η·(δⱼ·aₖ) over a column-major W, one column (one k) at a time.
fn sgd_columns(w: &mut [f64], d: &[f64], a: &[f64], lr: f64) {
    crate::engine::wide::dispatch!(sgd_columns_body(w, d, a, lr))
}

#[inline(always)]
fn sgd_columns_body(w: &mut [f64], d: &[f64], a: &[f64], lr: f64) {
    for (col, &ak) in w.chunks_exact_mut(d.len()).zip(a) {
        for (w, &dj) in col.iter_mut().zip(d) {
            *w = optimizer::sgd(*w, lr, dj * ak);
        }
    }
}

/// The update of a column-major W with (δ, a_old), and in the same sweep the weighted sums
/// zⱼ = Σₖ wⱼₖ·a_newₖ of the updated weights (without the bias), k in order.
fn sgd_and_sums(w: &mut [f64], d: &[f64], a_old: &[f64], lr: f64, a_new: &[f64], z: &mut [f64]) {
    crate::engine::wide::dispatch!(sgd_and_sums_body(w, (d, a_old), lr, (a_new, z)))
}

#[inline(always)]
fn sgd_and_sums_body(
    w: &mut [f64],
    (d, a_old): (&[f64], &[f64]),
    lr: f64,
    (a_new, z): (&[f64], &mut [f64]),
) {
    let rows = d.len();
    let full = rows - rows % BLOCK;
    for start in (0..full).step_by(BLOCK) {
        let dj: &[f64; BLOCK] = d[start..start + BLOCK].try_into().unwrap();
        let mut acc = [0.0; BLOCK];
        for ((col, &ak_old), &ak_new) in w.chunks_exact_mut(rows).zip(a_old).zip(a_new) {
            let col: &mut [f64; BLOCK] = (&mut col[start..start + BLOCK]).try_into().unwrap();
            for r in 0..BLOCK {
                col[r] = optimizer::sgd(col[r], lr, dj[r] * ak_old);
                acc[r] += col[r] * ak_new;
            }
        }
        z[start..start + BLOCK].copy_from_slice(&acc);
    }
    // The last rows % BLOCK neurons.
    let mut acc = [0.0; BLOCK];
    for ((col, &ak_old), &ak_new) in w.chunks_exact_mut(rows).zip(a_old).zip(a_new) {
        for ((w, s), &dj) in col[full..].iter_mut().zip(&mut acc).zip(&d[full..]) {
            *w = optimizer::sgd(*w, lr, dj * ak_old);
            *s += *w * ak_new;
        }
    }
    z[full..].copy_from_slice(&acc[..rows - full]);
}

/// Neurons whose sums are kept in registers together (32 f64: eight AVX2 registers; measured
/// best of 16, 32 and 64 on the 784-128-10 workload).
const BLOCK: usize = 32;
