//! Reading an input: a path or `-` (standard input).
//!
//! Only regular files are read. A path is examined from its metadata first, so a directory, a
//! FIFO, a device or a socket is refused at once: a FIFO is never opened for reading (that would
//! wait for a writer), and a device such as `/dev/zero` is never read (it would never end). The
//! file is then opened without blocking and examined again through the open handle, so a file
//! swapped for a FIFO in between is refused too. The size limit is checked from the metadata
//! before any byte is read and enforced while reading, for files that grow and for standard input.

use std::ffi::OsStr;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::diagnostic::Diagnostic;
use super::display;
use super::error::{Problem, SourceError};
use super::limits::{same_size, size};
use super::text;

/// Where an input comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input, named `-` on the command line.
    Stdin,
    /// A file, by any path the operating system accepts (UTF-8 or not).
    File(PathBuf),
}

/// The name standard input goes by in messages.
pub const STDIN_NAME: &str = "<stdin>";

impl Input {
    /// `-` is standard input; anything else is a path.
    pub fn from_arg(arg: impl AsRef<OsStr>) -> Input {
        let arg = arg.as_ref();
        if arg == "-" {
            Input::Stdin
        } else {
            Input::File(PathBuf::from(arg))
        }
    }

    /// The input's name in messages: `<stdin>`, or the path with control characters escaped.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => STDIN_NAME.to_string(),
            Input::File(p) => display::path(p),
        }
    }

    /// The directory that relative paths written inside the input are read from: the file's
    /// own directory, or the current directory for standard input.
    pub fn dir(&self) -> PathBuf {
        match self {
            Input::File(p) => match p.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            },
            Input::Stdin => PathBuf::from("."),
        }
    }
}

/// What an input should be, for its checks and its messages. The words are the ids of
/// messages (`err-noun-lesson`), said in the process's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expect {
    /// What the file is, in a message: "lesson", "worksheet", "CSV data".
    pub noun: &'static str,
    /// Largest size read, in bytes.
    pub limit: u64,
    /// What to do about a file over the limit.
    pub too_large_help: &'static str,
    /// What to give instead of a directory or another kind of file.
    pub path_help: &'static str,
    /// What to do about a missing file, if there is more to say than "no such file".
    pub not_found_help: Option<&'static str>,
}

/// A text input, read and checked: its name in messages, the directory relative paths in it are
/// read from, and its text (without a byte-order mark).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The name used in messages.
    pub name: String,
    /// Where relative paths inside it are resolved.
    pub dir: PathBuf,
    /// The text.
    pub text: String,
}

/// Read `input` as UTF-8 text within `expect`'s limit.
pub fn read_text(input: &Input, expect: &Expect) -> Result<Source, SourceError> {
    let name = input.name();
    let bytes = read_bytes(input, &name, expect)?;
    let text = text::decode(&bytes, &name, expect.noun)?;
    let text = if text.len() == bytes.len() {
        // Valid UTF-8 without a byte-order mark: keep the buffer rather than copy it.
        String::from_utf8(bytes).map_err(|_| unreachable_utf8(&name))?
    } else {
        text.to_string()
    };
    Ok(Source {
        name,
        dir: input.dir(),
        text,
    })
}

fn unreachable_utf8(name: &str) -> SourceError {
    SourceError::new(
        Problem::NotText,
        Diagnostic::without_position(name, crate::msg!("err-not-utf8")),
    )
}

/// Every byte of `input` (named `name` in messages), within `expect`'s limit.
pub fn read_bytes(input: &Input, name: &str, expect: &Expect) -> Result<Vec<u8>, SourceError> {
    match input {
        Input::Stdin => read_limited(io::stdin().lock(), 0, name, expect),
        Input::File(path) => {
            let (file, len) = open(path, name, expect)?;
            read_limited(file, len, name, expect)
        }
    }
}

/// Opens the regular file at `path` (named `name` in messages) for reading, after checking from
/// its metadata that it is one and within the limit; returns it with its size.
pub fn open(path: &Path, name: &str, expect: &Expect) -> Result<(File, u64), SourceError> {
    let meta = fs::metadata(path).map_err(|e| io_error(name, &e, expect))?;
    check_kind(&meta, name, expect)?;
    if meta.len() > expect.limit {
        return Err(too_large(name, meta.len(), expect));
    }
    let file = open_nonblocking(path).map_err(|e| io_error(name, &e, expect))?;
    // The path may name another file by now: what counts is what was opened.
    let meta = file.metadata().map_err(|e| io_error(name, &e, expect))?;
    check_kind(&meta, name, expect)?;
    if meta.len() > expect.limit {
        return Err(too_large(name, meta.len(), expect));
    }
    Ok((file, meta.len()))
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // Opening a FIFO for reading waits for a writer unless O_NONBLOCK is given; for a regular
    // file the flag changes nothing.
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// Reads at most the limit from `reader` (`len` bytes are expected), refusing more.
fn read_limited(
    reader: impl Read,
    len: u64,
    name: &str,
    expect: &Expect,
) -> Result<Vec<u8>, SourceError> {
    let mut bytes = Vec::with_capacity(len.min(expect.limit) as usize);
    reader
        .take(expect.limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(name, &e, expect))?;
    if bytes.len() as u64 > expect.limit {
        return Err(over_limit(name, expect));
    }
    Ok(bytes)
}

/// Refuse anything but a regular file.
fn check_kind(meta: &fs::Metadata, name: &str, expect: &Expect) -> Result<(), SourceError> {
    if meta.is_file() {
        return Ok(());
    }
    let (problem, what) = if meta.is_dir() {
        (Problem::Directory, "err-a-directory")
    } else {
        (Problem::NotAFile, kind_of(meta))
    };
    let message = crate::msg!(
        "err-not-a-file-of",
        what = crate::msg!(what),
        noun = crate::msg!(expect.noun)
    );
    Err(SourceError::new(
        problem,
        Diagnostic::without_position(name, message).with_help(crate::msg!(expect.path_help)),
    ))
}

/// What a path that is no regular file names, as the id of its words ("a FIFO (a named
/// pipe)").
#[cfg(unix)]
pub fn kind_of(meta: &fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "err-a-fifo"
    } else if t.is_char_device() {
        "err-a-char-device"
    } else if t.is_block_device() {
        "err-a-block-device"
    } else if t.is_socket() {
        "err-a-socket"
    } else {
        "err-not-regular"
    }
}

/// What a path that is no regular file names, as the id of its words.
#[cfg(not(unix))]
pub fn kind_of(_: &fs::Metadata) -> &'static str {
    "err-not-regular"
}

/// `limit` bytes in words: with the exact count beside the unit when it is 1 KiB or more.
fn limit_words(limit: u64) -> String {
    if limit >= 1024 {
        crate::msg!(
            "err-bytes-exactly",
            n = limit.to_string(),
            size = size(limit)
        )
    } else {
        size(limit)
    }
}

/// The error for a file of `bytes` bytes, over the limit.
pub fn too_large(name: &str, bytes: u64, expect: &Expect) -> SourceError {
    // "385 KiB, more than the limit of 384 KiB"; in bytes where the units would hide it.
    let exact = bytes < 1024 || same_size(bytes, expect.limit);
    let shown = if exact {
        crate::msg!("err-bytes", n = bytes.to_string())
    } else {
        size(bytes)
    };
    let limit = if exact {
        limit_words(expect.limit)
    } else {
        size(expect.limit)
    };
    SourceError::new(
        Problem::TooLarge,
        Diagnostic::without_position(
            name,
            crate::msg!(
                "err-file-too-large",
                shown = shown,
                limit = limit,
                noun = crate::msg!(expect.noun)
            ),
        )
        .with_help(crate::msg!(expect.too_large_help)),
    )
}

/// The error for an input found larger than the limit while it was read (standard input, or a
/// file that grew), whose whole size is not known: reading stopped at the limit.
pub fn over_limit(name: &str, expect: &Expect) -> SourceError {
    SourceError::new(
        Problem::TooLarge,
        Diagnostic::without_position(
            name,
            crate::msg!(
                "err-over-limit-read",
                limit = limit_words(expect.limit),
                noun = crate::msg!(expect.noun)
            ),
        )
        .with_help(crate::msg!(expect.too_large_help)),
    )
}

/// The error for a failed read of the file called `name`.
pub fn io_error(name: &str, e: &io::Error, expect: &Expect) -> SourceError {
    let (problem, message) = match e.kind() {
        io::ErrorKind::NotFound => (Problem::NotFound, crate::msg!("err-no-such-file")),
        io::ErrorKind::PermissionDenied => (
            Problem::PermissionDenied,
            crate::msg!("err-permission-denied"),
        ),
        _ => (
            Problem::Unreadable,
            crate::msg!("err-cannot-read", error = e.to_string()),
        ),
    };
    let mut d = Diagnostic::without_position(name, message);
    if let (Problem::NotFound, Some(help)) = (problem, expect.not_found_help) {
        d = d.with_help(crate::msg!(help));
    }
    SourceError::new(problem, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    // Words that are no message id are said as they are.
    const EXPECT: Expect = Expect {
        noun: "err-noun-lesson",
        limit: 16,
        too_large_help: "make it smaller",
        path_help: "give the path of a file",
        not_found_help: Some("check the name"),
    };

    #[test]
    fn reads_a_regular_file_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        fs::write(&path, "x = 1\n").unwrap();
        let s = read_text(&Input::File(path.clone()), &EXPECT).unwrap();
        assert_eq!(s.text, "x = 1\n");
        assert_eq!(s.dir, dir.path());
        fs::write(&path, "x = 1234567890123\n").unwrap();
        let err = read_text(&Input::File(path), &EXPECT).unwrap_err();
        assert_eq!(err.problem(), Problem::TooLarge);
        assert_eq!(
            err.diagnostic().message,
            "the file is 18 bytes, more than the limit of 16 bytes for a lesson"
        );
    }

    #[test]
    fn missing_files_and_directories() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_text(&Input::File(dir.path().join("nope")), &EXPECT).unwrap_err();
        assert_eq!(err.problem(), Problem::NotFound);
        assert_eq!(err.diagnostic().help.as_deref(), Some("check the name"));
        let err = read_text(&Input::File(dir.path().to_path_buf()), &EXPECT).unwrap_err();
        assert_eq!(err.problem(), Problem::Directory);
        assert_eq!(
            err.diagnostic().message,
            "this is a directory, not a lesson file"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_and_a_device_are_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.toml");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: `c` is a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let start = Instant::now();
        let err = read_text(&Input::File(fifo.clone()), &EXPECT).unwrap_err();
        assert!(start.elapsed() < Duration::from_secs(1));
        assert_eq!(err.problem(), Problem::NotAFile);
        assert!(err.to_string().contains("a FIFO"), "{err}");
        // Even when the metadata were passed, opening does not wait for a writer.
        let file = open_nonblocking(&fifo).unwrap();
        assert!(check_kind(&file.metadata().unwrap(), "f", &EXPECT).is_err());
        let err = read_text(&Input::File("/dev/zero".into()), &EXPECT).unwrap_err();
        assert!(err.to_string().contains("character device"), "{err}");
    }

    #[test]
    fn names_and_directories_of_inputs() {
        assert_eq!(Input::from_arg("-"), Input::Stdin);
        assert_eq!(Input::Stdin.name(), "<stdin>");
        assert_eq!(Input::from_arg("a/b.toml").dir(), Path::new("a"));
        assert_eq!(Input::from_arg("b.toml").dir(), Path::new("."));
        assert_eq!(Input::from_arg("x\u{1b}y").name(), "x\\u{1b}y");
    }
}
