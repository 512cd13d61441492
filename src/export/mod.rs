//! Reports of a trace: JSON for notebooks and scripts, Markdown for people (both stream step
//! by step, so any range is written in constant memory), and the lesson as a PyTorch script
//! that checks the tutor's numbers.

pub mod json;
pub mod markdown;
pub mod pytorch;
pub mod select;

/// Atomic output files live in [`crate::source::write`]; exports name them from here too.
pub use crate::source::write;
pub use select::Selection;
pub use write::{Target, WriteError, write_atomic};
