//! Writing output files safely: never over an existing file unless forced, never half-written.
//!
//! The bytes go to a temporary file beside the target (`.NAME.PID-N.partial`, its name cut so it
//! never exceeds the 255-byte limit of a file name), which takes the target's name only when
//! complete: by a hard link, which fails if the target appeared meanwhile, or by a rename when
//! overwriting is allowed. Every temporary file in flight is kept in a registry, so an
//! interrupted process can remove them with [`remove_temporary_files`].

use std::ffi::{OsStr, OsString};
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use super::display;

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file exists and overwriting it was not allowed.
    #[error(
        "{} already exists; add --force to overwrite it, or choose another name",
        display::path(.0)
    )]
    Exists(PathBuf),
    /// Writing the file failed (nothing was left behind).
    #[error("cannot write {}: {source}", display::path(.path))]
    Io {
        /// The file that was being written.
        path: PathBuf,
        /// What failed.
        source: io::Error,
    },
    /// Writing to standard output failed (other than by the reader going away).
    #[error("cannot write to standard output: {0}")]
    Stdout(#[source] io::Error),
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
        Target::File(path) => write_file(&TEMPORARIES, path, force, body),
    }
}

/// Refuses early, before any work, a target that [`write_atomic`] would refuse as existing.
pub fn check_free(target: &Target, force: bool) -> Result<(), WriteError> {
    match target {
        Target::File(path) if !force && !is_device(path) && fs::symlink_metadata(path).is_ok() => {
            Err(WriteError::Exists(path.clone()))
        }
        _ => Ok(()),
    }
}

/// Removes every temporary file still being written, and makes any later atomic write fail
/// before it creates one. For a process about to exit on a signal: safe to call from any
/// thread, also while writes are in progress (they then fail, leaving nothing behind). Returns
/// how many files it removed.
pub fn remove_temporary_files() -> usize {
    TEMPORARIES.remove_all()
}

fn ignore_broken_pipe(e: io::Error) -> io::Result<()> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(e)
    }
}

/// A device or pipe (/dev/null, /dev/stdout, a FIFO): written in place, since there is no file
/// to clobber and renaming over it would replace the device.
fn is_device(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

fn write_file(
    registry: &Registry,
    path: &Path,
    force: bool,
    body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    let io_err = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    if is_device(path) {
        let file = fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(io_err)?;
        let mut out = BufWriter::new(file);
        return body(&mut out)
            .and_then(|_| out.flush())
            .or_else(ignore_broken_pipe)
            .map_err(io_err);
    }
    if !force && fs::symlink_metadata(path).is_ok() {
        return Err(WriteError::Exists(path.to_path_buf()));
    }
    let (file, temporary) = registry.create(path).map_err(io_err)?;
    let result = (|| {
        let mut out = BufWriter::new(file);
        body(&mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        if force {
            fs::rename(&temporary.path, path)
        } else {
            // A hard link fails if the target appeared meanwhile: nothing is ever clobbered.
            fs::hard_link(&temporary.path, path)
        }
    })();
    let _ = fs::remove_file(&temporary.path);
    registry.forget(temporary.id);
    match result {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && !force => {
            Err(WriteError::Exists(path.to_path_buf()))
        }
        Err(e) => Err(io_err(e)),
        Ok(()) => Ok(()),
    }
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

/// Bytes of the target's name kept in a temporary name: with the dot, the process id, the
/// counter and `.partial`, a temporary name stays far below the 255-byte limit.
const NAME_KEPT: usize = 64;

/// Distinguishes the temporary files of one process.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// The temporary file number `n` for `path`: `.NAME.PID-N.partial` in the same directory, where
/// NAME is the start of the target's name without control characters.
fn temporary_path(path: &Path, n: u64) -> PathBuf {
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
    file.push(format!(".{}-{n}.partial", std::process::id()));
    dir.join(file)
}

/// The temporary files being written, so that they can be removed when the process is stopped.
struct Registry {
    state: Mutex<State>,
}

struct State {
    /// Set by `remove_all`: no temporary file is created any more.
    closed: bool,
    files: Vec<Temporary>,
}

/// A temporary file in the registry.
#[derive(Debug, Clone)]
struct Temporary {
    id: u64,
    path: PathBuf,
}

static TEMPORARIES: Registry = Registry::new();

impl Registry {
    const fn new() -> Self {
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
    /// lock, so `remove_all` either sees it or runs before it exists and prevents it.
    fn create(&self, target: &Path) -> io::Result<(File, Temporary)> {
        let mut state = self.lock();
        if state.closed {
            return Err(io::Error::new(
                io::ErrorKind::Interrupted,
                "the program is being stopped",
            ));
        }
        let id = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = temporary_path(target, id);
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        let temporary = Temporary { id, path };
        state.files.push(temporary.clone());
        Ok((file, temporary))
    }

    fn forget(&self, id: u64) {
        self.lock().files.retain(|t| t.id != id);
    }

    fn remove_all(&self) -> usize {
        let mut state = self.lock();
        state.closed = true;
        let mut removed = 0;
        for t in state.files.drain(..) {
            if fs::remove_file(&t.path).is_ok() {
                removed += 1;
            }
        }
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
            let tmp = temporary_path(&dir.path().join(&name), u64::MAX);
            let tmp_name = tmp.file_name().unwrap().len();
            assert!(tmp_name <= 100, "{tmp_name} bytes");
            let target = Target::File(dir.path().join(&name));
            write_atomic(&target, false, |w| w.write_all(b"ok")).unwrap();
            assert_eq!(fs::read(dir.path().join(&name)).unwrap(), b"ok");
        }
    }

    /// The signal handler's view: another thread removes the temporary file while the body is
    /// still writing; the write then fails and leaves nothing behind, and no write starts after.
    #[test]
    fn temporary_files_are_removed_while_being_written() {
        let registry = Registry::new();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        let (started, wait_started) = mpsc::channel();
        let (go_on, wait_go_on) = mpsc::channel::<()>();
        std::thread::scope(|s| {
            let (registry, path) = (&registry, &path);
            let writer = s.spawn(move || {
                write_file(registry, path, false, move |w| {
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
            let remover = s.spawn(move || registry.remove_all());
            assert_eq!(remover.join().unwrap(), 1);
            assert!(names_in(dir.path()).is_empty());
            go_on.send(()).unwrap();
            let result = writer.join().unwrap();
            assert!(matches!(result, Err(WriteError::Io { .. })), "{result:?}");
        });
        assert!(names_in(dir.path()).is_empty());
        let later = write_file(&registry, &path, false, |w| w.write_all(b"x"));
        assert!(matches!(later, Err(WriteError::Io { .. })));
        assert!(names_in(dir.path()).is_empty());
        assert_eq!(registry.remove_all(), 0);
    }
}
