//! Writing output files safely: never over an existing file unless forced, never half-written.
//!
//! The bytes go to a temporary file beside the target ([`super::temporary`]), which takes the
//! target's name only when complete: by a hard link, which fails if the target appeared
//! meanwhile, or by a rename when overwriting is allowed. One file is a [`Transaction`] of one;
//! several files written together are one transaction too ([`super::transaction`]).

use std::ffi::OsStr;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::display;
use super::temporary;
use super::transaction::{MAX_NAME_BYTES, Transaction, check_writable};

/// Why a file could not be written. `Display` says it in the process's language
/// ([`crate::i18n::lang`]): English unless the command line asked for another.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file exists and overwriting it was not allowed.
    Exists(PathBuf),
    /// Writing the file failed (nothing was left behind).
    Io {
        /// The file that was being written.
        path: PathBuf,
        /// What failed.
        source: io::Error,
    },
    /// The file's name is longer than a file system takes.
    NameTooLong {
        /// The file.
        path: PathBuf,
        /// The length of its name, in bytes.
        bytes: usize,
    },
    /// Writing to standard output failed (other than by the reader going away).
    Stdout(#[source] io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::msg;
        let text = match self {
            WriteError::Exists(path) => msg!("err-exists", path = display::path(path)),
            WriteError::Io { path, source } => msg!(
                "err-cannot-write",
                path = display::path(path),
                error = source.to_string()
            ),
            WriteError::NameTooLong { path, bytes } => msg!(
                "err-name-too-long",
                path = display::path(path),
                bytes = bytes.to_string(),
                max = MAX_NAME_BYTES.to_string()
            ),
            WriteError::Stdout(e) => msg!("err-cannot-write-stdout", error = e.to_string()),
        };
        f.write_str(&text)
    }
}

/// Where output goes: a file, or standard output for `-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Standard output.
    Stdout,
    /// A file, by any path the operating system accepts.
    File(PathBuf),
}

impl Target {
    /// `-` is standard output; anything else a file.
    pub fn parse(s: impl AsRef<OsStr>) -> Target {
        let s = s.as_ref();
        if s == "-" {
            Target::Stdout
        } else {
            Target::File(PathBuf::from(s))
        }
    }
}

/// Writes what `body` produces to `target`. For a file, the bytes go to a temporary file in
/// the same directory which then takes the target's name only when complete; without
/// `force`, an existing file is left untouched and reported.
pub fn write_atomic(
    target: &Target,
    force: bool,
    body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    match target {
        Target::Stdout => {
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            body(&mut out)
                .and_then(|_| out.flush())
                .or_else(ignore_broken_pipe)
                .map_err(WriteError::Stdout)
        }
        Target::File(path) => {
            let mut transaction = Transaction::new(force);
            transaction.stage(path, body)?;
            transaction.commit()
        }
    }
}

/// Refuses early, before any work, a target that [`write_atomic`] would refuse or fail on: an
/// existing file (unless `force`), a name too long, a directory that is missing or may not be
/// written to.
pub fn check_free(target: &Target, force: bool) -> Result<(), WriteError> {
    match target {
        Target::File(path) => check_writable(std::slice::from_ref(path), force),
        Target::Stdout => Ok(()),
    }
}

/// Removes every temporary file still being written, and makes any later atomic write fail
/// before it creates one. For a process about to exit on a signal: safe to call from any
/// thread, also while writes are in progress (they then fail, leaving nothing behind). Returns
/// how many files it removed.
pub fn remove_temporary_files() -> usize {
    temporary::remove_all()
}

pub(crate) fn ignore_broken_pipe(e: io::Error) -> io::Result<()> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(e)
    }
}

/// A device or pipe (/dev/null, /dev/stdout, a FIFO): written in place, since there is no file
/// to clobber and renaming over it would replace the device.
pub(crate) fn is_device(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// The first of `stem.ext`, `stem-2.ext`, `stem-3.ext`, … in `dir` that does not exist yet.
pub fn fresh_name(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.{ext}"));
    if fs::symlink_metadata(&first).is_err() {
        return first;
    }
    (2..)
        .map(|i| dir.join(format!("{stem}-{i}.{ext}")))
        .find(|p| fs::symlink_metadata(p).is_err())
        .expect("some name is free")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::temporary::Registry;
    #[cfg(unix)]
    use std::os::unix::fs::FileTypeExt;
    use std::sync::mpsc;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn refuses_to_overwrite_and_leaves_no_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        let target = Target::File(path.clone());
        write_atomic(&target, false, |w| w.write_all(b"first")).unwrap();
        let err = write_atomic(&target, false, |w| w.write_all(b"second")).unwrap_err();
        assert!(matches!(err, WriteError::Exists(_)));
        assert!(check_free(&target, false).is_err());
        assert!(check_free(&target, true).is_ok());
        assert_eq!(fs::read(&path).unwrap(), b"first");
        // A body that fails half way leaves the old file and no temporary behind.
        let err = write_atomic(&target, true, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(matches!(err, WriteError::Io { .. }));
        assert_eq!(fs::read(&path).unwrap(), b"first");
        write_atomic(&target, true, |w| w.write_all(b"second")).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        assert_eq!(names_in(dir.path()), ["out.json"]);
    }

    #[test]
    fn the_message_names_the_flag_every_command_has() {
        let err = WriteError::Exists(PathBuf::from("x\u{1b}.toml"));
        assert_eq!(
            err.to_string(),
            "x\\u{1b}.toml already exists; add --force to overwrite it, or choose another name"
        );
    }

    #[test]
    fn devices_are_written_in_place() {
        let null = Target::File("/dev/null".into());
        write_atomic(&null, false, |w| w.write_all(b"gone")).unwrap();
        write_atomic(&null, true, |w| w.write_all(b"gone")).unwrap();
        assert!(check_free(&null, false).is_ok());
        #[cfg(unix)]
        assert!(
            fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }

    #[test]
    fn fresh_names_never_clobber() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(fresh_name(dir.path(), "x", "md"), dir.path().join("x.md"));
        fs::write(dir.path().join("x.md"), "").unwrap();
        fs::write(dir.path().join("x-2.md"), "").unwrap();
        assert_eq!(fresh_name(dir.path(), "x", "md"), dir.path().join("x-3.md"));
    }

    #[test]
    fn a_name_of_250_bytes_can_be_written() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["é".repeat(125), format!("{}.md", "n".repeat(247))] {
            assert_eq!(name.len(), 250);
            let target = Target::File(dir.path().join(&name));
            check_free(&target, false).unwrap();
            write_atomic(&target, false, |w| w.write_all(b"ok")).unwrap();
            assert_eq!(fs::read(dir.path().join(&name)).unwrap(), b"ok");
        }
        let long = Target::File(dir.path().join("n".repeat(256)));
        assert!(matches!(
            check_free(&long, false),
            Err(WriteError::NameTooLong { bytes: 256, .. })
        ));
    }

    /// The signal handler's view: another thread removes the temporary file while the body is
    /// still writing; the write then fails and leaves nothing behind, and no write starts after.
    #[test]
    fn temporary_files_are_removed_while_being_written() {
        static REGISTRY: Registry = Registry::new();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        let (started, wait_started) = mpsc::channel();
        let (go_on, wait_go_on) = mpsc::channel::<()>();
        let write = |body: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>| {
            let mut t = Transaction::in_registry(&REGISTRY, false);
            t.stage(&path, body)?;
            t.commit()
        };
        std::thread::scope(|s| {
            let writer = s.spawn(move || {
                write(&mut move |w: &mut dyn Write| {
                    w.write_all(&[b'x'; 100_000])?;
                    w.flush()?;
                    started.send(()).unwrap();
                    wait_go_on.recv().unwrap();
                    w.write_all(b"more")
                })
            });
            wait_started.recv().unwrap();
            let names = names_in(dir.path());
            assert_eq!(names.len(), 1, "{names:?}");
            assert!(names[0].starts_with(".big.json.") && names[0].ends_with(".partial"));
            let remover = s.spawn(|| REGISTRY.remove_all());
            assert_eq!(remover.join().unwrap(), 1);
            assert!(names_in(dir.path()).is_empty());
            go_on.send(()).unwrap();
            let result = writer.join().unwrap();
            assert!(matches!(result, Err(WriteError::Io { .. })), "{result:?}");
        });
        assert!(names_in(dir.path()).is_empty());
        let later = write(&mut |w: &mut dyn Write| w.write_all(b"x"));
        assert!(matches!(later, Err(WriteError::Io { .. })));
        assert!(names_in(dir.path()).is_empty());
        assert_eq!(REGISTRY.remove_all(), 0);
    }
}
