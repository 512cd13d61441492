//! Where the learner is in the trace, and how each movement key moves it. Pure arithmetic on
//! the trace's [`Layout`]: moving never computes a number.

use crate::trace::{Layout, Phase, Place};

/// A position in the trace: 1-based epoch, 0-based step within the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cursor {
    /// The epoch, from 1.
    pub epoch: usize,
    /// The step within the epoch, from 0.
    pub index: usize,
}

/// Why a movement went nowhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// Before the trace's first step.
    Start,
    /// Past the trace's last step.
    End,
}

/// The shape a cursor moves over.
#[derive(Debug, Clone, Copy)]
pub struct Track<'a> {
    /// Where each step is in an epoch.
    pub layout: &'a Layout,
    /// How many epochs the lesson trains.
    pub epochs: usize,
}

impl<'a> Track<'a> {
    /// The track of `epochs` epochs laid out as `layout`.
    pub fn new(layout: &'a Layout, epochs: usize) -> Self {
        Track { layout, epochs }
    }

    fn len(&self) -> usize {
        self.layout.epoch_len()
    }

    /// Position `index` of the epoch, or past an end into the next or previous epoch.
    fn at(&self, epoch: usize, index: isize) -> Result<Cursor, Edge> {
        let len = self.len() as isize;
        if index >= len {
            if epoch < self.epochs {
                Ok(Cursor {
                    epoch: epoch + 1,
                    index: (index - len) as usize,
                })
            } else {
                Err(Edge::End)
            }
        } else if index < 0 {
            if epoch > 1 {
                Ok(Cursor {
                    epoch: epoch - 1,
                    index: (len + index) as usize,
                })
            } else {
                Err(Edge::Start)
            }
        } else {
            Ok(Cursor {
                epoch,
                index: index as usize,
            })
        }
    }

    /// One step on; from an epoch's last step, to the next epoch's first.
    pub fn next(&self, c: Cursor) -> Result<Cursor, Edge> {
        self.at(c.epoch, c.index as isize + 1)
    }

    /// One step back; from an epoch's first step, to the previous epoch's last.
    pub fn prev(&self, c: Cursor) -> Result<Cursor, Edge> {
        self.at(c.epoch, c.index as isize - 1)
    }

    /// The first step of the cursor's epoch.
    pub fn first(&self, c: Cursor) -> Cursor {
        Cursor { index: 0, ..c }
    }

    /// The last step of the cursor's epoch.
    pub fn last(&self, c: Cursor) -> Cursor {
        Cursor {
            index: self.len() - 1,
            ..c
        }
    }

    /// The phase of a position.
    pub fn phase(&self, index: usize) -> Phase {
        let slot = self.layout.slot(index);
        match slot.place {
            Place::Sample(_) => sample_phase(self.layout, slot.offset),
            Place::Batch(_) => Phase::Update,
        }
    }

    /// Where the phase holding `index` starts.
    pub fn phase_start(&self, index: usize) -> usize {
        let l = self.layout;
        let slot = l.slot(index);
        match slot.place {
            Place::Sample(_) => l.start(slot.place) + l.phase_offset(sample_phase(l, slot.offset)),
            Place::Batch(_) => l.start(slot.place),
        }
    }

    /// Where the phase after the one holding `index` starts (may be the epoch's length).
    fn phase_end(&self, index: usize) -> usize {
        let l = self.layout;
        let slot = l.slot(index);
        match slot.place {
            Place::Sample(n) => match sample_phase(l, slot.offset) {
                Phase::Forward => l.start(slot.place) + l.phase_offset(Phase::Loss),
                Phase::Loss => l.start(slot.place) + l.phase_offset(Phase::Backward),
                _ if n < *l.batch_samples(slot.batch).end() => l.start(Place::Sample(n + 1)),
                _ => l.start(Place::Batch(slot.batch)),
            },
            Place::Batch(b) => l.batch_end(b),
        }
    }

    /// The first step after the cursor's phase.
    pub fn next_phase(&self, c: Cursor) -> Result<Cursor, Edge> {
        self.at(c.epoch, self.phase_end(c.index) as isize)
    }

    /// The first step of the phase before the cursor's.
    pub fn prev_phase(&self, c: Cursor) -> Result<Cursor, Edge> {
        let start = self.phase_start(c.index);
        let before = self.at(c.epoch, start as isize - 1)?;
        Ok(Cursor {
            index: self.phase_start(before.index),
            ..before
        })
    }

    /// The same step of the next sample; in an update, the same step of the next batch's update
    /// (the same parameter's update, one batch on).
    pub fn next_sample(&self, c: Cursor) -> Result<Cursor, Edge> {
        let l = self.layout;
        let slot = l.slot(c.index);
        match slot.place {
            Place::Sample(n) => {
                if n < l.samples() {
                    Ok(Cursor {
                        index: l.start(Place::Sample(n + 1)) + slot.offset,
                        ..c
                    })
                } else if c.epoch < self.epochs {
                    Ok(Cursor {
                        epoch: c.epoch + 1,
                        index: l.start(Place::Sample(1)) + slot.offset,
                    })
                } else {
                    Err(Edge::End)
                }
            }
            Place::Batch(b) => {
                if b < l.batches() {
                    Ok(Cursor {
                        index: l.start(Place::Batch(b + 1)) + slot.offset,
                        ..c
                    })
                } else if c.epoch < self.epochs {
                    Ok(Cursor {
                        epoch: c.epoch + 1,
                        index: l.start(Place::Batch(1)) + slot.offset,
                    })
                } else {
                    Err(Edge::End)
                }
            }
        }
    }

    /// The same step of the previous sample; in an update, of the previous batch's update.
    pub fn prev_sample(&self, c: Cursor) -> Result<Cursor, Edge> {
        let l = self.layout;
        let slot = l.slot(c.index);
        match slot.place {
            Place::Sample(n) => {
                if n > 1 {
                    Ok(Cursor {
                        index: l.start(Place::Sample(n - 1)) + slot.offset,
                        ..c
                    })
                } else if c.epoch > 1 {
                    Ok(Cursor {
                        epoch: c.epoch - 1,
                        index: l.start(Place::Sample(l.samples())) + slot.offset,
                    })
                } else {
                    Err(Edge::Start)
                }
            }
            Place::Batch(b) => {
                if b > 1 {
                    Ok(Cursor {
                        index: l.start(Place::Batch(b - 1)) + slot.offset,
                        ..c
                    })
                } else if c.epoch > 1 {
                    Ok(Cursor {
                        epoch: c.epoch - 1,
                        index: l.start(Place::Batch(l.batches())) + slot.offset,
                    })
                } else {
                    Err(Edge::Start)
                }
            }
        }
    }

    /// The same step in the next epoch.
    pub fn next_epoch(&self, c: Cursor) -> Result<Cursor, Edge> {
        if c.epoch < self.epochs {
            Ok(Cursor {
                epoch: c.epoch + 1,
                ..c
            })
        } else {
            Err(Edge::End)
        }
    }

    /// The same step in the previous epoch.
    pub fn prev_epoch(&self, c: Cursor) -> Result<Cursor, Edge> {
        if c.epoch > 1 {
            Ok(Cursor {
                epoch: c.epoch - 1,
                ..c
            })
        } else {
            Err(Edge::Start)
        }
    }
}

/// The phase of the step at `offset` within a sample.
pub fn sample_phase(layout: &Layout, offset: usize) -> Phase {
    if offset < layout.phase_offset(Phase::Loss) {
        Phase::Forward
    } else if offset == layout.phase_offset(Phase::Loss) {
        Phase::Loss
    } else {
        Phase::Backward
    }
}
