//! Reports of a trace: JSON for notebooks and scripts, CSV for spreadsheets, Markdown (or
//! plain text) for people — all streamed step by step, so any range is written in constant
//! memory, with `size` saying beforehand when an export would be too large to be of use — and
//! the lesson as a PyTorch script that checks the tutor's numbers.

pub mod csv;
pub mod json;
pub mod markdown;
pub mod pytorch;
pub mod select;
pub mod size;

/// Atomic output files live in [`crate::source::write`]; exports name them from here too.
pub use crate::source::write;
pub use select::Selection;
pub use write::{Target, WriteError, write_atomic};
