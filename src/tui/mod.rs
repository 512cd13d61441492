//! The step-through tutor in the terminal: a cursor over the trace, moved by keys, drawn by
//! pure functions of (state, trace, area). The engine and trace know nothing of this module.
//!
//! This is the binary's front-end, not a stable library API: it is public only so that the
//! integration tests and benchmarks can drive an [`App`] with key events and draw it into a
//! test buffer, as a terminal would, without reaching into its state.
//!
//! - `app`: the state and what each action does to it;
//! - [`keymap`]: the one key table (dispatch, footer and help come from it);
//! - `cursor`: movement arithmetic over the trace's layout;
//! - `form`: the scalar or the matrix view;
//! - [`quiz`]: quiz mode's answers and their grading;
//! - `ui`: one file per panel;
//! - [`background`]: training and exports off the UI thread;
//! - [`input`]: keys decoded from the bytes the terminal sends;
//! - `event_loop`: drawing, waiting and taking input until the tutor ends (Unix);
//! - `terminal`: raw mode and the alternate screen, signals (the terminal is restored on
//!   SIGINT, SIGTERM, SIGHUP and SIGQUIT; SIGTSTP and Ctrl-Z suspend), waiting for input.
//!   Unix only: elsewhere the tutor reads keys with crossterm and has no job control.

mod app;
pub mod background;
mod cursor;
#[cfg(unix)]
mod event_loop;
mod form;
pub mod input;
pub mod keymap;
pub mod kind;
pub mod quiz;
#[cfg(unix)]
mod terminal;
pub mod ui;

use std::io;
use std::time::Duration;

use crate::lesson::Lesson;

pub use app::{App, Choice, EXPORT_STEP_LIMIT, Mode, Settings, Status};
#[cfg(unix)]
pub use terminal::ENDING;
pub use ui::{MIN_HEIGHT, MIN_WIDTH};

/// What the tutor opens on.
pub enum Start {
    /// A lesson, straight into stepping.
    Lesson(Box<Lesson>),
    /// The picker of bundled lessons.
    Picker(Vec<Choice>),
}

/// How the tutor ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// The learner quit.
    Quit {
        /// The quiz's summary, to print now that the terminal is back (so the score stays on
        /// screen).
        farewell: Option<String>,
    },
    /// A signal ended it (one of [`ENDING`]; a closed terminal counts as SIGHUP). With the
    /// terminal restored, the process should end by the same signal, as the shell expects.
    Signal(i32),
}

/// While training runs in the background, the screen is refreshed this often; otherwise only
/// input, a resize or news from background work redraws it.
const TICK: Duration = Duration::from_millis(100);

/// Runs the tutor until the learner quits or a signal ends it, in quiz mode from the start if
/// `quiz`. The terminal is restored on return, on a signal and on panic (ratatui's panic hook).
pub fn run(start: Start, settings: Settings, quiz: bool) -> io::Result<Ended> {
    let mut app = match start {
        Start::Lesson(lesson) => {
            let mut app = App::new(*lesson, settings);
            app.show_card();
            app
        }
        Start::Picker(choices) => App::picker(choices, settings),
    };
    if quiz {
        app.start_quiz();
    }
    #[cfg(unix)]
    let result = {
        let signals = terminal::Signals::install()?;
        let mut screen = terminal::Screen::enter()?;
        let result = event_loop::run(&mut screen, &mut app, &signals);
        screen.leave();
        // An export being written is cancelled and its temporary file removed; a signal
        // arriving meanwhile is still handled (a second one exits at once).
        app.stop_background();
        drop(signals);
        result
    };
    #[cfg(not(unix))]
    let result = {
        let result = portable::event_loop(&mut app);
        app.stop_background();
        result
    };
    Ok(match result? {
        Some(sig) => Ended::Signal(sig),
        None => Ended::Quit {
            farewell: app.farewell(),
        },
    })
}

/// Off Unix: crossterm's reader, no signals, no job control.
#[cfg(not(unix))]
mod portable {
    use std::io;
    use std::sync::mpsc;
    use std::time::Duration;

    use ratatui::crossterm::event;

    use super::{App, TICK};

    /// Takes the terminal, runs the tutor until the learner quits, and gives it back.
    pub fn event_loop(app: &mut App) -> io::Result<Option<i32>> {
        let mut terminal = ratatui::try_init()?;
        let result = run(&mut terminal, app);
        ratatui::restore();
        result
    }

    fn run(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> io::Result<Option<i32>> {
        let (news_tx, news) = mpsc::channel();
        app.run_in_background(news_tx);
        let mut dirty = true;
        while !app.quit {
            if dirty {
                terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
                dirty = false;
            }
            let wait = if app.busy() {
                TICK
            } else {
                Duration::from_secs(60)
            };
            if event::poll(wait)? {
                loop {
                    app.handle_event(&event::read()?);
                    dirty = true;
                    if app.quit || !event::poll(Duration::ZERO)? {
                        break;
                    }
                }
            }
            while let Ok(n) = news.try_recv() {
                app.on_news(n);
                dirty = true;
            }
            // No job control to suspend to.
            app.take_suspend();
        }
        Ok(None)
    }
}
