//! The bottom line: the go-to prompt while typing, else the last message, else the main keys
//! of the current context, generated from the key table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::tui::app::{App, Mode};
use crate::tui::keymap;

use super::theme::Theme;
use super::{fit, width};

pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let w = area.width as usize;
    let line = match (&app.mode, &app.status) {
        (Mode::Goto { input, error }, _) => {
            let mut spans = vec![
                Span::styled("go to: ", theme.heading),
                Span::raw(input.clone()),
                Span::styled(theme.sym("█", "_"), theme.dim),
            ];
            let used: usize = spans.iter().map(|s| width(&s.content)).sum();
            let room = w.saturating_sub(used + 2);
            match error {
                Some(e) => spans.push(Span::styled(format!("  {}", fit(e, room, theme)), theme.error)),
                None => spans.push(Span::styled(
                    format!(
                        "  {}",
                        fit(
                            "Enter goes, Esc cancels; e.g. delta(1)[2], w(2)[1,2], loss@2",
                            room,
                            theme
                        )
                    ),
                    theme.dim,
                )),
            }
            Line::from(spans)
        }
        (_, Some(status)) => {
            let style = if status.error { theme.error } else { ratatui::style::Style::new() };
            Line::styled(fit(&status.text, w, theme), style)
        }
        _ => keys(app, theme, w),
    };
    line.render(area, buf);
}

/// ` → ` next ` ← ` back …, as many pairs as fit.
fn keys(app: &App, theme: &Theme, w: usize) -> Line<'static> {
    let mut spans = Vec::new();
    let mut used = 0;
    for (key, word) in keymap::footer(app.context(), theme.ascii) {
        let key = format!(" {key} ");
        let word = format!(" {word}  ");
        let pair = width(&key) + width(&word);
        if used + pair > w + 2 {
            break;
        }
        used += pair;
        spans.push(Span::styled(key, theme.key));
        spans.push(Span::raw(word));
    }
    Line::from(spans)
}
