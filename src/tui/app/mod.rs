//! The tutor's state: a cursor over the trace, the mode (stepping, typing a step name, an
//! overlay), and what the learner was last told. Keys become
//! [`Action`](super::keymap::Action)s through the keymap, and [`App::step`] applies them.
//! Nothing here draws or touches the terminal.
//!
//! - `tutor`: the open lesson, its trace and training progress;
//! - `dispatch`: events in, one method per action;
//! - `navigation`: the cursor's moves, the picker, the jump to a NaN;
//! - `goto`: where a typed step name points, or why nowhere, its history and the jump back;
//! - `names`: step names completed, and the name a slip meant;
//! - `quizzing`: quiz mode as the app keeps it;
//! - `scroll`: panels that take focus and scroll, and the mouse;
//! - `training` and `export`: work off the UI thread and what it reports.

mod dispatch;
mod export;
mod goto;
mod names;
mod navigation;
mod quizzing;
mod scroll;
mod training;
mod tutor;

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::Sender;
use std::thread::JoinHandle;

use crate::i18n::Lang;
use crate::lesson::{Lesson, LessonError};
use crate::notation::Notation;
use crate::trace::{Step, Trace};

use super::background::News;
use super::cursor::Cursor;
use super::form::Form;
use super::keymap::Context;
use super::quiz::Quiz;
use super::ui::geometry::Panel;

pub use export::EXPORT_STEP_LIMIT;
pub use scroll::{Amount, Drawn, Extent, Scroll};
pub(crate) use tutor::Tutor;

/// What the keys do right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Stepping (or choosing a lesson in the picker).
    Normal,
    /// Typing a step name after `:`; `error` says why the last name did not work.
    Goto {
        /// The step name typed so far.
        input: String,
        /// Why the last name led nowhere; cleared as the learner types on.
        error: Option<String>,
        /// The step the last name most likely meant: Enter goes there, Tab fills it in.
        meant: Option<String>,
        /// What Tab found may follow the text: the names or index ranges to choose from.
        hint: Option<String>,
    },
    /// The `?` overlay listing every key.
    Help,
    /// The lesson's note for the current phase, as an overlay.
    Notes,
    /// The quiz's score, as an overlay, after the learner turned quiz mode off. (Quiz mode
    /// itself lasts through overlays and the go-to prompt.)
    Summary,
    /// The lesson's start card: its title and summary, what z, a and δ are, the keys to begin.
    /// Any key closes it; `i` opens it again.
    Card,
    /// Leave with a quiz's answers on screen? Asked before quitting a quiz with answers.
    Leave,
}

/// How things are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Settings {
    /// Plain ASCII formulas, labels and borders.
    pub ascii: bool,
    /// Colours (off under `NO_COLOR`: highlights then use bold, underline and reverse).
    pub color: bool,
    /// The language of every word the tutor says.
    pub lang: Lang,
    /// The terminal draws East Asian ambiguous-width characters (δ σ · → and the box lines)
    /// two cells wide: frames are laid out for that (see `ui::ambiguous`).
    pub wide_ambiguous: bool,
}

impl Settings {
    /// How formulas, names and numbers are written: ASCII under `--ascii`, else Unicode.
    pub fn notation(&self) -> Notation {
        Notation::for_text(self.ascii)
    }

    /// Colour unless `NO_COLOR` is set to something (see no-color.org).
    pub fn from_env(ascii: bool, lang: Lang) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Settings {
            ascii,
            color: !no_color,
            lang,
            wide_ambiguous: false,
        }
    }
}

/// A line for the learner at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// What the learner is told.
    pub text: String,
    /// Something failed (drawn as an error), rather than news.
    pub error: bool,
}

/// One bundled lesson in the picker.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The bundled lesson's short name.
    pub name: String,
    /// Its title, as the list shows it.
    pub title: String,
    /// What it is about, shown beside the list for the highlighted lesson.
    pub summary: String,
    /// The parsed lesson, or why it did not parse.
    pub lesson: Result<Lesson, LessonError>,
}

/// The start screen without a lesson: the bundled lessons and the highlighted one.
#[derive(Debug, Clone)]
pub(crate) struct Picker {
    /// The bundled lessons, in the order listed.
    pub(crate) choices: Vec<Choice>,
    /// The highlighted lesson's index.
    pub(crate) selected: usize,
    /// The filter being typed after `/`: only lessons whose name or title contain it show.
    pub(crate) filter: Option<String>,
}

impl Picker {
    /// The indices of the lessons the filter lets through, in order.
    pub(crate) fn shown(&self) -> Vec<usize> {
        let filter = self.filter.as_deref().unwrap_or("").to_lowercase();
        self.choices
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                c.name.to_lowercase().contains(&filter) || c.title.to_lowercase().contains(&filter)
            })
            .map(|(i, _)| i)
            .collect()
    }
}

/// The whole tutor's state.
pub struct App {
    /// The bundled lessons, when started without one.
    pub(crate) picker: Option<Picker>,
    /// The open lesson.
    pub(crate) tutor: Option<Tutor>,
    /// What the keys do right now.
    pub(crate) mode: Mode,
    /// The line the learner was last told.
    pub(crate) status: Option<Status>,
    /// How things are drawn.
    pub(crate) settings: Settings,
    /// The learner asked to quit: the event loop ends.
    pub(crate) quit: bool,
    /// The learner pressed Ctrl-Z: the event loop suspends the tutor, as on SIGTSTP.
    pub(crate) suspend: bool,
    /// Quiz mode and the answers of this session (`None`: never started).
    pub(crate) quiz: Option<Quiz>,
    /// The scalar or the matrix view.
    pub(crate) form: Form,
    /// Names gone to with the prompt, oldest first.
    pub(crate) history: Vec<String>,
    /// The name of the history the prompt shows (↑ ↓), if one.
    pub(crate) recall: Option<usize>,
    /// Where the last jump (go-to, !, g, G) started: `` ` `` goes back there.
    pub(crate) jump_from: Option<Cursor>,
    /// The panel with the focus (Tab, a click), if one has it.
    pub(crate) focus: Option<Panel>,
    /// Where the learner scrolled the panels.
    pub(crate) scroll: Scroll,
    /// Where the last frame drew each panel: what keys and the mouse act on.
    pub(crate) drawn: RefCell<Drawn>,
    /// Where background work reports; `None` runs everything inline (tests).
    news: Option<Sender<News>>,
    exporting: bool,
    /// The export being written in the background: its stop flag and thread.
    export_job: Option<(Arc<AtomicBool>, JoinHandle<()>)>,
}

impl App {
    /// The tutor on a lesson.
    pub fn new(lesson: Lesson, settings: Settings) -> Self {
        App::with(None, Some(Tutor::new(lesson)), settings)
    }

    /// The picker of bundled lessons.
    pub fn picker(choices: Vec<Choice>, settings: Settings) -> Self {
        App::with(
            Some(Picker {
                choices,
                selected: 0,
                filter: None,
            }),
            None,
            settings,
        )
    }

    fn with(picker: Option<Picker>, tutor: Option<Tutor>, settings: Settings) -> Self {
        App {
            picker,
            tutor,
            mode: Mode::Normal,
            status: None,
            settings,
            quit: false,
            suspend: false,
            quiz: None,
            form: Form::Scalar,
            history: Vec::new(),
            recall: None,
            jump_from: None,
            focus: None,
            scroll: Scroll::default(),
            drawn: RefCell::new(Drawn::default()),
            news: None,
            exporting: false,
            export_job: None,
        }
    }

    /// Opens the lesson's start card over the first step (as the tutor does when a lesson
    /// opens): its title and summary, what z, a and δ are, and the keys to begin.
    pub fn show_card(&mut self) {
        if self.tutor.is_some() {
            self.mode = Mode::Card;
        }
    }

    /// The open lesson's trace; `None` in the picker.
    pub fn trace(&self) -> Option<&Trace> {
        self.tutor.as_ref().map(|t| t.trace.as_ref())
    }

    /// Where the cursor is: (epoch from 1, position in the epoch from 0).
    pub fn cursor(&self) -> Option<(usize, usize)> {
        self.tutor
            .as_ref()
            .map(|t| (t.cursor.epoch, t.cursor.index))
    }

    /// The step under the cursor.
    pub fn current_step(&self) -> Option<Step> {
        self.tutor.as_ref().map(Tutor::current)
    }

    /// What the keys do right now: stepping, a prompt or an overlay.
    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    /// The line the learner was last told, if any.
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    /// Has the learner asked to quit?
    pub fn quitting(&self) -> bool {
        self.quit
    }

    /// The picker's highlighted lesson.
    pub fn selected(&self) -> Option<usize> {
        self.picker.as_ref().map(|p| p.selected)
    }

    /// Is the matrix view on?
    pub fn matrix_view(&self) -> bool {
        self.form == Form::Matrix
    }

    /// Which part of the key table applies.
    pub fn context(&self) -> Context {
        match self.mode {
            Mode::Goto { .. } => Context::Prompt,
            Mode::Help | Mode::Notes | Mode::Summary => Context::Overlay,
            Mode::Card => Context::Card,
            Mode::Leave => Context::Confirm,
            Mode::Normal if self.tutor.is_none() => match &self.picker {
                Some(p) if p.filter.is_some() => Context::Filter,
                _ => Context::Picker,
            },
            Mode::Normal => match (&self.quiz, self.focus) {
                (Some(q), _) if q.active && !q.input.is_empty() => Context::Answer,
                (Some(q), Some(_)) if q.active => Context::QuizFocus,
                (Some(q), None) if q.active => Context::Quiz,
                (_, Some(_)) => Context::Focus,
                _ => Context::Step,
            },
        }
    }

    /// The context of the screen under an overlay: what the keys would do with it closed.
    pub fn context_beneath(&self) -> Context {
        match self.mode {
            Mode::Help | Mode::Notes | Mode::Summary | Mode::Card | Mode::Leave => {
                let mut under = Context::Step;
                if self.tutor.is_none() {
                    under = Context::Picker;
                } else if self.quizzing() {
                    under = Context::Quiz;
                }
                under
            }
            _ => self.context(),
        }
    }

    /// Has the learner asked to suspend the tutor (Ctrl-Z), and the terminal not taken it yet?
    pub fn suspending(&self) -> bool {
        self.suspend
    }

    /// Has the learner asked to suspend (Ctrl-Z) since the last call? For the event loop.
    pub(crate) fn take_suspend(&mut self) -> bool {
        std::mem::take(&mut self.suspend)
    }

    /// The matrix view on or off, saying so; on a screen large enough to show it beside the
    /// formula at all times, saying that.
    fn toggle_form(&mut self) {
        let areas = self.drawn.borrow().areas;
        if areas.matrix.is_some() && areas.params.is_some() {
            self.status = Some(Status {
                text: self.settings.lang.t("status-matrix-beside"),
                error: false,
            });
            return;
        }
        self.form = self.form.toggled();
        self.status = Some(Status {
            text: self.settings.lang.t(self.form.announcement()),
            error: false,
        });
    }
}
