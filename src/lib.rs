#![warn(missing_docs)]
//! bpnn-tutor: every number of backpropagation, with the formula that produced it.
//!
//! Data flows one way: [`lesson`] → [`engine`] → [`trace`] → {[`export`], [`check`], `tui`};
//! [`notation`] is how all of them write formulas, names and numbers. Lessons and worksheets
//! are read, and output files written, through [`source`].

pub mod check;
#[doc(hidden)]
pub mod cli; // The command line, for the binary alone.
pub mod engine;
pub mod export;
pub mod i18n;
pub mod layers;
pub mod lesson;
pub mod notation;
pub mod source;
pub mod trace;
pub mod tui;
