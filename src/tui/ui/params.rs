//! The parameters that matter for the current step, as matrices with a bias column: the
//! weights a formula reads (highlighted), this sample's gradients as the backward pass fills
//! them in, and during an update each entry's old → new value beside the batch gradient.
//! Large matrices show a window around the current entry.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::layers::Kind;
use crate::trace::formula::Sym;
use crate::trace::{Index, Param, Phase, Quantity, Tensor};

use super::{View, fit, sup, width};

/// One weight matrix of a layer with its bias vector: a dense layer's W and b, a recurrent
/// layer's W_ih and b_ih, W_hh and b_hh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pair {
    l: usize,
    w: Tensor,
    b: Tensor,
    rows: usize,
    cols: usize,
}

impl Pair {
    /// The parameter at row j and column k (k = None: the bias).
    fn param(self, j: usize, k: Option<usize>) -> Param {
        match k {
            Some(k) => Param {
                l: self.l,
                tensor: self.w,
                ix: Index::two(j, k),
            },
            None => Param {
                l: self.l,
                tensor: self.b,
                ix: Index::one(j),
            },
        }
    }

    /// Does the pair hold this tensor?
    fn has(self, t: Tensor) -> bool {
        self.w == t || self.b == t
    }

    /// `W`, `W_ih`; `b`, `b_ih`.
    fn names(self) -> (&'static str, &'static str) {
        match self.w {
            Tensor::WIh => ("W_ih", "b_ih"),
            Tensor::WHh => ("W_hh", "b_hh"),
            _ => ("W", "b"),
        }
    }
}

/// Layer `l`'s weight matrices, each with the bias vector of its rows (`w…` with `b…`), in
/// the order its kind lists them.
fn pairs(view: &View, l: usize) -> Vec<Pair> {
    let specs = view.lesson.layers[l - 1].specs();
    specs
        .iter()
        .filter(|w| w.dims.len() == 2)
        .filter_map(|w| {
            let name = w.tensor.name().strip_prefix('w')?;
            let b = specs.iter().find(|b| {
                b.dims == [w.dims[0]] && b.tensor.name().strip_prefix('b') == Some(name)
            })?;
            Some(Pair {
                l,
                w: w.tensor,
                b: b.tensor,
                rows: w.dims[0],
                cols: w.dims[1],
            })
        })
        .collect()
}

/// Which matrix to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grid {
    /// W and b as this batch uses them.
    Weights(Pair),
    /// ∂L/∂W and ∂L/∂b of the shown sample, as computed so far.
    Grad(Pair),
    /// old → new during the update.
    Update(Pair),
    /// The gradient the update uses (the batch mean).
    MeanGrad(Pair),
}

/// The matrices for the current step, most relevant first, then (where there is room) the
/// weights of the other layers.
fn all_grids(view: &View) -> Vec<Grid> {
    let mut grids = grids(view);
    for l in 1..=view.lesson.depth() {
        for pair in pairs(view, l) {
            if !grids
                .iter()
                .any(|&g| matches!(g, Grid::Weights(m) | Grid::Update(m) if m == pair))
            {
                // During an update, earlier layers already hold new values: show old → new.
                grids.push(if view.is_update() {
                    Grid::Update(pair)
                } else {
                    Grid::Weights(pair)
                });
            }
        }
    }
    grids
}

/// The matrices for the current step, most relevant first.
fn grids(view: &View) -> Vec<Grid> {
    let id = view.step.id;
    let depth = view.lesson.depth();
    let of = |l: usize, grid: fn(Pair) -> Grid| pairs(view, l).into_iter().map(grid);
    let own = |l: usize, grid: fn(Pair) -> Grid| {
        let tensor = id.quantity.tensor();
        pairs(view, l)
            .into_iter()
            .filter(move |p| tensor.is_none_or(|t| p.has(t)))
            .map(grid)
    };
    let dense = matches!(view.lesson.layers[id.layer.max(1) - 1].kind, Kind::Dense(_));
    match id.quantity {
        Quantity::Loss => of(depth, Grid::Weights).collect(),
        Quantity::Delta if dense && id.layer < depth => of(id.layer + 1, Grid::Weights)
            .chain(of(id.layer, Grid::Grad))
            .collect(),
        Quantity::Grad(_) => own(id.layer, Grid::Grad)
            .chain(own(id.layer, Grid::Weights))
            .collect(),
        Quantity::Delta if dense => of(id.layer, Grid::Grad)
            .chain(of(id.layer, Grid::Weights))
            .collect(),
        // Through time, W_hh carries the error back: it comes first.
        q if q.phase() == Phase::Backward => of(id.layer, Grid::Weights)
            .rev()
            .chain(of(id.layer, Grid::Grad))
            .collect(),
        q if q.phase() == Phase::Update => own(id.layer, Grid::Update)
            .chain(own(id.layer, Grid::MeanGrad))
            .collect(),
        _ => of(id.layer, Grid::Weights).collect(),
    }
}

fn title(view: &View, grid: Grid) -> String {
    let t = &view.theme;
    let d = t.sym("∂", "d");
    let p = pair(grid);
    let (w, b) = p.names();
    let s = sup(p.l, t);
    match grid {
        Grid::Weights(_) => format!("{w}{s} and {b}{s}"),
        Grid::Grad(_) => format!("{d}L/{d}{w}{s} and {d}L/{d}{b}{s}, sample {}", view.sample),
        Grid::Update(_) => format!("{w}{s} and {b}{s}: old {} new", t.sym("→", "->")),
        Grid::MeanGrad(_) if view.batch.len() > 1 => format!(
            "{d}L/{d}{w}{s} and {d}L/{d}{b}{s}: mean over the batch's {} samples",
            view.batch.len(),
        ),
        Grid::MeanGrad(_) => format!("{d}L/{d}{w}{s} and {d}L/{d}{b}{s} used"),
    }
}

fn pair(grid: Grid) -> Pair {
    match grid {
        Grid::Weights(p) | Grid::Grad(p) | Grid::Update(p) | Grid::MeanGrad(p) => p,
    }
}

/// Text and style of entry [j, k] (k = None: the bias).
fn entry(view: &View, grid: Grid, j: usize, k: Option<usize>) -> (String, Style) {
    let theme = &view.theme;
    let p = pair(grid).param(j, k);
    let old = view.batch.before(p);
    let current = view.step.id.param() == Some(p);
    match grid {
        Grid::Weights(_) => {
            let style = if !view.is_update() && view.reads.contains(&Sym::P(p)) {
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
fn grid_rows(_view: &View, grid: Grid) -> usize {
    2 + pair(grid).rows
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

/// Draws the parameter panel: the current step's matrices, then those of other layers while
/// there is room.
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
    let window = Window::fit(view, grid, area);
    let mut lines = vec![heading(view, grid, &window, area.width as usize)];
    lines.push(header(view, &window));
    for j in window.rows.0..window.rows.1 {
        lines.push(row(view, grid, &window, j));
    }
    Paragraph::new(lines).render(area, buf);
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
    /// The window of `grid` that fits `area`, around the entry the step is about.
    fn fit(view: &View, grid: Grid, area: Rect) -> Self {
        let p = pair(grid);
        let size = (p.rows, p.cols);
        let (focus_j, focus_k) = focus(view, grid);
        // Rows of neurons that fit under the title and header.
        let body = (area.height as usize).saturating_sub(2);
        let rows = window(size.0, body.max(1), focus_j);
        let label_w = width(&row_label(size.0 - 1)).max(3);
        let bias_w = col_width(view, grid, rows, None);
        // Columns of weights that fit beside the row label and its space, the two ellipsis
        // columns, the bar and its space, and the bias column.
        let room = (area.width as usize).saturating_sub(label_w + 1 + 2 + 2 + bias_w);
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
    let p = pair(grid);
    let l = p.l;
    let id = view.step.id;
    // A number at a step of a sequence, [t, j]: its row j.
    let at_step = id.ix.len() == 2 && id.quantity.tensor().is_none();
    let focus_j = match (id.layer == l, at_step) {
        (true, true) => id.ix.k().unwrap_or(0).min(p.rows - 1),
        (true, false) => id.j(),
        _ => 0,
    };
    let focus_k = match id.k() {
        _ if at_step => 0,
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
        .map(|j| width(&entry(view, grid, j, k).0))
        .max()
        .unwrap_or(0)
        .max(width(&head))
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
