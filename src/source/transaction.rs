//! Several output files written as one: all to temporary files first, each checked, then all
//! moved into place together under the registry's lock, in the order given (a lesson last, so it
//! never names a file that is not there yet). If a write or a move fails, every file already
//! moved is put back as it was — an overwritten file restored from a link kept aside, a new one
//! removed — and every temporary file removed: the earlier files stay whole and nothing is left
//! behind. A signal's cleanup ([`super::temporary::remove_all`]) waits for the moves, so it
//! finds the files either all old or all new.
//!
//! [`check_writable`] says before any work whether the files could be written at all: their
//! names, their directories, and files in the way.

use std::ffi::OsStr;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::display;
use super::temporary::{self, Registry, TEMPORARIES, Temporary};
use super::write::{WriteError, ignore_broken_pipe, is_device};

/// The longest file name most file systems take, in bytes.
pub const MAX_NAME_BYTES: usize = 255;

/// Files being written together: each staged to a temporary file, then all committed at once.
pub struct Transaction {
    force: bool,
    staged: Vec<Staged>,
    registry: &'static Registry,
}

/// A file written to its temporary file, waiting to take its target's name.
#[derive(Debug)]
struct Staged {
    target: PathBuf,
    temporary: Temporary,
}

/// A file moved into place, and the link that keeps what it replaced.
struct Placed<'a> {
    target: &'a Path,
    backup: Option<PathBuf>,
}

impl Transaction {
    /// A transaction that may replace existing files only if `force`.
    pub fn new(force: bool) -> Self {
        Self::in_registry(&TEMPORARIES, force)
    }

    /// A transaction whose temporary files are kept in `registry`.
    pub(crate) fn in_registry(registry: &'static Registry, force: bool) -> Self {
        Transaction {
            force,
            staged: Vec::new(),
            registry,
        }
    }

    /// Writes what `body` produces to a temporary file beside `target`, flushed to disk and
    /// checked to hold every byte. A device (`/dev/null`) is written in place at once: there is
    /// no file to replace.
    pub fn stage(
        &mut self,
        target: &Path,
        body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), WriteError> {
        let io_err = |source| WriteError::Io {
            path: target.to_path_buf(),
            source,
        };
        if is_device(target) {
            let file = fs::OpenOptions::new()
                .write(true)
                .open(target)
                .map_err(io_err)?;
            let mut out = BufWriter::new(file);
            return body(&mut out)
                .and_then(|_| out.flush())
                .or_else(ignore_broken_pipe)
                .map_err(io_err);
        }
        if !self.force && fs::symlink_metadata(target).is_ok() {
            return Err(WriteError::Exists(target.to_path_buf()));
        }
        let (file, temporary) = self.registry.create(target).map_err(io_err)?;
        let written = (|| {
            let mut out = Counting {
                out: BufWriter::new(file),
                bytes: 0,
            };
            body(&mut out)?;
            let file = out.out.into_inner().map_err(|e| e.into_error())?;
            file.sync_all()?;
            if file.metadata()?.len() != out.bytes {
                return Err(io::Error::other(crate::msg!("err-short-on-disk")));
            }
            Ok(())
        })();
        match written {
            Ok(()) => {
                self.staged.push(Staged {
                    target: target.to_path_buf(),
                    temporary,
                });
                Ok(())
            }
            Err(e) => {
                self.registry.remove(&temporary);
                Err(io_err(e))
            }
        }
    }

    /// Moves every staged file into place, in the order staged, or none of them.
    pub fn commit(mut self) -> Result<(), WriteError> {
        let staged = std::mem::take(&mut self.staged);
        let force = self.force;
        let result = self.registry.while_open(|| Ok(place_all(&staged, force)));
        for s in &staged {
            // Moved away, or still there after a failure: either way no longer in flight.
            self.registry.remove(&s.temporary);
        }
        match result {
            Ok(placed) => placed,
            Err(source) => Err(WriteError::Io {
                path: staged.first().map(|s| s.target.clone()).unwrap_or_default(),
                source,
            }),
        }
    }
}

impl Drop for Transaction {
    /// A transaction dropped before its commit leaves nothing behind.
    fn drop(&mut self) {
        for s in self.staged.drain(..) {
            self.registry.remove(&s.temporary);
        }
    }
}

/// Moves each temporary file to its target; on a failure, undoes the moves already made.
fn place_all(staged: &[Staged], force: bool) -> Result<(), WriteError> {
    let mut placed: Vec<Placed> = Vec::with_capacity(staged.len());
    for s in staged {
        match place(&s.target, &s.temporary.path, force) {
            Ok(backup) => placed.push(Placed {
                target: &s.target,
                backup,
            }),
            Err(e) => {
                undo(&placed);
                return Err(e);
            }
        }
    }
    for p in &placed {
        if let Some(backup) = &p.backup {
            let _ = fs::remove_file(backup);
        }
    }
    Ok(())
}

/// Moves `temporary` to `target`; returns where what it replaced was kept.
fn place(target: &Path, temporary: &Path, force: bool) -> Result<Option<PathBuf>, WriteError> {
    let io_err = |source| WriteError::Io {
        path: target.to_path_buf(),
        source,
    };
    if !force {
        // A hard link fails if the target appeared meanwhile: nothing is ever clobbered.
        return match fs::hard_link(temporary, target) {
            Ok(()) => Ok(None),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                Err(WriteError::Exists(target.to_path_buf()))
            }
            Err(e) => Err(io_err(e)),
        };
    }
    let backup = match fs::symlink_metadata(target) {
        Ok(meta) if meta.is_dir() => return Err(io_err(is_a_directory())),
        Ok(_) => Some(keep_aside(target).map_err(io_err)?),
        Err(_) => None,
    };
    match fs::rename(temporary, target) {
        Ok(()) => Ok(backup),
        Err(e) => {
            if let Some(backup) = &backup {
                let _ = fs::rename(backup, target);
            }
            Err(io_err(e))
        }
    }
}

/// A second name for the file at `target`, so that it can be restored: a hard link (the file
/// keeps its name meanwhile), or where links are not possible the file itself moved aside.
fn keep_aside(target: &Path) -> io::Result<PathBuf> {
    let backup = temporary::temporary_path(target, temporary::next_number(), "old");
    match fs::hard_link(target, &backup) {
        Ok(()) => Ok(backup),
        Err(_) => fs::rename(target, &backup).map(|()| backup),
    }
}

fn is_a_directory() -> io::Error {
    io::Error::new(
        io::ErrorKind::IsADirectory,
        crate::msg!("err-is-a-directory"),
    )
}

/// Puts back what `placed` replaced, the last first.
fn undo(placed: &[Placed]) {
    for p in placed.iter().rev() {
        let _ = match &p.backup {
            Some(backup) => fs::rename(backup, p.target),
            None => fs::remove_file(p.target),
        };
    }
}

/// Counts the bytes written through it.
struct Counting<W> {
    out: W,
    bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Refuses, before any work, files that could not be written: a name longer than a file name
/// may be, an existing file (unless `force`) or a directory in the way, a directory that does not
/// exist or cannot be written to (tried by creating a temporary file there and removing it).
pub fn check_writable(targets: &[PathBuf], force: bool) -> Result<(), WriteError> {
    let mut tried: Vec<&Path> = Vec::new();
    for target in targets {
        if is_device(target) {
            continue;
        }
        let bytes = target.file_name().map_or(0, OsStr::len);
        if bytes > MAX_NAME_BYTES {
            return Err(WriteError::NameTooLong {
                path: target.clone(),
                bytes,
            });
        }
        if let Ok(meta) = fs::symlink_metadata(target) {
            if !force {
                return Err(WriteError::Exists(target.clone()));
            }
            if meta.is_dir() {
                return Err(WriteError::Io {
                    path: target.clone(),
                    source: is_a_directory(),
                });
            }
        }
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if !tried.contains(&dir) {
            try_directory(dir, target)?;
            tried.push(dir);
        }
    }
    Ok(())
}

/// Can a file be created beside `target`, in `dir`?
fn try_directory(dir: &Path, target: &Path) -> Result<(), WriteError> {
    let refused = |kind: io::ErrorKind, why: String| WriteError::Io {
        path: target.to_path_buf(),
        source: io::Error::new(kind, why),
    };
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            return Err(refused(
                io::ErrorKind::NotADirectory,
                crate::msg!("err-not-a-directory", dir = display::path(dir)),
            ));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(refused(
                io::ErrorKind::NotFound,
                crate::msg!("err-no-directory", dir = display::path(dir)),
            ));
        }
        Err(e) => return Err(refused(e.kind(), e.to_string())),
    }
    match TEMPORARIES.create(target) {
        Ok((file, temporary)) => {
            drop(file);
            TEMPORARIES.remove(&temporary);
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => Err(refused(
            e.kind(),
            crate::msg!("err-directory-read-only", dir = display::path(dir)),
        )),
        Err(e) => Err(refused(e.kind(), e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_move_that_fails_puts_back_every_file_already_moved() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, c) = (
            dir.path().join("a"),
            dir.path().join("b"),
            dir.path().join("c"),
        );
        fs::write(&a, "old a").unwrap();
        // `c` is a directory with a file in it: a file cannot be renamed over it.
        fs::create_dir(&c).unwrap();
        fs::write(c.join("inside"), "").unwrap();
        let mut t = Transaction::new(true);
        t.stage(&a, |w| w.write_all(b"new a")).unwrap();
        t.stage(&b, |w| w.write_all(b"new b")).unwrap();
        t.stage(&c, |w| w.write_all(b"new c")).unwrap();
        assert_eq!(names_in(dir.path()).len(), 5, "three temporary files");
        let err = t.commit().unwrap_err();
        assert!(
            matches!(&err, WriteError::Io { path, .. } if path == &c),
            "{err}"
        );
        assert_eq!(fs::read(&a).unwrap(), b"old a");
        assert!(!b.exists());
        assert_eq!(names_in(dir.path()), ["a", "c"]);
        // Without the file in the way, all three take their names.
        fs::remove_dir_all(&c).unwrap();
        let mut t = Transaction::new(true);
        for (path, text) in [(&a, "new a"), (&b, "new b"), (&c, "new c")] {
            t.stage(path, |w| w.write_all(text.as_bytes())).unwrap();
        }
        t.commit().unwrap();
        assert_eq!(fs::read(&a).unwrap(), b"new a");
        assert_eq!(names_in(dir.path()), ["a", "b", "c"]);
    }

    #[test]
    fn a_transaction_dropped_before_its_commit_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = Transaction::new(false);
        t.stage(&dir.path().join("x"), |w| w.write_all(b"x"))
            .unwrap();
        let failed = t.stage(&dir.path().join("y"), |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(matches!(failed, Err(WriteError::Io { .. })));
        drop(t);
        assert!(names_in(dir.path()).is_empty());
    }

    #[test]
    fn what_would_fail_is_found_before_any_work() {
        let dir = tempfile::tempdir().unwrap();
        let ok = dir.path().join("ok.toml");
        check_writable(std::slice::from_ref(&ok), false).unwrap();
        let long = dir.path().join(format!("{}.w1.npy", "s".repeat(250)));
        let err = check_writable(&[ok.clone(), long], false).unwrap_err();
        assert!(
            err.to_string().contains("its name is 257 bytes long"),
            "{err}"
        );
        let missing = dir.path().join("missing/x.toml");
        let err = check_writable(&[missing], false).unwrap_err();
        assert!(err.to_string().ends_with("missing does not exist"), "{err}");
        fs::create_dir(dir.path().join("d.toml")).unwrap();
        let err = check_writable(&[dir.path().join("d.toml")], true).unwrap_err();
        assert!(
            err.to_string().ends_with("d.toml: it is a directory"),
            "{err}"
        );
        assert_eq!(
            names_in(dir.path()),
            ["d.toml"],
            "nothing left by the checks"
        );
    }
}
