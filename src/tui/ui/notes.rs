//! The lesson's note for the current phase: a panel when there is room, and an overlay on `n`.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Widget};

use crate::lesson::Lesson;
use crate::trace::Phase;

use super::theme::Theme;
use super::{View, panel_block, paragraphs, wrapped};
use crate::tui::app::App;

/// The note the lesson gives for a phase, if any.
pub fn note(lesson: &Lesson, phase: Phase) -> Option<&str> {
    let notes = &lesson.notes;
    match phase {
        Phase::Forward => notes.forward.as_deref(),
        Phase::Loss => notes.loss.as_deref(),
        Phase::Backward => notes.backward.as_deref(),
        Phase::Update => notes.update.as_deref(),
    }
    .map(str::trim)
    .filter(|n| !n.is_empty())
}

fn body(lesson: &Lesson, phase: Phase, theme: &Theme) -> (Vec<Line<'static>>, Style) {
    match note(lesson, phase) {
        Some(text) => (paragraphs(&theme.text(text)), Style::new()),
        None => (
            vec![Line::raw(format!(
                "This lesson has no note for the {} phase.",
                phase.name()
            ))],
            theme.dim,
        ),
    }
}

/// Rows the note takes at `inner_width` columns (0 when the lesson has none for the phase).
pub fn wanted_height(view: &View, inner_width: u16) -> u16 {
    let Some(text) = note(view.lesson, view.step.phase()) else {
        return 0;
    };
    let w = inner_width.max(1) as usize;
    paragraphs(&view.theme.text(text))
        .iter()
        .map(|l| l.width().max(1).div_ceil(w) + 1)
        .sum::<usize>()
        .min(u16::MAX as usize) as u16
}

pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let phase = view.step.phase();
    let (lines, style) = body(view.lesson, phase, &view.theme);
    let title = format!("Notes{}{}", view.theme.sep(), phase.name());
    wrapped(lines, style)
        .block(view.block(title))
        .render(area, buf);
}

/// The note over the middle of the screen (for terminals too small for the panel).
pub fn overlay(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(tutor) = &app.tutor else {
        return;
    };
    let phase = tutor.track().phase(tutor.cursor.index);
    let (lines, style) = body(tutor.trace.lesson(), phase, theme);
    let w = area.width.saturating_sub(8).min(76);
    let inner_w = w.saturating_sub(2).max(1) as usize;
    let text_h: usize = lines
        .iter()
        .map(|l| l.width().max(1).div_ceil(inner_w) + 1)
        .sum();
    let h = (text_h as u16 + 2).min(area.height.saturating_sub(4));
    let rect = area.centered(Constraint::Length(w), Constraint::Length(h));
    Clear.render(rect, buf);
    let title = format!("Note{}{} (Esc closes)", theme.sep(), phase.name());
    wrapped(lines, style)
        .block(panel_block(theme, title))
        .render(rect, buf);
}
