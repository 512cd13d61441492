//! The network as a picture: columns of neurons (inputs, hidden layers, outputs), each a node
//! with the z, a and δ of the shown sample that the trace has computed *so far* (stepping back
//! blanks them again), and every weight an edge between two nodes, coloured by sign and
//! brighter the larger |w| (a legend in words in the bottom border). What the current formula
//! reads is highlighted, from the formula's own inputs: z⁽¹⁾₁ lights the edges into hidden
//! neuron 1, δ⁽¹⁾₁ the edges out of it. The inputs' column is only as wide as the lesson's
//! inputs are written, so that the edges get the width.
//!
//! A layer too tall for the panel shows its first and last neurons and the one that matters,
//! with `⋮ n more` between; too many layers show a window of columns around the current one.
//! The plan of where everything goes (`Plan`) is apart from the drawing, so that a test can
//! draw each edge alone. In a network that starts with convolutions the picture is its dense
//! part: the vector the last image layer was flattened into is its first column, drawn like
//! the inputs.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::trace::{Quantity, StepId, Sym};

mod place;
mod weights;

use crate::tr;

use super::raster::Raster;
use super::{View, fit, width};
use place::{Column, Item, MAX_SLOT, place};
use weights::{edges, legend};

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

    /// Full blocks when every neuron of the tallest shown layer (`n` of them) fits with its
    /// three rows, or the panel is too low for one row each anyway (a window of them shows);
    /// else one row per neuron, so that every neuron of a small network shows.
    fn for_rows(view: &View, n: usize, rows: usize) -> Blocks {
        if rows >= 3 && (n * 3 <= rows || n > rows) {
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

/// Width of a neuron's text in layer `l`: `●12 z -0.0009887`; the inputs' only as wide as
/// the lesson's inputs are written (`●1 x 5.1`), so that the edges get the width.
fn text_width(view: &View, l: usize) -> usize {
    let value = if l == 0 { input_width(view) } else { 10 };
    1 + label_width(view) + 3 + value
}

/// The widest input of the lesson's data as a cell writes it (10 for data too large to read
/// through on every frame).
fn input_width(view: &View) -> usize {
    let data = &view.lesson.data;
    if data.len() * view.lesson.width(0) > 20_000 {
        return 10;
    }
    data.iter()
        .flat_map(|s| s.input.iter())
        .map(|&v| width(&super::cell(v, &view.theme)))
        .max()
        .unwrap_or(1)
}

/// Columns between layers for their edges, at least.
const GAP_MIN: usize = 3;

/// Height that shows every neuron with its z, a and δ (with borders and the title row), with
/// or without a blank row between neurons.
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
    let plan = Plan::of(view, area);
    let mut block = view.block(title(view, plan.first, plan.last, plan.windowed));
    let Some(p) = plan.inside else {
        block.render(area, buf);
        return;
    };
    let mut raster = Raster::new(p.body, view.theme.ascii);
    let (strokes, drawn) = edges(view, (plan.first, &p.columns, p.blocks), (&p.spans, p.gap));
    for (pen, from, to) in strokes {
        raster.line_at(from, to, pen);
    }
    if let Some(legend) = legend(view, drawn, area.width.saturating_sub(2) as usize) {
        block = block.title_bottom(legend);
    }
    block.render(area, buf);
    raster.render(buf);
    for (i, l) in (plan.first..=plan.last).enumerate() {
        let x = p.body.x + p.spans[i].0;
        let w = if l == plan.last {
            (p.body.right() - x) as usize
        } else {
            p.spans[i].1 as usize + p.gap.saturating_sub(1)
        };
        let title = Line::styled(layer_title(view, l, w), view.theme.heading);
        buf.set_line(x, p.body.y - 1, &title, w as u16);
        let area = Rect::new(x, p.body.y, w as u16, p.body.height);
        draw_column(view, (l, p.blocks), &p.columns[i], area, buf);
    }
}

/// Where the picture's parts go in the panel: which layers show, and inside the border (when
/// there is room) each column's neurons and where its text starts and ends.
struct Plan {
    first: usize,
    last: usize,
    windowed: bool,
    inside: Option<Inside>,
}

/// The picture inside the border.
struct Inside {
    /// The rows under the layer titles.
    body: Rect,
    blocks: Blocks,
    columns: Vec<Column>,
    /// Each shown column's x (relative to the body) and text width.
    spans: Vec<(u16, u16)>,
    /// Columns between one layer's text and the next's.
    gap: usize,
}

impl Plan {
    fn of(view: &View, area: Rect) -> Plan {
        let depth = view.lesson.depth();
        let base = first_layer(view);
        let widest = (base..=depth)
            .map(|l| text_width(view, l))
            .max()
            .unwrap_or(1);
        let inner_w = area.width.saturating_sub(2) as usize;
        let fit_cols = ((inner_w + GAP_MIN) / (widest + GAP_MIN)).max(1);
        let shown = fit_cols.min(depth + 1 - base);
        // A window of layers around the one being computed (and the one below it, which it
        // reads).
        let anchor = view.step.id.layer.min(depth).max(base);
        let first = anchor.saturating_sub(1).max(base).min(depth + 1 - shown);
        let last = first + shown - 1;
        let inner = Rect::new(
            area.x + 1,
            area.y + 1,
            area.width.saturating_sub(2),
            area.height.saturating_sub(2),
        );
        let mut plan = Plan {
            first,
            last,
            windowed: shown + base <= depth,
            inside: None,
        };
        if inner.width == 0 || inner.height < 2 {
            return plan;
        }
        let widths: Vec<usize> = (first..=last).map(|l| text_width(view, l)).collect();
        let gap = match shown {
            1 => 0,
            _ => (inner.width as usize).saturating_sub(widths.iter().sum::<usize>()) / (shown - 1),
        };
        let body = Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1);
        let rows = body.height as usize;
        let tallest = (first..=last)
            .map(|l| view.lesson.width(l))
            .max()
            .unwrap_or(1);
        let blocks = Blocks::for_rows(view, tallest, rows);
        // The height the columns spread over: all of it, as long as some layer fills it.
        let span = (first..=last)
            .map(|l| view.lesson.width(l) * MAX_SLOT)
            .max()
            .unwrap_or(0)
            .min(rows);
        let columns = (first..=last)
            .map(|l| place(view, l, (span, rows), blocks))
            .collect();
        let spans = (0..shown)
            .map(|i| {
                let x = widths[..i].iter().sum::<usize>() + i * gap;
                (x as u16, widths[i] as u16)
            })
            .collect();
        plan.inside = Some(Inside {
            body,
            blocks,
            columns,
            spans,
            gap,
        });
        plan
    }
}

/// `Network · sample 1`, and which layers are shown when not all are.
fn title(view: &View, first: usize, last: usize, windowed: bool) -> String {
    let depth = view.lesson.depth();
    let lang = view.theme.lang;
    let sample = match view.step.sample() {
        Some(s) => tr!(lang, "network-sample", n = s.to_string()),
        None if view.batch.len() > 1 => tr!(
            lang,
            "network-last-of-batch",
            n = view.sample.to_string(),
            batch = view.step.batch.to_string()
        ),
        None => tr!(lang, "network-sample", n = view.sample.to_string()),
    };
    let mut title = format!("{}{}{sample}", lang.t("panel-network"), view.theme.sep());
    if windowed {
        title.push_str(view.theme.sep());
        title.push_str(&tr!(
            lang,
            "network-layers",
            first = first.to_string(),
            last = last.to_string(),
            from = first_layer(view).to_string(),
            depth = depth.to_string()
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
    let lang = view.theme.lang;
    let name = match l {
        0 => lang.t("network-input"),
        _ if l == depth => lang.t("network-output"),
        _ if l == first_layer(view) => tr!(
            lang,
            "network-layer-kind",
            layer = l.to_string(),
            kind = view.lesson.layers[l - 1].kind.name()
        ),
        _ if depth == 2 => lang.t("network-hidden"),
        _ => tr!(lang, "network-hidden-n", layer = l.to_string()),
    };
    if l == first_layer(view) {
        return fit(&name, w, &view.theme);
    }
    let mut full = format!("{name}{}{}", view.theme.sep(), view.activation(l).name());
    if !view.lesson.layers[l - 1].trainable {
        full.push_str(&format!("{}{}", view.theme.sep(), lang.t("network-frozen")));
    }
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
        let text = crate::tr!(theme.lang, "net-neurons", n = n);
        let line = Line::styled(fit(&text, w as usize, theme), theme.dim);
        buf.set_line(area.x, area.y, &line, w);
        return;
    };
    let lw = label_width(view);
    for &(item, row) in items {
        let lines = match item {
            Item::Neuron(j) => neuron_lines(view, (l, j), lw, blocks),
            Item::More(n) => {
                let text = more(theme, n);
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
            view.link_style(&Sym::a(l, j))
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
        view.link_style(&Sym::q(q, l, id.ix))
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

/// `⋮ 3 more`: what a list leaves out.
pub(crate) fn more(theme: &crate::tui::ui::Theme, n: usize) -> String {
    crate::tr!(theme.lang, "more", dots = theme.sym("⋮", ":"), n = n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::App;
    use crate::tui::app::Settings;
    use crate::tui::ui::geometry;

    /// The cells each edge of the picture covers, each edge drawn alone.
    fn cells_of_each_edge(view: &View, area: Rect) -> Vec<Vec<(u16, u16)>> {
        let plan = Plan::of(view, area);
        let p = plan.inside.expect("room for the picture");
        let (strokes, _) = edges(view, (plan.first, &p.columns, p.blocks), (&p.spans, p.gap));
        strokes
            .into_iter()
            .map(|(pen, from, to)| {
                let mut r = Raster::new(p.body, false);
                r.line_at(from, to, pen);
                r.covered()
            })
            .collect()
    }

    #[test]
    fn every_edge_of_a_4_3_3_network_can_be_told_apart() {
        let lesson = crate::lesson::bundled::LESSONS
            .find("softmax_classifier")
            .unwrap()
            .load()
            .unwrap();
        let settings = Settings {
            ascii: false,
            color: true,
            ..Default::default()
        };
        let app = App::new(lesson, settings);
        let tutor = app.tutor.as_ref().unwrap();
        let view = View::new(&app, tutor, super::super::theme::Theme::new(settings));
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            let body = Rect::new(0, 1, w, h - 2);
            let area = geometry::areas(&view, body).network;
            let edges = cells_of_each_edge(&view, area);
            // 4·3 + 3·3 weights, every one drawn where there is the height for them; at 80×24
            // (five rows for four neurons) the current neuron's only.
            if h >= 40 {
                assert_eq!(edges.len(), 21, "{w}x{h}");
            } else {
                assert!((1..21).contains(&edges.len()), "{w}x{h}: {}", edges.len());
            }
            for (i, cells) in edges.iter().enumerate() {
                // Each edge has a stretch of cells no other edge crosses: it can be followed.
                let own = cells
                    .iter()
                    .filter(|c| {
                        edges
                            .iter()
                            .enumerate()
                            .all(|(j, other)| j == i || !other.contains(c))
                    })
                    .count();
                // At 80×24 a fan of four into one node shares its last cells.
                let enough = if h >= 40 {
                    own >= 4 && own * 4 >= cells.len()
                } else {
                    own >= 2
                };
                assert!(
                    enough,
                    "{w}x{h}: edge {i} has {own} of its {} cells to itself",
                    cells.len()
                );
            }
        }
    }
}
