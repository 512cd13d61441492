//! The `?` overlay: every key of the current screen, generated from the key table.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::tui::app::{App, Extent};
use crate::tui::keymap::{self, Context};

use super::theme::Theme;
use super::{fit, panel_block, width};

/// (keys, what they do) rows under section headings (keys = None).
fn rows(app: &App, theme: &Theme) -> Vec<Row> {
    let all: &[Context] = if app.tutor.is_some() {
        &[
            Context::Step,
            Context::Focus,
            Context::Quiz,
            Context::Answer,
            Context::Prompt,
            Context::Overlay,
            Context::Anywhere,
        ]
    } else {
        &[
            Context::Picker,
            Context::Filter,
            Context::Overlay,
            Context::Anywhere,
        ]
    };
    // The keys of the screen the learner is on first (in a quiz, the quiz's), then the rest.
    let here = app.context_beneath();
    let mut contexts: Vec<Context> = here
        .chain()
        .iter()
        .copied()
        .filter(|c| all.contains(c))
        .collect();
    let rest: Vec<Context> = all
        .iter()
        .copied()
        .filter(|c| !contexts.contains(c))
        .collect();
    contexts.extend(rest);
    let mut rows = Vec::new();
    for context in contexts {
        rows.push((None, keymap::title(context, theme.lang)));
        for b in keymap::bindings(context) {
            rows.push((
                Some(keymap::keys_label(b, theme.ascii, theme.lang)),
                theme.text(&keymap::help(b, theme.lang)),
            ));
        }
    }
    rows
}

type Row = (Option<String>, String);

/// Rows cut into columns of `per_col`, except that a section heading never ends a column: it
/// moves to the top of the next, over its keys.
fn columns_of(rows: &[Row], per_col: usize) -> Vec<&[Row]> {
    let mut columns = Vec::new();
    let mut start = 0;
    while start < rows.len() {
        let mut end = (start + per_col).min(rows.len());
        if end < rows.len() && end - start > 1 && rows[end - 1].0.is_none() {
            end -= 1;
        }
        columns.push(&rows[start..end]);
        start = end;
    }
    columns
}

/// Draws the help overlay over `area`: in two columns when they fit the height, else in one
/// that scrolls.
pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let rows = rows(app, theme);
    let key_w = rows
        .iter()
        .filter_map(|(k, _)| k.as_deref().map(width))
        .max()
        .unwrap_or(0);
    let help_w = rows.iter().map(|(_, h)| width(h)).max().unwrap_or(0);
    let one_col = key_w + 2 + help_w;
    let inner_h = (area.height as usize).saturating_sub(4);
    let two_fit = rows.len().div_ceil(2) <= inner_h && area.width as usize >= 2 * 40 + 5;
    let columns = if rows.len() > inner_h && two_fit {
        2
    } else {
        1
    };
    let max_w = (area.width as usize).saturating_sub(2);
    let per_col = rows.len().div_ceil(columns);
    let col_w = one_col.min((max_w.saturating_sub(2 + 3 * (columns - 1))) / columns);
    let mut width_needed = columns * col_w + (columns - 1) * 3 + 2;
    // Centred on a whole column: an odd margin would put the overlay one column off.
    if (area.width as usize - width_needed.min(area.width as usize)) % 2 == 1 {
        width_needed += 1;
    }
    let shown = per_col.min(inner_h);
    let rect = area.centered(
        Constraint::Length(width_needed as u16),
        Constraint::Length(shown as u16 + 2),
    );
    let max = per_col.saturating_sub(shown);
    let top = if columns == 1 {
        app.scroll.help.min(max)
    } else {
        0
    };
    app.drawn.borrow_mut().help = Some(Extent {
        top,
        max: if columns == 1 { max } else { 0 },
        rows: shown,
    });
    Clear.render(rect, buf);
    let mut block = panel_block(
        theme,
        crate::tr!(theme.lang, "help-title", sep = theme.sep()),
    );
    if columns == 1 && max > 0 {
        block = block.title_bottom(
            Line::styled(
                crate::tr!(
                    theme.lang,
                    "help-rows",
                    arrows = theme.sym("↑↓", "Up Down"),
                    sep = theme.sep(),
                    first = (top + 1).to_string(),
                    last = (top + shown).to_string(),
                    all = per_col.to_string()
                ),
                theme.dim,
            )
            .right_aligned(),
        );
    }
    let inner = block.inner(rect);
    block.render(rect, buf);
    for (c, chunk) in columns_of(&rows, per_col.max(1)).into_iter().enumerate() {
        let x = inner.x + (c * (col_w + 3)) as u16;
        let col = Rect::new(x, inner.y, col_w as u16, inner.height).intersection(inner);
        let lines: Vec<Line> = chunk
            .iter()
            .skip(top)
            .map(|(keys, help)| match keys {
                None => Line::styled(fit(help, col_w, theme), theme.heading),
                Some(keys) => Line::from(vec![
                    // Padded by display width: a key named in Chinese takes two columns a
                    // character.
                    Span::styled(
                        format!("{}{keys}", " ".repeat(key_w.saturating_sub(width(keys)))),
                        theme.focus,
                    ),
                    Span::raw("  "),
                    Span::styled(
                        fit(help, col_w.saturating_sub(key_w + 2), theme),
                        Style::new(),
                    ),
                ]),
            })
            .collect();
        Paragraph::new(lines).render(col, buf);
    }
}
