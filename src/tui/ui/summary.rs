//! The quiz's score, over the middle of the screen, after the learner turns quiz mode off.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::tui::app::App;

use super::panel_block;
use super::theme::Theme;

/// Draws the quiz's score over the middle of `area`.
pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(quiz) = &app.quiz else {
        return;
    };
    let t = quiz.tally();
    let row = |n: usize, what: &str, explain: &str| {
        Line::from(vec![
            Span::styled(format!("{n:>5} "), theme.heading),
            Span::raw(format!("{what:<10}")),
            Span::styled(explain.to_string(), theme.dim),
        ])
    };
    let lines = vec![
        row(t.right, "right", "to the digits you wrote, precise enough"),
        row(t.wrong, "wrong", ""),
        row(
            t.carried,
            "carried",
            "wrong, but right from your own earlier answer",
        ),
        row(
            t.imprecise,
            "imprecise",
            "right to your digits, but too few of them",
        ),
        row(t.skipped, "skipped", "shown without an answer"),
        Line::raw(""),
        Line::styled(
            "Esc closes (then Q quizzes on, answers kept); q quits",
            theme.dim,
        ),
    ];
    let w = 64.min(area.width.saturating_sub(4));
    let h = (lines.len() as u16 + 2).min(area.height);
    let rect = area.centered(Constraint::Length(w), Constraint::Length(h));
    Clear.render(rect, buf);
    let title = format!("Quiz summary{}{} answered", theme.sep(), t.answered());
    Paragraph::new(lines)
        .block(panel_block(theme, title))
        .render(rect, buf);
}
