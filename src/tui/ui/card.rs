//! The start card, over the first step when a lesson opens: the lesson's title and summary,
//! what z, a and δ are, and the three keys to begin. Any key closes it; `i` shows it again.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::tr;
use crate::tui::app::App;

use super::formula::hang_spans;
use super::theme::Theme;
use super::{fit, panel_block, paragraphs};

/// The card's lines for a width of `w` columns inside its border.
fn lines(app: &App, theme: &Theme, w: usize) -> (Vec<Line<'static>>, Vec<Line<'static>>) {
    let Some(trace) = app.trace() else {
        return (Vec::new(), Vec::new());
    };
    let lesson = trace.lesson();
    let lang = theme.lang;
    let mut summary = paragraphs(&theme.text(&lesson.summary));
    if lesson.summary.trim().is_empty() {
        summary = vec![Line::styled(lang.t("card-no-summary"), theme.dim)];
    }
    let sym = |u: &'static str, a: &'static str| theme.sym(u, a);
    let transformer = crate::layers::diagram::applies(lesson);
    let network = match (transformer, lesson.layers.iter().all(|l| l.is_dense())) {
        // A transformer's widths (positions × features) would say little.
        (true, _) => tr!(
            lang,
            "card-transformer",
            layers = lesson.depth(),
            positions = lesson.input.positions()
        ),
        (false, true) => {
            let widths: Vec<String> = (0..=lesson.depth())
                .map(|l| lesson.width(l).to_string())
                .collect();
            tr!(lang, "card-network", widths = widths.join("-"))
        }
        // Layers of other kinds, or on a sequence: the input's shape, then each layer's kind.
        (false, false) => {
            let dims: Vec<String> = lesson.input.dims().iter().map(|d| d.to_string()).collect();
            let mut parts = vec![dims.join(sym("×", "x"))];
            parts.extend((1..=lesson.depth()).map(|l| {
                let kind = lesson.layers[l - 1].kind.contract().name();
                format!("{kind} {}", lesson.width(l))
            }));
            tr!(
                lang,
                "card-network",
                widths = parts.join(sym(" → ", " -> "))
            )
        }
    };
    // The symbols in a column as wide as the widest (`attn` for a transformer).
    let column = if transformer { 4 } else { 2 };
    let meaning = |s: &'static str, text: String| {
        Line::from(vec![
            Span::styled(format!("  {s:<column$} "), theme.heading),
            Span::raw(text),
        ])
    };
    let mut rest = vec![
        Line::raw(""),
        Line::styled(
            fit(
                &tr!(
                    lang,
                    "card-intro",
                    network = network,
                    epochs = lesson.epochs,
                    samples = lesson.data.len(),
                ),
                w * 2,
                theme,
            ),
            theme.dim,
        ),
    ];
    let (d, delta) = (sym("∂", "d"), sym("δ", "d"));
    rest.extend(match transformer {
        true => vec![
            meaning("a", lang.t("card-transformer-a")),
            meaning(delta, tr!(lang, "card-transformer-delta", d = d)),
            meaning(
                "attn",
                tr!(
                    lang,
                    "card-attn",
                    dot = sym("·", "*"),
                    sqrt = sym("√", "sqrt ")
                ),
            ),
        ],
        false => vec![
            meaning(
                "z",
                tr!(lang, "card-z", sum = sym("Σ", "sum "), dot = sym("·", "*")),
            ),
            meaning("a", lang.t("card-a")),
            meaning(delta, tr!(lang, "card-delta", d = d)),
        ],
    });
    for ((u, a), text) in crate::layers::recurrent::card::card_in(lesson, theme.ascii, lang) {
        rest.push(meaning(sym(u, a), text));
    }
    rest.push(Line::raw(""));
    let key = |k: &'static str, what: &'static str| {
        vec![
            Span::styled(format!(" {k} "), theme.key),
            Span::raw(format!(" {}   ", lang.t(what))),
        ]
    };
    let mut keys = key(sym("→", "Right"), "card-next");
    keys.extend(key("?", "card-every-key"));
    keys.extend(key("q", "card-quit"));
    rest.push(Line::from(keys));
    if app.quizzing() {
        rest.push(Line::styled(lang.t("card-quiz"), theme.warn));
    }
    rest.push(Line::styled(lang.t("card-begin"), theme.dim));
    (summary, rest)
}

/// `lines` wrapped at spaces to `w` columns, each part keeping its style (a line that fits is
/// kept as it is, its spacing too).
fn wrap(lines: Vec<Line<'static>>, w: usize) -> Vec<Line<'static>> {
    lines
        .into_iter()
        .flat_map(|line| {
            if line.width() <= w {
                return vec![line];
            }
            let style = line.style;
            let spans = line
                .spans
                .into_iter()
                .map(|s| Span::styled(s.content, style.patch(s.style)))
                .collect();
            hang_spans(Vec::new(), spans, w, 0)
        })
        .collect()
}

/// Draws the card over the middle of `area`.
pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(trace) = app.trace() else {
        return;
    };
    let width = area.width.saturating_sub(4).min(78);
    let inner_w = width.saturating_sub(4) as usize;
    let (summary, rest) = lines(app, theme, inner_w);
    let (mut summary, rest) = (wrap(summary, inner_w), wrap(rest, inner_w));
    let room = (area.height as usize).saturating_sub(2 + rest.len());
    // A summary too long for the screen is cut, saying so.
    if summary.len() > room {
        summary.truncate(room.saturating_sub(1));
        summary.push(Line::styled(
            tr!(theme.lang, "card-cut", ellipsis = theme.ellipsis()),
            theme.dim,
        ));
    }
    let mut all = summary;
    all.extend(rest);
    let height = (all.len() as u16 + 2).min(area.height);
    let rect = area.centered(Constraint::Length(width), Constraint::Length(height));
    Clear.render(rect, buf);
    let title = theme.text(&trace.lesson().title);
    let block = panel_block(theme, fit(&title, width.saturating_sub(4) as usize, theme))
        .padding(ratatui::widgets::Padding::horizontal(1));
    Paragraph::new(all)
        .style(Style::new())
        .block(block)
        .render(rect, buf);
}
