//! Reports of a trace: JSON for notebooks and scripts, CSV for spreadsheets, Markdown (or
//! plain text) for people. All stream step by step, so any range is written in constant
//! memory; `size` says beforehand when an export would be too large to be of use.

pub mod csv;
pub mod json;
pub mod markdown;
pub mod select;
pub mod size;

/// Atomic output files live in [`crate::source::write`]; exports name them from here too.
pub use crate::source::write;
pub use select::Selection;
pub use write::{Target, WriteError, write_atomic};
