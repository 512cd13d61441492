//! The network as columns of neurons (inputs, hidden layers, outputs). Each neuron shows the
//! z, a and δ of the shown sample that the trace has computed *so far*: stepping back blanks
//! them again. The current number is highlighted, and so is every number its formula reads.
//! Layers too tall for the panel show a window around the neuron that matters; too many layers
//! show a window of columns around the current one.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::trace::{Quantity, StepId};

use super::{View, fit, width};

/// Rows a neuron takes: inputs show x only; other neurons z, a and δ.
fn block_rows(l: usize) -> usize {
    if l == 0 { 1 } else { 3 }
}

/// Width of the neuron numbers of the widest layer.
fn label_width(view: &View) -> usize {
    (0..=view.lesson.depth())
        .map(|l| view.lesson.width(l))
        .max()
        .unwrap_or(1)
        .to_string()
        .len()
}

/// The narrowest a layer column can be: `12 z -0.0009887`.
fn column_width(view: &View) -> usize {
    label_width(view) + 1 + 2 + 10
}

/// Width that shows every layer side by side (with borders).
pub fn wanted_width(view: &View) -> u16 {
    let cols = view.lesson.depth() + 1;
    (cols * (column_width(view) + 2) + 2) as u16
}

/// Height that shows every neuron (with borders and the title row), with or without a blank
/// row between neurons.
pub fn wanted_height(view: &View, gaps: bool) -> u16 {
    let rows = (0..=view.lesson.depth())
        .map(|l| {
            let n = view.lesson.width(l);
            n * block_rows(l) + if gaps { n - 1 } else { 0 }
        })
        .max()
        .unwrap_or(1);
    (rows + 3).min(u16::MAX as usize) as u16
}

pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let depth = view.lesson.depth();
    let inner_w = area.width.saturating_sub(2) as usize;
    let fit_cols = (inner_w / (column_width(view) + 1)).max(1);
    let shown = fit_cols.min(depth + 1);
    // A window of layers around the one being computed (and the one below it, which it reads).
    let anchor = view.step.id.layer.min(depth);
    let first = anchor.saturating_sub(1).min(depth + 1 - shown);
    let last = first + shown - 1;
    let sample = match view.step.sample() {
        Some(s) => format!("sample {s}"),
        None if view.batch.len() > 1 => format!(
            "sample {}, the last of batch {}",
            view.sample, view.step.batch
        ),
        None => format!("sample {}", view.sample),
    };
    let mut title = format!("Network{}{sample}", view.theme.sep());
    if shown <= depth {
        title.push_str(&format!(
            "{}layers {first} to {last} of 0 to {depth}",
            view.theme.sep()
        ));
    }
    let block = view.block(title);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let col_w = inner.width as usize / shown;
    // Columns that fit whole spread their neurons over the height of the tallest one.
    let rows = (inner.height as usize).saturating_sub(1);
    let span = (first..=last)
        .map(|l| {
            let n = view.lesson.width(l);
            n * block_rows(l) + n - 1
        })
        .max()
        .unwrap_or(0)
        .min(rows);
    for (i, l) in (first..=last).enumerate() {
        let x = inner.x + (i * col_w) as u16;
        let w = if l == last {
            inner.width as usize - i * col_w
        } else {
            col_w
        };
        let rect = Rect::new(x, inner.y, w.saturating_sub(1).max(1) as u16, inner.height);
        render_layer(view, l, span, rect, buf);
    }
}

/// The neuron of layer `l` a window should centre on.
fn focus(view: &View, l: usize) -> usize {
    let id = view.step.id;
    if id.quantity == Quantity::Loss {
        0
    } else if l == id.layer {
        id.j
    } else if l + 1 == id.layer {
        id.k.unwrap_or(0)
    } else {
        0
    }
}

/// Is neuron j of layer l one end of the current step (its neuron, or the input of its weight)?
fn is_focus(view: &View, l: usize, j: usize) -> bool {
    let id = view.step.id;
    id.quantity != Quantity::Loss
        && ((l == id.layer && j == id.j) || (l + 1 == id.layer && Some(j) == id.k))
}

fn layer_title(view: &View, l: usize, w: usize) -> String {
    let depth = view.lesson.depth();
    let name = match l {
        0 => "input".to_string(),
        _ if l == depth => "output".to_string(),
        _ if depth == 2 => "hidden".to_string(),
        _ => format!("hidden {l}"),
    };
    if l == 0 {
        return fit(&name, w, &view.theme);
    }
    let full = format!("{name}{}{}", view.theme.sep(), view.activation(l).name());
    if width(&full) <= w {
        full
    } else {
        fit(&name, w, &view.theme)
    }
}

/// One layer's column: its title, then its neurons spread over `span` rows, or a window of
/// them around the focus when they do not all fit.
fn render_layer(view: &View, l: usize, span: usize, area: Rect, buf: &mut Buffer) {
    let theme = &view.theme;
    let w = area.width as usize;
    let mut lines = vec![Line::styled(layer_title(view, l, w), theme.heading)];
    let rows = (area.height as usize).saturating_sub(1);
    let n = view.lesson.width(l);
    let bh = block_rows(l);
    let all = n * bh;
    let lw = label_width(view);
    if all <= rows {
        let slot = ((span.max(all) + 1) / n).max(bh);
        let offset = slot.saturating_sub(bh + 1) / 2;
        for j in 0..n {
            while lines.len() < 1 + j * slot + offset {
                lines.push(Line::raw(""));
            }
            lines.extend(neuron_lines(view, l, j, lw));
        }
        Widget::render(ratatui::widgets::Paragraph::new(lines), area, buf);
        return;
    }
    // A window around the focus, with a line saying how many are above or below it.
    let focus = focus(view, l);
    let mut visible = rows / bh;
    let window = |visible: usize| {
        let start = focus.saturating_sub(visible / 2).min(n - visible);
        let markers = usize::from(start > 0) + usize::from(start + visible < n);
        (start, markers)
    };
    while visible > 1 && visible * bh + window(visible).1 > rows {
        visible -= 1;
    }
    if visible == 0 || rows < bh {
        lines.push(Line::styled(
            fit(&format!("{n} neurons"), w, theme),
            theme.dim,
        ));
        Widget::render(ratatui::widgets::Paragraph::new(lines), area, buf);
        return;
    }
    let start = window(visible).0;
    let end = start + visible;
    let (up, down) = (theme.sym("↑", "^"), theme.sym("↓", "v"));
    if start > 0 {
        lines.push(Line::styled(
            fit(&format!("{up} {start} more"), w, theme),
            theme.dim,
        ));
    }
    for j in start..end {
        lines.extend(neuron_lines(view, l, j, lw));
    }
    if end < n {
        lines.push(Line::styled(
            fit(&format!("{down} {} more", n - end), w, theme),
            theme.dim,
        ));
    }
    Widget::render(ratatui::widgets::Paragraph::new(lines), area, buf);
}

/// `1 z 0.3775` / `  a 0.5933` / `  δ 0.008771`, blank where not yet computed.
fn neuron_lines(view: &View, l: usize, j: usize, lw: usize) -> Vec<Line<'static>> {
    let theme = &view.theme;
    let label_style = if is_focus(view, l, j) {
        theme.focus
    } else {
        Style::new()
    };
    let label = format!("{:>lw$}", j + 1);
    let pad = " ".repeat(lw);
    if l == 0 {
        let x = view.values().a(0, j);
        let style = if view.reads_value(Quantity::A, 0, j) {
            theme.read
        } else {
            Style::new()
        };
        return vec![Line::from(vec![
            Span::styled(label, label_style),
            Span::raw(" x "),
            Span::styled(view.cell(x), style),
        ])];
    }
    let s = view.values();
    let rows = [
        (Quantity::Z, "z", s.z(l, j)),
        (Quantity::A, "a", s.a(l, j)),
        (Quantity::Delta, theme.sym("δ", "d"), s.delta(l, j)),
    ];
    rows.iter()
        .enumerate()
        .map(|(i, &(q, sym, v))| {
            let id = StepId::neuron(q, l, j);
            let head = if i == 0 { label.clone() } else { pad.clone() };
            let head_style = if i == 0 { label_style } else { Style::new() };
            let known = view.known(id);
            let value_style = if !view.is_update() && view.step.id == id {
                theme.current
            } else if view.reads_value(q, l, j) {
                theme.read
            } else {
                Style::new()
            };
            let sym_style = if known { Style::new() } else { theme.dim };
            let value = if view.hidden(id) {
                "?".to_string()
            } else if known {
                view.cell(v)
            } else {
                String::new()
            };
            Line::from(vec![
                Span::styled(head, head_style),
                Span::raw(" "),
                Span::styled(sym.to_string(), sym_style),
                Span::raw(" "),
                Span::styled(value, value_style),
            ])
        })
        .collect()
}
