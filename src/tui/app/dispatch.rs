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
            _ => {}
        }
    }

    /// Pasted text goes into the go-to prompt or the quiz's answer field, each up to its
    /// length; anywhere else it is not taken as keys (a paste is not a run of commands).
    fn paste(&mut self, text: &str) {
        if matches!(
            self.context(),
            Context::Prompt | Context::Quiz | Context::Answer
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

    /// A typed character: into the go-to prompt, or into the quiz's answer field.
    fn type_char(&mut self, c: char) {
        if let Mode::Goto { input, error } = &mut self.mode {
            if input.chars().count() < 64 {
                input.push(c);
                *error = None;
            }
            return;
        }
        let hidden = self.hides_current();
        let Some(quiz) = self.quiz.as_mut().filter(|q| q.active) else {
            return;
        };
        if !hidden {
            self.status = Some(Status {
                text: "this value is already shown: → goes on to the next step".into(),
                error: false,
            });
        } else if quiz.type_char(c) {
            self.status = None;
        } else if quiz::number_char(c) {
            self.status = Some(Status {
                text: "that is as long as an answer gets: Enter checks it".into(),
                error: false,
            });
        } else {
            self.status = Some(Status {
                text: format!(
                    "`{c}` is not part of a number: digits, - . and e, as in 3.5e-5 (Esc clears)"
                ),
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
            Action::Quit => self.quit = true,
            Action::Suspend => self.suspend = true,
            Action::Help => self.mode = Mode::Help,
            Action::Notes => self.mode = Mode::Notes,
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
            Action::Goto => {
                self.mode = Mode::Goto {
                    input: String::new(),
                    error: None,
                }
            }
            Action::Type => {}
            Action::Delete => match (&mut self.mode, &mut self.quiz) {
                (Mode::Goto { input, error }, _) => {
                    input.pop();
                    *error = None;
                }
                (_, Some(q)) => {
                    q.input.pop();
                }
                _ => {}
            },
            Action::Submit => self.submit(),
            Action::PickUp | Action::PickDown | Action::PickOpen => self.pick(action),
            Action::Export => self.export(),
            Action::JumpNonFinite => self.jump_non_finite(),
            _ => self.move_cursor(action),
        }
        self.moved_from(before);
    }

    /// In quiz mode, going on past a step that was neither answered nor revealed reveals it
    /// without scoring (a skip); going back does not.
    fn moved_from(&mut self, before: Option<Cursor>) {
        let (Some(from), Some(tutor), Some(quiz)) = (before, &self.tutor, &mut self.quiz) else {
            return;
        };
        let to = tutor.cursor;
        if to == from {
            return;
        }
        quiz.input.clear();
        if quiz.hides(from) && (to.epoch, to.index) > (from.epoch, from.index) {
            quiz.skip(from);
        }
    }
}
