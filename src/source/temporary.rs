//! The temporary files an output is written to before it takes its name, kept in a registry so
//! that a process stopped by a signal can remove them.
//!
//! A temporary file is `.NAME.PID-N.partial` beside its target, its name cut so that it never
//! exceeds the 255-byte limit of a file name. The registry has two views of the files in flight:
//!
//! - a list under a lock, for [`remove_all`] (called by a thread that waits for signals): it
//!   removes every file and closes the registry, so no later write creates one; and it is the
//!   lock a multi-file save holds while it moves its files into place,
//!   so an interruption finds a save either not begun or complete, never half way;
//! - a fixed array of C strings for [`remove_all_now`], which a signal handler itself may call
//!   (it takes no lock and allocates nothing: only atomic swaps and `unlink`), for a process that
//!   must exit at once, such as the tutor on a second signal.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use super::display;

/// Bytes of the target's name kept in a temporary name: with the dot, the process id, the
/// counter and `.partial`, a temporary name stays far below the 255-byte limit.
const NAME_KEPT: usize = 64;

/// Distinguishes the temporary files of one process.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// The registry of this process.
pub(crate) static TEMPORARIES: Registry = Registry::new();

/// Removes every temporary file still being written, and makes any later write fail before it
/// creates one; a save moving its files into place finishes first. For a process about to
/// exit on a signal: safe to call from any thread, also while writes are in progress (they then
/// fail, leaving nothing behind). Returns how many files it removed.
pub fn remove_all() -> usize {
    TEMPORARIES.remove_all()
}

/// Removes every temporary file still being written, from inside a signal handler: no lock, no
/// allocation, only atomic operations and `unlink(2)`. The process must exit right after.
pub fn remove_all_now() {
    slots::unlink_all();
}

/// The temporary file number `n` for `path`: `.NAME.PID-N.SUFFIX` in the same directory, where
/// NAME is the start of the target's name without control characters.
pub(crate) fn temporary_path(path: &Path, n: u64, suffix: &str) -> PathBuf {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path.file_name().map(OsStr::to_string_lossy);
    let mut kept = String::new();
    for c in name.as_deref().unwrap_or("out").chars() {
        let c = if display::is_unsafe(c) || c == '\u{fffd}' {
            '_'
        } else {
            c
        };
        if kept.len() + c.len_utf8() > NAME_KEPT {
            break;
        }
        kept.push(c);
    }
    let mut file = OsString::from(".");
    file.push(kept);
    file.push(format!(".{}-{n}.{suffix}", std::process::id()));
    dir.join(file)
}

/// A fresh number for a temporary name.
pub(crate) fn next_number() -> u64 {
    COUNTER.fetch_add(1, Ordering::Relaxed)
}

/// The temporary files being written, so that they can be removed when the process is stopped.
pub(crate) struct Registry {
    state: Mutex<State>,
}

struct State {
    /// Set by `remove_all`: no temporary file is created any more.
    closed: bool,
    files: Vec<Temporary>,
}

/// A temporary file in the registry.
#[derive(Debug)]
pub(crate) struct Temporary {
    id: u64,
    /// Where it is.
    pub path: PathBuf,
    /// Its place in the signal handler's array, if it found one.
    slot: Option<usize>,
}

impl Registry {
    pub(crate) const fn new() -> Self {
        Registry {
            state: Mutex::new(State {
                closed: false,
                files: Vec::new(),
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere while holding the lock leaves the list itself intact.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Creates a fresh temporary file for `target`, registered. The file is created under the
    /// lock, so `remove_all` either sees it or runs before it exists and prevents it; and it is
    /// in the signal handler's array before it exists.
    pub(crate) fn create(&self, target: &Path) -> io::Result<(File, Temporary)> {
        let mut state = self.lock();
        if state.closed {
            return Err(stopping());
        }
        let id = next_number();
        let path = temporary_path(target, id, "partial");
        let slot = slots::hold(&path);
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path);
        let file = match file {
            Ok(file) => file,
            Err(e) => {
                slots::release(slot);
                return Err(e);
            }
        };
        state.files.push(Temporary {
            id,
            path: path.clone(),
            slot,
        });
        Ok((file, Temporary { id, path, slot }))
    }

    /// `t` is no temporary file any more (it was removed, or took its target's name).
    pub(crate) fn forget(&self, t: &Temporary) {
        self.lock().files.retain(|f| f.id != t.id);
        slots::release(t.slot);
    }

    /// Removes `t` and forgets it.
    pub(crate) fn remove(&self, t: &Temporary) {
        let _ = fs::remove_file(&t.path);
        self.forget(t);
    }

    /// Runs `f` under the registry's lock, unless the registry is closed (the process is being
    /// stopped): `remove_all` waits for `f` to finish.
    pub(crate) fn while_open<T>(&self, f: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
        let state = self.lock();
        if state.closed {
            return Err(stopping());
        }
        let result = f();
        drop(state);
        result
    }

    pub(crate) fn remove_all(&self) -> usize {
        let mut state = self.lock();
        state.closed = true;
        let mut removed = 0;
        for t in state.files.drain(..) {
            if fs::remove_file(&t.path).is_ok() {
                removed += 1;
            }
            slots::release(t.slot);
        }
        removed
    }
}

/// The error of a write refused because the process is being stopped.
fn stopping() -> io::Error {
    io::Error::new(io::ErrorKind::Interrupted, "the program is being stopped")
}

/// The signal handler's view of the registry: the paths of the temporary files as C strings in
/// a fixed array of atomic pointers. Whoever swaps a pointer out owns it: the registry frees
/// it, a signal handler unlinks the file and leaves it (the process is ending).
#[cfg(unix)]
mod slots {
    use std::ffi::CString;
    use std::os::raw::c_char;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;
    use std::ptr;
    use std::sync::atomic::{AtomicPtr, Ordering};

    /// More temporary files than any command writes at once.
    const SLOTS: usize = 64;

    static PATHS: [AtomicPtr<c_char>; SLOTS] = [const { AtomicPtr::new(ptr::null_mut()) }; SLOTS];

    /// Puts `path` in a free slot; `None` if there is none (the lock's list still has it).
    pub fn hold(path: &Path) -> Option<usize> {
        let c = CString::new(path.as_os_str().as_bytes()).ok()?.into_raw();
        for (i, slot) in PATHS.iter().enumerate() {
            let free =
                slot.compare_exchange(ptr::null_mut(), c, Ordering::SeqCst, Ordering::SeqCst);
            if free.is_ok() {
                return Some(i);
            }
        }
        // SAFETY: `c` came from `CString::into_raw` above and was stored nowhere.
        drop(unsafe { CString::from_raw(c) });
        None
    }

    /// Empties slot `i` (if a signal handler has not emptied it first).
    pub fn release(i: Option<usize>) {
        let Some(slot) = i.and_then(|i| PATHS.get(i)) else {
            return;
        };
        let p = slot.swap(ptr::null_mut(), Ordering::SeqCst);
        if !p.is_null() {
            // SAFETY: every pointer in a slot came from `CString::into_raw` in `hold`, and the
            // swap made this call its only owner.
            drop(unsafe { CString::from_raw(p) });
        }
    }

    /// The path held in slot `i`, for tests.
    #[cfg(test)]
    pub fn path(i: usize) -> Option<Vec<u8>> {
        let p = PATHS.get(i)?.load(Ordering::SeqCst);
        // SAFETY: a non-null pointer in a slot is a live CString until released; the test
        // holding it releases it only after this read.
        (!p.is_null()).then(|| unsafe { std::ffi::CStr::from_ptr(p) }.to_bytes().to_vec())
    }

    /// Unlinks every file in the slots. Async-signal-safe: atomic swaps and `unlink` only; the
    /// strings are left allocated, the process is about to exit.
    pub fn unlink_all() {
        for slot in &PATHS {
            let p = slot.swap(ptr::null_mut(), Ordering::SeqCst);
            if !p.is_null() {
                // SAFETY: `p` is a NUL-terminated string from `CString::into_raw`, owned here.
                unsafe { libc::unlink(p) };
            }
        }
    }
}

#[cfg(not(unix))]
mod slots {
    use std::path::Path;

    pub fn hold(_: &Path) -> Option<usize> {
        None
    }

    pub fn release(_: Option<usize>) {}

    pub fn unlink_all() {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_of_250_bytes_gives_a_short_temporary_name() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["é".repeat(125), format!("{}.md", "n".repeat(247))] {
            assert_eq!(name.len(), 250);
            let tmp = temporary_path(&dir.path().join(&name), u64::MAX, "partial");
            let tmp_name = tmp.file_name().unwrap().len();
            assert!(tmp_name <= 100, "{tmp_name} bytes");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_temporary_file_is_in_the_signal_handlers_view_while_it_is_in_flight() {
        use std::os::unix::ffi::OsStrExt;
        let registry = Registry::new();
        let dir = tempfile::tempdir().unwrap();
        let (_file, t) = registry.create(&dir.path().join("x.md")).unwrap();
        let slot = t.slot.expect("a free slot");
        let held = slots::path(slot).expect("held");
        assert_eq!(held, t.path.as_os_str().as_bytes());
        registry.remove(&t);
        assert!(!t.path.exists());
        assert!(slots::path(slot).is_none());
        assert_eq!(registry.remove_all(), 0);
        assert!(registry.create(&dir.path().join("y.md")).is_err());
    }
}
