//! Moving the cursor: step by step, by phase, sample and epoch, to the first number that is
//! not finite; and choosing a lesson in the picker.

use super::{App, Status, Tutor};
use crate::tui::cursor::Cursor;
use crate::tui::keymap::Action;

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
            Ok(to) => tutor.cursor = to,
            Err(edge) => {
                let text = match (action, edge) {
                    (Action::NextEpoch, _) => {
                        format!("epoch {} is the last epoch of this lesson", c.epoch)
                    }
                    (Action::PrevEpoch, _) => "epoch 1 is the first epoch".to_string(),
                    _ => edge.message().to_string(),
                };
                self.status = Some(Status { text, error: false })
            }
        }
    }

    /// The picker's keys: the highlight up or down (round the list), or the lesson opened and
    /// its training started.
    pub(super) fn pick(&mut self, action: Action) {
        let Some(picker) = &mut self.picker else {
            return;
        };
        let n = picker.choices.len();
        match action {
            Action::PickUp if n > 0 => picker.selected = (picker.selected + n - 1) % n,
            Action::PickDown if n > 0 => picker.selected = (picker.selected + 1) % n,
            Action::PickOpen => match picker.choices.get(picker.selected).map(|c| &c.lesson) {
                Some(Ok(lesson)) => {
                    self.tutor = Some(Tutor::new(lesson.clone()));
                    self.start_training();
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

    /// `!`: to the first number that is not finite, or why there is none (yet).
    pub(super) fn jump_non_finite(&mut self) {
        let Some(tutor) = &mut self.tutor else {
            return;
        };
        let text = match tutor.training.non_finite {
            Some(Some(step)) => {
                tutor.cursor = Cursor {
                    epoch: step.epoch,
                    index: step.index,
                };
                let at = match step.sample() {
                    Some(s) => format!("sample {s}"),
                    None => format!("the update of batch {}", step.batch),
                };
                format!(
                    "the first number that is not finite: {} in epoch {}, {at}",
                    step.name(),
                    step.epoch
                )
            }
            Some(None) => "every number of this lesson is finite".into(),
            None => {
                let t = &tutor.training;
                format!(
                    "still training ({}%): NaN and infinity are checked when it finishes",
                    100 * t.done / t.total.max(1)
                )
            }
        };
        self.status = Some(Status { text, error: false });
    }
}
