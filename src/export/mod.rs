//! Reports of a trace: JSON for notebooks and scripts, Markdown for people. Both stream step
//! by step, so any range is written in constant memory.

pub mod json;
pub mod markdown;
pub mod select;
pub mod write;

pub use select::Selection;
pub use write::{Target, WriteError, write_atomic};
