//! The parameters that matter for the current step, as matrices with a bias column: the
//! weights a formula reads (highlighted), this sample's gradients as the backward pass fills
//! them in, and during an update each entry's old → new value beside the batch gradient.
//! Large matrices show a window around the current entry.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::tr;
use crate::trace::{Param, Quantity};

use super::geometry::Panel;
use super::{View, fit, sup, width as width_of};

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
/// weights of the other dense layers (a convolution shows its kernels in its own panel).
fn all_grids(view: &View) -> Vec<Grid> {
    let mut grids = grids(view);
    for l in (1..=view.lesson.depth()).filter(|&l| view.lesson.layers[l - 1].is_dense()) {
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
        Quantity::Delta | Quantity::DB | Quantity::DW => {
            vec![Grid::Grad(id.layer), Grid::Weights(id.layer)]
        }
        _ => vec![Grid::Update(id.layer), Grid::MeanGrad(id.layer)],
    }
}

fn title(view: &View, grid: Grid) -> String {
    let t = &view.theme;
    let d = t.sym("∂", "d");
    let layer = &view.lesson.layers[layer(grid) - 1];
    let lang = t.lang;
    let frozen = if !layer.trainable {
        format!("{}{}", t.sep(), lang.t("params-frozen"))
    } else if !layer.biases_train() {
        format!("{}{}", t.sep(), lang.t("params-b-fixed"))
    } else {
        String::new()
    };
    let both = |w: String, b: String| tr!(lang, "params-and", w = w, b = b);
    let grads = |l: usize| {
        let s = sup(l, t);
        both(format!("{d}L/{d}W{s}"), format!("{d}L/{d}b{s}"))
    };
    let title = match grid {
        Grid::Weights(l) => both(format!("W{}", sup(l, t)), format!("b{}", sup(l, t))),
        Grid::Grad(l) => tr!(
            lang,
            "params-grad",
            both = grads(l),
            sample = view.sample.to_string()
        ),
        Grid::Update(l) => tr!(
            lang,
            "params-update",
            both = both(format!("W{}", sup(l, t)), format!("b{}", sup(l, t))),
            arrow = t.sym("→", "->")
        ),
        Grid::MeanGrad(l) if view.batch.len() > 1 => tr!(
            lang,
            "params-mean",
            both = grads(l),
            samples = view.batch.len().to_string()
        ),
        Grid::MeanGrad(l) => tr!(lang, "params-used", both = grads(l)),
    };
    match grid {
        Grid::Weights(_) | Grid::Update(_) => title + &frozen,
        _ => title,
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
        Some(k) => Param::w(l, j, k),
        None => Param::b(l, j),
    };
    let old = view.batch.before(p);
    let current = view.is_current_param(l, j, k);
    match grid {
        Grid::Weights(_) => {
            let style = if view.reads_param(l, j, k) {
                view.link_style(&crate::trace::Sym::P(p))
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

/// What a row of the panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    /// A blank row between two matrices.
    Gap,
    /// A matrix's title.
    Heading(usize),
    /// Its column headers.
    Header(usize),
    /// The row of neuron `j` of matrix `g`: (g, j).
    Entry(usize, usize),
}

/// Every row of the panel: each matrix's title, header and neurons, a blank row between.
fn all_rows(view: &View, grids: &[Grid]) -> Vec<Row> {
    let mut rows = Vec::new();
    for (g, &grid) in grids.iter().enumerate() {
        if g > 0 {
            rows.push(Row::Gap);
        }
        rows.extend([Row::Heading(g), Row::Header(g)]);
        rows.extend((0..view.lesson.width(layer(grid))).map(|j| Row::Entry(g, j)));
    }
    rows
}

/// Draws the parameter panel: the current step's matrices, then those of the other layers,
/// from where the learner scrolled it. By itself it shows the first matrix from its top, or
/// around the current entry when it is taller than the panel; the title and header of a
/// matrix scrolled into stay at the top.
pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    // A kind that shows its parameters its own way (a convolution's kernels) draws the panel.
    if view.layer_view().parameters(view, area, buf) {
        return;
    }
    let grids = all_grids(view);
    let rows = all_rows(view, &grids);
    let h = area.height.saturating_sub(2) as usize;
    let first_end = rows
        .iter()
        .position(|r| *r == Row::Gap)
        .unwrap_or(rows.len());
    let (focus_j, _) = focus(view, grids[0]);
    // As little scrolled as shows the current entry's row (the title and header stay on top
    // once scrolled).
    let sticky = match h {
        0..=2 => 0,
        3 => 1,
        _ => 2,
    };
    let auto = if 3 + focus_j <= h {
        0
    } else {
        (3 + focus_j + sticky)
            .saturating_sub(h)
            .min(first_end.saturating_sub(h))
    };
    let extent = view.scrolled(Panel::Params, rows.len(), h, auto);
    let block = view.panel(
        Panel::Params,
        view.theme.lang.t("panel-params"),
        Some(extent),
    );
    let inner = block.inner(area);
    block.render(area, buf);
    let mut shown: Vec<Row> = rows.iter().copied().skip(extent.top).take(h).collect();
    // A matrix scrolled into keeps its title and header on top.
    match shown.first().copied() {
        Some(Row::Entry(g, j)) if j > 0 && h >= 4 => {
            shown.truncate(h - 2);
            shown.splice(0..0, [Row::Heading(g), Row::Header(g)]);
        }
        // Three rows: the column headers and two rows of entries.
        Some(Row::Entry(g, j)) if j > 0 && h == 3 => {
            shown.truncate(h - 1);
            shown.insert(0, Row::Header(g));
        }
        Some(Row::Header(g)) if h >= 3 => {
            shown.truncate(h - 1);
            shown.insert(0, Row::Heading(g));
        }
        _ => {}
    }
    let w = inner.width as usize;
    let windows: Vec<Option<Window>> = (0..grids.len())
        .map(|g| window_of(view, &shown, grids[g], g, w))
        .collect();
    let lines: Vec<Line> = shown
        .iter()
        .filter_map(|r| match *r {
            Row::Gap => Some(Line::raw("")),
            Row::Heading(g) => Some(heading(view, grids[g], windows[g].as_ref()?, w)),
            Row::Header(g) => Some(header(view, windows[g].as_ref()?)),
            Row::Entry(g, j) => Some(row(view, grids[g], windows[g].as_ref()?, j)),
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

/// The window of matrix `g` for the rows of it on screen, if any are.
fn window_of(view: &View, shown: &[Row], grid: Grid, g: usize, w: usize) -> Option<Window> {
    let js: Vec<usize> = shown
        .iter()
        .filter_map(|r| match *r {
            Row::Entry(rg, j) if rg == g => Some(j),
            _ => None,
        })
        .collect();
    let titled = shown
        .iter()
        .any(|r| matches!(*r, Row::Heading(rg) | Row::Header(rg) if rg == g));
    if js.is_empty() && !titled {
        return None;
    }
    let range = match (js.first(), js.last()) {
        (Some(&a), Some(&b)) => (a, b + 1),
        _ => (0, 0),
    };
    Some(Window::fit(view, grid, w, range))
}

/// The part of a grid that fits its area: neurons `rows.0..rows.1`, inputs `cols.0..cols.1`,
/// and the widths of what is shown.
struct Window {
    /// All rows and columns of the grid's layer (neurons, inputs).
    size: (usize, usize),
    rows: (usize, usize),
    cols: (usize, usize),
    /// Width of the row labels (`j=3`).
    label_w: usize,
    /// Width of each weight column shown, in order.
    widths: Vec<usize>,
    bias_w: usize,
}

impl Window {
    /// The columns of `grid` that fit `width` columns around the entry the step is about, for
    /// its neurons `rows.0..rows.1` on screen.
    fn fit(view: &View, grid: Grid, width: usize, rows: (usize, usize)) -> Self {
        let l = layer(grid);
        let size = (view.lesson.width(l), view.lesson.width(l - 1));
        let (_, focus_k) = focus(view, grid);
        let label_w = width_of(&row_label(size.0 - 1)).max(3);
        let bias_w = col_width(view, grid, rows, None);
        // Columns of weights that fit beside the row label and its space, the two ellipsis
        // columns, the bar and its space, and the bias column.
        let room = width.saturating_sub(label_w + 1 + 2 + 2 + bias_w);
        let cols = columns(view, grid, rows, (focus_k, size.1), room);
        let widths = (cols.0..cols.1)
            .map(|k| col_width(view, grid, rows, Some(k)))
            .collect();
        Window {
            size,
            rows,
            cols,
            label_w,
            widths,
            bias_w,
        }
    }
}

/// The entry the window is centred on: the step's own, or for a δ passed back, the column
/// of the weights that carry it.
fn focus(view: &View, grid: Grid) -> (usize, usize) {
    let l = layer(grid);
    let id = view.step.id;
    let focus_j = if id.layer == l { id.j() } else { 0 };
    let focus_k = match id.k() {
        Some(k) if id.layer == l => k,
        _ if id.quantity == Quantity::Delta && id.layer + 1 == l => id.j(),
        _ => 0,
    };
    (focus_j, focus_k)
}

/// Neuron `j`'s row label: `j=1` for the first.
fn row_label(j: usize) -> String {
    format!("j={}", j + 1)
}

/// A column's width: its widest entry in the rows shown, its header, at least 6.
fn col_width(view: &View, grid: Grid, (j0, j1): (usize, usize), k: Option<usize>) -> usize {
    let head = match k {
        Some(k) => format!("k={}", k + 1),
        None => "b".to_string(),
    };
    (j0..j1)
        .map(|j| width_of(&entry(view, grid, j, k).0))
        .max()
        .unwrap_or(0)
        .max(width_of(&head))
        .max(6)
}

/// The weight columns that fit in `room`: grown around the focus out of `n`, right then left,
/// while columns fit.
fn columns(
    view: &View,
    grid: Grid,
    rows: (usize, usize),
    (focus, n): (usize, usize),
    mut room: usize,
) -> (usize, usize) {
    let (mut k0, mut k1) = (focus, focus);
    loop {
        let mut grew = false;
        if k1 < n {
            let cw = col_width(view, grid, rows, Some(k1)) + 2;
            if cw <= room {
                room -= cw;
                k1 += 1;
                grew = true;
            }
        }
        if k0 > 0 {
            let cw = col_width(view, grid, rows, Some(k0 - 1)) + 2;
            if cw <= room {
                room -= cw;
                k0 -= 1;
                grew = true;
            }
        }
        if !grew {
            return (k0, k1);
        }
    }
}

/// The grid's title, with which rows and columns are shown when not all are.
fn heading(view: &View, grid: Grid, window: &Window, w: usize) -> Line<'static> {
    let theme = &view.theme;
    let (rows_n, cols_n) = window.size;
    let ((j0, j1), (k0, k1)) = (window.rows, window.cols);
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
    Line::styled(fit(&heading, w, theme), theme.heading)
}

/// The column headers `k=1 k=2 … │ b`, with an ellipsis where columns are left out.
fn header(view: &View, window: &Window) -> Line<'static> {
    let theme = &view.theme;
    let (label_w, bias_w) = (window.label_w, window.bias_w);
    let (k0, k1) = window.cols;
    let ell = theme.ellipsis();
    let mut header = vec![Span::raw(format!("{:label_w$} ", ""))];
    header.push(Span::styled(
        if k0 > 0 { ell } else { " " }.to_string(),
        theme.dim,
    ));
    for (k, &cw) in (k0..k1).zip(&window.widths) {
        header.push(Span::styled(
            format!("{:>cw$}  ", format!("k={}", k + 1)),
            theme.dim,
        ));
    }
    header.push(Span::styled(
        if k1 < window.size.1 { ell } else { " " }.to_string(),
        theme.dim,
    ));
    header.push(Span::styled(
        format!("{} {:>bias_w$}", theme.sym("│", "|"), "b"),
        theme.dim,
    ));
    Line::from(header)
}

/// Neuron `j`'s row: its label, the weights shown and the bias.
fn row(view: &View, grid: Grid, window: &Window, j: usize) -> Line<'static> {
    let theme = &view.theme;
    let (label_w, bias_w) = (window.label_w, window.bias_w);
    let mut spans = vec![Span::styled(
        format!("{:>label_w$} ", row_label(j)),
        theme.dim,
    )];
    spans.push(Span::raw(" "));
    for (k, &cw) in (window.cols.0..window.cols.1).zip(&window.widths) {
        let (text, style) = entry(view, grid, j, Some(k));
        spans.push(Span::styled(format!("{text:>cw$}"), style));
        spans.push(Span::raw("  "));
    }
    spans.push(Span::raw(" "));
    let (text, style) = entry(view, grid, j, None);
    spans.push(Span::raw(format!("{} ", theme.sym("│", "|"))));
    spans.push(Span::styled(format!("{text:>bias_w$}"), style));
    Line::from(spans)
}
