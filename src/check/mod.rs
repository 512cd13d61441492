//! Checking a learner's hand calculation (a worksheet) against the exact trace.

pub mod grade;

pub use grade::{Answer, Graded, Verdict, agrees, grade};
