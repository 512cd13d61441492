//! Feature maps, kernels and windows drawn as grids of numbers, side by side with the operators
//! between them (`⋆`, `=`, `→`): the tutor's picture of a convolutional network. Each cell is
//! a number of the shown sample, blank (`·`) until the trace has computed it and `?` while the
//! quiz hides it; the current number is highlighted, the numbers its formula reads are lit,
//! and marked cells (a window's maximum) carry a `*`. A grid too large for its room shows a
//! window around its focus, its caption saying which rows and columns.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::layers::{Kind, Shape};
use crate::notation::{Digits, number};
use crate::trace::{Index, Quantity, StepId, Sym};
use crate::tui::ui::theme::Theme;
use crate::tui::ui::{View, fit, width};

/// One cell: its text and highlight. A number is written when drawn, with as many digits as
/// the room allows.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    /// What it shows when it is not a number (`?`, `·`, a padding `0`).
    pub text: String,
    /// Its highlight.
    pub style: Style,
    /// The number it shows, and a mark after it (`*`).
    pub number: Option<(f64, &'static str)>,
}

impl Cell {
    /// A cell of text.
    pub fn text(text: impl Into<String>, style: Style) -> Cell {
        Cell {
            text: text.into(),
            style,
            number: None,
        }
    }

    /// A cell showing `v`.
    pub fn number(v: f64, style: Style) -> Cell {
        Cell {
            text: String::new(),
            style,
            number: Some((v, "")),
        }
    }

    /// Its text with numbers to `digits` significant digits.
    fn shown(&self, digits: usize, theme: &Theme) -> String {
        match self.number {
            Some((v, mark)) => format!("{}{mark}", short_to(v, digits, theme)),
            None => self.text.clone(),
        }
    }
}

type CellFn<'a> = Box<dyn Fn(usize, usize) -> Cell + 'a>;

/// A grid of numbers with a caption.
pub(crate) struct Grid<'a> {
    /// Written above it: `a⁽⁰⁾ channel 1`, `w⁽¹⁾[1,1]`.
    pub caption: String,
    /// Rows and columns.
    pub size: (usize, usize),
    /// The cell a window keeps in view.
    pub focus: (usize, usize),
    /// Labels of the rows, for a vector drawn as a column (`j=12`).
    pub row_labels: bool,
    /// The fewest columns a window of it keeps (a kernel's width over an input).
    pub min_cols: usize,
    /// Left out first when the pieces do not fit (a map the formula shows in full anyway).
    pub optional: bool,
    cell: CellFn<'a>,
}

impl<'a> Grid<'a> {
    /// A grid of `size` whose cells come from `cell`.
    pub fn new(
        caption: String,
        size: (usize, usize),
        focus: (usize, usize),
        cell: impl Fn(usize, usize) -> Cell + 'a,
    ) -> Self {
        let focus = (
            focus.0.min(size.0.saturating_sub(1)),
            focus.1.min(size.1.saturating_sub(1)),
        );
        Grid {
            caption,
            size,
            focus,
            row_labels: false,
            min_cols: 1,
            optional: false,
            cell: Box::new(cell),
        }
    }

    /// The same grid, left out first when the pieces do not fit.
    pub fn optional(mut self) -> Self {
        self.optional = true;
        self
    }

    /// The same grid, keeping at least `n` columns around its focus when it is narrowed.
    pub fn keep(mut self, n: usize) -> Self {
        self.min_cols = n.clamp(1, self.size.1.max(1));
        self
    }

    /// The same grid with its rows labelled `j=1`, `j=2`, … (a vector).
    pub fn labelled(mut self) -> Self {
        self.row_labels = true;
        self
    }
}

/// A part of the picture: a grid, or an operator between grids.
pub(crate) enum Piece<'a> {
    /// A grid of numbers.
    Grid(Grid<'a>),
    /// `⋆`, `=`, `→`, `+ b = 0.1`: written on the grid's middle row.
    Op(String),
}

/// A number in a grid: 3 significant digits, short.
pub(crate) fn short(v: f64, theme: &Theme) -> String {
    short_to(v, 3, theme)
}

/// A number to `digits` significant digits, at most 8 characters.
fn short_to(v: f64, digits: usize, theme: &Theme) -> String {
    let s = number::format(v, Digits::Sig(digits), theme.notation());
    if s.chars().count() > 8 {
        format!("{v:.1e}")
    } else {
        s
    }
}

/// How a number of the sample is shown in a grid: the value, `·` before it is computed, `?`
/// while the quiz hides it; highlighted as the current step, or lit when the formula reads it.
pub(crate) fn sample_cell(view: &View, id: StepId, v: f64, marked: bool) -> Cell {
    let theme = &view.theme;
    let current = !view.is_update() && view.step.id == id;
    let sym = Sym::Q {
        q: id.quantity,
        l: id.layer,
        ix: id.ix,
    };
    let read = view.reads.contains(&sym);
    let known = id.layer == 0 || view.known(id);
    let style = if current {
        theme.current
    } else if read {
        // In the colour of its term in the formula.
        view.link_style(&sym)
    } else if marked {
        theme.focus
    } else if !known {
        theme.dim
    } else {
        Style::new()
    };
    if view.hidden(id) {
        Cell::text("?", style)
    } else if known {
        Cell {
            number: Some((v, if marked { "*" } else { "" })),
            ..Cell::text("", style)
        }
    } else {
        Cell::text(theme.sym("·", "."), style)
    }
}

/// Channel `ch` of layer `l`'s `q` (an image: channels × rows × columns) as a grid; `marked`
/// says which cells carry a `*`.
pub(crate) fn map<'v>(
    view: &'v View<'v>,
    (q, l, ch): (Quantity, usize, usize),
    caption: String,
    focus: (usize, usize),
    marked: impl Fn(usize, usize) -> bool + 'v,
) -> Grid<'v> {
    let dims = view.lesson.shape(l).dims();
    let (h, w) = (dims[1], dims[2]);
    let values = view.values().numbers(q, l);
    Grid::new(caption, (h, w), focus, move |y, x| {
        let at = (ch * h + y) * w + x;
        let id = StepId::new(q, l, &[ch, y, x]);
        sample_cell(
            view,
            id,
            values.get(at).copied().unwrap_or(f64::NAN),
            marked(y, x),
        )
    })
}

/// Layer `l`'s `q` as a column of numbers `j=1 …` (a vector).
pub(crate) fn vector<'v>(
    view: &'v View<'v>,
    (q, l): (Quantity, usize),
    caption: String,
    focus: usize,
) -> Grid<'v> {
    let values = view.values().numbers(q, l);
    Grid::new(caption, (values.len(), 1), (focus, 0), move |j, _| {
        sample_cell(view, StepId::new(q, l, &[j]), values[j], false)
    })
    .labelled()
}

/// The name of a quantity of layer `l` in the theme's notation: `a⁽⁰⁾`, `delta(2)`.
pub(crate) fn name(view: &View, q: Quantity, l: usize) -> String {
    let base = match q {
        Quantity::Z => "z",
        Quantity::A => "a",
        Quantity::Delta => view.theme.sym("δ", "delta"),
        _ => "?",
    };
    format!("{base}{}", crate::tui::ui::sup(l, &view.theme))
}

/// `a⁽⁰⁾ ch 1`: channel `ch` (from 0) of the map named `name`, as a grid's caption.
pub(crate) fn channel(view: &View, name: String, ch: usize) -> String {
    crate::tr!(
        view.theme.lang,
        "view-conv-channel",
        name = name,
        n = (ch + 1).to_string()
    )
}

/// `[c,i,j]` from 1.
pub(crate) fn at(ix: &Index) -> String {
    let v: Vec<String> = ix.iter().map(|i| (i + 1).to_string()).collect();
    format!("[{}]", v.join(","))
}

/// The part of a grid that is drawn: rows `r0..r1`, columns `c0..c1`, each column's width.
struct Shown {
    rows: (usize, usize),
    cols: (usize, usize),
    cell_w: usize,
    label_w: usize,
}

impl Shown {
    /// The grid's width as drawn: labels, cells with a space between, ellipses at cut edges.
    fn width(&self, g: &Grid, theme: &Theme) -> usize {
        let n = self.cols.1 - self.cols.0;
        let cut = usize::from(self.cols.0 > 0) + usize::from(self.cols.1 < g.size.1);
        self.label_w + n * self.cell_w + n.saturating_sub(1) + cut * (width(theme.ellipsis()) + 1)
    }
}

/// A window of `len` out of `n` that contains `focus`.
fn window(n: usize, len: usize, focus: usize) -> (usize, usize) {
    let len = len.clamp(1, n.max(1));
    let start = focus.saturating_sub(len / 2).min(n - len);
    (start, start + len)
}

fn label(j: usize) -> String {
    format!("j={}", j + 1)
}

/// The whole grid, sized: every row up to `max_rows`, every column.
fn shown(g: &Grid, max_rows: usize, digits: usize, theme: &Theme) -> Shown {
    let rows = window(g.size.0, max_rows, g.focus.0);
    let cols = (0, g.size.1);
    let mut cell_w = 1;
    for y in rows.0..rows.1 {
        for x in cols.0..cols.1 {
            cell_w = cell_w.max(width(&(g.cell)(y, x).shown(digits, theme)));
        }
    }
    let label_w = if g.row_labels {
        width(&label(g.size.0.saturating_sub(1))) + 1
    } else {
        0
    };
    Shown {
        rows,
        cols,
        cell_w,
        label_w,
    }
}

/// The rows (borders included) the picture of any image layer of the lesson wants: its
/// tallest map (a padded input, an output, a kernel, a flattened vector) and its caption, or
/// `roomy`, a row more. It depends on the lesson alone, so that the panels keep their places
/// on every step.
pub(crate) fn picture_rows(view: &View, roomy: bool) -> u16 {
    let lesson = view.lesson;
    let rows = (1..=lesson.depth())
        .filter_map(|l| {
            let layer = &lesson.layers[l - 1];
            let height = |s: Shape| match s {
                Shape::Image { h, .. } => h,
                other => other.features(),
            };
            let (input, output) = (height(lesson.shape(l - 1)), height(lesson.shape(l)));
            match &layer.kind {
                Kind::Conv2d(c) => Some(
                    (input + 2 * c.window.padding.0)
                        .max(output)
                        .max(c.window.kernel.0),
                ),
                Kind::Pool2d(p) => Some((input + 2 * p.window.padding.0).max(output)),
                Kind::Flatten(_) => Some(input.max(output)),
                _ => None,
            }
        })
        .max()
        .unwrap_or(1);
    (rows + 1 + 2 + usize::from(roomy)).min(60) as u16
}

/// The rows the pieces want: their tallest grid and its caption.
pub(crate) fn wanted_rows(pieces: &[Piece]) -> usize {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Grid(g) => g.size.0 + 1,
            Piece::Op(_) => 1,
        })
        .max()
        .unwrap_or(1)
}

/// The columns the pieces want side by side, each grid whole.
pub(crate) fn wanted_cols(pieces: &[Piece], theme: &Theme) -> usize {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Grid(g) => shown(g, g.size.0, 3, theme)
                .width(g, theme)
                .max(width(&g.caption).min(CAPTION)),
            Piece::Op(op) => width(op),
        })
        .sum::<usize>()
        + GAP * pieces.len().saturating_sub(1)
}

/// A grid's caption takes at least this much room (it is cut to it).
const CAPTION: usize = 8;

/// Columns between two pieces.
const GAP: usize = 1;

/// The columns piece `p` takes as sized.
fn piece_width(p: &Piece, s: &Option<Shown>, theme: &Theme) -> usize {
    match (p, s) {
        (Piece::Grid(g), Some(s)) => s.width(g, theme).max(width(&g.caption).min(CAPTION)),
        (Piece::Op(op), _) => width(op),
        _ => 0,
    }
}

/// The columns pieces `from..` take side by side, with two between each, and an ellipsis in
/// place of those left out.
fn total(pieces: &[&Piece], sizes: &[Option<Shown>], from: usize, theme: &Theme) -> usize {
    let shown = pieces.len() - from;
    let own: usize = pieces[from..]
        .iter()
        .zip(&sizes[from..])
        .map(|(p, s)| piece_width(p, s, theme))
        .sum();
    let skipped = if from > 0 {
        width(theme.ellipsis()) + GAP
    } else {
        0
    };
    own + GAP * shown.saturating_sub(1) + skipped
}

/// Each grid sized for `digits`, narrowed around its focus (the widest first) while the
/// pieces are wider than `room`.
fn narrowed(
    pieces: &[&Piece],
    rows: usize,
    digits: usize,
    room: usize,
    theme: &Theme,
) -> Vec<Option<Shown>> {
    let mut sizes: Vec<Option<Shown>> = pieces
        .iter()
        .map(|p| match p {
            Piece::Grid(g) => Some(shown(g, rows, digits, theme)),
            Piece::Op(_) => None,
        })
        .collect();
    while total(pieces, &sizes, 0, theme) > room {
        let widest = pieces
            .iter()
            .zip(&sizes)
            .enumerate()
            .filter_map(|(i, (p, s))| match (p, s) {
                (Piece::Grid(g), Some(s)) if s.cols.1 - s.cols.0 > g.min_cols => {
                    Some((i, s.width(g, theme)))
                }
                _ => None,
            })
            .max_by_key(|&(_, w)| w);
        let Some((i, _)) = widest else {
            break;
        };
        let Piece::Grid(g) = pieces[i] else {
            unreachable!("only grids are narrowed")
        };
        let s = sizes[i].as_mut().expect("a grid has its size");
        let n = s.cols.1 - s.cols.0 - 1;
        s.cols = window(g.size.1, n, g.focus.1);
    }
    // Room left over goes back, a column at a time, to the grids cut, the last first.
    for i in (0..pieces.len()).rev() {
        let Piece::Grid(g) = pieces[i] else {
            continue;
        };
        while let Some(s) = sizes[i].as_ref() {
            let n = s.cols.1 - s.cols.0;
            if n >= g.size.1 {
                break;
            }
            let before = s.cols;
            sizes[i].as_mut().expect("a grid has its size").cols =
                window(g.size.1, n + 1, g.focus.1);
            if total(pieces, &sizes, 0, theme) > room {
                sizes[i].as_mut().expect("a grid has its size").cols = before;
                break;
            }
        }
    }
    sizes
}

/// The pieces sized for `room`: three significant digits if they fit with them, else two.
fn sized(
    pieces: &[&Piece],
    rows: usize,
    room: usize,
    theme: &Theme,
) -> (Vec<Option<Shown>>, usize) {
    let sizes = narrowed(pieces, rows, 3, room, theme);
    if total(pieces, &sizes, 0, theme) <= room {
        return (sizes, 3);
    }
    (narrowed(pieces, rows, 2, room, theme), 2)
}

/// Draws the pieces left to right in `area`: grids whole if they fit, else each windowed
/// around its focus, the widest first, until they do; if even that is too wide, the optional
/// grids give way (with the operator before each), then the first pieces.
pub(crate) fn draw(all: &[Piece], theme: &Theme, area: Rect, buf: &mut Buffer) {
    if area.width == 0 || area.height < 2 || all.is_empty() {
        return;
    }
    let body_rows = area.height as usize - 1;
    let room = area.width as usize;
    let mut pieces: Vec<&Piece> = all.iter().collect();
    let (mut sizes, mut digits) = sized(&pieces, body_rows, room, theme);
    if total(&pieces, &sizes, 0, theme) > room {
        let optional = |p: &Piece| matches!(p, Piece::Grid(g) if g.optional);
        let kept: Vec<&Piece> = all
            .iter()
            .enumerate()
            .filter(|&(i, p)| {
                !optional(p)
                    && !all
                        .get(i + 1)
                        .is_some_and(|n| optional(n) && matches!(p, Piece::Op(_)))
            })
            .map(|(_, p)| p)
            .collect();
        if kept.len() < pieces.len() {
            pieces = kept;
            (sizes, digits) = sized(&pieces, body_rows, room, theme);
        }
    }
    // Still too wide: leave out pieces from the front.
    let mut skip = 0;
    while skip + 1 < pieces.len() && total(&pieces, &sizes, skip, theme) > room {
        skip += 1;
    }
    let mut x = area.x;
    let mid = area.y + 1 + (body_rows.min(wanted_rows(all).saturating_sub(1)) / 2) as u16;
    let mid = mid.min(area.bottom() - 1);
    if skip > 0 {
        let ell = theme.ellipsis();
        buf.set_line(x, mid, &Line::styled(ell, theme.dim), area.width);
        x = x.saturating_add((width(ell) + GAP) as u16);
    }
    for (i, (&p, s)) in pieces.iter().zip(&sizes).enumerate().skip(skip) {
        if i > skip {
            x = x.saturating_add(GAP as u16);
        }
        if x >= area.right() {
            break;
        }
        let left = (area.right() - x) as usize;
        let w = piece_width(p, s, theme);
        match (p, s) {
            (Piece::Op(op), _) => {
                let line = Line::raw(fit(op, left, theme));
                buf.set_line(x, mid, &line, left as u16);
            }
            (Piece::Grid(g), Some(s)) => {
                let rect = Rect::new(x, area.y, w.min(left) as u16, area.height);
                draw_grid(g, (s, digits), theme, rect, buf);
            }
            _ => {}
        }
        x = x.saturating_add(w as u16);
    }
}

/// One grid: its caption (with the rows and columns shown when cut), then its rows.
fn draw_grid(g: &Grid, (s, digits): (&Shown, usize), theme: &Theme, area: Rect, buf: &mut Buffer) {
    let w = area.width as usize;
    let mut caption = g.caption.clone();
    let (rows, cols) = (s.rows, s.cols);
    if rows != (0, g.size.0) || cols != (0, g.size.1) {
        caption = crate::tr!(
            theme.lang,
            "view-conv-cut",
            caption = caption,
            r0 = (rows.0 + 1).to_string(),
            r1 = rows.1.to_string(),
            c0 = (cols.0 + 1).to_string(),
            c1 = cols.1.to_string()
        );
    }
    buf.set_line(
        area.x,
        area.y,
        &Line::styled(fit(&caption, w, theme), theme.heading),
        area.width,
    );
    let ell = theme.ellipsis();
    for (n, y) in (rows.0..rows.1).enumerate() {
        let row_y = area.y + 1 + n as u16;
        if row_y >= area.bottom() {
            break;
        }
        let mut spans = Vec::new();
        if g.row_labels {
            spans.push(Span::styled(
                format!("{:>lw$} ", label(y), lw = s.label_w - 1),
                theme.dim,
            ));
        }
        if cols.0 > 0 {
            spans.push(Span::styled(format!("{ell} "), theme.dim));
        }
        for (k, x) in (cols.0..cols.1).enumerate() {
            if k > 0 {
                spans.push(Span::raw(" "));
            }
            let cell = (g.cell)(y, x);
            let text = cell.shown(digits, theme);
            spans.push(Span::styled(
                format!("{text:>cw$}", cw = s.cell_w),
                cell.style,
            ));
        }
        if cols.1 < g.size.1 {
            spans.push(Span::styled(format!(" {ell}"), theme.dim));
        }
        buf.set_line(area.x, row_y, &Line::from(spans), area.width);
    }
}
