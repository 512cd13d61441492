//! Moving the cursor: step by step, by phase, sample and epoch, to the first number that is
//! not finite; and choosing a lesson in the picker.

use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Position;

use super::{App, Status, Tutor};
use crate::i18n::Lang;
use crate::tr;
use crate::trace::Place;
use crate::tui::cursor::{Cursor, Edge};
use crate::tui::keymap::Action;

/// What is true at the edge a move ran into: which step, sample, batch, phase or epoch is the
/// first or last, and of what.
fn edge_message(tutor: &Tutor, action: Action, edge: Edge, lang: Lang) -> String {
    let trace = &tutor.trace;
    let layout = tutor.layout();
    let step = tutor.current();
    let (epoch, epochs) = (step.epoch, trace.epochs());
    let name = step.name();
    let last = edge == Edge::End;
    let which = if last { "last" } else { "first" };
    match action {
        Action::NextEpoch | Action::PrevEpoch if epochs == 1 => lang.t("nav-one-epoch"),
        Action::NextEpoch | Action::PrevEpoch => tr!(
            lang,
            "nav-epoch-edge",
            epoch = epoch,
            which = which,
            epochs = epochs
        ),
        Action::NextSample | Action::PrevSample => {
            let (unit, count) = match step.place {
                Place::Sample(_) => ("sample", layout.samples()),
                Place::Batch(_) => ("batch", layout.batches()),
            };
            if count == 1 && epochs == 1 {
                tr!(lang, "nav-one-unit", unit = unit, name = name)
            } else {
                let (n, e) = if last { (count, epochs) } else { (1, 1) };
                let id = match step.place {
                    Place::Sample(_) => "nav-sample-edge",
                    Place::Batch(_) => "nav-batch-edge",
                };
                tr!(lang, id, n = n, e = e, which = which, name = name)
            }
        }
        Action::NextPhase | Action::PrevPhase => {
            let place = match step.place {
                Place::Sample(n) => tr!(lang, "nav-place-sample", n = n, epoch = epoch),
                Place::Batch(b) => tr!(lang, "nav-place-batch", b = b, epoch = epoch),
            };
            let phase = lang.t(&format!("phase-{}", step.phase().name()));
            tr!(
                lang,
                "nav-phase-edge",
                phase = phase,
                place = place,
                which = which
            )
        }
        _ => tr!(lang, "nav-step-edge", name = name, which = which),
    }
}

impl App {
    /// A movement key: the cursor moved, or the learner told why it cannot go on.
    pub(super) fn move_cursor(&mut self, action: Action) {
        let Some(tutor) = &mut self.tutor else {
            return;
        };
        let track = tutor.track();
        let c = tutor.cursor;
        let moved = match action {
            Action::Next => track.next(c),
            Action::Prev => track.prev(c),
            Action::NextPhase => track.next_phase(c),
            Action::PrevPhase => track.prev_phase(c),
            Action::NextSample => track.next_sample(c),
            Action::PrevSample => track.prev_sample(c),
            Action::First => Ok(track.first(c)),
            Action::Last => Ok(track.last(c)),
            Action::NextEpoch => track.next_epoch(c),
            Action::PrevEpoch => track.prev_epoch(c),
            _ => Ok(c),
        };
        match moved {
            Ok(to) => {
                tutor.cursor = to;
                if matches!(action, Action::First | Action::Last) {
                    self.jumped_from(c);
                }
            }
            Err(edge) => {
                let text = edge_message(tutor, action, edge, self.settings.lang);
                self.status = Some(Status { text, error: false })
            }
        }
    }

    /// The picker's keys: the highlight up or down (round the list of lessons the filter
    /// shows), to the first or last, the filter opened, or the lesson opened and its training
    /// started.
    pub(super) fn pick(&mut self, action: Action) {
        let Some(picker) = &mut self.picker else {
            return;
        };
        let shown = picker.shown();
        let n = shown.len();
        let at = shown.iter().position(|&i| i == picker.selected);
        let to = match (action, at) {
            _ if n == 0 => None,
            (Action::PickUp, Some(i)) => Some((i + n - 1) % n),
            (Action::PickDown, Some(i)) => Some((i + 1) % n),
            (Action::PickUp | Action::PickDown | Action::PickFirst, _) => Some(0),
            (Action::PickLast, _) => Some(n - 1),
            _ => None,
        };
        if let Some(to) = to {
            picker.selected = shown[to];
            return;
        }
        match action {
            Action::PickFilter => picker.filter = Some(String::new()),
            Action::PickOpen if at.is_none() => {
                self.status = Some(Status {
                    text: self.settings.lang.t("nav-no-lesson-shown"),
                    error: false,
                })
            }
            Action::PickOpen => match picker.choices.get(picker.selected).map(|c| &c.lesson) {
                Some(Ok(lesson)) => {
                    self.tutor = Some(Tutor::new(lesson.clone()));
                    self.start_training();
                    self.show_card();
                }
                Some(Err(e)) => {
                    self.status = Some(Status {
                        text: e
                            .to_string()
                            .lines()
                            .next()
                            .unwrap_or("cannot open it")
                            .to_string(),
                        error: true,
                    })
                }
                None => {}
            },
            _ => {}
        }
    }

    /// The picker's filter edited: the highlight stays on a lesson it shows.
    pub(super) fn edit_filter(&mut self, edit: impl FnOnce(&mut String)) {
        let Some(picker) = &mut self.picker else {
            return;
        };
        let Some(filter) = &mut picker.filter else {
            return;
        };
        edit(filter);
        let shown = picker.shown();
        if !shown.contains(&picker.selected)
            && let Some(&first) = shown.first()
        {
            picker.selected = first;
        }
    }

    /// The mouse in the picker: a click highlights a lesson (a click on the highlighted one
    /// opens it), the wheel moves the highlight.
    pub(super) fn picker_mouse(&mut self, m: &MouseEvent) {
        let list = self.drawn.borrow().picker;
        let (Some((rect, first)), Some(picker)) = (list, &self.picker) else {
            return;
        };
        match m.kind {
            MouseEventKind::ScrollUp => self.pick(Action::PickUp),
            MouseEventKind::ScrollDown => self.pick(Action::PickDown),
            MouseEventKind::Down(MouseButton::Left)
                if rect.contains(Position::new(m.column, m.row)) =>
            {
                let row = first + usize::from(m.row - rect.y);
                if let Some(&i) = picker.shown().get(row) {
                    if i == picker.selected {
                        self.pick(Action::PickOpen);
                    } else if let Some(p) = &mut self.picker {
                        p.selected = i;
                    }
                }
            }
            _ => {}
        }
    }

    /// `!`: to the first number that is not finite, or why there is none (yet).
    pub(super) fn jump_non_finite(&mut self) {
        let Some(tutor) = &mut self.tutor else {
            return;
        };
        let lang = self.settings.lang;
        let text = match tutor.training.non_finite {
            Some(Some(step)) => {
                let from = tutor.cursor;
                tutor.cursor = Cursor {
                    epoch: step.epoch,
                    index: step.index,
                };
                self.jump_from = Some(from).filter(|&f| f != tutor.cursor).or(self.jump_from);
                let at = match step.sample() {
                    Some(s) => tr!(lang, "nav-at-sample", s = s),
                    None => tr!(lang, "nav-at-update", b = step.batch),
                };
                tr!(
                    lang,
                    "nav-non-finite",
                    name = step.name(),
                    epoch = step.epoch,
                    at = at
                )
            }
            Some(None) => lang.t("nav-all-finite"),
            None => {
                let t = &tutor.training;
                let pct = 100 * t.done / t.total.max(1);
                tr!(lang, "nav-still-training", pct = pct.to_string())
            }
        };
        self.status = Some(Status { text, error: false });
    }
}
