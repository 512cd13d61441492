//! The tutor's state: a cursor over the trace, the mode (stepping, typing a step name, an
//! overlay), and what the learner was last told. Keys become [`Action`]s through the keymap,
//! and [`App::step`] applies them. Nothing here draws or touches the terminal.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::thread::JoinHandle;

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};

use crate::lesson::{Lesson, LessonError, Optimizer};
use crate::notation::Notation;
use crate::trace::{Layout, Place, Quantity, Step, StepId, Trace};

use super::background::{self, News};
use super::cursor::{Cursor, Track};
use super::form::Form;
use super::keymap::{self, Action, Context};
use super::quiz::{self, Quiz};
use super::ui::NoteCache;

/// Epochs longer than this many steps are exported one sample at a time: a whole epoch of a
/// large network would be gigabytes of Markdown.
pub const EXPORT_STEP_LIMIT: usize = 200_000;

/// What the keys do right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Stepping (or choosing a lesson in the picker).
    Normal,
    /// Typing a step name after `:`; `error` says why the last name did not work.
    Goto {
        input: String,
        error: Option<String>,
    },
    /// The `?` overlay listing every key.
    Help,
    /// The lesson's note for the current phase, as an overlay.
    Notes,
    /// The quiz's score, as an overlay, after the learner turned quiz mode off. (Quiz mode
    /// itself lasts through overlays and the go-to prompt.)
    Summary,
}

/// How things are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Plain ASCII formulas, labels and borders.
    pub ascii: bool,
    /// Colours (off under `NO_COLOR`: highlights then use bold, underline and reverse).
    pub color: bool,
}

impl Settings {
    pub fn notation(&self) -> Notation {
        Notation::for_text(self.ascii)
    }

    /// Colour unless `NO_COLOR` is set to something (see no-color.org).
    pub fn from_env(ascii: bool) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Settings {
            ascii,
            color: !no_color,
        }
    }
}

/// A line for the learner at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// One bundled lesson in the picker.
#[derive(Debug, Clone)]
pub struct Choice {
    pub name: String,
    pub title: String,
    pub summary: String,
    /// The parsed lesson, or why it did not parse.
    pub lesson: Result<Lesson, LessonError>,
}

#[derive(Debug, Clone)]
pub(crate) struct Picker {
    pub(crate) choices: Vec<Choice>,
    pub(crate) selected: usize,
}

/// What is known of training, which a background thread finishes for long lessons.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Training {
    pub(crate) done: usize,
    pub(crate) total: usize,
    /// Mean loss of every epoch trained so far.
    pub(crate) losses: Vec<f64>,
    /// Once training is complete: the first NaN or infinite number, if any.
    pub(crate) non_finite: Option<Option<Step>>,
}

impl Training {
    pub fn complete(&self) -> bool {
        self.done >= self.total
    }
}

/// An open lesson: its trace and where the learner is in it.
pub(crate) struct Tutor {
    pub(crate) trace: Arc<Trace>,
    pub(crate) cursor: Cursor,
    pub(crate) training: Training,
    /// Where `e` writes (the lesson's directory; the current one if that is not writable).
    pub(crate) export_dir: PathBuf,
    /// File names of exports start with this (the lesson file's stem).
    pub(crate) export_stem: String,
    /// The lesson's notes, wrapped for the screen.
    pub(crate) notes: NoteCache,
}

impl Tutor {
    pub fn new(lesson: Lesson) -> Self {
        let (export_dir, export_stem) = export_place(&lesson.source);
        let mut tutor = Tutor {
            trace: Arc::new(Trace::new(lesson)),
            cursor: Cursor { epoch: 1, index: 0 },
            training: Training::default(),
            export_dir,
            export_stem,
            notes: NoteCache::default(),
        };
        tutor.refresh();
        tutor
    }

    pub fn track(&self) -> Track<'_> {
        Track::new(self.trace.layout(), self.trace.epochs())
    }

    pub fn layout(&self) -> &Layout {
        self.trace.layout()
    }

    /// The step under the cursor (computes its batch if it is not cached).
    pub fn current(&self) -> Step {
        self.trace.step(self.cursor.epoch, self.cursor.index)
    }

    /// Reads training progress (and, once complete, whether any number diverged).
    pub fn refresh(&mut self) {
        let (done, total) = self.trace.progress();
        self.training.done = done;
        self.training.total = total;
        // Only the new epochs: a million-epoch lesson is not copied ten times a second.
        let new = self.trace.epoch_losses_since(self.training.losses.len());
        self.training.losses.extend(new);
        if done >= total && self.training.non_finite.is_none() {
            self.training.non_finite = Some(self.trace.first_non_finite());
        }
    }

    /// The sample of the cursor (from 1); during an update, the batch's last sample.
    pub fn sample(&self) -> usize {
        let layout = self.layout();
        let slot = layout.slot(self.cursor.index);
        match slot.place {
            Place::Sample(n) => n,
            Place::Batch(b) => *layout.batch_samples(b).end(),
        }
    }

    /// The batch of the cursor (from 1).
    pub fn batch(&self) -> usize {
        self.layout().slot(self.cursor.index).batch
    }

    /// Where a go-to name such as `delta(1)[2]`, `w(2)[1,2]@3` or `@2` points, in the current
    /// epoch. Without `@N`: the current sample (for update steps, the current batch).
    pub fn locate(&self, input: &str) -> Result<Cursor, GotoError> {
        let input = input.trim();
        let (name, at) = match input.split_once('@') {
            Some((name, at)) => {
                let n: usize = at.trim().parse().map_err(|_| {
                    format!("after @ comes a sample number, as in delta(1)[2]@2, not `{at}`")
                })?;
                (name.trim(), Some(n))
            }
            None => (input, None),
        };
        let id = if name.is_empty() {
            if at.is_none() {
                return Err("type a step name, e.g. delta(1)[2], a(2)[1] or loss".into());
            }
            self.trace.step(self.cursor.epoch, self.cursor.index).id
        } else {
            self.trace
                .parse_step(name)
                .map_err(|e| e.message().to_string())?
        };
        let layout = self.layout();
        let place = Place::of(&id, 0);
        let (whats, count, here) = match place {
            Place::Batch(_) => ("batches", layout.batches(), self.batch()),
            Place::Sample(_) => ("samples", layout.samples(), self.sample()),
        };
        let at = at.unwrap_or(here);
        if at == 0 || at > count {
            return Err(GotoError(format!(
                "there is no {} {at}: this lesson has {whats} 1 to {count}",
                place.unit()
            )));
        }
        match self.trace.position(&id, Place::of(&id, at)) {
            Some(index) => Ok(Cursor {
                epoch: self.cursor.epoch,
                index,
            }),
            None => Err(GotoError(why_missing(self.trace.lesson(), &id))),
        }
    }
}

/// Why the go-to prompt's text leads nowhere; shown under the prompt.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct GotoError(String);

impl From<String> for GotoError {
    fn from(message: String) -> Self {
        GotoError(message)
    }
}

impl From<&str> for GotoError {
    fn from(message: &str) -> Self {
        GotoError(message.to_string())
    }
}

/// Why a well-formed step name names no step of this lesson.
fn why_missing(lesson: &Lesson, id: &StepId) -> String {
    let depth = lesson.depth();
    let l = id.layer;
    if !(1..=depth).contains(&l) {
        return format!("no step {id}: the layers are 1 to {depth} (0 is the input)");
    }
    if id.j >= lesson.width(l) {
        return format!("no step {id}: layer {l} has {} neurons", lesson.width(l));
    }
    if let Some(k) = id.k
        && k >= lesson.width(l - 1)
    {
        return format!(
            "no step {id}: layer {} has {} neurons, so k goes to {}",
            l - 1,
            lesson.width(l - 1),
            lesson.width(l - 1)
        );
    }
    let layer = &lesson.layers[l - 1];
    let kind = lesson.optimizer.kind_name();
    match id.quantity {
        Quantity::W | Quantity::B if !layer.trainable => {
            format!("no step {id}: layer {l} is frozen, its parameters never change")
        }
        Quantity::B if !layer.biases_train() => {
            format!("no step {id}: the biases of layer {l} are not trained")
        }
        Quantity::M | Quantity::MHat | Quantity::VHat
            if !matches!(lesson.optimizer, Optimizer::Adam { .. }) =>
        {
            format!(
                "no step {id}: only Adam keeps {}; this lesson uses {kind}",
                id.quantity.name()
            )
        }
        Quantity::V if !lesson.optimizer.has_state() => {
            format!("no step {id}: plain SGD keeps no velocity v")
        }
        _ => format!("no step {id} in this lesson"),
    }
}

/// The directory and file stem of exports for a lesson from `source`.
fn export_place(source: &str) -> (PathBuf, String) {
    let path = Path::new(source);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty() && !source.starts_with("bundled:"))
        .unwrap_or_else(|| source.trim_start_matches("bundled:").to_string());
    let stem = if stem.is_empty() {
        "lesson".into()
    } else {
        stem
    };
    let dir = match path.parent() {
        Some(d) if !source.starts_with("bundled:") && !d.as_os_str().is_empty() && d.is_dir() => {
            d.to_path_buf()
        }
        _ => PathBuf::from("."),
    };
    (dir, stem)
}

/// The whole tutor's state.
pub struct App {
    /// The bundled lessons, when started without one.
    pub(crate) picker: Option<Picker>,
    /// The open lesson.
    pub(crate) tutor: Option<Tutor>,
    pub(crate) mode: Mode,
    pub(crate) status: Option<Status>,
    pub(crate) settings: Settings,
    pub(crate) quit: bool,
    /// The learner pressed Ctrl-Z: the event loop suspends the tutor, as on SIGTSTP.
    pub(crate) suspend: bool,
    /// Quiz mode and the answers of this session (`None`: never started).
    pub(crate) quiz: Option<Quiz>,
    /// The scalar or the matrix view.
    pub(crate) form: Form,
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
            news: None,
            exporting: false,
            export_job: None,
        }
    }

    /// Finishes training at once, as the background thread would, and takes in its result.
    /// For tests and benchmarks that drive the app without a terminal.
    pub fn finish_training(&mut self) {
        if let Some(tutor) = &mut self.tutor {
            tutor.trace.run_all();
            tutor.refresh();
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

    /// Where `e` writes its Markdown (the lesson's directory by default).
    pub fn set_export_dir(&mut self, dir: PathBuf) {
        if let Some(t) = &mut self.tutor {
            t.export_dir = dir;
        }
    }

    /// Stops background work that must not be cut off: an export being written is cancelled
    /// (its temporary file removed) and waited for. Training needs nothing: it keeps no file.
    pub fn stop_background(&mut self) {
        if let Some((cancel, handle)) = self.export_job.take() {
            cancel.store(true, Ordering::Relaxed);
            let _ = handle.join();
        }
    }

    /// From now on, train and export in background threads that report to `news`.
    pub fn run_in_background(&mut self, news: Sender<News>) {
        self.news = Some(news);
        self.start_training();
    }

    fn start_training(&self) {
        if let (Some(news), Some(tutor)) = (&self.news, &self.tutor)
            && !tutor.training.complete()
        {
            background::train(tutor.trace.clone(), news.clone());
        }
    }

    /// Is background work going on (so the screen should refresh soon)?
    pub fn busy(&self) -> bool {
        self.exporting || self.tutor.as_ref().is_some_and(|t| !t.training.complete())
    }

    /// Starts in quiz mode (`--quiz`): from the first lesson step on, values stay hidden until
    /// answered.
    pub fn start_quiz(&mut self) {
        self.quiz = Some(Quiz::new());
    }

    /// Is the matrix view on?
    pub fn matrix_view(&self) -> bool {
        self.form == Form::Matrix
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
        self.quiz.as_ref().map(Quiz::summary)
    }

    /// Which part of the key table applies.
    pub fn context(&self) -> Context {
        match self.mode {
            Mode::Goto { .. } => Context::Prompt,
            Mode::Help | Mode::Notes | Mode::Summary => Context::Overlay,
            Mode::Normal if self.tutor.is_none() => Context::Picker,
            Mode::Normal => match &self.quiz {
                Some(q) if q.active && !q.input.is_empty() => Context::Answer,
                Some(q) if q.active => Context::Quiz,
                _ => Context::Step,
            },
        }
    }

    pub fn handle_event(&mut self, event: &Event) {
        match event {
            Event::Key(key) => self.handle_key(key),
            Event::Paste(text) => self.paste(text),
            _ => {}
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

    /// The matrix view on or off, saying so.
    fn toggle_form(&mut self) {
        self.form = self.form.toggled();
        self.status = Some(Status {
            text: self.form.announcement().into(),
            error: false,
        });
    }

    /// Quiz mode on; or off, showing the summary.
    fn toggle_quiz(&mut self) {
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
    fn skip(&mut self) {
        let hidden = self.hides_current();
        if let (Some(quiz), Some(tutor)) = (&mut self.quiz, &self.tutor) {
            if hidden {
                quiz.skip(tutor.cursor);
            } else {
                self.status = Some(Status {
                    text: "this value is already shown".into(),
                    error: false,
                });
            }
        }
    }

    /// Grades the typed answer for the current step.
    fn check_answer(&mut self) {
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
                text: message.to_string(),
                error: false,
            });
        }
    }

    fn move_cursor(&mut self, action: Action) {
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

    fn submit(&mut self) {
        let (Some(tutor), Mode::Goto { input, error }) = (&mut self.tutor, &mut self.mode) else {
            return;
        };
        match tutor.locate(input) {
            Ok(to) => {
                tutor.cursor = to;
                self.mode = Mode::Normal;
            }
            Err(message) => *error = Some(message.to_string()),
        }
    }

    fn pick(&mut self, action: Action) {
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

    fn jump_non_finite(&mut self) {
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

    /// Writes the current epoch (or, for huge epochs, the current sample) as Markdown to a
    /// fresh file beside the lesson.
    fn export(&mut self) {
        let Some(tutor) = &self.tutor else {
            return;
        };
        if self.exporting {
            self.status = Some(Status {
                text: "an export is already being written".into(),
                error: false,
            });
            return;
        }
        let epoch = tutor.cursor.epoch;
        let mut job = background::Export {
            trace: tutor.trace.clone(),
            selection: crate::export::Selection {
                epochs: epoch..=epoch,
                samples: None,
            },
            dir: tutor.export_dir.clone(),
            stem: format!("{}-epoch{epoch}", tutor.export_stem),
            ascii: self.settings.ascii,
            cancel: Arc::new(AtomicBool::new(false)),
        };
        let mut what = format!("epoch {epoch}");
        if tutor.trace.epoch_len() > EXPORT_STEP_LIMIT {
            let s = tutor.sample();
            job.selection.samples = Some(s..=s);
            job.stem = format!("{}-epoch{epoch}-sample{s}", tutor.export_stem);
            what = format!(
                "sample {s} of epoch {epoch} (a whole epoch is {} steps)",
                tutor.trace.epoch_len()
            );
        }
        match &self.news {
            Some(news) => {
                self.exporting = true;
                self.status = Some(Status {
                    text: format!("writing {what} as Markdown…"),
                    error: false,
                });
                let cancel = job.cancel.clone();
                self.export_job =
                    background::export(job, what, news.clone()).map(|handle| (cancel, handle));
            }
            None => {
                let result = job.run();
                self.report_export(result.map(|p| (p, what)).map_err(Into::into));
            }
        }
    }

    fn report_export(&mut self, result: Result<(PathBuf, String), background::ExportFailed>) {
        self.exporting = false;
        self.export_job = None;
        self.status = Some(match result {
            Ok((path, what)) => Status {
                text: format!("wrote {what} to {}", path.display()),
                error: false,
            },
            Err(e) => Status {
                text: format!("export failed: {e}"),
                error: true,
            },
        });
    }

    /// Takes in what background work reports.
    pub fn on_news(&mut self, news: News) {
        match news {
            News::Trained => {
                if let Some(tutor) = &mut self.tutor {
                    tutor.refresh();
                }
            }
            News::Exported(result) => self.report_export(result),
        }
    }
}
