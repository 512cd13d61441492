//! The open lesson: its trace, where the learner is in it, and what is known of training.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::lesson::Lesson;
use crate::trace::{Layout, Place, Step, Trace};

use crate::tui::cursor::{Cursor, Track};
use crate::tui::ui::NoteCache;

/// What is known of training, which a background thread finishes for long lessons.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Training {
    /// Batches trained so far.
    pub(crate) done: usize,
    /// Batches in all the lesson's epochs.
    pub(crate) total: usize,
    /// Mean loss of every epoch trained so far.
    pub(crate) losses: Vec<f64>,
    /// Once training is complete: the first NaN or infinite number, if any.
    pub(crate) non_finite: Option<Option<Step>>,
}

impl Training {
    /// Has every batch been trained?
    pub fn complete(&self) -> bool {
        self.done >= self.total
    }
}

/// An open lesson: its trace and where the learner is in it.
pub(crate) struct Tutor {
    /// The lesson's trace, shared with the threads that train and export it.
    pub(crate) trace: Arc<Trace>,
    /// Where the learner is.
    pub(crate) cursor: Cursor,
    /// What the tutor has read of training so far.
    pub(crate) training: Training,
    /// Where `e` writes (the lesson's directory; the current one if that is not writable).
    pub(crate) export_dir: PathBuf,
    /// File names of exports start with this (the lesson file's stem).
    pub(crate) export_stem: String,
    /// The lesson's notes, wrapped for the screen.
    pub(crate) notes: NoteCache,
}

impl Tutor {
    /// Opens `lesson` at its first step; the app starts its training.
    pub fn new(lesson: Lesson) -> Self {
        let (export_dir, export_stem) = export_place(&lesson.source);
        let mut tutor = Tutor {
            trace: Arc::new(Trace::new(lesson)),
            cursor: Cursor { epoch: 1, index: 0 },
            training: Training::default(),
            export_dir,
            export_stem,
            notes: NoteCache::default(),
        };
        tutor.refresh();
        tutor
    }

    /// The shape the cursor moves over.
    pub fn track(&self) -> Track<'_> {
        Track::new(self.trace.layout(), self.trace.epochs())
    }

    /// Where each step is in an epoch.
    pub fn layout(&self) -> &Layout {
        self.trace.layout()
    }

    /// The step under the cursor (computes its batch if it is not cached).
    pub fn current(&self) -> Step {
        self.trace.step(self.cursor.epoch, self.cursor.index)
    }

    /// Reads training progress (and, once complete, whether any number diverged).
    pub fn refresh(&mut self) {
        let (done, total) = self.trace.progress();
        self.training.done = done;
        self.training.total = total;
        // Only the new epochs: a million-epoch lesson is not copied ten times a second.
        let new = self.trace.epoch_losses_since(self.training.losses.len());
        self.training.losses.extend(new);
        if done >= total && self.training.non_finite.is_none() {
            self.training.non_finite = Some(self.trace.first_non_finite());
        }
    }

    /// The sample of the cursor (from 1); during an update, the batch's last sample.
    pub fn sample(&self) -> usize {
        let layout = self.layout();
        let slot = layout.slot(self.cursor.index);
        match slot.place {
            Place::Sample(n) => n,
            Place::Batch(b) => *layout.batch_samples(b).end(),
        }
    }

    /// The batch of the cursor (from 1).
    pub fn batch(&self) -> usize {
        self.layout().slot(self.cursor.index).batch
    }
}

/// The directory and file stem of exports for a lesson from `source`.
fn export_place(source: &str) -> (PathBuf, String) {
    let path = Path::new(source);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty() && !source.starts_with("bundled:"))
        .unwrap_or_else(|| source.trim_start_matches("bundled:").to_string());
    let stem = if stem.is_empty() {
        "lesson".into()
    } else {
        stem
    };
    let dir = match path.parent() {
        Some(d) if !source.starts_with("bundled:") && !d.as_os_str().is_empty() && d.is_dir() => {
            d.to_path_buf()
        }
        _ => PathBuf::from("."),
    };
    (dir, stem)
}
