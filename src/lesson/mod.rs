//! Lesson files: parse and validate TOML into a [`Lesson`], with errors that point at file:line:column.

pub mod diagnostic;
pub mod model;
pub mod suggest;

pub use diagnostic::Diagnostic;
pub use model::*;
