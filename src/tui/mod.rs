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
//! - [`background`]: training and exports off the UI thread.

mod app;
pub mod background;
mod cursor;
mod form;
pub mod keymap;
pub mod quiz;
mod ui;

use std::io;
use std::sync::mpsc;
use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event;

use crate::lesson::Lesson;

pub use app::{App, Choice, EXPORT_STEP_LIMIT, Mode, Settings, Status};
pub use ui::{MIN_HEIGHT, MIN_WIDTH};

/// What the tutor opens on.
pub enum Start {
    /// A lesson, straight into stepping.
    Lesson(Box<Lesson>),
    /// The picker of bundled lessons.
    Picker(Vec<Choice>),
}

/// Runs the tutor until the learner quits, in quiz mode from the start if `quiz`. The terminal
/// is restored on return and on panic (ratatui's panic hook); then a quiz's summary is printed,
/// so the score stays on screen after the tutor has gone.
pub fn run(start: Start, settings: Settings, quiz: bool) -> io::Result<()> {
    let mut app = match start {
        Start::Lesson(lesson) => App::new(*lesson, settings),
        Start::Picker(choices) => App::picker(choices, settings),
    };
    if quiz {
        app.start_quiz();
    }
    let mut terminal = ratatui::try_init()?;
    let result = event_loop(&mut terminal, &mut app);
    ratatui::restore();
    app.stop_background();
    if result.is_ok()
        && let Some(summary) = app.farewell()
    {
        println!("{summary}");
    }
    result
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App) -> io::Result<()> {
    let (news_tx, news) = mpsc::channel();
    app.run_in_background(news_tx);
    while !app.quit {
        terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
        let wait = if app.busy() {
            Duration::from_millis(50)
        } else {
            Duration::from_millis(500)
        };
        if event::poll(wait)? {
            // Take every pending event before drawing again, so a held key never queues up
            // frames: moving the cursor is arithmetic, only drawing computes numbers.
            loop {
                app.handle_event(&event::read()?);
                if app.quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        while let Ok(n) = news.try_recv() {
            app.on_news(n);
        }
    }
    Ok(())
}
