//! Where the learner is in the trace, and how each movement key moves it. Pure arithmetic on
//! the trace's [`Layout`]: moving never computes a number.

use crate::trace::{Layout, Phase, Slot};

/// A position in the trace: 1-based epoch, 0-based step within the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cursor {
    pub epoch: usize,
    pub index: usize,
}

/// Why a movement went nowhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Start,
    End,
}

impl Edge {
    pub fn message(self) -> &'static str {
        match self {
            Edge::Start => "this is the first step of the trace",
            Edge::End => "this is the last step of the trace",
        }
    }
}

/// The shape a cursor moves over.
#[derive(Debug, Clone, Copy)]
pub struct Track<'a> {
    pub layout: &'a Layout,
    pub epochs: usize,
}

impl<'a> Track<'a> {
    pub fn new(layout: &'a Layout, epochs: usize) -> Self {
        Track { layout, epochs }
    }

    fn len(&self) -> usize {
        self.layout.epoch_len()
    }

    /// Is the cursor inside the trace?
    pub fn contains(&self, c: Cursor) -> bool {
        (1..=self.epochs).contains(&c.epoch) && c.index < self.len()
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

    pub fn next(&self, c: Cursor) -> Result<Cursor, Edge> {
        self.at(c.epoch, c.index as isize + 1)
    }

    pub fn prev(&self, c: Cursor) -> Result<Cursor, Edge> {
        self.at(c.epoch, c.index as isize - 1)
    }

    pub fn first(&self, c: Cursor) -> Cursor {
        Cursor { index: 0, ..c }
    }

    pub fn last(&self, c: Cursor) -> Cursor {
        Cursor {
            index: self.len() - 1,
            ..c
        }
    }

    /// The phase of a position.
    pub fn phase(&self, index: usize) -> Phase {
        match self.layout.slot(index) {
            Slot::Sample { offset, .. } => sample_phase(self.layout, offset),
            Slot::Update { .. } => Phase::Update,
        }
    }

    /// Where the phase holding `index` starts.
    pub fn phase_start(&self, index: usize) -> usize {
        match self.layout.slot(index) {
            Slot::Sample { sample, offset, .. } => {
                self.layout.sample_start(sample)
                    + self.layout.phase_offset(sample_phase(self.layout, offset))
            }
            Slot::Update { batch, .. } => self.layout.update_start(batch),
        }
    }

    /// Where the phase after the one holding `index` starts (may be the epoch's length).
    fn phase_end(&self, index: usize) -> usize {
        let l = self.layout;
        match l.slot(index) {
            Slot::Sample {
                batch,
                sample,
                offset,
            } => match sample_phase(l, offset) {
                Phase::Forward => l.sample_start(sample) + l.phase_offset(Phase::Loss),
                Phase::Loss => l.sample_start(sample) + l.phase_offset(Phase::Backward),
                _ if sample + 1 < l.batch_samples(batch).end => l.sample_start(sample + 1),
                _ => l.update_start(batch),
            },
            Slot::Update { batch, .. } => l.update_start(batch) + l.steps_per_update(),
        }
    }

    pub fn next_phase(&self, c: Cursor) -> Result<Cursor, Edge> {
        self.at(c.epoch, self.phase_end(c.index) as isize)
    }

    pub fn prev_phase(&self, c: Cursor) -> Result<Cursor, Edge> {
        let start = self.phase_start(c.index);
        let before = self.at(c.epoch, start as isize - 1)?;
        Ok(Cursor {
            index: self.phase_start(before.index),
            ..before
        })
    }

    /// The same step of the next sample; from an update, the first step of the next batch.
    pub fn next_sample(&self, c: Cursor) -> Result<Cursor, Edge> {
        let l = self.layout;
        match l.slot(c.index) {
            Slot::Sample { sample, offset, .. } => {
                if sample + 1 < l.samples() {
                    Ok(Cursor {
                        index: l.sample_start(sample + 1) + offset,
                        ..c
                    })
                } else if c.epoch < self.epochs {
                    Ok(Cursor {
                        epoch: c.epoch + 1,
                        index: l.sample_start(0) + offset,
                    })
                } else {
                    Err(Edge::End)
                }
            }
            Slot::Update { batch, .. } => {
                let end = l.update_start(batch) + l.steps_per_update();
                self.at(c.epoch, end as isize)
            }
        }
    }

    /// The same step of the previous sample; from an update, the start of the batch's last
    /// sample.
    pub fn prev_sample(&self, c: Cursor) -> Result<Cursor, Edge> {
        let l = self.layout;
        match l.slot(c.index) {
            Slot::Sample { sample, offset, .. } => {
                if sample > 0 {
                    Ok(Cursor {
                        index: l.sample_start(sample - 1) + offset,
                        ..c
                    })
                } else if c.epoch > 1 {
                    Ok(Cursor {
                        epoch: c.epoch - 1,
                        index: l.sample_start(l.samples() - 1) + offset,
                    })
                } else {
                    Err(Edge::Start)
                }
            }
            Slot::Update { batch, .. } => Ok(Cursor {
                index: l.sample_start(l.batch_samples(batch).end - 1),
                ..c
            }),
        }
    }

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
