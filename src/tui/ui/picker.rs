//! The start screen without a lesson: the bundled lessons (name, title), and the summary of
//! the one selected.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::tui::app::{App, Choice};

use super::theme::Theme;
use super::{fit, footer, panel_block, paragraphs, width, wrapped};

/// Draws the start screen.
pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(picker) = &app.picker else {
        return;
    };
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    Line::styled(
        format!(
            "bpnn-tutor{}every number of backpropagation, with its formula",
            theme.sep()
        ),
        theme.heading,
    )
    .render(top, buf);
    footer::render(app, theme, bottom, buf);
    let shown = picker.shown();
    let list_h = (picker.choices.len() as u16 + 2)
        .min(body.height / 2)
        .max(3);
    let [list, summary] =
        Layout::vertical([Constraint::Length(list_h), Constraint::Fill(1)]).areas(body);
    let title = match &picker.filter {
        Some(f) => crate::tr!(
            theme.lang,
            "picker-matching",
            filter = f,
            cursor = theme.sym("█", "_"),
            shown = shown.len().to_string(),
            all = picker.choices.len().to_string()
        ),
        None => theme.lang.t("picker-choose"),
    };
    let block = panel_block(theme, title);
    let inner = block.inner(list);
    block.render(list, buf);
    if shown.is_empty() {
        let text = if picker.choices.is_empty() {
            theme.lang.t("picker-none")
        } else {
            theme.lang.t("picker-no-match")
        };
        Line::styled(text, theme.dim).render(inner, buf);
        app.drawn.borrow_mut().picker = None;
        return;
    }
    let name_w = picker
        .choices
        .iter()
        .map(|c| width(&c.name))
        .max()
        .unwrap_or(0);
    let rows = inner.height.max(1) as usize;
    let at = shown
        .iter()
        .position(|&i| i == picker.selected)
        .unwrap_or(0);
    let start = at
        .saturating_sub(rows - 1)
        .min(shown.len().saturating_sub(rows));
    app.drawn.borrow_mut().picker = Some((inner, start));
    let w = inner.width as usize;
    let lines: Vec<Line> = shown
        .iter()
        .skip(start)
        .take(rows)
        .map(|&i| {
            let c = &picker.choices[i];
            let selected = i == picker.selected;
            let mark = if selected {
                theme.sym("▶ ", "> ")
            } else {
                "  "
            };
            let text = fit(
                &format!("{mark}{:name_w$}  {}", c.name, theme.text(&c.title)),
                w,
                theme,
            );
            let style = if selected {
                theme.current
            } else {
                Style::new()
            };
            Line::styled(text, style)
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
    if let Some(choice) = picker
        .choices
        .get(picker.selected)
        .filter(|_| !shown.is_empty())
    {
        describe(choice, theme, summary, buf);
    }
}

fn describe(choice: &Choice, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let mut lines = Vec::new();
    match &choice.lesson {
        Ok(lesson) => {
            let widths: Vec<String> = (0..=lesson.depth())
                .map(|l| lesson.width(l).to_string())
                .collect();
            lines.push(Line::styled(
                crate::tr!(
                    theme.lang,
                    "picker-lesson-line",
                    widths = widths.join("-"),
                    loss = lesson.loss.name(),
                    optimizer = lesson.optimizer.kind_name(),
                    epochs = lesson.epochs,
                    batch = lesson.batch_size.to_string(),
                    samples = lesson.data.len(),
                    sep = theme.sep()
                ),
                theme.dim,
            ));
            lines.push(Line::raw(""));
            lines.extend(paragraphs(&theme.text(&choice.summary)));
        }
        Err(e) => {
            lines.push(Line::from(Span::styled(
                theme.lang.t("picker-does-not-load"),
                theme.error,
            )));
            lines.extend(e.to_string().lines().map(|l| Line::raw(l.to_string())));
        }
    }
    wrapped(lines, Style::new())
        .block(panel_block(theme, theme.text(&choice.title)))
        .render(area, buf);
}
