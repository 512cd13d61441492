//! How large an export will be, known before it is written: GitHub renders Markdown files
//! only up to 512 KB, and a JSON file past a gigabyte is more than a notebook loads. A JSON
//! export is estimated cheaply (the steps it keeps × the bytes of a few of them, spread over
//! the selection); a Markdown one is measured by writing it once to nowhere when it may be
//! near the limit.

use std::io::{self, Write};

use crate::trace::{Place, Trace};

use super::json::{self, Options};
use super::select::Selection;

/// The largest Markdown file GitHub renders.
pub const MARKDOWN_LIMIT: u64 = 512 * 1024;

/// The largest JSON or CSV export written without being asked to (`--large`).
pub const JSON_LIMIT: u64 = 1 << 30;

/// The fewest bytes a shown step takes in a Markdown document (a table row with its anchor,
/// name, formula and value); a document of more steps than the limit allows at this size is
/// too large without being measured.
pub const MARKDOWN_BYTES_PER_STEP: u64 = 80;

/// Steps whose size is measured for an estimate.
const SAMPLED: usize = 48;

/// A size in words: `585 KB`, `41.2 GB`.
pub fn words(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    match b {
        b if b < KB * KB => format!("{:.0} KB", (b / KB).ceil()),
        b if b < KB * KB * KB => format!("{:.1} MB", b / (KB * KB)),
        b => format!("{:.1} GB", b / (KB * KB * KB)),
    }
}

/// The steps of one selected epoch that `options` keeps, by position, and a spread of at
/// most [`SAMPLED`] of their positions.
fn kept_positions(trace: &Trace, selection: &Selection, options: &Options) -> (u64, Vec<usize>) {
    let layout = trace.layout();
    let positions = selection.positions(trace);
    let keeps = |index: usize| {
        let slot = layout.slot(index);
        let in_samples = match (&selection.samples, slot.place) {
            (Some(range), Place::Sample(s)) => range.contains(&s),
            _ => true,
        };
        in_samples && options.filter.keeps(&layout.step_at(index))
    };
    let all = selection.samples.is_none() && options.filter.is_all();
    let count = match all {
        true => positions.len() as u64,
        false => positions.clone().filter(|&i| keeps(i)).count() as u64,
    };
    let stride = (positions.len() / SAMPLED).max(1);
    let sampled = positions
        .step_by(stride)
        .filter(|&i| all || keeps(i))
        .take(SAMPLED)
        .collect();
    (count, sampled)
}

/// An export's size, estimated: its steps and their mean size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    /// The steps it writes.
    pub steps: u64,
    /// The mean bytes of one.
    pub per_step: u64,
}

impl Estimate {
    /// Its bytes in all.
    pub fn bytes(&self) -> u64 {
        self.steps.saturating_mul(self.per_step)
    }
}

/// The estimated size of a JSON export: its steps × the mean size of a spread of them.
pub fn json_estimate(trace: &Trace, selection: &Selection, options: &Options) -> Estimate {
    let (per_epoch, sampled) = kept_positions(trace, selection, options);
    let epoch = *selection.epochs.start();
    let measured: Vec<u64> = sampled
        .into_iter()
        .map(|i| json::step_line(trace, &trace.step(epoch, i), options).len() as u64 + 6)
        .collect();
    let mean = measured.iter().sum::<u64>() / (measured.len() as u64).max(1);
    let epochs = selection.epochs.clone().count() as u64;
    Estimate {
        steps: per_epoch.saturating_mul(epochs),
        per_step: mean,
    }
}

/// A writer that only counts what it is given.
#[derive(Debug, Default)]
pub struct Counter(pub u64);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_words() {
        assert_eq!(words(598_815), "585 KB");
        assert_eq!(words(3 * 1024 * 1024 / 2), "1.5 MB");
        assert_eq!(words(44_000_000_000), "41.0 GB");
    }
}
