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
use crate::tr;
use crate::trace::formula::Sym;
use crate::trace::{Index, Param, Phase, Quantity, Tensor};

use super::geometry::Panel;
use super::{View, fit, sup, width as width_of};

/// One weight matrix of a layer with its bias vector: a dense layer's W and b, a recurrent
/// layer's W_ih and b_ih, W_hh and b_hh, attention's W_q and b_q … W_o and b_o.
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
            Tensor::WQ => ("W_q", "b_q"),
            Tensor::WK => ("W_k", "b_k"),
            Tensor::WV => ("W_v", "b_v"),
            Tensor::WO => ("W_o", "b_o"),
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
/// weights of the other dense layers (a convolution shows its kernels in its own panel).
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
    let layer = &view.lesson.layers[p.l - 1];
    let lang = t.lang;
    // Frozen as a layer, or as a LoRA layer's base (only A and B train).
    let trains = |tensor: Tensor| layer.specs().iter().any(|s| s.tensor == tensor && s.trains);
    let frozen = if !trains(p.w) && !trains(p.b) {
        format!("{}{}", t.sep(), lang.t("params-frozen"))
    } else if !trains(p.b) {
        format!("{}{}", t.sep(), tr!(lang, "params-tensor-fixed", b = b))
    } else {
        String::new()
    };
    let both = |w: String, b: String| tr!(lang, "params-and", w = w, b = b);
    let grads = || both(format!("{d}L/{d}{w}{s}"), format!("{d}L/{d}{b}{s}"));
    let title = match grid {
        Grid::Weights(_) => both(format!("{w}{s}"), format!("{b}{s}")),
        Grid::Grad(_) => tr!(
            lang,
            "params-grad",
            both = grads(),
            sample = view.sample.to_string()
        ),
        Grid::Update(_) => tr!(
            lang,
            "params-update",
            both = both(format!("{w}{s}"), format!("{b}{s}")),
            arrow = t.sym("→", "->")
        ),
        Grid::MeanGrad(_) if view.batch.len() > 1 => tr!(
            lang,
            "params-mean",
            both = grads(),
            samples = view.batch.len().to_string()
        ),
        Grid::MeanGrad(_) => tr!(lang, "params-used", both = grads()),
    };
    match grid {
        Grid::Weights(_) | Grid::Update(_) => title + &frozen,
        _ => title,
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
                view.link_style(&Sym::P(p))
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
fn all_rows(grids: &[Grid]) -> Vec<Row> {
    let mut rows = Vec::new();
    for (g, &grid) in grids.iter().enumerate() {
        if g > 0 {
            rows.push(Row::Gap);
        }
        rows.extend([Row::Heading(g), Row::Header(g)]);
        rows.extend((0..pair(grid).rows).map(|j| Row::Entry(g, j)));
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
    let rows = all_rows(&grids);
    let h = area.height.saturating_sub(2) as usize;
    let first_end = rows
        .iter()
        .position(|r| *r == Row::Gap)
        .unwrap_or(rows.len());
    // A network without a weight matrix and its biases (a layer norm alone, say) shows an
    // empty panel.
    let focus_j = grids.first().map_or(0, |&g| focus(view, g).0);
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
        let p = pair(grid);
        let size = (p.rows, p.cols);
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
    let p = pair(grid);
    let l = p.l;
    let id = view.step.id;
    // A number at a step of a sequence, [t, j]: its row j.
    let at_step = id.ix.len() == 2 && id.quantity.tensor().is_none();
    // A step of this layer, and not of its other matrix (a recurrent layer's W_hh beside W_ih).
    let own = id.layer == l && id.quantity.tensor().is_none_or(|t| p.has(t));
    let focus_j = match (own, at_step) {
        (true, true) => id.ix.k().unwrap_or(0),
        (true, false) => id.j(),
        _ => 0,
    };
    let focus_k = match id.k() {
        _ if at_step => 0,
        Some(k) if own => k,
        _ if id.quantity == Quantity::Delta && id.layer + 1 == l => id.j(),
        _ => 0,
    };
    (
        focus_j.min(p.rows.saturating_sub(1)),
        focus_k.min(p.cols.saturating_sub(1)),
    )
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
    // A heading scrolled to the bottom edge, none of its rows shown yet, names none.
    if j1 > j0 && j1 - j0 < rows_n {
        heading.push_str(theme.sep());
        heading.push_str(&crate::tr!(
            theme.lang,
            "params-rows",
            first = j0 + 1,
            last = j1,
            all = rows_n
        ));
    }
    if k1 - k0 < cols_n {
        heading.push_str(theme.sep());
        heading.push_str(&crate::tr!(
            theme.lang,
            "params-columns",
            first = k0 + 1,
            last = k1,
            all = cols_n
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
