//! Training as the app sees it: inline for tests, or on a background thread that reports
//! its progress.

use std::sync::mpsc::Sender;

use super::App;
use crate::tui::background::{self, News};

impl App {
    /// Finishes training at once, as the background thread would, and takes in its result.
    /// For tests and benchmarks that drive the app without a terminal.
    pub fn finish_training(&mut self) {
        if let Some(tutor) = &mut self.tutor {
            tutor.trace.run_all();
            tutor.refresh();
        }
    }

    /// From now on, train and export in background threads that report to `news`.
    pub fn run_in_background(&mut self, news: Sender<News>) {
        self.news = Some(news);
        self.start_training();
    }

    /// Trains the open lesson in the background, if work runs there and training is not done.
    pub(super) fn start_training(&self) {
        if let (Some(news), Some(tutor)) = (&self.news, &self.tutor)
            && !tutor.training.complete()
        {
            background::train(tutor.trace.clone(), news.clone());
        }
    }

    /// Is background work going on (so the screen should refresh soon)?
    pub fn busy(&self) -> bool {
        self.exporting || self.tutor.as_ref().is_some_and(|t| !t.training.complete())
    }

    /// Takes in what background work reports.
    pub fn on_news(&mut self, news: News) {
        match news {
            News::Trained => {
                if let Some(tutor) = &mut self.tutor {
                    tutor.refresh();
                }
            }
            News::Exported(result) => self.report_export(result),
        }
    }
}
