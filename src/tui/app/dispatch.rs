//! Events in: keys become actions through the keymap, pasted text becomes typed characters,
//! and each action goes to the method that carries it out.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};

use super::{App, Mode, Status};
use crate::tui::cursor::Cursor;
use crate::tui::keymap::{self, Action, Context};
use crate::tui::quiz;

impl App {
    /// Takes one terminal event: a key, or pasted text. Anything else (focus, a resize)
    /// changes nothing: a resize only redraws.
    pub fn handle_event(&mut self, event: &Event) {
        match event {
            Event::Key(key) => self.handle_key(key),
            Event::Paste(text) => self.paste(text),
            Event::Mouse(m) => self.mouse(m),
            _ => {}
        }
    }

    /// Pasted text goes into the go-to prompt or the quiz's answer field, each up to its
    /// length; anywhere else it is not taken as keys (a paste is not a run of commands).
    fn paste(&mut self, text: &str) {
        if matches!(
            self.context(),
            Context::Prompt | Context::Quiz | Context::Answer | Context::Filter
        ) {
            for c in text.trim().chars().filter(|c| !c.is_control()) {
                self.type_char(c);
            }
        }
    }

    /// Takes one key: the action the keymap gives it in the current context, or a character
    /// typed into the prompt or the answer field.
    pub fn handle_key(&mut self, key: &KeyEvent) {
        let Some(action) = keymap::action(self.context(), key) else {
            return;
        };
        if action == Action::Type {
            if let KeyCode::Char(c) = key.code {
                self.type_char(c);
            }
            return;
        }
        self.step(action);
    }

    /// A typed character: into the go-to prompt, the picker's filter, or the quiz's answer
    /// field.
    fn type_char(&mut self, c: char) {
        if self.context() == Context::Filter {
            self.edit_filter(|f| {
                if f.chars().count() < 40 {
                    f.push(c)
                }
            });
            return;
        }
        if let Mode::Goto {
            input,
            error,
            meant,
            hint,
        } = &mut self.mode
        {
            if input.chars().count() < 64 {
                input.push(c);
                (*error, *meant, *hint) = (None, None, None);
            }
            return;
        }
        let hidden = self.hides_current();
        let Some(quiz) = self.quiz.as_mut().filter(|q| q.active) else {
            return;
        };
        if !hidden {
            self.status = Some(Status {
                text: self.settings.lang.t("status-shown-go-on"),
                error: false,
            });
        } else if quiz.type_char(c) {
            self.status = None;
        } else if quiz::number_char(c) {
            self.status = Some(Status {
                text: self.settings.lang.t("status-answer-full"),
                error: false,
            });
        } else {
            self.status = Some(Status {
                text: crate::tr!(self.settings.lang, "status-not-digit", c = c.to_string()),
                error: false,
            });
        }
    }

    /// Applies an action.
    pub(crate) fn step(&mut self, action: Action) {
        if self.context() != Context::Prompt {
            self.status = None;
        }
        let before = self.tutor.as_ref().map(|t| t.cursor);
        match action {
            Action::Quit => self.ask_to_quit(),
            Action::Leave => self.quit = true,
            Action::Suspend => self.suspend = true,
            Action::Help => self.mode = Mode::Help,
            Action::Notes => self.mode = Mode::Notes,
            Action::Close if self.context() == Context::Filter => {
                if let Some(p) = &mut self.picker {
                    p.filter = None;
                }
            }
            Action::Close => self.mode = Mode::Normal,
            Action::ToggleQuiz => self.toggle_quiz(),
            Action::ToggleMatrix => self.toggle_form(),
            Action::Skip => self.skip(),
            Action::Hint => self.hint(),
            Action::Check => self.check_answer(),
            Action::Clear => {
                if let Some(q) = &mut self.quiz {
                    q.input.clear();
                }
            }
            Action::Goto => self.open_goto(),
            Action::Complete => self.complete_name(),
            Action::HistoryPrev => self.recall(true),
            Action::HistoryNext => self.recall(false),
            Action::JumpBack => self.jump_back(),
            Action::FocusNext => self.cycle_focus(true),
            Action::FocusPrev => self.cycle_focus(false),
            Action::Unfocus => self.unfocus(),
            Action::Scroll(amount) => self.scroll(amount),
            Action::Card => self.mode = Mode::Card,
            Action::Type => {}
            Action::Delete if self.context() == Context::Filter => self.edit_filter(|f| {
                f.pop();
            }),
            Action::Delete => match (&mut self.mode, &mut self.quiz) {
                (
                    Mode::Goto {
                        input,
                        error,
                        meant,
                        hint,
                    },
                    _,
                ) => {
                    input.pop();
                    (*error, *meant, *hint) = (None, None, None);
                }
                (_, Some(q)) => {
                    q.input.pop();
                }
                _ => {}
            },
            Action::Submit => self.submit(),
            Action::PickUp
            | Action::PickDown
            | Action::PickFirst
            | Action::PickLast
            | Action::PickFilter
            | Action::PickOpen => self.pick(action),
            Action::Export => self.export(),
            Action::JumpNonFinite => self.jump_non_finite(),
            _ => self.move_cursor(action),
        }
        self.moved_from(before);
    }

    /// After a move: the panels back to their own start (the notes when the phase changed),
    /// and in quiz mode, going on past a step that was neither answered nor revealed reveals it
    /// without scoring (a skip); going back does not.
    fn moved_from(&mut self, before: Option<Cursor>) {
        let (Some(from), Some(tutor), quiz) = (before, &self.tutor, &mut self.quiz) else {
            return;
        };
        let to = tutor.cursor;
        if to == from {
            return;
        }
        let track = tutor.track();
        let phase_changed =
            (from.epoch, track.phase_start(from.index)) != (to.epoch, track.phase_start(to.index));
        self.scroll.reset(phase_changed);
        let Some(quiz) = quiz else {
            return;
        };
        quiz.input.clear();
        if quiz.hides(from) && (to.epoch, to.index) > (from.epoch, from.index) {
            quiz.skip(from);
        }
    }
}
