//! Signals during a command that writes files (`export`, `train --save`, `worksheet`): SIGINT,
//! SIGTERM or SIGHUP remove every temporary file still being written
//! ([`crate::source::write::remove_temporary_files`]), so an interrupted export leaves no
//! hidden `.NAME.partial` behind, and the process then ends by that signal (see [`die_of`]).
//!
//! The tutor handles these signals itself (it must give the terminal back first), so this is
//! installed only for the commands that write files.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set when a signal has come: the process is to end by it.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Called as the command ends: if a signal came meanwhile (say while a save was moving its
/// files into place, which the cleanup waits for), the process ends by that signal, as the
/// shell expects, rather than with the command's own status. Waits for the signal's thread,
/// which is about to end the process.
pub fn settle() {
    while INTERRUPTED.load(Ordering::SeqCst) {
        std::thread::park();
    }
}

/// From now on, SIGINT, SIGTERM and SIGHUP clean up and exit. Without a thread to wait for
/// them (or off Unix), the signals keep their default action.
pub fn remove_temporary_files_on_signal() {
    #[cfg(unix)]
    {
        use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        let waiting = std::thread::Builder::new()
            .name("bpnn-signals".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    INTERRUPTED.store(true, Ordering::SeqCst);
                    crate::source::write::remove_temporary_files();
                    die_of(signal);
                }
            });
        if waiting.is_err() {
            // No thread to wait: the signals end the process as they did before (signal-hook
            // would otherwise ignore them once the iterator is gone).
            let always = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
            for signal in [SIGINT, SIGTERM, SIGHUP] {
                let _ = signal_hook::flag::register_conditional_default(signal, always.clone());
            }
        }
    }
}

/// Ends the process as `signal` would have, once cleaning up is done: its default action is
/// restored and the signal raised again, so a parent sees a death by that signal (a shell
/// loop stops on Ctrl-C, `$?` is 128 + N). Should that fail, it exits with 128 + N.
pub fn die_of(signal: i32) -> ! {
    #[cfg(unix)]
    {
        let _ = signal_hook::low_level::emulate_default_handler(signal);
    }
    std::process::exit(128 + signal)
}
