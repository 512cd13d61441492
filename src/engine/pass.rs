//! The per-sample passes every way of training shares: forward, loss and backward of one
//! sample into a reusable [`Workspace`], layer by layer through each layer kind's [`Math`].

use crate::lesson::{Activation, Lesson, Loss};

use super::kind::{Backward, Buffers, Upstream};
use super::loss;
use super::params::Params;

/// Buffers reused for every sample, so the hot loop allocates nothing.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// a⁽ˡ⁾ for l = 0..=L (a⁽⁰⁾ = x): each layer's output, its residual included.
    pub a: Vec<Vec<f64>>,
    /// Each layer's output before its residual is added, at index l (empty for layers
    /// without a residual, and at index 0).
    pub pre: Vec<Vec<f64>>,
    /// ∂L/∂a⁽ˡ⁾ at index l: the error reaching each layer's output (index 0 unused).
    pub g: Vec<Vec<f64>>,
    /// Each layer's own buffers (z, δ, …), layer l at index l − 1.
    pub bufs: Vec<Buffers>,
    /// The next sample's activations, while online training overlaps two samples.
    pub(crate) a_next: Vec<Vec<f64>>,
    /// The current sample's loss.
    pub loss: f64,
    /// Sum of the per-sample gradients of the batch so far; after the last sample, their mean.
    pub grad: Params,
}

impl Workspace {
    /// Buffers shaped for the lesson's network.
    pub fn new(lesson: &Lesson) -> Self {
        let widths: Vec<usize> = (0..=lesson.depth()).map(|l| lesson.width(l)).collect();
        let per_layer: Vec<Vec<f64>> = widths.iter().map(|&n| vec![0.0; n]).collect();
        let pre = (0..=lesson.depth())
            .map(|l| match l {
                0 => Vec::new(),
                l if lesson.layers[l - 1].residual.is_some() => vec![0.0; widths[l]],
                _ => Vec::new(),
            })
            .collect();
        let bufs = lesson
            .layers
            .iter()
            .map(|layer| {
                let sizes = layer.kind.contract().buffers(layer);
                sizes.into_iter().map(|n| vec![0.0; n]).collect()
            })
            .collect();
        Workspace {
            a: per_layer.clone(),
            pre,
            g: per_layer.clone(),
            bufs,
            a_next: per_layer,
            loss: 0.0,
            grad: Params::from_lesson(lesson).zeros_like(),
        }
    }

    /// Layer `l`'s own output before its residual (its output when it has none).
    pub fn own_output(&self, l: usize) -> &[f64] {
        if self.pre[l].is_empty() {
            &self.a[l]
        } else {
            &self.pre[l]
        }
    }

    /// Is every number of the current sample finite?
    pub(crate) fn sample_finite(&self) -> bool {
        let finite = |v: &Vec<f64>| v.iter().all(|x| x.is_finite());
        self.loss.is_finite()
            && self.a.iter().all(finite)
            && self.pre.iter().all(finite)
            && self.bufs.iter().all(|b| b.iter().all(finite))
    }
}

/// Forward, loss and backward of sample `s` into the workspace; with `grad`, the sample's
/// gradient is added to the batch's (set, for its first sample).
pub(crate) fn sample_pass(
    lesson: &Lesson,
    params: &Params,
    s: usize,
    ws: &mut Workspace,
    grad: Option<bool>,
) {
    let sample = &lesson.data[s];
    forward(lesson, params, sample.input.as_slice().unwrap(), ws);
    loss_and_backward(lesson, params, s, ws, grad);
}

/// The loss and backward pass of sample `s`, whose forward pass is in the workspace.
pub(crate) fn loss_and_backward(
    lesson: &Lesson,
    params: &Params,
    s: usize,
    ws: &mut Workspace,
    grad: Option<bool>,
) {
    let target = lesson.data[s].target.as_slice().unwrap();
    ws.loss = sample_loss(lesson, ws, target);
    backward(lesson, params, target, ws, grad);
}

/// The loss of the sample whose forward pass is in the workspace.
pub fn sample_loss(lesson: &Lesson, ws: &Workspace, y: &[f64]) -> f64 {
    let depth = lesson.depth();
    let last = &lesson.layers[depth - 1];
    let z = last
        .kind
        .contract()
        .logits(&ws.bufs[depth - 1])
        .unwrap_or(&[]);
    let positions = lesson.shape(depth).positions();
    loss::sample_value(lesson.loss, z, &ws.a[depth], y, positions)
}

/// Each layer's output, l = 1..=L, from the input `x`.
pub fn forward(lesson: &Lesson, params: &Params, x: &[f64], ws: &mut Workspace) {
    ws.a[0].copy_from_slice(x);
    for (i, layer) in lesson.layers.iter().enumerate() {
        let l = i + 1;
        let (below, above) = ws.a.split_at_mut(l);
        let kind = layer.kind.contract();
        let p = &params.layers[i];
        match layer.residual {
            None => kind.forward(layer, p, &below[l - 1], &mut ws.bufs[i], &mut above[0]),
            Some(n) => {
                let pre = &mut ws.pre[l];
                kind.forward(layer, p, &below[l - 1], &mut ws.bufs[i], pre);
                for ((a, &f), &r) in above[0].iter_mut().zip(pre.iter()).zip(&below[n]) {
                    *a = f + r;
                }
            }
        }
    }
}

/// Is the output layer a softmax under cross-entropy, whose δ is a − y directly?
pub fn softmax_cross_entropy(lesson: &Lesson) -> bool {
    lesson.loss == Loss::CrossEntropy
        && lesson.layers.last().map(|l| l.activation()) == Some(Activation::Softmax)
}

/// The backward pass: ∂L/∂a⁽ᴸ⁾ from the loss (or the softmax shortcut), then every layer from
/// the output down, each passing its error back to the layer below; a residual passes its
/// layer's error to the layer it adds, after that layer's own consumer. With `grad`, each
/// layer's gradient is added to the batch's.
pub fn backward(
    lesson: &Lesson,
    params: &Params,
    y: &[f64],
    ws: &mut Workspace,
    grad: Option<bool>,
) {
    let depth = lesson.depth();
    let positions = lesson.shape(depth).positions();
    let shortcut = softmax_cross_entropy(lesson);
    if !shortcut {
        loss::sample_gradient(lesson.loss, &ws.a[depth], y, positions, &mut ws.g[depth]);
    }
    for l in (1..=depth).rev() {
        let layer = &lesson.layers[l - 1];
        let (g_low, g_high) = ws.g.split_at_mut(l);
        let up = if l == depth && shortcut {
            Upstream::SoftmaxCe { y, positions }
        } else {
            Upstream::Grad(&g_high[0])
        };
        let out = if ws.pre[l].is_empty() {
            &ws.a[l]
        } else {
            &ws.pre[l]
        };
        let (grad, first) = match grad {
            Some(first) => (Some(&mut ws.grad.layers[l - 1]), first),
            None => (None, false),
        };
        layer.kind.contract().backward(Backward {
            layer,
            p: &params.layers[l - 1],
            x: &ws.a[l - 1],
            out,
            bufs: &mut ws.bufs[l - 1],
            up,
            grad,
            first,
            dx: (l > 1).then(|| g_low[l - 1].as_mut_slice()),
        });
        if l > 1 {
            // Residuals that add layer l − 1's output pass their error to it too.
            for r in l..=depth {
                if lesson.layers[r - 1].residual == Some(l - 1) {
                    for (d, &e) in g_low[l - 1].iter_mut().zip(&g_high[r - l]) {
                        *d += e;
                    }
                }
            }
        }
    }
}
