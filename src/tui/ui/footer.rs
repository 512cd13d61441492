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

/// Draws the bottom line.
pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let w = area.width as usize;
    let line = match (&app.mode, &app.status) {
        (
            Mode::Goto {
                input, error, hint, ..
            },
            _,
        ) => {
            let mut spans = vec![
                Span::styled(theme.lang.t("goto-prompt"), theme.heading),
                Span::raw(input.clone()),
                Span::styled(theme.sym("█", "_"), theme.dim),
            ];
            let used: usize = spans.iter().map(|s| width(&s.content)).sum();
            let room = w.saturating_sub(used + 2);
            let usage = theme.lang.t("goto-usage");
            let (text, style) = match (error, hint) {
                (Some(e), _) => (e.as_str(), theme.error),
                (None, Some(h)) => (h.as_str(), theme.dim),
                (None, None) => (usage.as_str(), theme.dim),
            };
            spans.push(Span::styled(
                format!("  {}", fit(&theme.text(text), room, theme)),
                style,
            ));
            Line::from(spans)
        }
        (_, Some(status)) => {
            let style = if status.error {
                theme.error
            } else {
                ratatui::style::Style::new()
            };
            Line::styled(fit(&status.text, w, theme), style)
        }
        _ => keys(app, theme, w),
    };
    line.render(area, buf);
}

/// `→ next  ← back  …  ? help  q quit`: the main keys in table order, as many as fit, always
/// ending with the last two (help and quit).
fn keys(app: &App, theme: &Theme, w: usize) -> Line<'static> {
    let pairs: Vec<(String, String)> = keymap::footer(app.context(), theme.ascii, theme.lang)
        .into_iter()
        .map(|(key, word)| (key, format!(" {word}  ")))
        .collect();
    let size = |(k, word): &(String, String)| width(k) + width(word);
    let tail = pairs.len().saturating_sub(2);
    let mut room = (w + 2).saturating_sub(pairs[tail..].iter().map(size).sum());
    let mut shown = Vec::new();
    for pair in &pairs[..tail] {
        if size(pair) > room {
            break;
        }
        room -= size(pair);
        shown.push(pair);
    }
    shown.extend(&pairs[tail..]);
    let mut spans = Vec::new();
    for (key, word) in shown {
        spans.push(Span::styled(key.clone(), theme.key));
        spans.push(Span::raw(word.clone()));
    }
    Line::from(spans)
}
