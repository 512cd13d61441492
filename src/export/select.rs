//! Which part of a trace to export: a range of epochs and, optionally, of samples.

use std::ops::RangeInclusive;

use crate::trace::{Phase, Place, Quantity, Step, StepId, Trace};

/// Epochs and samples to export (1-based, inclusive). Update steps belong to a sample range
/// when the batch they close contains a selected sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The epochs.
    pub epochs: RangeInclusive<usize>,
    /// The samples of each epoch; `None` for all.
    pub samples: Option<RangeInclusive<usize>>,
}

/// Why a selection or a range does not fit (worded in the process's language).
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
            return Err(RangeError(crate::msg!(
                "err-epochs-outside",
                range = show(&self.epochs),
                last = e.to_string()
            )));
        }
        if let Some(s) = &self.samples
            && (*s.start() == 0 || *s.end() > n || s.is_empty())
        {
            return Err(RangeError(crate::msg!(
                "err-samples-outside",
                range = show(s),
                last = n.to_string()
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

    /// The selected sample steps (forward, loss, backward) or update steps alone, in trace
    /// order: only their positions are visited.
    pub fn phase_steps<'a>(
        &'a self,
        trace: &'a Trace,
        update: bool,
    ) -> impl Iterator<Item = Step> + 'a {
        let layout = trace.layout();
        let positions = self.positions(trace);
        let first = layout.slot(positions.start).batch;
        let last = layout.slot(positions.end - 1).batch;
        let spu = layout.steps_per_update();
        self.epochs.clone().flat_map(move |epoch| {
            let positions = positions.clone();
            (first..=last).flat_map(move |batch| {
                let end = layout.batch_end(batch);
                let part = match update {
                    true => end - spu..end,
                    false => layout.batch_start(batch)..end - spu,
                };
                let range = part.start.max(positions.start)..part.end.min(positions.end);
                trace.steps(epoch, range).filter(move |s| self.contains(s))
            })
        })
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

/// Which steps a JSON or CSV export keeps: those of the given quantities, layers and names
/// (each list empty for all). A step is kept when it passes every list that is not empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Quantities by name (`z`, `dw`, `m`), empty for all.
    pub quantities: Vec<Quantity>,
    /// Layers (from 1; 0 is the loss's), empty for all.
    pub layers: Vec<usize>,
    /// Step names, empty for all.
    pub names: Vec<StepId>,
}

impl Filter {
    /// Builds a filter from the command line's words, checking each against the lesson.
    pub fn parse(
        trace: &Trace,
        quantities: &[String],
        layers: &[usize],
        names: &[String],
    ) -> Result<Filter, RangeError> {
        let mut filter = Filter::default();
        let families = trace.layout().families();
        for q in quantities {
            let found = Quantity::candidates(q);
            if found.is_empty() {
                return Err(RangeError(crate::msg!("err-no-quantity", q = q.as_str())));
            }
            // A quantity of another kind of layer or optimizer (attention's q in a dense
            // network, Adam's m under SGD) would keep nothing.
            if !found
                .iter()
                .any(|f| families.iter().any(|fam| fam.quantity == *f))
            {
                return Err(RangeError(crate::msg!("err-no-such-steps", q = q.as_str())));
            }
            filter.quantities.extend(found);
        }
        let depth = trace.lesson().depth();
        for &l in layers {
            if l > depth {
                return Err(RangeError(crate::msg!(
                    "err-layer-outside",
                    l = l.to_string(),
                    last = depth.to_string()
                )));
            }
            filter.layers.push(l);
        }
        for name in names {
            let id = trace.parse_step(name).map_err(|e| {
                RangeError(crate::msg!(
                    "err-bad-step-option",
                    name = name.as_str(),
                    why = e.to_string()
                ))
            })?;
            filter.names.push(id);
        }
        Ok(filter)
    }

    /// Does it keep every step?
    pub fn is_all(&self) -> bool {
        self.quantities.is_empty() && self.layers.is_empty() && self.names.is_empty()
    }

    /// Does it keep the step `id`?
    pub fn keeps(&self, id: &StepId) -> bool {
        (self.quantities.is_empty() || self.quantities.contains(&id.quantity))
            && (self.layers.is_empty() || self.layers.contains(&id.layer))
            && (self.names.is_empty() || self.names.contains(id))
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
            .map_err(|_| RangeError(crate::msg!("err-not-a-range", text = s)))
    };
    match s.split_once("..") {
        Some((a, b)) => {
            let b = b.strip_prefix('=').unwrap_or(b);
            let (a, b) = (num(a)?, num(b)?);
            if a > b {
                return Err(RangeError(crate::msg!("err-empty-range", text = s)));
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
