//! Matrices and vectors drawn with their entries in brackets, and equations laid out as rows
//! of such blocks with operators between them, wrapped to the panel's width.
//!
//! ```text
//!  z⁽¹⁾        W⁽¹⁾        a⁽⁰⁾     b⁽¹⁾
//! ⎡0.3775⎤   ⎡0.15  0.2⎤ ⎡0.05⎤   ⎡0.35⎤
//! ⎣      ⎦ = ⎣0.25  0.3⎦ ⎣ 0.1⎦ + ⎣0.35⎦
//!   2×1         2×2       2×1      2×1
//! ```
//!
//! A big matrix shows a window around its focus entry: `⋮ n more` rows above and below, `…`
//! where columns are left out (counted under it). Entries are computed only when shown.

use std::cell::RefCell;
use std::collections::HashMap;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::super::theme::Theme;
use super::super::width;

/// Whether an entry's number is on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    /// Computed: shown.
    Value,
    /// Not computed yet at this step: blank, as in the scalar view.
    Blank,
    /// The current number while the quiz hides it: `?`.
    Hidden,
}

/// One entry: its number as text (which sets the column's width even while blank), how it is
/// highlighted and whether it is shown.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The number as text.
    pub text: String,
    /// Its highlight.
    pub style: Style,
    /// Whether it is shown, left blank or hidden.
    pub show: Show,
}

impl Entry {
    fn shown(&self) -> String {
        match self.show {
            Show::Value => self.text.clone(),
            Show::Blank => String::new(),
            Show::Hidden => "?".into(),
        }
    }
}

type EntryFn<'a> = Box<dyn Fn(usize, usize) -> Entry + 'a>;

/// A matrix (or a vector: one column, or one row) of `rows` × `cols` entries.
pub struct Matrix<'a> {
    /// Its name, written above it: `W⁽¹⁾`, `(W⁽²⁾)ᵀ`.
    pub name: String,
    /// Rows of entries.
    pub rows: usize,
    /// Columns of entries.
    pub cols: usize,
    /// The entry a window keeps in view (row, column).
    pub focus: (usize, usize),
    entry: EntryFn<'a>,
    cache: RefCell<HashMap<(usize, usize), Entry>>,
}

impl<'a> Matrix<'a> {
    /// A matrix named `name` of `rows` × `cols` entries, each computed by `entry` (at most
    /// once) when a window first shows it.
    pub fn new(
        name: String,
        (rows, cols): (usize, usize),
        focus: (usize, usize),
        entry: impl Fn(usize, usize) -> Entry + 'a,
    ) -> Self {
        Matrix {
            name,
            rows,
            cols,
            focus: (focus.0.min(rows - 1), focus.1.min(cols - 1)),
            entry: Box::new(entry),
            cache: RefCell::new(HashMap::new()),
        }
    }

    /// A column vector of `n` entries.
    pub fn column(
        name: String,
        n: usize,
        focus: usize,
        entry: impl Fn(usize) -> Entry + 'a,
    ) -> Self {
        Matrix::new(name, (n, 1), (focus, 0), move |r, _| entry(r))
    }

    /// A row vector of `n` entries.
    pub fn row(name: String, n: usize, focus: usize, entry: impl Fn(usize) -> Entry + 'a) -> Self {
        Matrix::new(name, (1, n), (0, focus), move |_, c| entry(c))
    }

    fn entry(&self, r: usize, c: usize) -> Entry {
        self.cache
            .borrow_mut()
            .entry((r, c))
            .or_insert_with(|| (self.entry)(r, c))
            .clone()
    }

    /// `2×2`, or `2x2` in ASCII.
    pub fn shape(&self, theme: &Theme) -> String {
        format!("{}{}{}", self.rows, theme.sym("×", "x"), self.cols)
    }
}

/// One part of an equation.
pub enum Term<'a> {
    /// An operator or a scalar, on the middle row: `=`, `+`, `⊙`, `− 0.5·`, `σ(`.
    Op(String, Style),
    /// A matrix or vector with its numbers.
    Matrix(Matrix<'a>),
}

/// Shorthand for an operator in the plain style.
pub fn op<'a>(text: &str) -> Term<'a> {
    Term::Op(text.to_string(), Style::new())
}

/// An equation: its symbols in one line, then its terms with their numbers.
pub struct Equation<'a> {
    /// The equation in symbols, as one line.
    pub symbolic: String,
    /// Its terms, with their numbers, in the order written.
    pub terms: Vec<Term<'a>>,
}

/// How much of each matrix to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fit {
    /// Rows of entries a matrix shows at most.
    pub rows: usize,
    /// Columns of entries a matrix shows at most.
    pub cols: usize,
    /// Names above the matrices.
    pub captions: bool,
    /// Shapes under the matrices.
    pub shapes: bool,
}

/// A term drawn: lines of `width` columns, operators aligned with line `centre`.
struct Piece {
    lines: Vec<Vec<Span<'static>>>,
    width: usize,
    centre: usize,
}

fn pad(text: String, w: usize) -> String {
    let used = width(&text);
    format!("{text}{}", " ".repeat(w.saturating_sub(used)))
}

fn centred(text: &str, w: usize) -> String {
    let left = w.saturating_sub(width(text)) / 2;
    pad(format!("{}{text}", " ".repeat(left)), w)
}

/// The rows and columns of a matrix that are drawn, as index ranges.
#[derive(Debug, Clone, Copy)]
struct Window {
    rows: (usize, usize),
    cols: (usize, usize),
}

/// A window of `len` indices out of `n` that contains `focus`.
pub fn window(n: usize, len: usize, focus: usize) -> (usize, usize) {
    let len = len.clamp(1, n);
    let start = focus.saturating_sub(len / 2).min(n - len);
    (start, start + len)
}

/// Brackets for line `i` of `n`: ⎡ ⎢ ⎣ (one line: [ ]); `[` `]` in ASCII.
fn brackets(i: usize, n: usize, theme: &Theme) -> (&'static str, &'static str) {
    if theme.ascii || n == 1 {
        ("[", "]")
    } else if i == 0 {
        ("⎡", "⎤")
    } else if i + 1 == n {
        ("⎣", "⎦")
    } else {
        ("⎢", "⎥")
    }
}

impl Matrix<'_> {
    fn piece(&self, fit: Fit, theme: &Theme) -> Piece {
        let window = Window {
            rows: window(self.rows, fit.rows, self.focus.0),
            cols: window(self.cols, fit.cols, self.focus.1),
        };
        let (body, inner) = self.body(window, theme);
        let shape = self.shape_line(window.cols, theme);
        self.framed(body, inner, &shape, fit, theme)
    }

    /// The lines inside the brackets: `⋮ n more` above and below the window's rows, `…` where
    /// columns are left out; and their width.
    fn body(&self, window: Window, theme: &Theme) -> (Vec<Vec<Span<'static>>>, usize) {
        let ((r0, r1), (c0, c1)) = (window.rows, window.cols);
        let grid: Vec<Vec<Entry>> = (r0..r1)
            .map(|r| (c0..c1).map(|c| self.entry(r, c)).collect())
            .collect();
        let col_w: Vec<usize> = (0..c1 - c0)
            .map(|c| {
                grid.iter()
                    .map(|row| width(&row[c].text))
                    .max()
                    .unwrap_or(1)
            })
            .collect();
        let ell = theme.ellipsis();
        let (left, right) = (c0 > 0, c1 < self.cols);
        let entries_w = col_w.iter().sum::<usize>()
            + 2 * (col_w.len() - 1)
            + (usize::from(left) + usize::from(right)) * (width(ell) + 1);
        let more = |n: usize| crate::tui::ui::network::more(theme, n);
        let above = (r0 > 0).then(|| more(r0));
        let below = (r1 < self.rows).then(|| more(self.rows - r1));
        let inner = [&above, &below]
            .iter()
            .filter_map(|m| m.as_deref().map(width))
            .fold(entries_w, usize::max);
        let marker = |text: &String| vec![Span::styled(pad(text.clone(), inner), theme.dim)];
        let mut body: Vec<Vec<Span<'static>>> = above.iter().map(marker).collect();
        for row in &grid {
            // Entries keep to the right when a marker line is wider than they are.
            let mut spans = vec![Span::raw(" ".repeat(inner - entries_w))];
            if left {
                spans.push(Span::styled(format!("{ell} "), theme.dim));
            }
            for (c, e) in row.iter().enumerate() {
                if c > 0 {
                    spans.push(Span::raw("  "));
                }
                let text = format!("{:>w$}", e.shown(), w = col_w[c]);
                spans.push(Span::styled(text, e.style));
            }
            if right {
                spans.push(Span::styled(format!(" {ell}"), theme.dim));
            }
            body.push(spans);
        }
        body.extend(below.iter().map(marker));
        (body, inner)
    }

    /// The body in brackets, with the name above and the shape under it if they fit.
    fn framed(
        &self,
        body: Vec<Vec<Span<'static>>>,
        inner: usize,
        shape: &str,
        fit: Fit,
        theme: &Theme,
    ) -> Piece {
        let n = body.len();
        let mut w = inner + 4;
        if fit.captions {
            w = w.max(width(&self.name));
        }
        if fit.shapes {
            w = w.max(width(shape));
        }
        let lead = (w - inner - 4) / 2;
        let mut lines = Vec::new();
        if fit.captions {
            lines.push(vec![Span::styled(centred(&self.name, w), theme.heading)]);
        }
        for (i, spans) in body.into_iter().enumerate() {
            let (open, close) = brackets(i, n, theme);
            let mut line = vec![Span::raw(format!("{}{open} ", " ".repeat(lead)))];
            line.extend(spans);
            line.push(Span::raw(pad(format!(" {close}"), w - lead - inner - 2)));
            lines.push(line);
        }
        if fit.shapes {
            lines.push(vec![Span::styled(centred(shape, w), theme.dim)]);
        }
        Piece {
            lines,
            width: w,
            centre: usize::from(fit.captions) + (n - 1) / 2,
        }
    }

    /// `2×2`; with columns left out, how many on each side: `… 497 · 128×784 · 283 …`.
    fn shape_line(&self, (c0, c1): (usize, usize), theme: &Theme) -> String {
        let shape = self.shape(theme);
        if c0 == 0 && c1 == self.cols {
            return shape;
        }
        let ell = theme.ellipsis();
        let sep = theme.sep();
        let left = if c0 > 0 {
            format!("{ell} {c0}{sep}")
        } else {
            String::new()
        };
        let right = if c1 < self.cols {
            format!("{sep}{} {ell}", self.cols - c1)
        } else {
            String::new()
        };
        format!("{left}{shape}{right}")
    }
}

fn op_piece(text: &str, style: Style) -> Piece {
    Piece {
        lines: vec![vec![Span::styled(text.to_string(), style)]],
        width: width(text),
        centre: 0,
    }
}

impl Term<'_> {
    fn piece(&self, fit: Fit, theme: &Theme) -> Piece {
        match self {
            Term::Op(text, style) => op_piece(text, *style),
            Term::Matrix(m) => m.piece(fit, theme),
        }
    }
}

/// The terms laid out in bands of at most `max_width` columns: a band ends where the next
/// term would not fit, and the next starts indented, with the operator the first one ended on.
pub fn bands(terms: &[Term], fit: Fit, theme: &Theme, max_width: usize) -> Vec<Line<'static>> {
    const INDENT: usize = 4;
    let pieces: Vec<(bool, Piece)> = terms
        .iter()
        .map(|t| (matches!(t, Term::Op(..)), t.piece(fit, theme)))
        .collect();
    let mut lines = Vec::new();
    let mut band: Vec<&(bool, Piece)> = Vec::new();
    for piece in &pieces {
        let indent = if lines.is_empty() { 0 } else { INDENT };
        let used: usize = indent + band.iter().map(|(_, p)| p.width + 1).sum::<usize>();
        if !band.is_empty() && used + piece.1.width > max_width {
            // An operator goes to the start of the next band, not the end of this one.
            let carried = match band.last() {
                Some((true, _)) if band.len() > 1 => band.pop(),
                _ => None,
            };
            lines.extend(band_lines(&band, indent));
            band = carried.into_iter().collect();
        }
        band.push(piece);
    }
    let indent = if lines.is_empty() { 0 } else { INDENT };
    lines.extend(band_lines(&band, indent));
    lines
}

/// One band: pieces side by side, their centre lines level.
fn band_lines(band: &[&(bool, Piece)], indent: usize) -> Vec<Line<'static>> {
    let band: Vec<&Piece> = band.iter().map(|(_, p)| p).collect();
    let centre = band.iter().map(|p| p.centre).max().unwrap_or(0);
    let height = band
        .iter()
        .map(|p| centre - p.centre + p.lines.len())
        .max()
        .unwrap_or(0);
    (0..height)
        .map(|y| {
            let mut spans = vec![Span::raw(" ".repeat(indent))];
            for (i, p) in band.iter().enumerate() {
                if i > 0 {
                    spans.push(Span::raw(" "));
                }
                let top = centre - p.centre;
                match y.checked_sub(top).and_then(|row| p.lines.get(row)) {
                    Some(line) => spans.extend(line.iter().cloned()),
                    None => spans.push(Span::raw(" ".repeat(p.width))),
                }
            }
            Line::from(spans)
        })
        .collect()
}
