//! The event loop on Unix: draws, waits for input, a signal or news from background work,
//! takes what came, and again. It draws only when something changed.

use std::io;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::Event;

use super::terminal::{self, Screen, Signals};
use super::{App, TICK, input};

/// Runs until the learner quits (`None`) or a signal ends the tutor (`Some(signal)`).
pub fn run(screen: &mut Screen, app: &mut App, signals: &Signals) -> io::Result<Option<i32>> {
    let (news_tx, news) = mpsc::channel();
    app.run_in_background(news_tx);
    let mut keyboard = Keyboard::default();
    let mut dirty = true;
    loop {
        if let Some(sig) = signals.ending() {
            return Ok(Some(sig));
        }
        dirty |= job_control(screen, app, signals, &mut keyboard)?;
        while let Ok(n) = news.try_recv() {
            app.on_news(n);
            dirty = true;
        }
        if app.quit {
            return Ok(None);
        }
        if dirty {
            if let Some(sig) = draw(screen, app, signals)? {
                return Ok(Some(sig));
            }
            dirty = false;
        }
        if signals.wait(timeout(&keyboard, app))? {
            match keyboard.take_input(app) {
                Some(changed) => dirty |= changed,
                // Standard input closed: the terminal is gone, as after a hang-up.
                None => return Ok(Some(signals.ending().unwrap_or(terminal::HANGUP))),
            }
        }
        dirty |= keyboard.expire(app);
    }
}

/// Suspends on SIGTSTP or Ctrl-Z, resumes after a stop the tutor did not see coming, and
/// notices a resize; `true` when the screen is to be drawn again.
fn job_control(
    screen: &mut Screen,
    app: &mut App,
    signals: &Signals,
    keyboard: &mut Keyboard,
) -> io::Result<bool> {
    let mut redraw = false;
    if signals.take_stop() || app.take_suspend() {
        screen.suspend()?;
        signals.take_cont();
        keyboard.decoder.reset();
        redraw = true;
    }
    if signals.take_cont() {
        // Continued after a stop the tutor did not see coming (SIGSTOP).
        screen.resume()?;
        redraw = true;
    }
    if signals.take_resize() {
        redraw = true;
    }
    Ok(redraw)
}

/// Draws the app; `Some(signal)` when the terminal is gone.
fn draw(screen: &mut Screen, app: &App, signals: &Signals) -> io::Result<Option<i32>> {
    let Err(e) = screen
        .terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
    else {
        return Ok(None);
    };
    // Writing fails once the terminal has hung up: that is the signal's to report, or a
    // hang-up itself if the signal has not come (yet).
    let gone = e.raw_os_error() == Some(libc::EIO) || e.kind() == io::ErrorKind::BrokenPipe;
    match signals.ending() {
        Some(sig) => Ok(Some(sig)),
        None if gone => Ok(Some(terminal::HANGUP)),
        None => Err(e),
    }
}

/// How long to wait for input: until a pending escape sequence is due, and at most a tick
/// while background work goes on.
fn timeout(keyboard: &Keyboard, app: &App) -> Option<Duration> {
    let now = Instant::now();
    let timeout = keyboard
        .decoder
        .deadline()
        .map(|d| d.saturating_duration_since(now));
    if app.busy() {
        Some(timeout.map_or(TICK, |t| t.min(TICK)))
    } else {
        timeout
    }
}

/// Standard input as the loop takes it: bytes decoded into events for the app.
#[derive(Default)]
struct Keyboard {
    /// What turns the bytes read into events.
    decoder: input::Decoder,
    /// Decoded events not handled yet.
    events: Vec<Event>,
}

impl Keyboard {
    /// Takes everything there is before drawing again: a held key or a paste never queues up
    /// frames (moving the cursor is arithmetic, only drawing computes). Whether any event
    /// came; `None` once standard input has closed.
    fn take_input(&mut self, app: &mut App) -> Option<bool> {
        let Keyboard { decoder, events } = self;
        let mut changed = false;
        let open = terminal::read_input(|bytes, at| {
            decoder.feed(bytes, at, events);
            changed |= !events.is_empty();
            for e in events.drain(..) {
                app.handle_event(&e);
                if app.quit || app.suspend {
                    return false;
                }
            }
            true
        });
        open.then_some(changed)
    }

    /// Takes bytes whose wait is over as typed; whether any event came of them.
    fn expire(&mut self, app: &mut App) -> bool {
        self.decoder.expire(Instant::now(), &mut self.events);
        let changed = !self.events.is_empty();
        for e in self.events.drain(..) {
            app.handle_event(&e);
        }
        changed
    }
}
