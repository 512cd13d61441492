//! The top line: where in the trace the learner is, and a warning when training diverges.
//! `Two-layer sigmoid network · epoch 1/1 · sample 1/1 · backward · step 17/39 · delta(1)[2]`

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::i18n::Lang;
use crate::tr;
use crate::trace::Phase;

use super::{View, fit, width};

/// The header's words, in the interface's language.
struct Words(Lang);

impl Words {
    fn epoch(&self, n: usize, of: usize) -> String {
        tr!(
            self.0,
            "header-epoch",
            n = n.to_string(),
            of = of.to_string()
        )
    }
    fn sample(&self, n: usize, of: usize) -> String {
        tr!(
            self.0,
            "header-sample",
            n = n.to_string(),
            of = of.to_string()
        )
    }
    fn batch(&self, n: usize, of: usize) -> String {
        tr!(
            self.0,
            "header-batch",
            n = n.to_string(),
            of = of.to_string()
        )
    }
    fn step(&self, n: usize, of: usize) -> String {
        tr!(
            self.0,
            "header-step",
            n = n.to_string(),
            of = of.to_string()
        )
    }
    fn phase(&self, phase: Phase) -> String {
        self.0.t(&format!("phase-{}", phase.name()))
    }
}

/// Draws the top line.
pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let theme = &view.theme;
    let words = Words(theme.lang);
    let trace = &view.tutor.trace;
    let layout = trace.layout();
    let step = &view.step;
    let sep = theme.sep();
    let at = match step.sample() {
        Some(s) => words.sample(s, layout.samples()),
        None => words.batch(step.batch, layout.batches()),
    };
    let mut right = vec![
        Span::raw(sep),
        Span::raw(words.epoch(step.epoch, trace.epochs())),
        Span::raw(sep),
        Span::raw(at),
        Span::raw(sep),
        Span::raw(words.phase(step.phase())),
        Span::raw(sep),
        Span::raw(words.step(step.index + 1, trace.epoch_len())),
        Span::raw(sep),
        Span::styled(step.name(), theme.current),
    ];
    if let Some(quiz) = view.app.quiz.as_ref().filter(|q| q.active) {
        right.insert(0, Span::styled(quiz.tally().header(theme.lang), theme.key));
        right.insert(0, Span::raw(sep));
    }
    if let Some(Some(bad)) = view.tutor.training.non_finite {
        let value = if bad.value.is_nan() {
            "NaN".to_string()
        } else {
            theme.lang.t("header-infinity")
        };
        right.push(Span::raw(" "));
        right.push(Span::styled(
            tr!(
                theme.lang,
                "header-diverges",
                value = value,
                epoch = bad.epoch.to_string()
            ),
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
/// score with every step answered (each count at its largest has the most digits).
fn widest_right(view: &View) -> usize {
    let trace = &view.tutor.trace;
    let layout = trace.layout();
    let words = Words(view.theme.lang);
    let digits = |n: usize| n.to_string().len();
    let sep = width(view.theme.sep());
    let (samples, batches) = (layout.samples(), layout.batches());
    let place = width(&words.sample(samples, samples)).max(width(&words.batch(batches, batches)));
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
    let quiz = match view.app.quiz.as_ref().filter(|q| q.active) {
        Some(_) => {
            let all = trace.epoch_len() * trace.epochs();
            sep + width(&crate::tui::quiz::Tally::header_of(
                all,
                all,
                view.theme.lang,
            ))
        }
        None => 0,
    };
    let phase = Phase::ALL.iter().map(|&p| width(&words.phase(p))).max();
    let (epochs, len) = (trace.epochs(), trace.epoch_len());
    quiz + 5 * sep
        + width(&words.epoch(epochs, epochs))
        + place
        + phase.unwrap_or(0)
        + width(&words.step(len, len))
        + name
}
