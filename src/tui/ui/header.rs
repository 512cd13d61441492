//! The top line: where in the trace the learner is, and a warning when training diverges.
//! `Two-layer sigmoid network · epoch 1/1 · sample 1/1 · backward · step 17/39 · delta(1)[2]`

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{View, fit, width};

/// Draws the top line.
pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let theme = &view.theme;
    let trace = &view.tutor.trace;
    let layout = trace.layout();
    let step = &view.step;
    let sep = theme.sep();
    let at = match step.sample() {
        Some(s) => format!("sample {s}/{}", layout.samples()),
        None => format!("batch {}/{}", step.batch, layout.batches()),
    };
    let mut right = vec![
        Span::raw(sep),
        Span::raw(format!("epoch {}/{}", step.epoch, trace.epochs())),
        Span::raw(sep),
        Span::raw(at),
        Span::raw(sep),
        Span::raw(step.phase().name()),
        Span::raw(sep),
        Span::raw(format!("step {}/{}", step.index + 1, trace.epoch_len())),
        Span::raw(sep),
        Span::styled(step.name(), theme.current),
    ];
    if let Some(quiz) = view.app.quiz.as_ref().filter(|q| q.active) {
        right.insert(0, Span::styled(quiz.tally().header(), theme.key));
        right.insert(0, Span::raw(sep));
    }
    if let Some(Some(bad)) = view.tutor.training.non_finite {
        let value = if bad.value.is_nan() {
            "NaN"
        } else {
            "infinity"
        };
        right.push(Span::raw(" "));
        right.push(Span::styled(
            format!(" {value} in epoch {}: press ! ", bad.epoch),
            theme.warn,
        ));
    }
    // The title's room is the same on every step: what the right part takes at its widest
    // (the longest step name, the widest counts), so nothing shifts while stepping.
    let right_w = widest_right(view).max(right.iter().map(|s| width(&s.content)).sum());
    let room = (area.width as usize).saturating_sub(right_w);
    let mut spans = Vec::new();
    if room >= 4 {
        let title = fit(&theme.text(&view.lesson.title), room, theme);
        let pad = room - width(&title);
        spans.push(Span::styled(title, theme.heading));
        spans.push(Span::raw(" ".repeat(pad)));
        spans.extend(right);
    } else {
        // Too narrow for the title: drop it and the leading separator.
        spans.extend(right.into_iter().skip(1));
    }
    Line::from(spans).render(area, buf);
}

/// The widest the right part of the header gets in this lesson: its separators, the widest
/// epoch, sample or batch and step counts, the longest phase and step name, and the quiz's
/// score with every step answered.
fn widest_right(view: &View) -> usize {
    let trace = &view.tutor.trace;
    let layout = trace.layout();
    let digits = |n: usize| n.to_string().len();
    let sep = width(view.theme.sep());
    let place = (7 + 2 * digits(layout.samples())).max(6 + 2 * digits(layout.batches()));
    let name = layout
        .families()
        .iter()
        .map(|f| {
            let ix: Vec<String> = f.dims.iter().map(|d| d.to_string()).collect();
            let name = f.quantity.name();
            match f.dims.len() {
                0 => name.len(),
                _ => name.len() + digits(f.layer) + 4 + ix.join(",").len(),
            }
        })
        .max()
        .unwrap_or(4);
    let quiz = if view.app.quiz.as_ref().is_some_and(|q| q.active) {
        let all = trace.epoch_len() * trace.epochs();
        sep + 12 + 2 * digits(all)
    } else {
        0
    };
    quiz + 5 * sep
        + (7 + 2 * digits(trace.epochs()))
        + place
        + "backward".len()
        + (6 + 2 * digits(trace.epoch_len()))
        + name
}
