//! The current step's formula, three ways tied together by alignment:
//!
//! ```text
//! weighted input of hidden neuron 1, sample 1
//! z⁽¹⁾₁ = w⁽¹⁾₁,₁·a⁽⁰⁾₁ + w⁽¹⁾₁,₂·a⁽⁰⁾₂ + b⁽¹⁾₁
//!       = 0.15·0.05 + 0.2·0.1 + 0.35
//!       = 0.3775
//! ```
//! then the chain-rule reading of a δ (or the batch mean of a gradient), and for updates the
//! parameter's old and new value with the gradient and learning rate.
//! A quiz (issue 6) would replace the result line with the learner's answer until checked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::trace::record::param_entry;
use crate::trace::{Digits, Quantity, Style as FormulaStyle};

use super::{View, width, wrapped};

fn style(view: &View) -> FormulaStyle {
    FormulaStyle::new(view.app.settings.notation(), Digits::Sig(6))
}

/// The panel's lines, before wrapping.
pub fn lines(view: &View) -> Vec<Line<'static>> {
    let theme = &view.theme;
    let fs = style(view);
    let f = &view.formula;
    let step = &view.step;
    let place = match step.sample {
        Some(s) => format!("sample {s}"),
        None => format!("update after batch {}", step.batch),
    };
    let mut lines = vec![Line::from(vec![
        Span::raw(view.tutor.trace.describe(step)),
        Span::styled(format!(", {place}"), theme.dim),
    ])];
    let name = f.name(fs);
    let relation = if f.assign { theme.sym("←", "<-") } else { "=" };
    let pad = " ".repeat(width(&name) + 1);
    let symbolic = f.symbolic(fs);
    let rhs = symbolic
        .split_once(&format!(" {relation} "))
        .map_or(symbolic.clone(), |(_, r)| r.to_string());
    lines.push(Line::from(vec![
        Span::styled(name.clone(), theme.heading),
        Span::raw(format!(" {relation} {rhs}")),
    ]));
    lines.push(Line::raw(format!("{pad}{relation} {}", f.substituted(fs))));
    lines.push(Line::from(vec![
        Span::raw(format!("{pad}= ")),
        Span::styled(f.result(fs), theme.current),
    ]));
    let terms = f.term_lines(fs);
    for (i, t) in terms.into_iter().enumerate() {
        let lead = if i == 0 { "where " } else { "      " };
        lines.push(Line::from(vec![
            Span::styled(lead, theme.dim),
            Span::raw(t),
        ]));
    }
    if matches!(step.id.quantity, Quantity::W | Quantity::B) {
        let old = param_entry(&view.record.before.params, &step.id);
        let grad = param_entry(&view.record.grad, &step.id);
        let eta = view.lesson.optimizer.learning_rate();
        let arrow = theme.sym("→", "->");
        lines.push(Line::from(vec![
            Span::styled(format!("{name}: "), theme.heading),
            Span::raw(format!("{} {arrow} ", view.precise(old))),
            Span::styled(view.precise(step.value), theme.current),
            Span::raw(format!(
                "   gradient {}, {} = {}",
                view.precise(grad),
                theme.sym("η", "eta"),
                view.precise(eta)
            )),
        ]));
    }
    lines
}

/// Rows the panel's text takes when wrapped to `inner_width` columns.
pub fn wanted_height(view: &View, inner_width: u16) -> u16 {
    let w = inner_width.max(1) as usize;
    lines(view)
        .iter()
        .map(|l| l.width().max(1).div_ceil(w))
        .sum::<usize>()
        .min(u16::MAX as usize) as u16
}

pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let title = format!("Formula{}{}", view.theme.sep(), view.step.name());
    let block = view.block(title);
    wrapped(lines(view), Style::new())
        .block(block)
        .render(area, buf);
}
