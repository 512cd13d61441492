//! The step-through tutor in the terminal: a cursor over the trace, moved by keys, drawn by
//! pure functions of (state, trace, area). The engine and trace know nothing of this module.
//!
//! This is the program's front-end, not a library API: it is public so that the integration
//! tests and benchmarks can drive an [`App`] with key events and draw it into a test buffer,
//! as a terminal would, without reaching into its state.
//!
//! - `app`: the state and what each action does to it;
//! - [`keymap`]: the one key table (dispatch, footer and help come from it);
//! - `cursor`: movement arithmetic over the trace's layout;
//! - `form`: the scalar or the matrix view;
//! - [`quiz`]: quiz mode's answers and their grading;
//! - `ui`: one file per panel;
//! - [`background`]: training and exports off the UI thread;
//! - [`input`]: keys decoded from the bytes the terminal sends;
//! - `terminal`: raw mode and the alternate screen, signals (the terminal is restored on
//!   SIGINT, SIGTERM, SIGHUP and SIGQUIT; SIGTSTP and Ctrl-Z suspend), waiting for input.
//!   Unix only: elsewhere the tutor reads keys with crossterm and has no job control.

mod app;
pub mod background;
mod cursor;
mod form;
pub mod input;
pub mod keymap;
pub mod quiz;
#[cfg(unix)]
mod terminal;
mod ui;

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
    /// The learner quit; `farewell` is the quiz's summary, to print now that the terminal is
    /// back (so the score stays on screen).
    Quit { farewell: Option<String> },
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
        Start::Lesson(lesson) => App::new(*lesson, settings),
        Start::Picker(choices) => App::picker(choices, settings),
    };
    if quiz {
        app.start_quiz();
    }
    #[cfg(unix)]
    let result = {
        let signals = terminal::Signals::install()?;
        let mut screen = terminal::Screen::enter()?;
        let result = event_loop(&mut screen, &mut app, &signals);
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

/// Draws, waits, takes input, and again, until the learner quits (`None`) or a signal ends
/// the tutor (`Some(signal)`). Draws only when something changed.
#[cfg(unix)]
fn event_loop(
    screen: &mut terminal::Screen,
    app: &mut App,
    signals: &terminal::Signals,
) -> io::Result<Option<i32>> {
    use std::sync::mpsc;
    use std::time::Instant;

    let (news_tx, news) = mpsc::channel();
    app.run_in_background(news_tx);
    let mut decoder = input::Decoder::new();
    let mut events = Vec::new();
    let mut dirty = true;
    loop {
        if let Some(sig) = signals.ending() {
            return Ok(Some(sig));
        }
        if signals.take_stop() || app.take_suspend() {
            screen.suspend()?;
            signals.take_cont();
            decoder.reset();
            dirty = true;
        }
        if signals.take_cont() {
            // Continued after a stop the tutor did not see coming (SIGSTOP).
            screen.resume()?;
            dirty = true;
        }
        if signals.take_resize() {
            dirty = true;
        }
        while let Ok(n) = news.try_recv() {
            app.on_news(n);
            dirty = true;
        }
        if app.quit {
            return Ok(None);
        }
        if dirty {
            let drawn = screen
                .terminal
                .draw(|frame| frame.render_widget(&*app, frame.area()));
            if let Err(e) = drawn {
                // Writing fails once the terminal has hung up: that is the signal's to report,
                // or a hang-up itself if the signal has not come (yet).
                let gone =
                    e.raw_os_error() == Some(libc::EIO) || e.kind() == io::ErrorKind::BrokenPipe;
                return match signals.ending() {
                    Some(sig) => Ok(Some(sig)),
                    None if gone => Ok(Some(terminal::HANGUP)),
                    None => Err(e),
                };
            }
            dirty = false;
        }
        let now = Instant::now();
        let mut timeout = decoder.deadline().map(|d| d.saturating_duration_since(now));
        if app.busy() {
            timeout = Some(timeout.map_or(TICK, |t| t.min(TICK)));
        }
        if signals.wait(timeout)? {
            // Take everything there is before drawing again: a held key or a paste never
            // queues up frames (moving the cursor is arithmetic, only drawing computes).
            let open = terminal::read_input(|bytes, at| {
                decoder.feed(bytes, at, &mut events);
                dirty |= !events.is_empty();
                for e in events.drain(..) {
                    app.handle_event(&e);
                    if app.quit || app.suspend {
                        return false;
                    }
                }
                true
            });
            if !open {
                // Standard input closed: the terminal is gone, as after a hang-up.
                return Ok(Some(signals.ending().unwrap_or(terminal::HANGUP)));
            }
        }
        decoder.expire(Instant::now(), &mut events);
        for e in events.drain(..) {
            dirty = true;
            app.handle_event(&e);
        }
    }
}

/// Off Unix: crossterm's reader, no signals, no job control.
#[cfg(not(unix))]
mod portable {
    use std::io;
    use std::sync::mpsc;
    use std::time::Duration;

    use ratatui::crossterm::event;

    use super::{App, TICK};

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
