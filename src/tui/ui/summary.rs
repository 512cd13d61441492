//! The quiz's score, over the middle of the screen, after the learner turns quiz mode off;
//! and the question before leaving a quiz that has answers.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::tui::app::App;

use crate::tr;

use super::theme::Theme;
use super::{panel_block, width};

/// Draws the quiz's score over the middle of `area`.
pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(quiz) = &app.quiz else {
        return;
    };
    let t = quiz.tally();
    let lang = theme.lang;
    // The word padded by its display width: a Chinese word takes two columns a character.
    let row = |n: usize, what: &str| {
        let word = lang.t(&format!("summary-{what}"));
        let pad = 10usize.saturating_sub(width(&word));
        Line::from(vec![
            Span::styled(format!("{n:>5} "), theme.heading),
            Span::raw(format!("{word}{}", " ".repeat(pad))),
            Span::styled(lang.t(&format!("summary-{what}-means")), theme.dim),
        ])
    };
    let lines = vec![
        row(t.right, "right"),
        row(t.wrong, "wrong"),
        row(t.carried, "carried"),
        row(t.imprecise, "imprecise"),
        row(t.skipped, "skipped"),
        Line::raw(""),
        Line::styled(lang.t("summary-keys"), theme.dim),
    ];
    let w = 64.min(area.width.saturating_sub(4));
    let h = (lines.len() as u16 + 2).min(area.height);
    let rect = area.centered(Constraint::Length(w), Constraint::Length(h));
    Clear.render(rect, buf);
    let title = tr!(
        lang,
        "summary-title",
        sep = theme.sep(),
        answered = t.answered().to_string()
    );
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
    let lang = theme.lang;
    let lines = vec![
        Line::raw(tr!(
            lang,
            "leave-answered",
            answered = t.answered(),
            line = t.line(lang)
        )),
        Line::raw(lang.t("leave-ends")),
        Line::raw(""),
        Line::from(vec![
            Span::styled(" y ", theme.key),
            Span::raw(lang.t("leave-yes")),
            Span::styled(lang.t("leave-other"), theme.key),
            Span::raw(lang.t("leave-stay")),
        ]),
    ];
    let w = 70.min(area.width.saturating_sub(4));
    let h = (lines.len() as u16 + 2).min(area.height);
    let rect = area.centered(Constraint::Length(w), Constraint::Length(h));
    Clear.render(rect, buf);
    Paragraph::new(lines)
        .wrap(ratatui::widgets::Wrap { trim: false })
        .block(panel_block(theme, lang.t("leave-title")))
        .render(rect, buf);
}
