//! Writing output files safely: never over an existing file unless forced, never half-written
//! (a temporary file beside the target, then a link or rename into place).

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{0} already exists; choose another name with -o, or add --force to overwrite it")]
    Exists(String),
    #[error("cannot write {path}: {source}")]
    Io { path: String, source: io::Error },
}

/// Where output goes: a file, or standard output for `-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stdout,
    File(PathBuf),
}

impl Target {
    pub fn parse(s: &str) -> Target {
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
                .map_err(|source| WriteError::Io {
                    path: "standard output".into(),
                    source,
                })
        }
        Target::File(path) => write_file(path, force, body),
    }
}

fn ignore_broken_pipe(e: io::Error) -> io::Result<()> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(e)
    }
}

fn write_file(
    path: &Path,
    force: bool,
    body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    let shown = path.display().to_string();
    let io_err = |source| WriteError::Io {
        path: shown.clone(),
        source,
    };
    if let Ok(meta) = fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        // A device or pipe (/dev/null, /dev/stdout, a FIFO): write to it directly; there is no
        // file to clobber, and renaming over it would replace the device.
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
        return Err(WriteError::Exists(shown));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or("out".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.partial", std::process::id()));
    let result = (|| {
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        let mut out = BufWriter::new(file);
        body(&mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        if force {
            fs::rename(&tmp, path)
        } else {
            // A hard link fails if the target appeared meanwhile: nothing is ever clobbered.
            fs::hard_link(&tmp, path).map(|_| {
                let _ = fs::remove_file(&tmp);
            })
        }
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        if e.kind() == io::ErrorKind::AlreadyExists && !force {
            return Err(WriteError::Exists(shown));
        }
        return Err(io_err(e));
    }
    Ok(())
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
    #[cfg(unix)]
    use std::os::unix::fs::FileTypeExt;

    #[test]
    fn refuses_to_overwrite_and_leaves_no_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        let target = Target::File(path.clone());
        write_atomic(&target, false, |w| w.write_all(b"first")).unwrap();
        let err = write_atomic(&target, false, |w| w.write_all(b"second")).unwrap_err();
        assert!(matches!(err, WriteError::Exists(_)));
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
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn devices_are_written_in_place() {
        let null = Target::File("/dev/null".into());
        write_atomic(&null, false, |w| w.write_all(b"gone")).unwrap();
        write_atomic(&null, true, |w| w.write_all(b"gone")).unwrap();
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
}
