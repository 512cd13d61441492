//! The parameters that matter for the current step, as matrices with a bias column: the
//! weights a formula reads (highlighted), this sample's gradients as the backward pass fills
//! them in, and during an update each entry's old → new value beside the batch gradient.
//! Large matrices show a window around the current entry.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::trace::{Param, Quantity};

use super::{View, fit, sup, width};

/// Which matrix of layer `l` to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grid {
    /// W and b as this batch uses them.
    Weights(usize),
    /// ∂L/∂W and ∂L/∂b of the shown sample, as computed so far.
    Grad(usize),
    /// old → new during the update.
    Update(usize),
    /// The gradient the update uses (the batch mean).
    MeanGrad(usize),
}

/// The matrices for the current step, most relevant first, then (where there is room) the
/// weights of the other layers.
fn all_grids(view: &View) -> Vec<Grid> {
    let mut grids = grids(view);
    for l in 1..=view.lesson.depth() {
        if !grids
            .iter()
            .any(|&g| matches!(g, Grid::Weights(m) | Grid::Update(m) if m == l))
        {
            // During an update, earlier layers already hold new values: show old → new.
            grids.push(if view.is_update() {
                Grid::Update(l)
            } else {
                Grid::Weights(l)
            });
        }
    }
    grids
}

/// The matrices for the current step, most relevant first.
fn grids(view: &View) -> Vec<Grid> {
    let id = view.step.id;
    let depth = view.lesson.depth();
    match id.quantity {
        Quantity::Z | Quantity::A => vec![Grid::Weights(id.layer)],
        Quantity::Loss => vec![Grid::Weights(depth)],
        Quantity::Delta if id.layer < depth => {
            vec![Grid::Weights(id.layer + 1), Grid::Grad(id.layer)]
        }
        Quantity::Delta | Quantity::Db | Quantity::Dw => {
            vec![Grid::Grad(id.layer), Grid::Weights(id.layer)]
        }
        _ => vec![Grid::Update(id.layer), Grid::MeanGrad(id.layer)],
    }
}

fn title(view: &View, grid: Grid) -> String {
    let t = &view.theme;
    let d = t.sym("∂", "d");
    match grid {
        Grid::Weights(l) => format!("W{s} and b{s}", s = sup(l, t)),
        Grid::Grad(l) => format!(
            "{d}L/{d}W{s} and {d}L/{d}b{s}, sample {}",
            view.sample,
            s = sup(l, t)
        ),
        Grid::Update(l) => format!("W{s} and b{s}: old {} new", t.sym("→", "->"), s = sup(l, t)),
        Grid::MeanGrad(l) if view.batch.len() > 1 => format!(
            "{d}L/{d}W{s} and {d}L/{d}b{s}: mean over the batch's {} samples",
            view.batch.len(),
            s = sup(l, t)
        ),
        Grid::MeanGrad(l) => format!("{d}L/{d}W{s} and {d}L/{d}b{s} used", s = sup(l, t)),
    }
}

fn layer(grid: Grid) -> usize {
    match grid {
        Grid::Weights(l) | Grid::Grad(l) | Grid::Update(l) | Grid::MeanGrad(l) => l,
    }
}

/// Text and style of entry [j, k] (k = None: the bias).
fn entry(view: &View, grid: Grid, j: usize, k: Option<usize>) -> (String, Style) {
    let theme = &view.theme;
    let l = layer(grid);
    let p = match k {
        Some(k) => Param::W { l, j, k },
        None => Param::B { l, j },
    };
    let old = view.batch.before(p);
    let current = view.is_current_param(l, j, k);
    match grid {
        Grid::Weights(_) => {
            let style = if view.reads_param(l, j, k) {
                theme.read
            } else {
                Style::new()
            };
            (view.cell(old), style)
        }
        Grid::Grad(_) => {
            let (id, v) = (p.id(p.gradient()), view.values().gradient(p));
            let style = if current && !view.is_update() {
                theme.current
            } else {
                Style::new()
            };
            let text = if view.hidden(id) {
                "?".to_string()
            } else if view.known(id) {
                view.cell(v)
            } else {
                String::new()
            };
            (text, style)
        }
        Grid::Update(_) => {
            let (id, new) = (p.id(p.quantity()), view.batch.after(p));
            let style = if current { theme.current } else { Style::new() };
            let text = if view.hidden(id) {
                format!("{}{}?", view.cell(old), theme.sym("→", "->"))
            } else if view.updated(id) {
                let (old, new) = super::cell_pair(old, new, theme);
                format!("{old}{}{new}", theme.sym("→", "->"))
            } else {
                view.cell(old)
            };
            (text, style)
        }
        Grid::MeanGrad(_) => {
            let v = view.batch.gradient(p);
            let style = if current { theme.read } else { Style::new() };
            (view.cell(v), style)
        }
    }
}

/// Rows one grid wants: title, header and one row per neuron.
fn grid_rows(view: &View, grid: Grid) -> usize {
    2 + view.lesson.width(layer(grid))
}

/// Rows the panel wants inside its borders (every grid stacked).
pub fn wanted_height(view: &View) -> u16 {
    let grids = grids(view);
    let rows: usize = grids.iter().map(|&g| grid_rows(view, g)).sum::<usize>() + grids.len() - 1;
    rows.min(u16::MAX as usize) as u16
}

/// Rows the first matrix wants inside the borders.
pub fn min_height(view: &View) -> u16 {
    grids(view)
        .first()
        .map_or(0, |&g| grid_rows(view, g))
        .min(u16::MAX as usize) as u16
}

pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let block = view.block("Parameters".into());
    let inner = block.inner(area);
    block.render(area, buf);
    let mut y = inner.y;
    let bottom = inner.y + inner.height;
    for (i, grid) in all_grids(view).into_iter().enumerate() {
        if i > 0 {
            y += 1;
        }
        let wanted = grid_rows(view, grid) as u16;
        let rows = wanted.min(bottom.saturating_sub(y));
        // A later grid only when it has room for its title, header and a row.
        if rows < 3 && i > 0 || rows == 0 {
            break;
        }
        render_grid(view, grid, Rect::new(inner.x, y, inner.width, rows), buf);
        y += rows;
    }
}

/// A window of `len` indices out of `n` that contains `focus`.
fn window(n: usize, len: usize, focus: usize) -> (usize, usize) {
    let len = len.min(n);
    let start = focus.saturating_sub(len / 2).min(n - len);
    (start, start + len)
}

fn render_grid(view: &View, grid: Grid, area: Rect, buf: &mut Buffer) {
    let theme = &view.theme;
    let l = layer(grid);
    let (rows_n, cols_n) = (view.lesson.width(l), view.lesson.width(l - 1));
    let id = view.step.id;
    let focus_j = if id.layer == l { id.j } else { 0 };
    let focus_k = match id.k {
        Some(k) if id.layer == l => k,
        _ if id.quantity == Quantity::Delta && id.layer + 1 == l => id.j,
        _ => 0,
    };
    let w = area.width as usize;
    // Rows of neurons that fit under the title and header.
    let body = (area.height as usize).saturating_sub(2);
    let (j0, j1) = window(rows_n, body.max(1), focus_j);
    let row_label = |j: usize| format!("j={}", j + 1);
    let label_w = width(&row_label(rows_n - 1)).max(3);
    let bar = theme.sym("│", "|");
    // Column widths from the entries in the row window.
    let col_width = |k: Option<usize>| {
        let head = match k {
            Some(k) => format!("k={}", k + 1),
            None => "b".to_string(),
        };
        (j0..j1)
            .map(|j| width(&entry(view, grid, j, k).0))
            .max()
            .unwrap_or(0)
            .max(width(&head))
            .max(6)
    };
    let bias_w = col_width(None);
    // Columns of weights that fit beside the row label and its space, the two ellipsis
    // columns, the bar and its space, and the bias column.
    let mut room = w.saturating_sub(label_w + 1 + 2 + 2 + bias_w);
    let (mut k0, mut k1) = (focus_k, focus_k);
    // Grow the window around the focus, right then left, while columns fit.
    loop {
        let mut grew = false;
        if k1 < cols_n {
            let cw = col_width(Some(k1)) + 2;
            if cw <= room {
                room -= cw;
                k1 += 1;
                grew = true;
            }
        }
        if k0 > 0 {
            let cw = col_width(Some(k0 - 1)) + 2;
            if cw <= room {
                room -= cw;
                k0 -= 1;
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    let mut heading = title(view, grid);
    if j1 - j0 < rows_n {
        heading.push_str(&format!(
            "{}rows {}-{} of {rows_n}",
            theme.sep(),
            j0 + 1,
            j1
        ));
    }
    if k1 - k0 < cols_n {
        heading.push_str(&format!(
            "{}columns {}-{} of {cols_n}",
            theme.sep(),
            k0 + 1,
            k1
        ));
    }
    let mut lines = vec![Line::styled(fit(&heading, w, theme), theme.heading)];
    let ell = theme.ellipsis();
    let mut header = vec![Span::raw(format!("{:label_w$} ", ""))];
    header.push(Span::styled(
        if k0 > 0 { ell } else { " " }.to_string(),
        theme.dim,
    ));
    for k in k0..k1 {
        let cw = col_width(Some(k));
        header.push(Span::styled(
            format!("{:>cw$}  ", format!("k={}", k + 1)),
            theme.dim,
        ));
    }
    header.push(Span::styled(
        if k1 < cols_n { ell } else { " " }.to_string(),
        theme.dim,
    ));
    header.push(Span::styled(format!("{bar} {:>bias_w$}", "b"), theme.dim));
    lines.push(Line::from(header));
    for j in j0..j1 {
        let mut spans = vec![Span::styled(
            format!("{:>label_w$} ", row_label(j)),
            theme.dim,
        )];
        spans.push(Span::raw(" "));
        for k in k0..k1 {
            let cw = col_width(Some(k));
            let (text, style) = entry(view, grid, j, Some(k));
            spans.push(Span::styled(format!("{text:>cw$}"), style));
            spans.push(Span::raw("  "));
        }
        spans.push(Span::raw(" "));
        let (text, style) = entry(view, grid, j, None);
        spans.push(Span::raw(format!("{bar} ")));
        spans.push(Span::styled(format!("{text:>bias_w$}"), style));
        lines.push(Line::from(spans));
    }
    Paragraph::new(lines).render(area, buf);
}
