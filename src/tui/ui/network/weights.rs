//! The weights as edges: a pen for each (blue for w > 0 and red for w < 0, brighter the larger
//! |w|; without colour, dashed for w < 0 and faint when small; the formula's highlight when it
//! reads the weight, drawn thick when the step is about it), and the legend that says so in
//! words.
//!
//! Edges that meet at a node arrive at (and leave from) different rows of braille dots, so
//! they stay apart up to the node. Between two large layers only the edges of the neurons the
//! step is about are drawn: a dozen neurons a side would give a hundred and more crossing
//! lines, none of which could be followed.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use crate::trace::{Param, Sym};

use super::super::View;
use super::super::raster::Pen;
use super::place::{Column, anchors};
use super::{Blocks, focus};

/// More edges than this between two shown layers, and only the current neurons' are drawn.
const MOST_EDGES: usize = 40;

/// What the edges drawn were: the largest |w| (which shades are relative to), and whether
/// some were left out.
#[derive(Debug, Clone, Copy)]
pub struct Drawn {
    max: f64,
    thinned: bool,
}

/// One edge: layer, j, k, weight, from (column, row, dot row), to.
type Edge = (usize, usize, usize, f64, (u16, u16, u8), (u16, u16, u8));

/// The rows two neighbouring columns span, from the top of the higher to the bottom of the
/// lower of their nodes.
fn columns_rows(a: &Column, b: &Column) -> usize {
    let rows = |c: &Column| c.iter().flatten().map(|&(_, row)| row).collect::<Vec<_>>();
    let all: Vec<usize> = rows(a).into_iter().chain(rows(b)).collect();
    match (all.iter().min(), all.iter().max()) {
        (Some(lo), Some(hi)) => hi - lo + 1,
        _ => 0,
    }
}

/// The dot row (0 to 3) of the `i`-th of `n` edges meeting at one node: spread top to bottom.
fn port(i: usize, n: usize) -> u8 {
    if n <= 1 { 1 } else { (i * 3 / (n - 1)) as u8 }
}

/// A line to draw: its pen, and the cell and row of dots it goes from and to.
pub type Stroke = (Pen, (u16, u16, u8), (u16, u16, u8));

/// Every edge between neighbouring shown layers, as lines to draw, weakest first (so that
/// strong and highlighted ones are drawn over them). `spans` gives each shown column's x
/// (relative to the body) and text width; `gap` the columns between them.
pub fn edges(
    view: &View,
    (first, columns, blocks): (usize, &[Column], Blocks),
    (spans, gap): (&[(u16, u16)], usize),
) -> (Vec<Stroke>, Option<Drawn>) {
    let mut edges: Vec<Edge> = Vec::new();
    let mut thinned = false;
    for i in 1..columns.len() {
        let l = first + i;
        // Only a dense layer on vectors has a weight per pair of neurons to draw.
        if !view.lesson.layers[l - 1].is_dense() {
            continue;
        }
        // A space after a neuron's text where the gap allows, so a long value stays apart.
        let from_x = spans[i - 1].0 + spans[i - 1].1 + u16::from(gap >= 5);
        let to_x = spans[i].0.saturating_sub(1);
        let sources = anchors(&columns[i - 1], l - 1, blocks);
        let targets = anchors(&columns[i], l, blocks);
        // Too many to follow, or too little height for them (under two rows a neuron): only
        // those of the neurons the step is about.
        let rows = columns_rows(&columns[i - 1], &columns[i]);
        let many = sources.len() * targets.len() > MOST_EDGES
            || rows < 2 * sources.len().max(targets.len());
        for (a, &(k, from_y)) in sources.iter().enumerate() {
            for (b, &(j, to_y)) in targets.iter().enumerate() {
                let kept = !many
                    || highlight(view, l, j, k) != Highlight::None
                    || focus(view, l) == Some(j)
                    || focus(view, l - 1) == Some(k);
                thinned |= !kept;
                if kept {
                    let w = view.batch.before(Param::w(l, j, k));
                    let from = (from_x, from_y, port(b, targets.len()));
                    let to = (to_x, to_y, port(a, sources.len()));
                    edges.push((l, j, k, w, from, to));
                }
            }
        }
    }
    let max = edges
        .iter()
        .map(|e| e.3.abs())
        .filter(|w| w.is_finite())
        .fold(0.0, f64::max);
    let highlighted = edges
        .iter()
        .any(|&(l, j, k, ..)| highlight(view, l, j, k) != Highlight::None);
    let mut strokes: Vec<Stroke> = edges
        .iter()
        .map(|&(l, j, k, w, from, to)| (pen(view, (l, j, k), w, max, highlighted), from, to))
        .collect();
    strokes.sort_by_key(|(p, ..)| p.priority);
    let drawn = (!edges.is_empty() || thinned).then_some(Drawn { max, thinned });
    (strokes, drawn)
}

/// How an edge is highlighted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Highlight {
    None,
    /// The current formula reads this weight.
    Read,
    /// The current step is about this weight (its gradient, update or optimizer state).
    Current,
}

fn highlight(view: &View, l: usize, j: usize, k: usize) -> Highlight {
    if view.is_current_param(l, j, Some(k)) {
        Highlight::Current
    } else if view.reads.contains(&Sym::w(l, j, k)) {
        Highlight::Read
    } else {
        Highlight::None
    }
}

/// Shade 0 (faint) to 3 (bright) of a weight, relative to the largest shown.
fn shade(w: f64, max: f64) -> usize {
    if max.is_nan() || max <= 0.0 || !w.is_finite() {
        return 3;
    }
    ((w.abs() / max * 4.0).ceil() as usize).clamp(1, 4) - 1
}

/// 256-colour shades, faint to bright: blue for w > 0, red for w < 0.
const POSITIVE: [u8; 4] = [61, 68, 75, 117];
const NEGATIVE: [u8; 4] = [95, 131, 167, 203];

fn pen(view: &View, (l, j, k): (usize, usize, usize), w: f64, max: f64, any: bool) -> Pen {
    let theme = &view.theme;
    // The sign is the colour's to tell (blue or red); without colour, a negative weight is
    // dashed. Dashes in colour only break the lines up where they cross.
    let dashed = w < 0.0 && !theme.color;
    let s = shade(w, max);
    let reversed = Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED);
    match highlight(view, l, j, k) {
        Highlight::Current => Pen {
            style: theme.current,
            priority: 11,
            dashed,
            thick: true,
        },
        Highlight::Read => Pen {
            style: if theme.color {
                view.link_style(&Sym::w(l, j, k))
            } else {
                reversed
            },
            priority: 10,
            dashed,
            thick: false,
        },
        Highlight::None => Pen {
            style: edge_style(theme.color, dashed, s, any),
            priority: s as u8,
            dashed,
            thick: false,
        },
    }
}

/// An edge that is not highlighted: its sign's colour at its shade; without colour, faint
/// when small or when others are highlighted.
fn edge_style(color: bool, negative: bool, shade: usize, others_highlighted: bool) -> Style {
    if color {
        let ramp = if negative { NEGATIVE } else { POSITIVE };
        Style::new().fg(Color::Indexed(ramp[shade]))
    } else if shade < 2 || others_highlighted {
        Style::new().add_modifier(Modifier::DIM)
    } else {
        Style::new()
    }
}

/// The bottom border's legend, in words, as much of it as fits `width` columns (the sign
/// first, then what is read, this weight, edges left out, the shading):
/// `⠒⠒ w > 0  ⠒⠒ w < 0  ⠒⠒ read  ⠶⠶ this weight  brighter: larger |w| (to 0.55)`.
pub fn legend(view: &View, drawn: Option<Drawn>, width: usize) -> Option<Line<'static>> {
    let Drawn { max, thinned } = drawn?;
    let theme = &view.theme;
    let solid = theme.sym("⠒⠒", "--");
    let dashed = if theme.color {
        solid
    } else {
        theme.sym("⠒⠒ ⠒", "- -")
    };
    let bright = |negative| edge_style(theme.color, negative, 3, false);
    let read = if theme.color {
        theme.read
    } else {
        Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
    };
    let lang = theme.lang;
    let part = |mark: &'static str, style: Style, words: String| {
        vec![Span::styled(mark, style), Span::raw(format!(" {words}  "))]
    };
    let mut parts = vec![
        part(solid, bright(false), "w > 0".into()),
        part(dashed, bright(true), "w < 0".into()),
        part(solid, read, lang.t("legend-read")),
    ];
    if matches!(
        view.step.id.param(),
        Some(Param {
            tensor: crate::trace::Tensor::W,
            ..
        })
    ) {
        parts.push(part(
            theme.sym("⠶⠶", "=="),
            theme.current,
            lang.t("legend-this-weight"),
        ));
    }
    if thinned {
        parts.push(vec![Span::raw(format!("{}  ", lang.t("legend-thinned")))]);
    }
    let scale = if theme.color {
        "legend-brighter"
    } else {
        "legend-fainter"
    };
    parts.push(vec![Span::raw(crate::tr!(
        lang,
        scale,
        max = view.cell(max)
    ))]);
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for p in parts {
        let w: usize = p.iter().map(|s| super::super::width(&s.content)).sum();
        if used + w > width {
            break;
        }
        used += w;
        spans.extend(p);
    }
    Some(Line::from(spans))
}
