//! The lesson's note for the current phase: a panel when there is room, and an overlay on `n`.
//!
//! A note may be long (all of a lesson file's hundreds of kilobytes): it is prepared once per
//! phase and width ([`NoteCache`]), and only as much of it as a screen can show is wrapped,
//! so a key costs the same with any note.

use std::sync::Mutex;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Widget};
use unicode_width::UnicodeWidthChar;

use crate::lesson::Lesson;
use crate::tr;
use crate::trace::Phase;

use super::geometry::Panel;
use super::theme::Theme;
use super::{View, panel_block, wrapped};
use crate::tui::app::{App, Extent, Tutor};

/// Rows of a note that are prepared to be shown at first (more when a taller area asks).
const ROWS: usize = 128;
/// The height a note asks for is counted up to this many rows: no screen is taller.
const HEIGHT_CAP: usize = 2000;
/// Prepared notes kept (the panel and the overlay have different widths).
const KEPT: usize = 4;

/// Notes prepared for drawing, by phase and width. Belongs to one open lesson.
#[derive(Debug, Default)]
pub struct NoteCache(Mutex<Vec<Prepared>>);

#[derive(Debug, Clone)]
struct Prepared {
    phase: Phase,
    width: usize,
    /// Written in ASCII (`--ascii`).
    ascii: bool,
    /// `lines` hold enough of the note to fill this many rows.
    rows: usize,
    /// The note's paragraphs, cut after what `rows` rows can show.
    lines: Vec<Line<'static>>,
    /// Rows the whole note takes at `width` (at most [`HEIGHT_CAP`]).
    height: usize,
}

impl NoteCache {
    /// The note of `phase` at `width` columns, as `theme` writes prose: enough lines for
    /// `rows` rows, and the height the whole note wants.
    fn get(&self, note: &str, phase: Phase, theme: &Theme, width: usize, rows: usize) -> Prepared {
        let ascii = theme.ascii;
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let same = |p: &Prepared| p.phase == phase && p.width == width && p.ascii == ascii;
        if let Some(i) = kept.iter().position(|p| same(p) && p.rows >= rows) {
            let hit = kept.remove(i);
            kept.push(hit.clone());
            return hit;
        }
        let rows = rows.max(ROWS);
        let text = theme.text(note);
        let prepared = Prepared {
            phase,
            width,
            ascii,
            rows,
            lines: shown_paragraphs(&text, width, rows),
            height: rows_wanted(&text, width),
        };
        kept.retain(|p| !same(p));
        if kept.len() >= KEPT {
            kept.remove(0);
        }
        kept.push(prepared.clone());
        prepared
    }
}

/// Lesson prose as paragraphs (as [`super::paragraphs`] makes them: lines break only at blank
/// lines), but only the start of it: what fills `rows` rows of `width` columns, with room to
/// spare for word wrapping.
fn shown_paragraphs(text: &str, width: usize, rows: usize) -> Vec<Line<'static>> {
    // A row holds at most `width` columns; twice that in characters covers the spaces that
    // wrapping moves to the next row and characters of no width.
    let mut budget = (rows + 1) * (width.max(1) + 1) * 2;
    let mut lines = Vec::new();
    for (i, para) in text.trim().split("\n\n").enumerate() {
        if lines.len() >= rows || budget == 0 {
            break;
        }
        if i > 0 {
            lines.push(Line::raw(""));
        }
        let mut joined = String::new();
        for (j, line) in para.lines().map(str::trim).enumerate() {
            if budget == 0 {
                break;
            }
            if j > 0 && crate::notation::prose::joins_with_space(&joined, line) {
                joined.push(' ');
            }
            let take = line
                .char_indices()
                .nth(budget)
                .map_or(line.len(), |(at, _)| at);
            budget = budget.saturating_sub(line[..take].chars().count() + 1);
            joined.push_str(&line[..take]);
        }
        lines.push(Line::raw(joined));
    }
    lines
}

/// Rows the note takes at `width` columns, counted as the layout always has (each paragraph's
/// width over the columns, plus one), up to [`HEIGHT_CAP`]: no more of the note is read.
fn rows_wanted(text: &str, width: usize) -> usize {
    let w = width.max(1);
    let mut total = 0;
    for (i, para) in text.trim().split("\n\n").enumerate() {
        if i > 0 {
            total += 2; // the blank line between paragraphs
        }
        let mut cols = 0usize;
        'lines: for (j, line) in para.lines().map(str::trim).enumerate() {
            cols += usize::from(j > 0);
            for c in line.chars() {
                cols += c.width().unwrap_or(0);
                if total + cols / w > HEIGHT_CAP {
                    break 'lines;
                }
            }
        }
        total += cols.max(1).div_ceil(w) + 1;
        if total >= HEIGHT_CAP {
            return HEIGHT_CAP;
        }
    }
    total
}

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

/// The note of `phase` ready to draw in `rows` rows of `width` columns, with its style, and
/// the rows the whole of it wants.
fn body(
    tutor: &Tutor,
    phase: Phase,
    theme: &Theme,
    width: usize,
    rows: usize,
) -> (Vec<Line<'static>>, Style, usize) {
    match note(tutor.trace.lesson(), phase) {
        Some(text) => {
            let p = tutor.notes.get(text, phase, theme, width, rows);
            (p.lines, Style::new(), p.height)
        }
        None => (
            vec![Line::raw(tr!(
                theme.lang,
                "notes-none",
                phase = theme.lang.t(&format!("phase-{}", phase.name()))
            ))],
            theme.dim,
            2,
        ),
    }
}

/// Does the lesson have a note for some phase?
pub fn any(lesson: &Lesson) -> bool {
    Phase::ALL.iter().any(|&p| note(lesson, p).is_some())
}

/// Draws the note of the current phase as a panel, from where the learner scrolled it.
pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let phase = view.step.phase();
    let inner = area.width.saturating_sub(2) as usize;
    let rows = area.height.saturating_sub(2) as usize;
    // Prepared as far as the learner may scroll: a screen past where they are.
    let want = view.app.scroll.top(Panel::Notes).unwrap_or(0) + 2 * rows;
    let (lines, style, height) = body(view.tutor, phase, &view.theme, inner, want);
    let extent = view.scrolled(Panel::Notes, height.saturating_sub(1), rows, 0);
    let lang = view.theme.lang;
    let phase_word = lang.t(&format!("phase-{}", phase.name()));
    let title = format!("{}{}{phase_word}", lang.t("panel-notes"), view.theme.sep());
    let lines = super::quiz_mask::notes(view, lines);
    wrapped(lines, style)
        .scroll((extent.top.min(u16::MAX as usize) as u16, 0))
        .block(view.panel(Panel::Notes, title, Some(extent)))
        .render(area, buf);
}

/// The note over the middle of the screen (for terminals too small for the panel), from
/// where the learner scrolled it, with the quiz's `secrets` (sorted) kept.
pub fn overlay(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer, secrets: &[f64]) {
    let Some(tutor) = &app.tutor else {
        return;
    };
    let phase = tutor.track().phase(tutor.cursor.index);
    let w = area.width.saturating_sub(8).min(76);
    let inner_w = w.saturating_sub(2).max(1) as usize;
    let rows = area.height.saturating_sub(6) as usize;
    let want = app.scroll.top(Panel::Notes).unwrap_or(0) + 2 * rows;
    let (lines, style, text_h) = body(tutor, phase, theme, inner_w, want);
    let h = (text_h.min(u16::MAX as usize) as u16)
        .saturating_add(2)
        .min(area.height.saturating_sub(4));
    let shown = h.saturating_sub(2) as usize;
    let max = text_h.saturating_sub(1).saturating_sub(shown);
    let top = app.scroll.top(Panel::Notes).unwrap_or(0).min(max);
    let extent = Extent {
        top,
        max,
        rows: shown,
    };
    app.drawn.borrow_mut().extents.insert(Panel::Notes, extent);
    let rect = area.centered(Constraint::Length(w), Constraint::Length(h));
    Clear.render(rect, buf);
    let phase_word = theme.lang.t(&format!("phase-{}", phase.name()));
    let title = tr!(
        theme.lang,
        "notes-overlay",
        sep = theme.sep(),
        phase = phase_word
    );
    let lines = if secrets.is_empty() {
        lines
    } else {
        super::quiz_mask::mask_lines(lines, secrets)
    };
    let mut block = panel_block(theme, title);
    if max > 0 {
        block = block.title_bottom(
            Line::styled(
                format!(
                    " {} ",
                    crate::tr!(
                        theme.lang,
                        "rows-of",
                        keys = theme.sym("↑↓", "Up Down"),
                        first = top + 1,
                        last = top + shown,
                        all = max + shown
                    )
                ),
                theme.dim,
            )
            .right_aligned(),
        );
    }
    wrapped(lines, style)
        .scroll((top.min(u16::MAX as usize) as u16, 0))
        .block(block)
        .render(rect, buf);
}

#[cfg(test)]
mod tests {
    use super::super::paragraphs;
    use super::*;

    /// Rows as the layout counted them from the whole note.
    fn rows_of_whole(text: &str, width: usize) -> usize {
        paragraphs(text)
            .iter()
            .map(|l| l.width().max(1).div_ceil(width) + 1)
            .sum()
    }

    const SHORT: &str =
        "Each neuron sums its inputs:\nz = Σ w·a + b.\n\n\nThen  σ(z).\n\n  δ⁽¹⁾ = σ′(z)  ";

    #[test]
    fn a_short_note_is_prepared_as_it_always_was() {
        for width in [1, 5, 20, 76, 200] {
            assert_eq!(
                shown_paragraphs(SHORT, width, ROWS),
                paragraphs(SHORT),
                "{width}"
            );
            assert_eq!(
                rows_wanted(SHORT, width),
                rows_of_whole(SHORT, width),
                "{width}"
            );
        }
    }

    #[test]
    fn a_huge_note_is_read_only_as_far_as_a_screen_shows() {
        let word = "gradient ";
        let huge = word.repeat(2_000_000);
        let lines = shown_paragraphs(&huge, 80, 50);
        let kept: usize = lines.iter().map(|l| l.width()).sum();
        assert!((50 * 80..20 * 50 * 80).contains(&kept), "{kept}");
        assert!(
            paragraphs(&huge)[0]
                .to_string()
                .starts_with(&lines[0].to_string())
        );
        assert_eq!(rows_wanted(&huge, 80), HEIGHT_CAP);
        // Many paragraphs: as many lines as rows, no more.
        let many = "a b c\n\n".repeat(1_000_000);
        assert!(shown_paragraphs(&many, 80, 50).len() <= 51);
        assert_eq!(rows_wanted(&many, 80), HEIGHT_CAP);
    }

    #[test]
    fn the_cache_keeps_a_note_per_phase_width_and_script() {
        use crate::tui::app::Settings;
        let unicode = Theme::new(Settings {
            ascii: false,
            color: true,
            ..Default::default()
        });
        let ascii = Theme::new(Settings {
            ascii: true,
            color: true,
            ..Default::default()
        });
        let cache = NoteCache::default();
        let a = cache.get(SHORT, Phase::Forward, &unicode, 40, 10);
        assert_eq!(a.lines, paragraphs(SHORT));
        let b = cache.get(SHORT, Phase::Forward, &unicode, 60, 10);
        assert_eq!(b.width, 60);
        assert_eq!(cache.0.lock().unwrap().len(), 2);
        // A hit returns what was prepared; a taller area prepares more.
        let again = cache.get(SHORT, Phase::Forward, &unicode, 40, 10);
        assert_eq!(again.rows, a.rows);
        let taller = cache.get(SHORT, Phase::Forward, &unicode, 40, ROWS * 2);
        assert_eq!(taller.rows, ROWS * 2);
        // Under --ascii the note is written in ASCII.
        let plain = cache.get(SHORT, Phase::Forward, &ascii, 40, 10);
        assert!(plain.lines.iter().all(|l| l.to_string().is_ascii()));
        assert_eq!(plain.lines, paragraphs(&ascii.text(SHORT)));
        for phase in [Phase::Loss, Phase::Backward, Phase::Update] {
            cache.get(SHORT, phase, &unicode, 40, 10);
        }
        assert_eq!(cache.0.lock().unwrap().len(), KEPT);
    }
}
