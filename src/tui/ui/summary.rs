//! The quiz's score, over the middle of the screen, after the learner turns quiz mode off;
//! and the question before leaving a quiz that has answers.

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

/// Asks, over the middle of `area`, whether to leave a quiz that has answers.
pub fn leave(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(quiz) = &app.quiz else {
        return;
    };
    let t = quiz.tally();
    let lines = vec![
        Line::raw(format!(
            "You have answered {} step{} ({}).",
            t.answered(),
            if t.answered() == 1 { "" } else { "s" },
            t.line()
        )),
        Line::raw("Leaving ends the quiz; its score is printed in the terminal."),
        Line::raw(""),
        Line::from(vec![
            Span::styled(" y ", theme.key),
            Span::raw(" or q or Enter: leave    "),
            Span::styled(" any other key ", theme.key),
            Span::raw(" stay"),
        ]),
    ];
    let w = 70.min(area.width.saturating_sub(4));
    let h = (lines.len() as u16 + 2).min(area.height);
    let rect = area.centered(Constraint::Length(w), Constraint::Length(h));
    Clear.render(rect, buf);
    Paragraph::new(lines)
        .wrap(ratatui::widgets::Wrap { trim: false })
        .block(panel_block(theme, "Leave the quiz?".into()))
        .render(rect, buf);
}
