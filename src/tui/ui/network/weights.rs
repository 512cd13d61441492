//! The weights as edges: a pen for each (solid for w > 0, dashed for w < 0; a shade of its
//! sign's colour by |w|; the formula's highlight when it reads it or is about it), and the
//! legend that says so.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use crate::trace::{Param, Sym};

use super::super::View;
use super::super::raster::{Pen, Raster};
use super::Blocks;
use super::place::{Column, anchors};

/// Every edge between neighbouring shown layers, into the raster; returns the largest |w|
/// drawn (which the shading is relative to).
pub fn draw_edges(
    view: &View,
    (first, columns, blocks): (usize, &[Column], Blocks),
    (x_of, tw, body): (impl Fn(usize) -> u16, usize, Rect),
    raster: &mut Raster,
) -> Option<f64> {
    let mut edges = Vec::new();
    for i in 1..columns.len() {
        let l = first + i;
        // Only a dense layer on vectors has a weight per pair of neurons to draw.
        if !view.lesson.layers[l - 1].is_dense() {
            continue;
        }
        // A space after a neuron's text where the gap allows, so a long value stays apart.
        let from_x = x_of(i - 1) - body.x + tw as u16 + u16::from(gap_of(&x_of, tw) >= 5);
        let to_x = (x_of(i) - body.x).saturating_sub(1);
        for (k, from_y) in anchors(&columns[i - 1], l - 1, blocks) {
            for (j, to_y) in anchors(&columns[i], l, blocks) {
                let w = view.batch.before(Param::w(l, j, k));
                edges.push((l, j, k, w, (from_x, from_y), (to_x, to_y)));
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
    let mut pens: Vec<Stroke> = edges
        .iter()
        .map(|&(l, j, k, w, from, to)| (pen(view, (l, j, k), w, max, highlighted), from, to))
        .collect();
    // Weak edges first, so that strong and highlighted ones are drawn over them.
    pens.sort_by_key(|(p, ..)| p.priority);
    for (p, from, to) in pens {
        raster.line(from, to, p);
    }
    (!edges.is_empty()).then_some(max)
}

/// A line to draw: its pen, from, to.
type Stroke = (Pen, (u16, u16), (u16, u16));

/// Columns between one layer's text and the next layer's.
fn gap_of(x_of: &impl Fn(usize) -> u16, tw: usize) -> usize {
    (x_of(1) - x_of(0)) as usize - tw
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
    let dashed = w < 0.0;
    let s = shade(w, max);
    let reversed = Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED);
    match highlight(view, l, j, k) {
        Highlight::Current => Pen {
            style: theme.current,
            priority: 11,
            dashed,
        },
        Highlight::Read => Pen {
            style: if theme.color { theme.read } else { reversed },
            priority: 10,
            dashed,
        },
        Highlight::None => Pen {
            style: edge_style(theme.color, dashed, s, any),
            priority: s as u8,
            dashed,
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

/// The bottom border's legend: `⠒⠒ w>0  ⠒ ⠒ w<0  |w| 0 ⠒⠒⠒⠒ 0.55  ⠒⠒ read`.
pub fn legend(view: &View, max: Option<f64>) -> Option<Line<'static>> {
    let max = max?;
    let theme = &view.theme;
    let (solid, dashed) = (theme.sym("⠒⠒", "--"), theme.sym("⠒ ⠒", "- -"));
    let bright = |negative| edge_style(theme.color, negative, 3, false);
    let mut spans = vec![
        Span::raw(" "),
        Span::styled(solid, bright(false)),
        Span::raw(" w>0  "),
        Span::styled(dashed, bright(true)),
        Span::raw(" w<0  |w| 0 "),
    ];
    let dot = theme.sym("⠒", "-");
    if theme.color {
        for c in POSITIVE {
            spans.push(Span::styled(dot, Style::new().fg(Color::Indexed(c))));
        }
    } else {
        spans.push(Span::styled(
            format!("{dot}{dot}"),
            edge_style(false, false, 0, false),
        ));
        spans.push(Span::raw(format!("{dot}{dot}")));
    }
    spans.push(Span::raw(format!(" {}  ", view.cell(max))));
    let read = if theme.color {
        theme.read
    } else {
        Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
    };
    spans.push(Span::styled(solid, read));
    spans.push(Span::raw(" read "));
    if matches!(
        view.step.id.param(),
        Some(Param {
            tensor: crate::trace::Tensor::W,
            ..
        })
    ) {
        spans.push(Span::styled(solid, theme.current));
        spans.push(Span::raw(" this weight "));
    }
    Some(Line::from(spans))
}
