//! The terminal around the tutor: raw mode and the alternate screen ([`Screen`]), signals
//! ([`Signals`]), and waiting for input on standard input without crossterm's reader (see
//! [`super::input`] for why).
//!
//! - SIGINT, SIGTERM, SIGHUP and SIGQUIT end the tutor: the terminal is restored (raw mode
//!   off, the alternate screen left, the cursor shown) and the process ends by the same signal,
//!   as a shell expects (`$?` is 128 + its number). A second SIGINT, SIGTERM or SIGQUIT while
//!   that is under way exits at once with 128 + its number, after removing the temporary file
//!   of an export being written (from the signal handler itself, which takes no lock).
//! - SIGTSTP (and Ctrl-Z, which arrives as a key in raw mode) gives the terminal back and stops
//!   the process as SIGTSTP's default action does; on SIGCONT the tutor takes the terminal
//!   again and redraws it whole.
//! - SIGWINCH redraws at the new size.
//! - A panic restores the terminal too (ratatui's panic hook, with bracketed paste turned off
//!   and the cursor shown first).
//!
//! Unix only, like the rest of the tutor's terminal handling.

use std::io::{self, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::crossterm::{cursor, execute};
use ratatui::layout::Rect;
use signal_hook::consts::signal::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};
use signal_hook::{SigId, flag, low_level};

/// The signals that end the tutor.
pub const ENDING: [i32; 4] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT];

/// What a closed terminal counts as.
pub const HANGUP: i32 = SIGHUP;

/// Standard input's file descriptor.
const STDIN: i32 = 0;

/// At most this much input is taken in before the screen is drawn again, so that a flood of
/// input (a paste without bracketed paste, a stuck key) still shows progress.
const DRAIN_BYTES: usize = 4 << 20;
const DRAIN_TIME: Duration = Duration::from_millis(200);

/// What the signal handlers have seen, and a socket they write to so that a wait wakes.
pub struct Signals {
    /// The ending signal received, 0 if none.
    ending: Arc<AtomicUsize>,
    /// Set by an ending signal: a second SIGINT, SIGTERM or SIGQUIT then exits at once.
    ended: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    cont: Arc<AtomicBool>,
    resize: Arc<AtomicBool>,
    /// Read end of the wake-up socket; the handlers write to `waker`.
    wake: UnixStream,
    waker: UnixStream,
    ids: Vec<SigId>,
}

impl Signals {
    /// Installs the handlers (until dropped).
    pub fn install() -> io::Result<Signals> {
        let (wake, waker) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        waker.set_nonblocking(true)?;
        let mut signals = Signals {
            ending: Arc::default(),
            ended: Arc::default(),
            stop: Arc::default(),
            cont: Arc::default(),
            resize: Arc::default(),
            wake,
            waker,
            ids: Vec::new(),
        };
        signals.register()?;
        Ok(signals)
    }

    fn register(&mut self) -> io::Result<()> {
        for sig in ENDING {
            // The terminal has gone after a SIGHUP, and a hang-up often comes twice (from the
            // kernel and from the shell): only the others count as insisting.
            if sig != SIGHUP {
                let ended = self.ended.clone();
                let insist = move || {
                    if ended.load(Ordering::SeqCst) {
                        // Exiting at once: the temporary file of an export in flight goes first.
                        crate::source::temporary::remove_all_now();
                        low_level::exit(128 + sig);
                    }
                };
                // SAFETY: the action only loads an atomic, unlinks files (atomic swaps and
                // unlink(2)) and calls _exit(2), all async-signal-safe.
                self.ids.push(unsafe { low_level::register(sig, insist) }?);
            }
            self.ids.push(flag::register(sig, self.ended.clone())?);
            let which = flag::register_usize(sig, self.ending.clone(), sig as usize);
            self.ids.push(which?);
        }
        self.ids.push(flag::register(SIGTSTP, self.stop.clone())?);
        self.ids.push(flag::register(SIGCONT, self.cont.clone())?);
        self.ids
            .push(flag::register(SIGWINCH, self.resize.clone())?);
        for sig in ENDING.into_iter().chain([SIGTSTP, SIGCONT, SIGWINCH]) {
            // Each handler owns (and closes when unregistered) a copy of the write end.
            self.ids
                .push(low_level::pipe::register(sig, self.waker.try_clone()?)?);
        }
        Ok(())
    }

    /// The ending signal received, if any.
    pub fn ending(&self) -> Option<i32> {
        match self.ending.load(Ordering::SeqCst) {
            0 => None,
            sig => Some(sig as i32),
        }
    }

    /// Was SIGTSTP received since the last call?
    pub fn take_stop(&self) -> bool {
        self.stop.swap(false, Ordering::SeqCst)
    }

    /// Was SIGCONT received since the last call?
    pub fn take_cont(&self) -> bool {
        self.cont.swap(false, Ordering::SeqCst)
    }

    /// Was the terminal resized since the last call?
    pub fn take_resize(&self) -> bool {
        self.resize.swap(false, Ordering::SeqCst)
    }

    /// Waits until standard input has bytes (or has closed), a signal arrives, or `timeout`
    /// passes (`None`: no timeout). Returns whether standard input is ready.
    pub fn wait(&self, timeout: Option<Duration>) -> io::Result<bool> {
        let mut fds = [
            libc::pollfd {
                fd: STDIN,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: self.wake.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        let ms = timeout.map_or(-1, |t| {
            t.as_micros().div_ceil(1000).min(i32::MAX as u128) as i32
        });
        // SAFETY: `fds` is a valid array of two pollfd structs for the duration of the call.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) };
        if n < 0 {
            let e = io::Error::last_os_error();
            return if e.kind() == io::ErrorKind::Interrupted {
                Ok(false)
            } else {
                Err(e)
            };
        }
        if fds[1].revents != 0 {
            let mut sink = [0u8; 64];
            while matches!(io::Read::read(&mut &self.wake, &mut sink), Ok(n) if n > 0) {}
        }
        Ok(fds[0].revents != 0)
    }
}

impl Drop for Signals {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            low_level::unregister(id);
        }
        // Without the tutor's handlers these signals act as they did before it: they end the
        // process (signal-hook would otherwise ignore them from now on).
        for sig in ENDING {
            let _ = flag::register_conditional_default(sig, Arc::new(AtomicBool::new(true)));
        }
    }
}

/// Is there input to read right now?
fn readable() -> bool {
    let mut fd = libc::pollfd {
        fd: STDIN,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, no timeout.
    unsafe { libc::poll(&mut fd, 1, 0) > 0 }
}

/// Reads what standard input has now (up to [`DRAIN_BYTES`] or [`DRAIN_TIME`]), handing each
/// chunk to `take`, which says whether to go on. Returns `false` when standard input has
/// closed or failed (the terminal hung up).
pub fn read_input(mut take: impl FnMut(&[u8], Instant) -> bool) -> bool {
    let mut buf = vec![0u8; 64 << 10];
    let start = Instant::now();
    let mut total = 0;
    loop {
        // SAFETY: `buf` is valid for writes of its length.
        let n = unsafe { libc::read(STDIN, buf.as_mut_ptr().cast(), buf.len()) };
        if n < 0 {
            match io::Error::last_os_error().kind() {
                io::ErrorKind::Interrupted => continue,
                io::ErrorKind::WouldBlock => return true,
                _ => return false,
            }
        }
        if n == 0 {
            return false;
        }
        let n = n as usize;
        total += n;
        if !take(&buf[..n], Instant::now())
            || total >= DRAIN_BYTES
            || start.elapsed() >= DRAIN_TIME
            || !readable()
        {
            return true;
        }
    }
}

/// Mouse reports of clicks and the wheel (xterm's mode 1000), in the SGR form (1006) that
/// any column fits in; not of every motion, which would flood the input.
struct ReportMouse(bool);

impl ratatui::crossterm::Command for ReportMouse {
    fn write_ansi(&self, f: &mut impl std::fmt::Write) -> std::fmt::Result {
        f.write_str(if self.0 {
            "\x1b[?1000h\x1b[?1006h"
        } else {
            "\x1b[?1006l\x1b[?1000l"
        })
    }
}

/// The terminal in raw mode on the alternate screen, with bracketed paste and mouse reports;
/// given back when dropped.
pub struct Screen {
    /// What ratatui draws into.
    pub terminal: DefaultTerminal,
    taken: bool,
}

impl Screen {
    /// Takes the terminal.
    pub fn enter() -> io::Result<Screen> {
        let terminal = match ratatui::try_init() {
            Ok(t) => t,
            Err(e) => {
                give_back();
                return Err(e);
            }
        };
        // ratatui's hook restores raw mode and the screen; this one runs before it.
        let restore = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = execute!(
                io::stdout(),
                ReportMouse(false),
                DisableBracketedPaste,
                cursor::Show
            );
            restore(info);
        }));
        let screen = Screen {
            terminal,
            taken: true,
        };
        execute!(io::stdout(), EnableBracketedPaste, ReportMouse(true))?;
        Ok(screen)
    }

    /// Gives the terminal back as it was: raw mode off, the main screen, the cursor shown.
    pub fn leave(&mut self) {
        if std::mem::take(&mut self.taken) {
            give_back();
        }
    }

    /// Takes the terminal again (after a stop) and redraws it whole on the next draw.
    pub fn resume(&mut self) -> io::Result<()> {
        // Whatever the shell did to the terminal meanwhile, raw mode is set afresh.
        let _ = terminal::disable_raw_mode();
        terminal::enable_raw_mode()?;
        self.taken = true;
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableBracketedPaste,
            ReportMouse(true),
            cursor::Hide
        )?;
        self.redraw_all()
    }

    /// Makes the next draw repaint every cell. (Not `Terminal::clear`: it asks the terminal
    /// where the cursor is and reads the answer with crossterm's reader, taking keys with it.)
    fn redraw_all(&mut self) -> io::Result<()> {
        let size = self.terminal.size()?;
        self.terminal
            .resize(Rect::new(0, 0, size.width, size.height))
    }

    /// Gives the terminal back and stops the process as SIGTSTP would; takes the terminal again
    /// once continued.
    pub fn suspend(&mut self) -> io::Result<()> {
        self.leave();
        stop_like_sigtstp();
        self.resume()
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        self.leave();
    }
}

/// Raw mode off, mouse reports and bracketed paste off, cursor shown, main screen; errors ignored (after a
/// hang-up there is no terminal to write to).
fn give_back() {
    let _ = terminal::disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(
        out,
        ReportMouse(false),
        DisableBracketedPaste,
        cursor::Show,
        LeaveAlternateScreen
    );
    let _ = out.flush();
}

/// Raises SIGTSTP with its default action, which stops the process (unless its process group
/// is orphaned: then there is no shell to continue it, and the kernel ignores the signal), and
/// puts the tutor's handler back once continued.
fn stop_like_sigtstp() {
    // SAFETY: plain sigaction/raise calls with valid, zero-initialised structs; the previous
    // action (signal-hook's handler) is put back unchanged.
    unsafe {
        let mut default: libc::sigaction = std::mem::zeroed();
        default.sa_sigaction = libc::SIG_DFL;
        libc::sigemptyset(&mut default.sa_mask);
        let mut previous: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(libc::SIGTSTP, &default, &mut previous) == 0 {
            libc::raise(libc::SIGTSTP);
            libc::sigaction(libc::SIGTSTP, &previous, std::ptr::null_mut());
        } else {
            let _ = low_level::emulate_default_handler(SIGTSTP);
        }
    }
}
