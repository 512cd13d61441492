//! The misconceptions of convolutional networks, shared by the convolution, pooling and
//! flatten layers (each applies only to the steps it names). Each mistaken value is built
//! from the step's own numbers (the learner's answers where given), like the shared
//! catalogue's: a true convolution's flipped kernel, a window read without its padding or its
//! stride, a bias added once per pixel, a bias gradient averaged, a max pool's gradient spread
//! over its window or taken from the wrong cell, an average pool without its 1/(kh·kw), and a
//! flatten in the wrong order.

use crate::check::Mistake;
use crate::check::learner::Reading;
use crate::check::misconception::Scene;
use crate::check::misconception::rewrite::{replace, rewrite};
use crate::layers::Kind;
use crate::layers::pool::{Pool2d, PoolOp};
use crate::lesson::Shape;
use crate::trace::formula::{Expr, Sym, add, div, mul};
use crate::trace::{Index, Param, Quantity, Tensor, TermLabel};

use super::{Conv2d, Dims};

/// Every mistake of this family, in the order they are tried.
pub(crate) static CNN: [Mistake; 9] = [
    Mistake {
        id: "kernel_flipped",
        explanation: "The kernel was flipped as in a true convolution, w[o,c,kh−u,kw−v] in place of w[o,c,u,v]; nn.Conv2d cross-correlates, each weight meeting the input under it, forward and backward alike.",
        applies: |s| {
            (is_conv(s) && matches!(s.quantity(), Quantity::Z | Quantity::DW))
                || (s.quantity() == Quantity::Delta && conv_above(s).is_some())
        },
        mistaken: kernel_flipped,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "padding_ignored",
        explanation: "The window was read as if the input had no padding, at rows s·i + u instead of s·i + u − p; the p rows and columns of zeros around the image shift every window.",
        applies: |s| {
            matches!(s.quantity(), Quantity::Z | Quantity::DW)
                && conv(s).is_some_and(|c| c.window.padded())
        },
        mistaken: padding_ignored,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "stride_ignored",
        explanation: "The window was moved one cell per output instead of by the stride; output [i,j] reads from row s·i and column s·j.",
        applies: |s| {
            let strided = |w: crate::layers::window::Window| w.stride != (1, 1);
            (matches!(s.quantity(), Quantity::Z | Quantity::DW)
                && conv(s).is_some_and(|c| strided(c.window)))
                || (s.quantity() == Quantity::A && pool(s).is_some_and(|p| strided(p.window)))
        },
        mistaken: stride_ignored,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "bias_per_pixel",
        explanation: "The bias was added once for every pixel of the window instead of once for the output; z[o,i,j] = Σ w·a + b[o].",
        applies: |s| is_conv(s) && s.quantity() == Quantity::Z,
        mistaken: bias_per_pixel,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "bias_gradient_averaged",
        explanation: "The bias gradient was averaged over the feature map; the bias is added at every position, so ∂L/∂b[o] is the sum Σ δ[o,i,j].",
        applies: |s| is_conv(s) && s.quantity() == Quantity::DB,
        mistaken: bias_gradient_averaged,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "pool_gradient_spread",
        explanation: "The max pool's gradient was spread over its window, to every number or shared among them; it goes only to the window's maximum, and the other numbers get 0.",
        applies: |s| s.quantity() == Quantity::Delta && pool_above(s, PoolOp::Max).is_some(),
        mistaken: pool_gradient_spread,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "pool_gradient_wrong_cell",
        explanation: "The max pool's gradient was taken from the pooled output at the number's own row and column; a number gets the gradient of the window it is the maximum of.",
        applies: |s| s.quantity() == Quantity::Delta && pool_above(s, PoolOp::Max).is_some(),
        mistaken: pool_gradient_wrong_cell,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "avg_pool_no_divide",
        explanation: "The average pool was taken without its 1/(kh·kw), a sum instead of a mean, in the forward pass or when sharing the gradient back.",
        applies: |s| {
            (s.quantity() == Quantity::A && pool(s).is_some_and(|p| p.op == PoolOp::Avg))
                || (s.quantity() == Quantity::Delta && pool_above(s, PoolOp::Avg).is_some())
        },
        mistaken: avg_pool_no_divide,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "flatten_order",
        explanation: "The image was flattened in another order (channels last, or column by column); torch.flatten is row-major over (c, i, j): channel, then row, then column.",
        applies: |s| {
            s.quantity() == Quantity::A
                && matches!(s.lesson().layers[s.id().layer - 1].kind, Kind::Flatten(_))
        },
        mistaken: flatten_order,
        ..Mistake::PLAIN
    },
];

/// The convolution the step belongs to.
fn conv(s: &Scene) -> Option<Conv2d> {
    match s.lesson().layers.get(s.id().layer.checked_sub(1)?)?.kind {
        Kind::Conv2d(c) => Some(c),
        _ => None,
    }
}

fn is_conv(s: &Scene) -> bool {
    conv(s).is_some()
}

/// The pooling layer the step belongs to.
fn pool(s: &Scene) -> Option<Pool2d> {
    match s.lesson().layers.get(s.id().layer.checked_sub(1)?)?.kind {
        Kind::Pool2d(p) => Some(p),
        _ => None,
    }
}

/// The convolution right above the step's layer, whose errors its δ reads.
fn conv_above(s: &Scene) -> Option<Conv2d> {
    match s.lesson().layers.get(s.id().layer)?.kind {
        Kind::Conv2d(c) => Some(c),
        _ => None,
    }
}

/// The pool of kind `op` right above the step's layer.
fn pool_above(s: &Scene, op: PoolOp) -> Option<Pool2d> {
    match s.lesson().layers.get(s.id().layer)?.kind {
        Kind::Pool2d(p) if p.op == op => Some(p),
        _ => None,
    }
}

/// The sizes of the step's convolution.
fn dims(s: &Scene, c: &Conv2d) -> Dims {
    c.dims(&s.lesson().layers[s.id().layer - 1])
}

/// The step's indices as a list.
fn ix(s: &Scene) -> Vec<usize> {
    s.id().ix.to_vec()
}

/// a⁽ˡ⁻¹⁾[c, y, x] of the input layer below the step's layer, or 0 outside the image.
fn input(s: &Scene, d: &Dims, c: usize, (y, x): (isize, isize)) -> Option<Expr> {
    let l = s.id().layer;
    match d.input_at(c, y, x) {
        Some(_) => s.exact(Sym::q(
            Quantity::A,
            l - 1,
            Index::new(&[c, y as usize, x as usize]),
        )),
        None => Some(Expr::Num(0.0)),
    }
}

/// Where kernel cell (u, v) of output (i, j) reads, in a mistaken reading.
type Reader = dyn Fn(&Dims, (usize, usize), (usize, usize)) -> (isize, isize);

/// The step's z or ∂L/∂w with the window read by `at`, and the kernel cell `(u, v)` taken
/// from `kernel` (the identity, or flipped).
fn rebuilt(s: &Scene, at: &Reader, flip: bool) -> Option<Expr> {
    let c = conv(s)?;
    let d = dims(s, &c);
    let l = s.id().layer;
    let ix = ix(s);
    let cell = |u: usize, v: usize| {
        if flip {
            (d.kh - 1 - u, d.kw - 1 - v)
        } else {
            (u, v)
        }
    };
    match s.quantity() {
        Quantity::Z => {
            let (o, i, j) = (ix[0], ix[1], ix[2]);
            let mut terms = Vec::new();
            for ch in 0..d.c {
                for u in 0..d.kh {
                    for v in 0..d.kw {
                        let (wu, wv) = cell(u, v);
                        let w = s.exact(Sym::P(Param {
                            l,
                            tensor: Tensor::W,
                            ix: Index::new(&[o, ch, wu, wv]),
                        }))?;
                        terms.push(mul(vec![w, input(s, &d, ch, at(&d, (i, j), (u, v)))?]));
                    }
                }
            }
            let b = s.exact(Sym::P(Param {
                l,
                tensor: Tensor::B,
                ix: Index::one(o),
            }))?;
            Some(add(vec![Expr::Sum(terms), b]))
        }
        Quantity::DW => {
            let (o, ch) = (ix[0], ix[1]);
            let (u, v) = cell(ix[2], ix[3]);
            let mut terms = Vec::new();
            for i in 0..d.oh {
                for j in 0..d.ow {
                    let delta = s.exact(Sym::q(Quantity::Delta, l, Index::new(&[o, i, j])))?;
                    terms.push(mul(vec![delta, input(s, &d, ch, at(&d, (i, j), (u, v)))?]));
                }
            }
            Some(Expr::Sum(terms))
        }
        _ => None,
    }
}

/// The window as nn.Conv2d reads it: s·i + u − p.
fn right_place(d: &Dims, (i, j): (usize, usize), (u, v): (usize, usize)) -> (isize, isize) {
    (
        (d.sh * i + u) as isize - d.ph as isize,
        (d.sw * j + v) as isize - d.pw as isize,
    )
}

fn kernel_flipped(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    if s.quantity() == Quantity::Delta {
        // The error passed back with each weight where the flipped kernel would have it.
        let above = s.id().layer + 1;
        let Some(c) = conv_above(s) else {
            return Vec::new();
        };
        let (kh, kw) = c.window.kernel;
        let new = rewrite(s.rhs(), &|e| match e {
            Expr::Var(Sym::P(p), _) if p.l == above && p.tensor == Tensor::W => {
                let v = p.ix.to_vec();
                s.exact(Sym::P(Param {
                    ix: Index::new(&[v[0], v[1], kh - 1 - v[2], kw - 1 - v[3]]),
                    ..*p
                }))
            }
            _ => None,
        });
        return s.eval(r, new);
    }
    s.eval(r, rebuilt(s, &right_place, true))
}

fn padding_ignored(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let at = |d: &Dims, (i, j): (usize, usize), (u, v): (usize, usize)| {
        ((d.sh * i + u) as isize, (d.sw * j + v) as isize)
    };
    s.eval(r, rebuilt(s, &at, false))
}

fn stride_ignored(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    if let Some(p) = pool(s) {
        return s.eval(r, pooled_without_stride(s, &p));
    }
    let at = |d: &Dims, (i, j): (usize, usize), (u, v): (usize, usize)| {
        (
            (i + u) as isize - d.ph as isize,
            (j + v) as isize - d.pw as isize,
        )
    };
    s.eval(r, rebuilt(s, &at, false))
}

/// A pool's output computed over the window at (i + u, j + v), if it fits the input.
fn pooled_without_stride(s: &Scene, p: &Pool2d) -> Option<Expr> {
    let l = s.id().layer;
    let d = p.dims(&s.lesson().layers[l - 1]);
    let ix = ix(s);
    let (kh, kw) = p.window.kernel;
    if ix[1] + kh > d.h || ix[2] + kw > d.w {
        return None;
    }
    let mut cells = Vec::new();
    for u in 0..kh {
        for v in 0..kw {
            let at = Index::new(&[ix[0], ix[1] + u, ix[2] + v]);
            cells.push(s.exact(Sym::q(Quantity::A, l - 1, at))?);
        }
    }
    Some(match p.op {
        PoolOp::Max => Expr::MaxOf(cells),
        PoolOp::Avg => div(Expr::Sum(cells), Expr::Num((kh * kw) as f64)),
    })
}

fn bias_per_pixel(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let Some(c) = conv(s) else {
        return Vec::new();
    };
    let d = dims(s, &c);
    let mut counts = vec![d.kh * d.kw, d.fan_in()];
    counts.dedup();
    let exprs: Vec<Expr> = counts
        .into_iter()
        .filter(|&n| n > 1)
        .filter_map(|n| match s.rhs() {
            Expr::Add(xs) if xs.len() == 2 => Some(add(vec![
                xs[0].clone(),
                mul(vec![Expr::Num(n as f64), xs[1].clone()]),
            ])),
            _ => None,
        })
        .collect();
    s.eval(r, exprs)
}

fn bias_gradient_averaged(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let Some(c) = conv(s) else {
        return Vec::new();
    };
    let plane = dims(s, &c).plane();
    let new = (plane > 1).then(|| div(s.rhs().clone(), Expr::Num(plane as f64)));
    s.eval(r, new)
}

/// The step's δ with the error passed back from above replaced by `error`.
fn with_error(s: &Scene, error: Expr) -> Option<Expr> {
    let passed = s.formula.terms.iter().find_map(|t| match t.label {
        Some(TermLabel::PassedBack { .. }) => Some(&t.definition),
        _ => None,
    })?;
    let new = replace(s.rhs(), &|e| (e == passed).then(|| error.clone()));
    (new != *s.rhs()).then_some(new)
}

/// The pooled outputs (i, j) whose window holds the step's number, with the pool's sizes.
fn holding(s: &Scene, p: &Pool2d) -> Vec<(usize, usize)> {
    let above = &s.lesson().layers[s.id().layer];
    let d = p.dims(above);
    let ix = ix(s);
    crate::layers::pool::math::windows_holding(p, &d, (ix[1], ix[2]))
        .into_iter()
        .map(|(out, _)| out)
        .collect()
}

/// δ of the pool above at `[c, i, j]`.
fn pooled_delta(s: &Scene, c: usize, (i, j): (usize, usize)) -> Option<Expr> {
    s.exact(Sym::q(
        Quantity::Delta,
        s.id().layer + 1,
        Index::new(&[c, i, j]),
    ))
}

fn pool_gradient_spread(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let Some(p) = pool_above(s, PoolOp::Max) else {
        return Vec::new();
    };
    let c = ix(s)[0];
    let windows = holding(s, &p);
    let Some(deltas) = windows
        .iter()
        .map(|&w| pooled_delta(s, c, w))
        .collect::<Option<Vec<_>>>()
    else {
        return Vec::new();
    };
    let area = Expr::Num(p.window.area() as f64);
    let copied = Expr::Sum(deltas.clone());
    let shared = Expr::Sum(deltas.into_iter().map(|d| div(d, area.clone())).collect());
    let exprs = [copied, shared]
        .into_iter()
        .filter_map(|e| with_error(s, e));
    s.eval(r, exprs)
}

fn pool_gradient_wrong_cell(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    if pool_above(s, PoolOp::Max).is_none() {
        return Vec::new();
    }
    let v = ix(s);
    let pooled = s.lesson().shape(s.id().layer + 1);
    let Shape::Image { h, w, .. } = pooled else {
        return Vec::new();
    };
    if v[1] >= h || v[2] >= w {
        return Vec::new();
    }
    let new = pooled_delta(s, v[0], (v[1], v[2])).and_then(|e| with_error(s, e));
    s.eval(r, new)
}

fn avg_pool_no_divide(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    if s.quantity() == Quantity::A {
        let new = match s.rhs() {
            Expr::Div(sum, _) => Some((**sum).clone()),
            _ => None,
        };
        return s.eval(r, new);
    }
    let Some(p) = pool_above(s, PoolOp::Avg) else {
        return Vec::new();
    };
    let c = ix(s)[0];
    let Some(deltas) = holding(s, &p)
        .into_iter()
        .map(|w| pooled_delta(s, c, w))
        .collect::<Option<Vec<_>>>()
    else {
        return Vec::new();
    };
    s.eval(r, with_error(s, Expr::Sum(deltas)))
}

fn flatten_order(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let l = s.id().layer;
    let Shape::Image { c, h, w } = s.lesson().layers[l - 1].input else {
        return Vec::new();
    };
    let j = s.id().ix.j();
    // Channels last (h, w, c), and each channel column by column (c, w, h).
    let channels_last = Index::new(&[j % c, j / c / w, j / c % w]);
    let by_columns = Index::new(&[j / (h * w), j % (h * w) % h, j % (h * w) / h]);
    let right = Index::at_offset(j, &[c, h, w]);
    let mut places = vec![channels_last, by_columns];
    places.retain(|p| *p != right);
    places.dedup();
    let exprs: Vec<Expr> = places
        .into_iter()
        .filter_map(|p| s.exact(Sym::q(Quantity::A, l - 1, p)))
        .collect();
    s.eval(r, exprs)
}
