//! The matrix view (`m`) of the layers of a convolutional network: each step as one entry of
//! an equation of maps, with their numbers.
//!
//! - conv z: Z⁽ˡ⁾[o] = W⁽ˡ⁾[o,1] ⋆ A⁽ˡ⁻¹⁾[1] + … + b⁽ˡ⁾[o] (⋆: cross-correlation);
//! - conv a: A⁽ˡ⁾[o] = f(Z⁽ˡ⁾[o]); δ: δ⁽ˡ⁾[o] = ∂L/∂A⁽ˡ⁾[o] ⊙ f′(Z⁽ˡ⁾[o]);
//! - conv ∂L/∂W⁽ˡ⁾[o,c] = A⁽ˡ⁻¹⁾[c] ⋆ δ⁽ˡ⁾[o]; ∂L/∂b⁽ˡ⁾[o] = Σ δ⁽ˡ⁾[o];
//! - pool A⁽ˡ⁾[c] = maxpool(A⁽ˡ⁻¹⁾[c]) (or avgpool); δ⁽ˡ⁾[c] = ∂L/∂A⁽ˡ⁾[c];
//! - flatten a⁽ˡ⁾ = flatten(A⁽ˡ⁻¹⁾); δ⁽ˡ⁾ = ∂L/∂a⁽ˡ⁾.
//!
//! Updates are the shared equations of W ← W − η∂L/∂W, kernel by kernel.

use crate::layers::pool::{Pool2d, PoolOp};
use crate::tr;
use crate::trace::{Index, Param, Quantity, StepId, Tensor};
use crate::tui::ui::View;
use crate::tui::ui::matrix::block::{Entry, Equation, Matrix, Show, Term, op};
use crate::tui::ui::matrix::{Ctx, dense_equations};

use super::Conv2d;
use super::maps::{self, name};

/// A number of the sample as a matrix entry: blank until computed, `?` while hidden.
fn entry(view: &View, id: StepId, v: f64) -> Entry {
    let cell = maps::sample_cell(view, id, v, false);
    let show = if view.hidden(id) {
        Show::Hidden
    } else if id.layer == 0 || view.known(id) {
        Show::Value
    } else {
        Show::Blank
    };
    Entry {
        text: maps::short(v, &view.theme),
        style: cell.style,
        show,
    }
}

/// Channel `ch` of layer `l`'s `q` as a matrix named `name`.
fn map<'v>(
    view: &'v View<'v>,
    (q, l, ch): (Quantity, usize, usize),
    focus: (usize, usize),
) -> Term<'v> {
    let dims = view.lesson.shape(l).dims();
    let (h, w) = match dims.as_slice() {
        [_, h, w] => (*h, *w),
        [n] => (*n, 1),
        _ => (1, 1),
    };
    let values = view.values().numbers(q, l);
    let title = if dims.len() == 3 {
        format!("{}[{}]", upper(view, q, l), ch + 1)
    } else {
        name(view, q, l)
    };
    Term::Matrix(Matrix::new(title, (h, w), focus, move |y, x| {
        let ix: Vec<usize> = if dims.len() == 3 {
            vec![ch, y, x]
        } else {
            vec![y]
        };
        let at = Index::new(&ix).offset_in(&dims).unwrap_or(0);
        entry(
            view,
            StepId::new(q, l, &ix),
            values.get(at).copied().unwrap_or(f64::NAN),
        )
    }))
}

/// `Z⁽¹⁾`, `A⁽⁰⁾`, `δ⁽²⁾`: a layer's maps.
fn upper(view: &View, q: Quantity, l: usize) -> String {
    let base = match q {
        Quantity::Z => "Z",
        Quantity::A => "A",
        _ => view.theme.sym("δ", "delta"),
    };
    format!("{base}{}", crate::tui::ui::sup(l, &view.theme))
}

/// The kernel W⁽ˡ⁾[o,c] as used, or this sample's gradient of it.
fn kernel<'v>(
    view: &'v View<'v>,
    l: usize,
    (o, c): (usize, usize),
    gradient: Option<(usize, usize)>,
) -> Term<'v> {
    let dims = view.lesson.layers[l - 1].specs()[0].dims.clone();
    let d = view.theme.sym("∂", "d");
    let sup = crate::tui::ui::sup(l, &view.theme);
    let title = match gradient {
        None => format!("W{sup}[{},{}]", o + 1, c + 1),
        Some(_) => format!("{d}L/{d}W{sup}[{},{}]", o + 1, c + 1),
    };
    Term::Matrix(Matrix::new(
        title,
        (dims[2], dims[3]),
        gradient.unwrap_or((0, 0)),
        move |u, v| {
            let p = Param {
                l,
                tensor: Tensor::W,
                ix: Index::new(&[o, c, u, v]),
            };
            match gradient {
                None => Entry {
                    text: maps::short(view.batch.before(p), &view.theme),
                    style: if view.reads.contains(&crate::trace::Sym::P(p)) {
                        view.theme.read
                    } else {
                        ratatui::style::Style::new()
                    },
                    show: Show::Value,
                },
                Some(_) => entry(view, p.id(p.gradient()), view.values().gradient(p)),
            }
        },
    ))
}

/// (i, j) of a step with indices [c,i,j].
fn cell(view: &View) -> (usize, usize) {
    let ix = view.step.id.ix;
    (ix.get(1).unwrap_or(0), ix.get(2).unwrap_or(0))
}

/// The equations of a convolution's step.
pub(crate) fn conv<'v>(conv: &Conv2d, c: Ctx<'v, '_>) -> Vec<Equation<'v>> {
    let view = c.view;
    if view.is_update() {
        return dense_equations(c);
    }
    let id = view.step.id;
    let l = id.layer;
    let o = id.j();
    let d = conv.dims(&view.lesson.layers[l - 1]);
    let star = view.theme.sym("⋆", "(x)");
    let dd = view.theme.sym("∂", "d");
    let sup = crate::tui::ui::sup(l, &view.theme);
    let below = crate::tui::ui::sup(l - 1, &view.theme);
    let f = conv.activation.name();
    match id.quantity {
        Quantity::Z => {
            let mut terms = vec![map(view, (Quantity::Z, l, o), cell(view)), op("=")];
            let top = (
                (conv.window.row(cell(view).0, 0).max(0)) as usize,
                (conv.window.col(cell(view).1, 0).max(0)) as usize,
            );
            for ch in 0..d.c {
                if ch > 0 {
                    terms.push(op("+"));
                }
                terms.push(kernel(view, l, (o, ch), None));
                terms.push(op(star));
                terms.push(map(view, (Quantity::A, l - 1, ch), top));
            }
            let b = view.batch.before(Param::b(l, o));
            terms.push(op(&format!("+ {}", view.precise(b))));
            vec![Equation {
                symbolic: format!(
                    "Z{sup}[{o1}] = {} W{sup}[{o1},c] {star} A{below}[c] + b{sup}[{o1}]",
                    ascii_words(view, "Σ_c", "view-conv-sum-over-c"),
                    o1 = o + 1
                ),
                terms,
            }]
        }
        Quantity::A => vec![Equation {
            symbolic: format!("A{sup}[{o1}] = {f}(Z{sup}[{o1}])", o1 = o + 1),
            terms: vec![
                map(view, (Quantity::A, l, o), cell(view)),
                op(&format!("= {f}(")),
                map(view, (Quantity::Z, l, o), cell(view)),
                op(")"),
            ],
        }],
        Quantity::Delta => vec![Equation {
            symbolic: format!(
                "{delta}{sup}[{o1}] = {dd}L/{dd}A{sup}[{o1}] {h} {f}{prime}(Z{sup}[{o1}])",
                delta = view.theme.sym("δ", "delta"),
                o1 = o + 1,
                h = view.theme.sym("⊙", "(*)"),
                prime = view.theme.sym("′", "'")
            ),
            terms: vec![
                map(view, (Quantity::Delta, l, o), cell(view)),
                op("="),
                errors(view, l, o),
                op(&format!(
                    "{} {f}{}(",
                    view.theme.sym("⊙", "(*)"),
                    view.theme.sym("′", "'")
                )),
                map(view, (Quantity::Z, l, o), cell(view)),
                op(")"),
            ],
        }],
        Quantity::Grad(Tensor::W) => {
            let ix = id.ix.to_vec();
            vec![Equation {
                symbolic: format!(
                    "{dd}L/{dd}W{sup}[{o1},{c1}] = A{below}[{c1}] {star} {delta}{sup}[{o1}]",
                    o1 = o + 1,
                    c1 = ix[1] + 1,
                    delta = view.theme.sym("δ", "delta")
                ),
                terms: vec![
                    kernel(view, l, (o, ix[1]), Some((ix[2], ix[3]))),
                    op("="),
                    map(view, (Quantity::A, l - 1, ix[1]), (ix[2], ix[3])),
                    op(star),
                    map(view, (Quantity::Delta, l, o), (0, 0)),
                ],
            }]
        }
        _ => vec![Equation {
            symbolic: format!(
                "{dd}L/{dd}b{sup}[{o1}] = {} {delta}{sup}[{o1}]",
                ascii_words(view, "Σ", "view-conv-sum-of"),
                o1 = o + 1,
                delta = view.theme.sym("δ", "delta")
            ),
            terms: vec![
                current(view),
                op(&format!("= {}", ascii_words(view, "Σ", "view-conv-sum-of"))),
                map(view, (Quantity::Delta, l, o), (0, 0)),
            ],
        }],
    }
}

/// `symbol`, or under `--ascii` the words of message `id` that stand for it (`sum of`).
fn ascii_words(view: &View, symbol: &str, id: &str) -> String {
    match view.theme.ascii {
        true => view.theme.lang.t(id),
        false => symbol.to_string(),
    }
}

/// ∂L/∂A⁽ˡ⁾[o]: the errors reaching layer `l`'s map `o`, as the layer above passed them back.
fn errors<'v>(view: &'v View<'v>, l: usize, o: usize) -> Term<'v> {
    let dims = view.lesson.shape(l).dims();
    let (h, w) = (dims[1], dims[2]);
    let values = view.values().errors(l);
    let dd = view.theme.sym("∂", "d");
    let name = format!(
        "{dd}L/{dd}A{}[{}]",
        crate::tui::ui::sup(l, &view.theme),
        o + 1
    );
    let focus = cell(view);
    let current_row = view.step.id;
    Term::Matrix(Matrix::new(name, (h, w), focus, move |y, x| {
        // The error reaching the current number is known once its δ is shown: hidden with it.
        let here = current_row.ix == Index::new(&[o, y, x]);
        Entry {
            text: maps::short(values[(o * h + y) * w + x], &view.theme),
            style: if here {
                view.theme.read
            } else {
                ratatui::style::Style::new()
            },
            show: if here && view.hide {
                Show::Hidden
            } else {
                Show::Value
            },
        }
    }))
}

/// The current step's value as a scalar term, `?` while hidden.
fn current<'v>(view: &View) -> Term<'v> {
    let text = if view.hide {
        "?".to_string()
    } else {
        view.precise(view.step.value)
    };
    Term::Op(text, view.theme.current)
}

/// In words, how the current entry comes out of a convolution's equation.
pub(crate) fn conv_note(conv: &Conv2d, c: Ctx<'_, '_>) -> Option<String> {
    conv_words(conv, c).map(|words| c.view.theme.text(&words))
}

fn conv_words(conv: &Conv2d, c: Ctx<'_, '_>) -> Option<String> {
    let view = c.view;
    let lang = view.theme.lang;
    let id = view.step.id;
    let ix = id.ix.to_vec();
    let (kh, kw) = conv.window.kernel;
    let here = maps::at(&id.ix);
    let o = (ix[0] + 1).to_string();
    Some(match id.quantity {
        Quantity::Z => tr!(
            lang,
            "view-conv-note-z",
            at = here,
            o = o,
            kh = kh.to_string(),
            kw = kw.to_string()
        ),
        Quantity::A => tr!(lang, "view-conv-note-a", at = here),
        Quantity::Delta => tr!(lang, "view-conv-note-delta", at = here),
        Quantity::Grad(Tensor::W) => tr!(lang, "view-conv-note-dw", at = here, o = o),
        Quantity::Grad(_) => lang.t("view-conv-note-db"),
        _ => return None,
    })
}

/// The equations of a pooling layer's step.
pub(crate) fn pool<'v>(pool: &Pool2d, c: Ctx<'v, '_>) -> Vec<Equation<'v>> {
    let view = c.view;
    let id = view.step.id;
    let l = id.layer;
    let ch = id.j();
    let sup = crate::tui::ui::sup(l, &view.theme);
    let below = crate::tui::ui::sup(l - 1, &view.theme);
    let what = match pool.op {
        PoolOp::Max => "maxpool",
        PoolOp::Avg => "avgpool",
    };
    let (i, j) = cell(view);
    let top = (
        pool.window.row(i, 0) as usize,
        pool.window.col(j, 0) as usize,
    );
    match id.quantity {
        Quantity::A => vec![Equation {
            symbolic: format!("A{sup}[{c1}] = {what}(A{below}[{c1}])", c1 = ch + 1),
            terms: vec![
                map(view, (Quantity::A, l, ch), (i, j)),
                op(&format!("= {what}(")),
                map(view, (Quantity::A, l - 1, ch), top),
                op(")"),
            ],
        }],
        _ => {
            let dd = view.theme.sym("∂", "d");
            vec![Equation {
                symbolic: format!(
                    "{delta}{sup}[{c1}] = {dd}L/{dd}A{sup}[{c1}]",
                    delta = view.theme.sym("δ", "delta"),
                    c1 = ch + 1
                ),
                terms: vec![map(view, (Quantity::Delta, l, ch), (i, j))],
            }]
        }
    }
}

/// In words, how the current entry comes out of a pooling layer's equation.
pub(crate) fn pool_note(pool: &Pool2d, c: Ctx<'_, '_>) -> Option<String> {
    pool_words(pool, c).map(|words| c.view.theme.text(&words))
}

fn pool_words(pool: &Pool2d, c: Ctx<'_, '_>) -> Option<String> {
    let lang = c.view.theme.lang;
    let id = c.view.step.id;
    let here = maps::at(&id.ix);
    let window = pool.window.kernel_text(c.view.theme.ascii);
    Some(match (id.quantity, pool.op) {
        (Quantity::A, PoolOp::Max) => tr!(lang, "view-pool-note-max", at = here, window = window),
        (Quantity::A, PoolOp::Avg) => tr!(lang, "view-pool-note-mean", at = here, window = window),
        (_, PoolOp::Max) => tr!(lang, "view-pool-note-max-back", at = here),
        (_, PoolOp::Avg) => tr!(
            lang,
            "view-pool-note-mean-back",
            at = here,
            area = pool.window.area().to_string()
        ),
    })
}

/// The equations of a flatten layer's step.
pub(crate) fn flatten<'v>(c: Ctx<'v, '_>) -> Vec<Equation<'v>> {
    let view = c.view;
    let id = view.step.id;
    let l = id.layer;
    let j = id.j();
    let from = crate::layers::flatten::Flatten::source(&view.lesson.layers[l - 1], j);
    let sup = crate::tui::ui::sup(l, &view.theme);
    let below = crate::tui::ui::sup(l - 1, &view.theme);
    match id.quantity {
        Quantity::A => vec![Equation {
            symbolic: format!("a{sup} = flatten(A{below})"),
            terms: vec![
                map(view, (Quantity::A, l, 0), (j, 0)),
                op("= flatten("),
                map(
                    view,
                    (Quantity::A, l - 1, from.j()),
                    (from.get(1).unwrap_or(0), from.get(2).unwrap_or(0)),
                ),
                op(&match view.lesson.shape(l - 1).dims()[0] {
                    1 => ")".to_string(),
                    n => tr!(
                        view.theme.lang,
                        "view-flatten-more-channels",
                        n = (n - 1).to_string()
                    ),
                }),
            ],
        }],
        _ => {
            let dd = view.theme.sym("∂", "d");
            vec![Equation {
                symbolic: format!(
                    "{delta}{sup} = {dd}L/{dd}a{sup}",
                    delta = view.theme.sym("δ", "delta")
                ),
                terms: vec![map(view, (Quantity::Delta, l, 0), (j, 0))],
            }]
        }
    }
}

/// In words, which (c, i, j) became entry j.
pub(crate) fn flatten_note(c: Ctx<'_, '_>) -> Option<String> {
    flatten_words(c).map(|words| c.view.theme.text(&words))
}

fn flatten_words(c: Ctx<'_, '_>) -> Option<String> {
    let id = c.view.step.id;
    let layer = &c.view.lesson.layers[id.layer - 1];
    let from = crate::layers::flatten::Flatten::source(layer, id.j());
    Some(tr!(
        c.view.theme.lang,
        "view-flatten-note",
        j = (id.j() + 1).to_string(),
        from = maps::at(&from)
    ))
}
