//! bpnn-tutor: every number of backpropagation, with the formula that produced it.
//!
//! Data flows one way: [`lesson`] → [`engine`] → [`trace`] → {[`export`], `tui`}. Lessons and
//! worksheets are read, and output files written, through [`source`].

pub mod check;
pub mod cli;
pub mod engine;
pub mod export;
pub mod lesson;
pub mod source;
pub mod trace;
pub mod tui;
