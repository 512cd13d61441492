//! A convolution's parameters in the tutor: its kernels w[o,c] as small grids and its biases,
//! as the batch uses them (the numbers the current formula reads lit), this sample's gradients
//! on a gradient step, and during an update each entry's new value once it is written. The
//! kernels of the current output channel come first; as many as fit are shown.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::layers::Kind;
use crate::tr;
use crate::trace::{Index, Param, Quantity, Sym, Tensor};
use crate::tui::ui::{View, fit, sup, width};

use super::maps::{self, Cell, Grid, Piece};

/// What the panel shows of each entry.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Show {
    /// The parameter as the batch uses it.
    Used,
    /// This sample's gradient.
    Gradient,
    /// The value after the update, once written.
    Updated,
}

fn show(view: &View, l: usize) -> Show {
    let id = view.step.id;
    match id.quantity {
        _ if id.layer != l => Show::Used,
        Quantity::Grad(_) => Show::Gradient,
        Quantity::Param(_) | Quantity::State(..) => Show::Updated,
        _ => Show::Used,
    }
}

/// One entry of tensor `t` at `ix`.
fn entry(view: &View, p: Param, how: Show) -> Cell {
    let theme = &view.theme;
    let current = view.step.id.param() == Some(p);
    match how {
        Show::Used => Cell::number(
            view.batch.before(p),
            if view.reads.contains(&Sym::P(p)) && !view.is_update() {
                view.link_style(&Sym::P(p))
            } else {
                Style::new()
            },
        ),
        Show::Gradient => {
            maps::sample_cell(view, p.id(p.gradient()), view.values().gradient(p), false)
        }
        Show::Updated => {
            let id = view.tutor.layout().resolve(p.id(p.quantity()));
            let style = if current {
                theme.current
            } else if view.updated(id) {
                theme.focus
            } else {
                Style::new()
            };
            if view.hidden(id) {
                Cell::text("?", style)
            } else if view.updated(id) {
                Cell::number(view.batch.after(p), style)
            } else {
                Cell::number(view.batch.before(p), style)
            }
        }
    }
}

/// The convolution whose kernels the panel shows for a step of layer `l`: its own, or for a
/// pooling or flatten layer the nearest convolution below it.
fn conv_layer(view: &View, l: usize) -> Option<usize> {
    (1..=l)
        .rev()
        .find(|&k| matches!(view.lesson.layers[k - 1].kind, Kind::Conv2d(_)))
}

/// The kernels (o, c) in the order shown: the current output channel's first.
fn order(view: &View, k: usize, (o_n, c_n): (usize, usize)) -> Vec<(usize, usize)> {
    let id = view.step.id;
    let o0 = if id.layer == k {
        id.j().min(o_n - 1)
    } else {
        0
    };
    let mut all: Vec<(usize, usize)> = (0..o_n)
        .flat_map(|o| (0..c_n).map(move |c| (o, c)))
        .collect();
    all.sort_by_key(|&(o, c)| (o != o0, o.abs_diff(o0), c));
    all
}

/// Rows the panel wants inside its borders.
pub(crate) fn wanted_height(view: &View, l: usize) -> u16 {
    let Some(k) = conv_layer(view, l) else {
        return 1;
    };
    let dims = &view.lesson.layers[k - 1].specs()[0].dims;
    // A heading, one band of kernels, the biases.
    (1 + dims[2] + 1 + 1 + usize::from(k != l)) as u16
}

/// Draws the panel for a step of layer `l`.
pub(crate) fn render(view: &View, l: usize, area: Rect, buf: &mut Buffer) {
    let theme = &view.theme;
    let lang = theme.lang;
    let block = view.block(lang.t("panel-params"));
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let mut y = inner.y;
    let Some(k) = conv_layer(view, l) else {
        let line = Line::styled(
            fit(
                &tr!(
                    lang,
                    "view-conv-no-params",
                    layer = l.to_string(),
                    kind = view.lesson.layers[l - 1].kind.name()
                ),
                inner.width as usize,
                theme,
            ),
            theme.dim,
        );
        buf.set_line(inner.x, y, &line, inner.width);
        return;
    };
    if k != l {
        let text = tr!(
            lang,
            "view-conv-kernels-of",
            layer = l.to_string(),
            kind = view.lesson.layers[l - 1].kind.name(),
            conv = k.to_string()
        );
        let line = Line::styled(fit(&text, inner.width as usize, theme), theme.dim);
        buf.set_line(inner.x, y, &line, inner.width);
        y += 1;
    }
    let how = show(view, k);
    let dims = view.lesson.layers[k - 1].specs()[0].dims.clone();
    let (o_n, c_n, kh, kw) = (dims[0], dims[1], dims[2], dims[3]);
    let order = order(view, k, (o_n, c_n));
    let d = theme.sym("∂", "d");
    let what = match how {
        Show::Used => format!("W{}", sup(k, theme)),
        Show::Gradient => tr!(
            lang,
            "view-conv-gradient",
            name = format!("{d}L/{d}W{}", sup(k, theme)),
            n = view.sample.to_string()
        ),
        Show::Updated => tr!(
            lang,
            "view-conv-new-values",
            name = format!("W{}", sup(k, theme))
        ),
    };
    let bias_rows = 1;
    let room = (inner.bottom().saturating_sub(y) as usize).saturating_sub(bias_rows);
    // One band of kernels: as many as fit the width.
    let grid = |(o, c): (usize, usize)| {
        Grid::new(
            format!("[{},{}]", o + 1, c + 1),
            (kh, kw),
            (0, 0),
            move |u, v| {
                let p = Param {
                    l: k,
                    tensor: Tensor::W,
                    ix: Index::new(&[o, c, u, v]),
                };
                entry(view, p, how)
            },
        )
    };
    let mut pieces: Vec<Piece> = Vec::new();
    let mut shown = 0;
    for &oc in &order {
        let mut trial: Vec<Piece> = std::mem::take(&mut pieces);
        trial.push(Piece::Grid(grid(oc)));
        if maps::wanted_cols(&trial, theme) > inner.width as usize && shown > 0 {
            pieces = trial;
            pieces.pop();
            break;
        }
        pieces = trial;
        shown += 1;
    }
    let kernels = if shown < order.len() {
        tr!(
            lang,
            "view-conv-some-kernels",
            shown = shown.to_string(),
            all = order.len().to_string()
        )
    } else {
        lang.t("view-conv-kernels")
    };
    let heading = format!("{what}{}{kernels}", theme.sep());
    buf.set_line(
        inner.x,
        y,
        &Line::styled(fit(&heading, inner.width as usize, theme), theme.heading),
        inner.width,
    );
    y += 1;
    let band = (kh + 1).min(room.saturating_sub(1)) as u16;
    if band >= 2 {
        maps::draw(
            &pieces,
            theme,
            Rect::new(inner.x, y, inner.width, band),
            buf,
        );
        y += band;
    }
    if y < inner.bottom() {
        let mut spans = vec![Span::styled(format!("b{} ", sup(k, theme)), theme.heading)];
        for o in 0..o_n {
            let cell = entry(view, Param::b(k, o), how);
            let text = match cell.number {
                Some((v, _)) => maps::short(v, theme),
                None => cell.text,
            };
            spans.push(Span::styled(text, cell.style));
            spans.push(Span::raw(" "));
            if spans.iter().map(|s| width(&s.content)).sum::<usize>() > inner.width as usize {
                break;
            }
        }
        buf.set_line(inner.x, y, &Line::from(spans), inner.width);
    }
}
