//! The network as a picture: columns of neurons (inputs, hidden layers, outputs), each a node
//! with the z, a and δ of the shown sample that the trace has computed *so far* (stepping back
//! blanks them again), and every weight an edge between two nodes: solid for w > 0, dashed
//! for w < 0, coloured by sign and brighter the larger |w| (a legend in the bottom border).
//! What the current formula reads is highlighted, from the formula's own inputs: z⁽¹⁾₁ lights
//! the edges into hidden neuron 1, δ⁽¹⁾₁ the edges out of it.
//!
//! A layer too tall for the panel shows its first and last neurons and the one that matters,
//! with `⋮ n more` between; too many layers show a window of columns around the current one.
//! In a network that starts with convolutions the picture is its dense part: the vector the
//! last image layer was flattened into is its first column, drawn like the inputs.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::trace::{Quantity, StepId};

mod place;
mod weights;

use super::raster::Raster;
use super::{View, fit, width};
use place::{Column, Item, MAX_SLOT, place};
use weights::{draw_edges, legend};

/// How much of each neuron the picture shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Blocks {
    /// z, a and δ on three rows (the first column, the inputs: x).
    Full {
        /// The layer of the picture's first column (see [`first_layer`]).
        first: usize,
    },
    /// One row per neuron, for panels too low for three: the quantity the current step is
    /// about (z, a or δ; δ for gradients, a otherwise).
    Compact(Quantity),
}

impl Blocks {
    /// Rows a neuron of layer `l` takes.
    pub(super) fn rows(self, l: usize) -> usize {
        match self {
            Blocks::Full { first } if l > first => 3,
            _ => 1,
        }
    }

    /// The row of a neuron's block that carries its node and its edges: a (x for inputs).
    pub(super) fn anchor(self, l: usize) -> usize {
        self.rows(l) / 2
    }

    /// Compact blocks when the body has fewer rows than a full block.
    fn for_rows(view: &View, rows: usize) -> Blocks {
        if rows >= 3 {
            return Blocks::Full {
                first: first_layer(view),
            };
        }
        Blocks::Compact(match view.step.id.quantity {
            q @ (Quantity::Z | Quantity::A | Quantity::Delta) => q,
            Quantity::DB | Quantity::DW => Quantity::Delta,
            _ => Quantity::A,
        })
    }
}

/// The layer whose output is the picture's first column: 0, the input, for a network of dense
/// layers; in a network that starts with convolutions, the last layer that is not dense (the
/// flatten), so that the picture is the dense part, not thousands of image numbers drawn as
/// neurons.
pub fn first_layer(view: &View) -> usize {
    view.lesson
        .layers
        .iter()
        .rposition(|l| !l.is_dense())
        .map_or(0, |i| i + 1)
}

/// Width of the neuron numbers of the widest layer.
fn label_width(view: &View) -> usize {
    (first_layer(view)..=view.lesson.depth())
        .map(|l| view.lesson.width(l))
        .max()
        .unwrap_or(1)
        .to_string()
        .len()
}

/// Width of a neuron's text: `●12 z -0.0009887`.
fn text_width(view: &View) -> usize {
    1 + label_width(view) + 3 + 10
}

/// Columns between layers for their edges: at least, and as many as the panel asks for.
const GAP_MIN: usize = 3;
const GAP_WANTED: usize = 12;

/// Width that shows every layer side by side with room for the edges (with borders).
pub fn wanted_width(view: &View) -> u16 {
    let cols = view.lesson.depth() + 1 - first_layer(view);
    (cols * text_width(view) + (cols - 1) * GAP_WANTED + 2) as u16
}

/// Width that shows every layer with a little room for the edges (with borders).
pub fn min_width(view: &View) -> u16 {
    let cols = view.lesson.depth() + 1 - first_layer(view);
    (cols * text_width(view) + (cols - 1) * 5 + 2) as u16
}

/// Height that shows every neuron (with borders and the title row), with or without a blank
/// row between neurons.
pub fn wanted_height(view: &View, gaps: bool) -> u16 {
    let first = first_layer(view);
    let rows = (first..=view.lesson.depth())
        .map(|l| {
            let n = view.lesson.width(l);
            n * Blocks::Full { first }.rows(l) + if gaps { n - 1 } else { 0 }
        })
        .max()
        .unwrap_or(1);
    (rows + 3).min(u16::MAX as usize) as u16
}

/// Height at which the neurons of every layer are as far apart as they get (with borders and
/// the title row).
pub fn spread_height(view: &View) -> u16 {
    let rows = (first_layer(view)..=view.lesson.depth())
        .map(|l| view.lesson.width(l) * MAX_SLOT)
        .max()
        .unwrap_or(1);
    (rows + 3).min(u16::MAX as usize) as u16
}

/// Draws the network panel: as many layers as fit, around the one being computed.
pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let depth = view.lesson.depth();
    let tw = text_width(view);
    let inner_w = area.width.saturating_sub(2) as usize;
    let fit_cols = ((inner_w + GAP_MIN) / (tw + GAP_MIN)).max(1);
    let base = first_layer(view);
    let shown = fit_cols.min(depth + 1 - base);
    // A window of layers around the one being computed (and the one below it, which it reads).
    let anchor = view.step.id.layer.min(depth).max(base);
    let first = anchor.saturating_sub(1).max(base).min(depth + 1 - shown);
    let last = first + shown - 1;
    let mut block = view.block(title(view, first, last, shown + base <= depth));
    let inner = block.inner(area);
    if inner.width == 0 || inner.height < 2 {
        block.render(area, buf);
        return;
    }
    let gap = match shown {
        1 => 0,
        _ => (inner.width as usize).saturating_sub(shown * tw) / (shown - 1),
    };
    let x_of = |i: usize| inner.x + (i * (tw + gap)) as u16;
    let body = Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1);
    let rows = body.height as usize;
    // The height the columns spread over: all of it, as long as some layer fills it.
    let span = (first..=last)
        .map(|l| view.lesson.width(l) * MAX_SLOT)
        .max()
        .unwrap_or(0)
        .min(rows);
    let blocks = Blocks::for_rows(view, rows);
    let columns: Vec<Column> = (first..=last)
        .map(|l| place(view, l, (span, rows), blocks))
        .collect();
    let mut raster = Raster::new(body, view.theme.ascii);
    let max_w = draw_edges(
        view,
        (first, &columns, blocks),
        (x_of, tw, body),
        &mut raster,
    );
    if let Some(legend) = legend(view, max_w) {
        block = block.title_bottom(legend);
    }
    block.render(area, buf);
    raster.render(buf);
    for (i, l) in (first..=last).enumerate() {
        let x = x_of(i);
        let w = if l == last {
            (inner.right() - x) as usize
        } else {
            tw + gap.saturating_sub(1)
        };
        let title = Line::styled(layer_title(view, l, w), view.theme.heading);
        buf.set_line(x, inner.y, &title, w as u16);
        let area = Rect::new(x, body.y, w as u16, body.height);
        draw_column(view, (l, blocks), &columns[i], area, buf);
    }
}

/// `Network · sample 1`, and which layers are shown when not all are.
fn title(view: &View, first: usize, last: usize, windowed: bool) -> String {
    let depth = view.lesson.depth();
    let sample = match view.step.sample() {
        Some(s) => format!("sample {s}"),
        None if view.batch.len() > 1 => format!(
            "sample {}, the last of batch {}",
            view.sample, view.step.batch
        ),
        None => format!("sample {}", view.sample),
    };
    let mut title = format!("Network{}{sample}", view.theme.sep());
    if windowed {
        title.push_str(&format!(
            "{}layers {first} to {last} of 0 to {depth}",
            view.theme.sep()
        ));
    }
    title
}

/// The neuron of layer `l` that must stay in view: the current step's, or the input of its
/// weight.
pub(super) fn focus(view: &View, l: usize) -> Option<usize> {
    let id = view.step.id;
    if id.quantity == Quantity::Loss {
        None
    } else if l == id.layer {
        Some(id.j())
    } else if l + 1 == id.layer {
        id.k()
    } else {
        None
    }
}

/// Is neuron j of layer l one end of the current step (its neuron, or the input of its weight)?
fn is_focus(view: &View, l: usize, j: usize) -> bool {
    focus(view, l) == Some(j)
}

fn layer_title(view: &View, l: usize, w: usize) -> String {
    let depth = view.lesson.depth();
    let name = match l {
        0 => "input".to_string(),
        _ if l == first_layer(view) => {
            format!("layer {l}, {}", view.lesson.layers[l - 1].kind.name())
        }
        _ if l == depth => "output".to_string(),
        _ if depth == 2 => "hidden".to_string(),
        _ => format!("hidden {l}"),
    };
    if l == first_layer(view) {
        return fit(&name, w, &view.theme);
    }
    let full = format!("{name}{}{}", view.theme.sep(), view.activation(l).name());
    if width(&full) <= w {
        full
    } else {
        fit(&name, w, &view.theme)
    }
}

/// One layer's column: its neurons' blocks and the markers between them.
fn draw_column(
    view: &View,
    (l, blocks): (usize, Blocks),
    column: &Column,
    area: Rect,
    buf: &mut Buffer,
) {
    let theme = &view.theme;
    let w = area.width;
    let Some(items) = column else {
        let n = view.lesson.width(l);
        let line = Line::styled(fit(&format!("{n} neurons"), w as usize, theme), theme.dim);
        buf.set_line(area.x, area.y, &line, w);
        return;
    };
    let lw = label_width(view);
    for &(item, row) in items {
        let lines = match item {
            Item::Neuron(j) => neuron_lines(view, (l, j), lw, blocks),
            Item::More(n) => {
                let text = format!("{} {n} more", theme.sym("⋮", ":"));
                vec![Line::styled(fit(&text, w as usize, theme), theme.dim)]
            }
        };
        for (i, line) in lines.iter().enumerate() {
            let y = area.y + (row + i) as u16;
            if y < area.bottom() {
                buf.set_line(area.x, y, line, w);
            }
        }
    }
}

/// `  z 0.3775` / `●1 a 0.5933` / `  δ 0.008771`, blank where not yet computed (compact: the
/// one row that matters); inputs are `●1 x 0.05`.
fn neuron_lines(
    view: &View,
    (l, j): (usize, usize),
    lw: usize,
    blocks: Blocks,
) -> Vec<Line<'static>> {
    let theme = &view.theme;
    let s = view.values();
    let head = node_and_label(view, (l, j), lw);
    if l == first_layer(view) {
        let style = if view.reads_value(Quantity::A, l, j) {
            theme.read
        } else {
            Style::new()
        };
        let mut spans = head;
        let x = if l == 0 { " x " } else { " a " };
        spans.extend([Span::raw(x), Span::styled(view.cell(s.a(l, j)), style)]);
        return vec![Line::from(spans)];
    }
    let mut rows = vec![
        (Quantity::Z, "z", s.z(l, j)),
        (Quantity::A, "a", s.a(l, j)),
        (Quantity::Delta, theme.sym("δ", "d"), s.delta(l, j)),
    ];
    if let Blocks::Compact(q) = blocks {
        rows.retain(|r| r.0 == q);
    }
    rows.iter()
        .enumerate()
        .map(|(i, &(q, sym, v))| {
            let mut spans = match i == blocks.anchor(l) {
                true => head.clone(),
                false => vec![Span::raw(" ".repeat(lw + 1))],
            };
            spans.extend(value_spans(view, StepId::neuron(q, l, j), sym, v));
            Line::from(spans)
        })
        .collect()
}

/// The node (●, highlighted when the step is about the neuron or reads it) and the neuron's
/// number.
fn node_and_label(view: &View, (l, j): (usize, usize), lw: usize) -> Vec<Span<'static>> {
    let theme = &view.theme;
    let focus = is_focus(view, l, j);
    let read = [Quantity::Z, Quantity::A, Quantity::Delta]
        .iter()
        .any(|&q| view.reads_value(q, l, j));
    let node_style = match (focus, read) {
        (true, _) => theme.focus,
        (false, true) => theme.read,
        _ => Style::new(),
    };
    let label_style = if focus { theme.focus } else { Style::new() };
    vec![
        Span::styled(theme.sym("●", "o"), node_style),
        Span::styled(format!("{:>lw$}", j + 1), label_style),
    ]
}

/// ` z 0.3775`: a neuron's number of step `id`, blank until computed, `?` while the quiz
/// hides it; the current number and the numbers the formula reads highlighted.
fn value_spans(view: &View, id: StepId, sym: &str, v: f64) -> [Span<'static>; 4] {
    let theme = &view.theme;
    let (q, l, j) = (id.quantity, id.layer, id.j());
    let known = view.known(id);
    let value_style = if !view.is_update() && view.step.id == id {
        theme.current
    } else if view.reads_value(q, l, j) {
        theme.read
    } else {
        Style::new()
    };
    let value = if view.hidden(id) {
        "?".to_string()
    } else if known {
        view.cell(v)
    } else {
        String::new()
    };
    let sym_style = if known { Style::new() } else { theme.dim };
    [
        Span::raw(" "),
        Span::styled(sym.to_string(), sym_style),
        Span::raw(" "),
        Span::styled(value, value_style),
    ]
}
