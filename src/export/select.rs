//! Which part of a trace to export: a range of epochs and, optionally, of samples.

use std::ops::RangeInclusive;

use crate::trace::{Phase, Place, Step, Trace};

/// Epochs and samples to export (1-based, inclusive). Update steps belong to a sample range
/// when the batch they close contains a selected sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The epochs.
    pub epochs: RangeInclusive<usize>,
    /// The samples of each epoch; `None` for all.
    pub samples: Option<RangeInclusive<usize>>,
}

/// Why a selection or a range does not fit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RangeError(String);

impl Selection {
    /// Every epoch and sample.
    pub fn all(trace: &Trace) -> Self {
        Selection {
            epochs: 1..=trace.epochs(),
            samples: None,
        }
    }

    /// Checks the ranges against the lesson; the message says what is available.
    pub fn validate(&self, trace: &Trace) -> Result<(), RangeError> {
        let (e, n) = (trace.epochs(), trace.layout().samples());
        if *self.epochs.start() == 0 || *self.epochs.end() > e || self.epochs.is_empty() {
            return Err(RangeError(format!(
                "--epoch {} is outside the lesson, which has epochs 1 to {e}",
                show(&self.epochs)
            )));
        }
        if let Some(s) = &self.samples
            && (*s.start() == 0 || *s.end() > n || s.is_empty())
        {
            return Err(RangeError(format!(
                "--sample {} is outside the lesson, which has samples 1 to {n}",
                show(s)
            )));
        }
        Ok(())
    }

    /// Position range, within an epoch, of the selected steps.
    pub fn positions(&self, trace: &Trace) -> std::ops::Range<usize> {
        let layout = trace.layout();
        match &self.samples {
            None => 0..layout.epoch_len(),
            Some(s) => {
                let first = layout.start(Place::Sample(*s.start()));
                first..layout.batch_end(layout.batch_of(*s.end()))
            }
        }
    }

    /// Is this step inside the selection? (Steps of unselected samples in a selected
    /// batch are left out; the batch's update is kept.)
    pub fn contains(&self, step: &Step) -> bool {
        match (&self.samples, step.sample()) {
            (Some(range), Some(s)) => range.contains(&s),
            _ => true,
        }
    }

    /// Every selected step of every selected epoch, in trace order.
    pub fn steps<'a>(&'a self, trace: &'a Trace) -> impl Iterator<Item = Step> + 'a {
        self.epochs.clone().flat_map(move |epoch| {
            trace
                .steps(epoch, self.positions(trace))
                .filter(move |s| self.contains(s))
        })
    }
}

fn show(r: &RangeInclusive<usize>) -> String {
    if r.start() == r.end() {
        r.start().to_string()
    } else {
        format!("{}..{}", r.start(), r.end())
    }
}

/// Parses `3` or `1..3` (inclusive).
pub fn parse_range(s: &str) -> Result<RangeInclusive<usize>, RangeError> {
    let num = |t: &str| {
        t.trim()
            .parse::<usize>()
            .map_err(|_| RangeError(format!("`{s}` is not a number or a range such as 1..3")))
    };
    match s.split_once("..") {
        Some((a, b)) => {
            let b = b.strip_prefix('=').unwrap_or(b);
            let (a, b) = (num(a)?, num(b)?);
            if a > b {
                return Err(RangeError(format!("`{s}` is an empty range")));
            }
            Ok(a..=b)
        }
        None => num(s).map(|n| n..=n),
    }
}

/// Phases in the order they appear, for grouping exported steps.
pub fn phase_title(phase: Phase) -> &'static str {
    match phase {
        Phase::Forward => "Forward pass",
        Phase::Loss => "Loss",
        Phase::Backward => "Backward pass",
        Phase::Update => "Update",
    }
}
