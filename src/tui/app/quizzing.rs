//! Quiz mode as the app keeps it: on and off, what is hidden, the answer checked or skipped.

use super::{App, Mode, Status};
use crate::tui::quiz::{self, Quiz};

impl App {
    /// Starts in quiz mode (`--quiz`): from the first lesson step on, values stay hidden until
    /// answered.
    pub fn start_quiz(&mut self) {
        self.quiz = Some(Quiz::new());
    }

    /// Is quiz mode on?
    pub fn quizzing(&self) -> bool {
        self.quiz.as_ref().is_some_and(|q| q.active)
    }

    /// Is the current step's value hidden (quiz mode, not yet answered or revealed)?
    pub fn hides_current(&self) -> bool {
        match (&self.quiz, &self.tutor) {
            (Some(quiz), Some(tutor)) => quiz.hides(tutor.cursor),
            _ => false,
        }
    }

    /// What to print once the terminal is restored: the quiz's summary, if there was a quiz.
    pub fn farewell(&self) -> Option<String> {
        self.quiz.as_ref().map(|q| q.summary(self.settings.lang))
    }

    /// The quiz's outcome of the current step, if it was answered, revealed or skipped.
    pub fn quiz_outcome(&self) -> Option<&quiz::Outcome> {
        let cursor = self.tutor.as_ref()?.cursor;
        self.quiz.as_ref()?.outcome(cursor)
    }

    /// The quiz's answer field as typed so far; `None` without a quiz.
    pub fn answer_field(&self) -> Option<&str> {
        self.quiz.as_ref().map(|q| q.input.as_str())
    }

    /// The quiz's score so far.
    pub fn quiz_tally(&self) -> Option<quiz::Tally> {
        self.quiz.as_ref().map(Quiz::tally)
    }

    /// q, Esc or Ctrl-C: quits at once, unless a quiz has answers, which would be lost: then
    /// the learner is asked first.
    pub(super) fn ask_to_quit(&mut self) {
        if self.mode != Mode::Leave && self.quiz_tally().is_some_and(|t| t.answered() > 0) {
            self.mode = Mode::Leave;
        } else {
            self.quit = true;
        }
    }

    /// Quiz mode on; or off, showing the summary.
    pub(super) fn toggle_quiz(&mut self) {
        match &mut self.quiz {
            Some(q) if q.active => {
                q.active = false;
                q.input.clear();
                self.mode = Mode::Summary;
            }
            Some(q) => q.active = true,
            None => self.start_quiz(),
        }
    }

    /// Reveals the current value without scoring it.
    pub(super) fn skip(&mut self) {
        let hidden = self.hides_current();
        if let (Some(quiz), Some(tutor)) = (&mut self.quiz, &self.tutor) {
            if hidden {
                quiz.skip(tutor.cursor);
            } else {
                self.status = Some(Status {
                    text: self.settings.lang.t("quiz-already-shown"),
                    error: false,
                });
            }
        }
    }

    /// The next hint for the current step, on the status line.
    pub(super) fn hint(&mut self) {
        let hidden = self.hides_current();
        let notation = self.settings.notation();
        let (Some(quiz), Some(tutor)) = (&mut self.quiz, &self.tutor) else {
            return;
        };
        let text = if hidden {
            quiz.hint(
                &tutor.trace,
                tutor.cursor,
                &tutor.current(),
                notation,
                self.settings.lang,
            )
        } else {
            self.settings.lang.t("quiz-already-shown")
        };
        self.status = Some(Status { text, error: false });
    }

    /// Grades the typed answer for the current step.
    pub(super) fn check_answer(&mut self) {
        let hidden = self.hides_current();
        let (Some(quiz), Some(tutor)) = (&mut self.quiz, &self.tutor) else {
            return;
        };
        if !hidden || quiz.input.trim().is_empty() {
            quiz.input.clear();
            return;
        }
        let step = tutor.current();
        if let Err(message) = quiz.check(&tutor.trace, tutor.cursor, &step) {
            self.status = Some(Status {
                text: crate::tr!(self.settings.lang, "quiz-not-a-number", text = &message.0),
                error: false,
            });
        }
    }
}
