//! Lesson files: parse and validate TOML into a [`Lesson`], with errors that point at file:line:column.

pub mod model;

pub use model::*;
