//! `e`: the current epoch written as Markdown beside the lesson, in the background when the
//! event loop runs, and what the learner is told of it.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{App, Status};
use crate::tr;
use crate::tui::background;

/// Epochs longer than this many steps are exported one sample at a time: a whole epoch of a
/// large network would be gigabytes of Markdown.
pub const EXPORT_STEP_LIMIT: usize = 200_000;

impl App {
    /// Where `e` writes its Markdown (the lesson's directory by default).
    pub fn set_export_dir(&mut self, dir: PathBuf) {
        if let Some(t) = &mut self.tutor {
            t.export_dir = dir;
        }
    }

    /// Stops background work that must not be cut off: an export being written is cancelled
    /// (its temporary file removed) and waited for. Training needs nothing: it keeps no file.
    pub fn stop_background(&mut self) {
        if let Some((cancel, handle)) = self.export_job.take() {
            cancel.store(true, Ordering::Relaxed);
            let _ = handle.join();
        }
    }

    /// Writes the current epoch (or, for huge epochs, the current sample) as Markdown to a
    /// fresh file beside the lesson.
    pub(super) fn export(&mut self) {
        let Some(tutor) = &self.tutor else {
            return;
        };
        if self.exporting {
            self.status = Some(Status {
                text: self.settings.lang.t("export-busy"),
                error: false,
            });
            return;
        }
        let epoch = tutor.cursor.epoch;
        let mut job = background::Export {
            trace: tutor.trace.clone(),
            selection: crate::export::Selection {
                epochs: epoch..=epoch,
                samples: None,
            },
            dir: tutor.export_dir.clone(),
            stem: format!("{}-epoch{epoch}", tutor.export_stem),
            ascii: self.settings.ascii,
            cancel: Arc::new(AtomicBool::new(false)),
        };
        let lang = self.settings.lang;
        let mut what = tr!(lang, "export-what-epoch", epoch = epoch);
        if tutor.trace.epoch_len() > EXPORT_STEP_LIMIT {
            let s = tutor.sample();
            job.selection.samples = Some(s..=s);
            job.stem = format!("{}-epoch{epoch}-sample{s}", tutor.export_stem);
            what = tr!(
                lang,
                "export-what-sample",
                sample = s,
                epoch = epoch,
                steps = tutor.trace.epoch_len()
            );
        }
        match &self.news {
            Some(news) => {
                self.exporting = true;
                self.status = Some(Status {
                    text: tr!(lang, "export-writing", what = &what),
                    error: false,
                });
                let cancel = job.cancel.clone();
                self.export_job =
                    background::export(job, what, news.clone()).map(|handle| (cancel, handle));
            }
            None => {
                let result = job.run();
                self.report_export(result.map(|p| (p, what)).map_err(Into::into));
            }
        }
    }

    /// Tells the learner how an export ended; another may start.
    pub(super) fn report_export(
        &mut self,
        result: Result<(PathBuf, String), background::ExportFailed>,
    ) {
        self.exporting = false;
        self.export_job = None;
        let lang = self.settings.lang;
        self.status = Some(match result {
            Ok((path, what)) => Status {
                text: tr!(
                    lang,
                    "export-wrote",
                    what = what,
                    path = crate::source::display::path(&path)
                ),
                error: false,
            },
            Err(e) => Status {
                text: tr!(lang, "export-failed", error = e.to_string()),
                error: true,
            },
        });
    }
}
