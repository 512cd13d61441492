//! Work that must not block a key: finishing training for the loss chart (in small slices, so
//! the UI thread gets the trace's lock between them) and writing a Markdown export.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::export::{Selection, Target, WriteError, markdown, write::fresh_name, write_atomic};
use crate::trace::Trace;

/// What background work tells the UI.
#[derive(Debug)]
pub enum News {
    /// Training went on (read the progress from the trace).
    Trained,
    /// An export finished: the file and what it holds, or why it failed.
    Exported(Result<(PathBuf, String), ExportFailed>),
}

/// A slice of training should take about this long, so the UI waits at most that for the lock.
const SLICE: Duration = Duration::from_millis(10);
/// How often progress is reported.
const REPORT: Duration = Duration::from_millis(100);

/// Trains `trace` to the end in a thread, reporting progress. Stops when the UI is gone.
pub fn train(trace: Arc<Trace>, news: Sender<News>) {
    let spawned = thread::Builder::new()
        .name("bpnn-train".into())
        .spawn(move || {
            let mut batches = 1usize;
            let mut reported = Instant::now();
            loop {
                let start = Instant::now();
                let (done, total) = trace.advance(batches);
                let took = start.elapsed();
                if took < SLICE / 2 {
                    batches = batches.saturating_mul(2);
                } else if took > SLICE * 2 && batches > 1 {
                    batches /= 2;
                }
                let finished = done >= total;
                if finished || reported.elapsed() >= REPORT {
                    reported = Instant::now();
                    if news.send(News::Trained).is_err() || finished {
                        return;
                    }
                }
                // Let a waiting UI thread take the lock before the next slice.
                thread::sleep(Duration::from_micros(500));
            }
        });
    // Without a thread the chart fills in as the learner steps: training still happens on demand.
    drop(spawned);
}

/// Why an export from the tutor wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ExportFailed {
    /// The file could not be written (or the export was cancelled).
    #[error(transparent)]
    Write(#[from] WriteError),
    /// No thread could be started for it.
    #[error("cannot start a thread: {0}")]
    Thread(io::Error),
}

/// A Markdown export to write.
pub struct Export {
    /// The trace to write, shared with the tutor.
    pub trace: Arc<Trace>,
    /// The epochs, and for a huge epoch the sample, to write.
    pub selection: Selection,
    /// Tried first; the current directory if writing there fails.
    pub dir: PathBuf,
    /// The file is `stem.md`, or `stem-2.md` and on if that exists.
    pub stem: String,
    /// Plain ASCII formulas, as the tutor shows them under `--ascii`.
    pub ascii: bool,
    /// Set to stop writing: the half-written temporary file is removed, nothing is left.
    pub cancel: Arc<AtomicBool>,
}

/// Passes writes through until cancelled, then fails them.
struct Cancellable<'a> {
    out: &'a mut dyn Write,
    cancel: &'a AtomicBool,
}

impl Write for Cancellable<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(io::Error::other("export cancelled"));
        }
        self.out.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl Export {
    /// Writes to a fresh file name (never over an existing file); returns its path.
    pub fn run(&self) -> Result<PathBuf, WriteError> {
        match self.write_in(&self.dir) {
            Err(WriteError::Io { .. })
                if self.dir != Path::new(".") && !self.cancel.load(Ordering::Relaxed) =>
            {
                self.write_in(Path::new("."))
            }
            other => other,
        }
    }

    fn write_in(&self, dir: &Path) -> Result<PathBuf, WriteError> {
        let mut tries = 0;
        loop {
            let path = fresh_name(dir, &self.stem, "md");
            let result = write_atomic(&Target::File(path.clone()), false, |out| {
                let mut out = Cancellable {
                    out,
                    cancel: &self.cancel,
                };
                // As the command's readable default does: wide layers summarised (the JSON
                // export has every number).
                let detail = markdown::Detail::Summary;
                markdown::write_with(&self.trace, &self.selection, self.ascii, detail, &mut out)
            });
            match result {
                // Someone took the name between the check and the write: take the next one.
                Err(WriteError::Exists(_)) if tries < 3 => tries += 1,
                other => return other.map(|_| path),
            }
        }
    }
}

/// Runs an export in a thread; `what` describes it for the status line. Returns the thread,
/// to wait for after cancelling.
pub fn export(job: Export, what: String, news: Sender<News>) -> Option<JoinHandle<()>> {
    let fallback = news.clone();
    let spawned = thread::Builder::new()
        .name("bpnn-export".into())
        .spawn(move || {
            let result = job
                .run()
                .map(|path| (path, what))
                .map_err(ExportFailed::from);
            let _ = news.send(News::Exported(result));
        });
    match spawned {
        Ok(handle) => Some(handle),
        Err(e) => {
            let _ = fallback.send(News::Exported(Err(ExportFailed::Thread(e))));
            None
        }
    }
}
